/**
 * The registry's tables (owned by Flyway migrations), one access style per kind of work:
 * <ul>
 *   <li>accounts and namespaces (users, namespaces, members, access tokens, signing keys) are
 *   aggregates edited by the admin use cases: JPA entities with Spring Data repositories;</li>
 *   <li>everything about images (repositories, blobs, links, manifests, tags, uploads, garbage
 *   collection, retention, browsing, the audit trail): {@code JdbcClient} statements in
 *   {@code *Rows} classes that take and return records and {@code Digest} /
 *   {@code RepositoryName} values. These run on every push and pull, where Hibernate's per-query
 *   work cost more CPU than the database.</li>
 * </ul>
 * Both run on the domain's transaction when there is one. Untyped rows ({@code NativeValues}) never
 * leave this package. Holds no rules: transactions and validation belong to the domain.
 */
package dev.berth.metadata;
