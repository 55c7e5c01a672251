package dev.berth.identity.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.berth.config.LdapProperties;
import dev.berth.identity.Directory;
import dev.berth.identity.ExternalIdentity;
import dev.berth.support.LdapServer;

/**
 * The directory client against a real LDAP server (UnboundID in memory), without Berth around it:
 * the shapes a company directory comes in (a service account or an anonymous bind, groups searched
 * or read from memberOf as Active Directory keeps them), and the settings that cannot work.
 */
class LdapDirectoryTest {

    private static LdapServer ldap;

    @BeforeAll
    static void start() {
        ldap = LdapServer.start();
    }

    @AfterAll
    static void stop() {
        ldap.close();
    }

    @Test
    void authenticate_withGroupSearch_givesTheDnUsernameAndGroups() {
        String uid = person();
        ldap.addToGroup("platform-team", uid);
        Directory directory = directory(LdapServer.BIND_DN, LdapServer.BIND_PASSWORD, "ou=groups");

        ExternalIdentity identity = directory.authenticate(uid, "pw-" + uid).orElseThrow();

        assertThat(identity).isEqualTo(new ExternalIdentity("ldap", LdapServer.personDn(uid), uid,
                java.util.Set.of("platform-team")));
        assertThat(directory.find(identity.subject())).contains(identity);
    }

    @Test
    void authenticate_wrongPasswordOrUnknownName_isEmpty() {
        String uid = person();
        Directory directory = directory(LdapServer.BIND_DN, LdapServer.BIND_PASSWORD, "ou=groups");

        assertThat(directory.authenticate(uid, "wrong")).isEmpty();
        assertThat(directory.authenticate("nobody" + uid, "pw-" + uid)).isEmpty();
        // An LDAP bind with an empty password is an anonymous bind that succeeds: it must never sign anyone in.
        assertThat(directory.authenticate(uid, "")).isEmpty();
    }

    @Test
    void authenticate_anonymousBind_memberOfGroups_asActiveDirectoryListsThem() {
        String uid = "Mixed" + UUID.randomUUID().toString().substring(0, 8);
        ldap.addPerson(uid, "pw-" + uid, "release-managers", "berth-admins");
        Directory directory = directory(null, null, null);

        ExternalIdentity identity = directory.authenticate(uid, "pw-" + uid).orElseThrow();

        assertThat(identity.username()).isEqualTo(uid.toLowerCase());
        assertThat(identity.groups()).containsExactlyInAnyOrder("release-managers", "berth-admins");
    }

    @Test
    void find_personRemovedFromTheDirectory_isEmpty() {
        String uid = person();
        Directory directory = directory(LdapServer.BIND_DN, LdapServer.BIND_PASSWORD, "ou=groups");
        String dn = directory.authenticate(uid, "pw-" + uid).orElseThrow().subject();

        ldap.removePerson(uid);

        assertThat(directory.find(dn)).isEmpty();
    }

    @Test
    void unreachableDirectory_isUnavailable_notAWrongPassword() {
        LdapProperties properties = properties(List.of("ldap://127.0.0.1:1"), LdapServer.BIND_DN,
                LdapServer.BIND_PASSWORD, "ou=groups");
        Directory directory = new LdapConfiguration().ldapDirectory(properties);

        assertThatThrownBy(() -> directory.authenticate("anyone", "pw"))
                .isInstanceOf(Directory.DirectoryUnavailableException.class);
        assertThatThrownBy(() -> directory.find(LdapServer.personDn("anyone")))
                .isInstanceOf(Directory.DirectoryUnavailableException.class);
    }

    @Test
    void settingsThatCannotWork_stopTheStartNamingThem() {
        assertThatThrownBy(() -> LdapConfiguration.validate(properties(List.of("http://ldap.example.com"), null, null, null)))
                .hasMessage("berth.auth.ldap.urls: http://ldap.example.com must start with ldap:// or ldaps://");
        assertThatThrownBy(() -> LdapConfiguration.validate(properties(List.of(ldap.url()), "cn=x", null, null)))
                .hasMessage("berth.auth.ldap.bind-dn is set without berth.auth.ldap.bind-password");
        LdapProperties startTlsOnLdaps = new LdapProperties(List.of("ldaps://ldap.example.com"), "", null, null, true,
                "", "(uid={0})", "uid", null, "(member={0})", "cn", "memberOf", Duration.ofMinutes(5), Duration.ofSeconds(5));
        assertThatThrownBy(() -> LdapConfiguration.validate(startTlsOnLdaps)).hasMessageContaining("is TLS already");
        LdapProperties noPlaceholder = new LdapProperties(List.of(ldap.url()), "", null, null, false,
                "", "(uid=alice)", "uid", null, "(member={0})", "cn", "memberOf", Duration.ofMinutes(5), Duration.ofSeconds(5));
        assertThatThrownBy(() -> LdapConfiguration.validate(noPlaceholder)).hasMessageContaining("must contain {0}");
    }

    @Test
    void toString_masksTheBindPassword() {
        assertThat(properties(List.of(ldap.url()), LdapServer.BIND_DN, LdapServer.BIND_PASSWORD, null).toString())
                .doesNotContain(LdapServer.BIND_PASSWORD).contains("bindPassword=***");
    }

    private static String person() {
        String uid = "dir" + UUID.randomUUID().toString().substring(0, 8);
        ldap.addPerson(uid, "pw-" + uid);
        return uid;
    }

    private static Directory directory(String bindDn, String bindPassword, String groupSearchBase) {
        return new LdapConfiguration().ldapDirectory(properties(List.of(ldap.url()), bindDn, bindPassword,
                groupSearchBase));
    }

    private static LdapProperties properties(List<String> urls, String bindDn, String bindPassword,
                                             String groupSearchBase) {
        return new LdapProperties(urls, LdapServer.BASE, bindDn, bindPassword, false, "ou=people", "(uid={0})",
                "uid", groupSearchBase, "(member={0})", "cn", "memberOf", Duration.ofMinutes(5), Duration.ofSeconds(2));
    }
}
