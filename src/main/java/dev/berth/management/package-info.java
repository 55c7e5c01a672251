/**
 * The admin use cases of {@code /api/v1}: users, namespaces with their members and robots, access
 * tokens, lifecycle rules, the audit trail and signing-key rotation. Each says who may do it and
 * validates what is sent, then calls {@code auth} and the registry's features; errors are
 * {@link dev.berth.management.ManagementException}s, answered as problem details by the API layer.
 * Sits above both: {@code auth} knows no images, and the registry knows no accounts.
 */
package dev.berth.management;
