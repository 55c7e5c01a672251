/**
 * OpenID Connect sign-in for people ({@code berth.auth.oidc.providers}): the providers, discovered
 * through their issuer's {@code /.well-known/openid-configuration}; a filter chain of its own for
 * the two OAuth2 login paths only (authorization code with PKCE, ID token checked against the
 * issuer's JWKS, {@code iss}, {@code aud}, {@code exp} and {@code nonce}; Spring Security's OAuth2
 * client speaks the protocol), the one place Berth keeps a short-lived session, for the
 * authorization request alone; and the one-time code that hands the signed-in person to the web UI,
 * which exchanges it for the same Berth tokens a password login gives. The account and its groups
 * are {@code dev.berth.identity}'s.
 */
package dev.berth.identity.oidc;
