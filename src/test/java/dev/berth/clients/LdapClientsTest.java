package dev.berth.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.berth.auth.AccessTokens;
import dev.berth.auth.Users;
import dev.berth.support.LdapServer;
import dev.berth.support.StandaloneBerth;

/**
 * skopeo against a Berth that signs people in with a real directory (UnboundID's in-memory LDAP
 * server) and has local password sign-in off: a person logs in with their directory password and
 * pushes, to their own namespace and to one their group maps them into; a local user who is not an
 * admin is refused with their password but still works with an access token; the admin's password
 * still works.
 */
class LdapClientsTest {

    @TempDir
    static Path dataDir;
    @TempDir
    Path temp;

    private static LdapServer ldap;
    private static StandaloneBerth berth;

    @BeforeAll
    static void start() {
        ldap = LdapServer.start();
        List<String> properties = new ArrayList<>(ldap.berthProperties());
        properties.addAll(List.of("berth.auth.local-password-login=false",
                "berth.auth.group-mappings[0].group=platform-team", "berth.auth.group-mappings[0].namespace=platform",
                "berth.auth.group-mappings[0].role=writer"));
        berth = StandaloneBerth.start(dataDir, properties.toArray(String[]::new));
    }

    @AfterAll
    static void stop() {
        if (berth != null) {
            berth.close();
        }
        if (ldap != null) {
            ldap.close();
        }
    }

    @Test
    void skopeo_logsInWithAnLdapPassword_andPushesToItsOwnAndItsGroupsNamespace() {
        String uid = "skopeo" + unique();
        ldap.addPerson(uid, "directory-password-" + uid);
        ldap.addToGroup("platform-team", uid);
        Skopeo skopeo = new Skopeo(temp.resolve("skopeo"));
        OciLayoutWriter source = new OciLayoutWriter(temp.resolve("source"));
        OciLayoutWriter.Image image = source.image("amd64", OciLayoutWriter.files("hello.txt", "pushed by " + uid + "\n"));
        source.tag("v1", image.manifest());

        skopeo.login(host(), new Credentials(uid, "directory-password-" + uid));

        assertThat(skopeo.push(source.dir(), "v1", host() + "/" + uid + "/app:v1")).isEqualTo(image.manifest().digest());
        assertThat(skopeo.push(source.dir(), "v1", host() + "/platform/" + uid + ":v1"))
                .isEqualTo(image.manifest().digest());
        assertThat(berth.bean(Users.class).find(uid).orElseThrow().origin()).isEqualTo("ldap");
    }

    @Test
    void skopeo_wrongLdapPassword_isRefused() {
        String uid = "wrong" + unique();
        ldap.addPerson(uid, "directory-password-" + uid);

        assertLoginRefused(new Skopeo(temp.resolve("skopeo")).tryLogin(host(),
                new Credentials(uid, "not-the-directory-password")));

        assertThat(berth.bean(Users.class).exists(uid)).isFalse();
    }

    @Test
    void localPasswordLoginOff_refusesALocalUsersPassword_butNotTheirAccessToken() {
        String name = "local" + unique();
        long id = berth.bean(Users.class).create(name, "local-password-" + name, false).id();
        String accessToken = berth.bean(AccessTokens.class).create(id, "ci", null, null, null).secret();
        Skopeo skopeo = new Skopeo(temp.resolve("skopeo"));

        assertLoginRefused(skopeo.tryLogin(host(), new Credentials(name, "local-password-" + name)));
        assertThat(berth.bean(JdbcClient.class).sql("SELECT detail FROM audit_event WHERE actor = :name AND outcome = 'DENIED'")
                .param("name", name).query(String.class).list())
                .contains("local password sign-in is off for users who are not admins "
                        + "(berth.auth.local-password-login=false); sign in through your identity provider");

        skopeo.login(host(), new Credentials(name, accessToken));
        OciLayoutWriter source = new OciLayoutWriter(temp.resolve("source"));
        OciLayoutWriter.Image image = source.image("amd64", OciLayoutWriter.files("token.txt", "with a token\n"));
        source.tag("v1", image.manifest());
        assertThat(skopeo.push(source.dir(), "v1", host() + "/" + name + "/app:v1")).isEqualTo(image.manifest().digest());
    }

    @Test
    void localPasswordLoginOff_stillAcceptsTheAdminsPassword() {
        Skopeo skopeo = new Skopeo(temp.resolve("skopeo"));

        assertThat(skopeo.tryLogin(host(), Credentials.admin()).succeeded()).isTrue();
    }

    private static void assertLoginRefused(Processes.Result result) {
        assertThat(result.succeeded()).as(result.describe()).isFalse();
        assertThat(result.stderr()).as(result.describe()).contains("invalid username/password");
    }

    private static String host() {
        return "localhost:" + berth.port();
    }

    private static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }
}
