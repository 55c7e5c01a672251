/**
 * The registry's tables (owned by Flyway migrations), read and written with {@code JdbcClient}
 * statements in {@code *Rows} classes that take and return records and {@code Digest} /
 * {@code RepositoryName} values: accounts and namespaces (users, members, access tokens, signing
 * keys) as much as everything about images (repositories, blobs, links, manifests, tags, uploads,
 * garbage collection, retention, browsing, the audit trail). No ORM: an edit is one explicit
 * {@code UPDATE}, and start-up does not pay for an entity model (Hibernate and Spring Data JPA were
 * a third of the classes a start loaded, for five tables).
 * <p>
 * Every statement runs on the domain's transaction when there is one. Untyped rows
 * ({@code NativeValues}) never leave this package. Holds no rules: transactions and validation
 * belong to the domain.
 */
package dev.berth.metadata;
