/**
 * Who may do what: users and robots, namespaces and their members' roles, access tokens, the
 * registry tokens of the Docker token spec (issued, signed, verified), logins and their throttle,
 * and the audit trail. Knows no HTTP and no images (no registry package): the web layer turns
 * credentials into a {@link dev.berth.auth.Caller} and asks {@link dev.berth.auth.AccessPolicy}
 * what it may do; the admin use cases that span accounts and images live in
 * {@code dev.berth.management}.
 */
package dev.berth.auth;
