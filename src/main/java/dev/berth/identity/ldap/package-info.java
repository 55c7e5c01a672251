/**
 * LDAP and Active Directory sign-in ({@code berth.auth.ldap.*}): finds a person by the name they
 * log in with, binds as them with their password, reads their Berth username and groups, and
 * looks them up again for the re-checks of their tokens. Spring Security's LDAP support speaks the
 * protocol; the accounts and group mapping are {@code dev.berth.identity}'s.
 */
package dev.berth.identity.ldap;
