/**
 * JPA entities and Spring Data queries over the registry's tables (owned by Flyway migrations).
 * Holds no rules: transactions and validation belong to the domain.
 */
package dev.berth.metadata;
