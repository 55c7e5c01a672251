/**
 * People who sign in through the company's identity: a directory (LDAP, Active Directory, in
 * {@code identity.ldap}) or OpenID providers ({@code identity.oidc}). What they share lives here:
 * the external account a sign-in maps to (created on the first one, never taking over a local
 * account or a namespace), the group mapping rules re-evaluated at each sign-in, and the
 * {@link dev.berth.auth.ExternalLogins} that {@link dev.berth.auth.Logins} asks about names it
 * cannot sign in itself. Uses {@code auth}; {@code auth} knows nothing of it.
 */
package dev.berth.identity;
