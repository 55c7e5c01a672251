/**
 * The registry's tables (owned by Flyway migrations): JPA entities and Spring Data queries for
 * browsing, administration and garbage collection, and plain JDBC ({@code *Rows}, through
 * {@code JdbcClient}) for the statements every push runs, where Hibernate's per-query work cost
 * more CPU than the database. Both run on the domain's transaction when there is one. Holds no
 * rules: transactions and validation belong to the domain.
 */
package dev.berth.metadata;
