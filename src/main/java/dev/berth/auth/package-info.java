/**
 * Who may do what: users and robots, namespaces and their members' roles, access tokens, the
 * registry tokens of the Docker token spec (issued, signed, verified) and the audit trail.
 * Knows no HTTP: the web layer turns credentials into a {@link dev.berth.auth.Caller} and asks
 * {@link dev.berth.auth.AccessPolicy} what it may do.
 */
package dev.berth.auth;
