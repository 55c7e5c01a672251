package dev.berth.config;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-in with a directory's passwords (LDAP, Active Directory). Off unless {@code urls} is set.
 *
 * @param urls              the servers, tried in turn: {@code ldap://host:389} or {@code ldaps://host:636}
 * @param base              the root all searches are under ({@code dc=example,dc=com}); may be empty
 * @param bindDn            the account Berth searches with; unset, an anonymous bind
 * @param bindPassword      its password (never logged)
 * @param startTls          upgrade {@code ldap://} connections with StartTLS before any bind
 * @param userSearchBase    where people are, under {@code base} ({@code ou=people})
 * @param userSearchFilter  finds a person by the name they log in with, {@code {0}}
 * @param usernameAttribute the attribute that gives the Berth username (lowercased)
 * @param groupSearchBase   where groups are, under {@code base}; unset, groups come from the
 *                          person's {@code memberOfAttribute} instead
 * @param groupSearchFilter finds a person's groups: {@code {0}} is their DN, {@code {1}} their login name
 * @param groupNameAttribute the attribute of a group that names it in group mapping rules
 * @param memberOfAttribute the person's attribute listing the DNs of their groups (Active Directory,
 *                          OpenLDAP's memberof overlay), read when {@code groupSearchBase} is unset
 * @param recheckInterval   how long a directory check of an access token's owner is trusted: a
 *                          person removed from the directory keeps token access at most this long
 * @param timeout           how long connecting to, and an answer from, the directory may take
 */
@ConfigurationProperties("berth.auth.ldap")
public record LdapProperties(@DefaultValue List<String> urls,
                             @DefaultValue("") String base,
                             String bindDn,
                             String bindPassword,
                             @DefaultValue("false") boolean startTls,
                             @DefaultValue("") String userSearchBase,
                             @DefaultValue("(uid={0})") String userSearchFilter,
                             @DefaultValue("uid") String usernameAttribute,
                             String groupSearchBase,
                             @DefaultValue("(member={0})") String groupSearchFilter,
                             @DefaultValue("cn") String groupNameAttribute,
                             @DefaultValue("memberOf") String memberOfAttribute,
                             @DefaultValue("5m") Duration recheckInterval,
                             @DefaultValue("10s") Duration timeout) {

    public boolean enabled() {
        return !urls.isEmpty();
    }

    /** Never prints the bind password (settings get logged). */
    @Override
    public String toString() {
        return "LdapProperties[urls=" + urls + ", base=" + base + ", bindDn=" + bindDn + ", bindPassword="
                + (bindPassword == null ? "unset" : "***") + ", startTls=" + startTls + ", userSearchBase="
                + userSearchBase + ", userSearchFilter=" + userSearchFilter + ", usernameAttribute="
                + usernameAttribute + ", groupSearchBase=" + groupSearchBase + ", groupSearchFilter="
                + groupSearchFilter + ", groupNameAttribute=" + groupNameAttribute + ", memberOfAttribute="
                + memberOfAttribute + ", recheckInterval=" + recheckInterval + ", timeout=" + timeout + "]";
    }
}
