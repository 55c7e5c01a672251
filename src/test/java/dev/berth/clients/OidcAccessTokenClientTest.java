package dev.berth.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.berth.auth.AccessTokens;
import dev.berth.auth.UserAccount;
import dev.berth.auth.Users;
import dev.berth.identity.ExternalAccounts;
import dev.berth.identity.ExternalIdentity;
import dev.berth.support.StandaloneBerth;

/**
 * The command line after an OIDC sign-in: the person's access token is their {@code docker login}
 * password (here skopeo's), with the rights their groups map to, and it keeps working while the
 * provider cannot be reached (the token's lifetime is its own, not the ID token's); disabling the
 * account in Berth stops it. The sign-in itself is what {@code ExternalAccounts} does once the
 * provider has vouched for the person (the browser flow through a real provider is another test's).
 */
class OidcAccessTokenClientTest {

    @TempDir
    static Path dataDir;
    @TempDir
    Path temp;

    private static StandaloneBerth berth;

    @BeforeAll
    static void start() {
        // A provider nobody can reach: nothing on the command line may need it.
        berth = StandaloneBerth.start(dataDir, "berth.auth.oidc.providers[0].id=corp",
                "berth.auth.oidc.providers[0].issuer-uri=http://127.0.0.1:1/realms/unreachable",
                "berth.auth.oidc.providers[0].client-id=berth", "berth.auth.oidc.providers[0].client-secret=secret",
                "berth.auth.group-mappings[0].group=platform-team", "berth.auth.group-mappings[0].namespace=platform",
                "berth.auth.group-mappings[0].role=writer");
    }

    @AfterAll
    static void stop() {
        if (berth != null) {
            berth.close();
        }
    }

    @Test
    void skopeo_logsInWithTheAccessTokenOfAnOidcAccount_andPushesWhereItsGroupsAllow() {
        UserAccount alice = signIn(Set.of("platform-team"));
        String token = berth.bean(AccessTokens.class).create(alice.id(), "laptop", null, null, null).secret();
        Skopeo skopeo = new Skopeo(temp.resolve("skopeo"));
        OciLayoutWriter source = new OciLayoutWriter(temp.resolve("source"));
        OciLayoutWriter.Image image = source.image("amd64", OciLayoutWriter.files("sso.txt", "after SSO\n"));
        source.tag("v1", image.manifest());

        skopeo.login(host(), new Credentials(alice.username(), token));

        assertThat(skopeo.push(source.dir(), "v1", host() + "/platform/" + alice.username() + ":v1"))
                .isEqualTo(image.manifest().digest());
        assertThat(skopeo.push(source.dir(), "v1", host() + "/" + alice.username() + "/app:v1"))
                .isEqualTo(image.manifest().digest());
    }

    @Test
    void accessTokenOfADisabledOidcAccount_isRefused() {
        UserAccount bob = signIn(Set.of());
        String token = berth.bean(AccessTokens.class).create(bob.id(), "laptop", null, null, null).secret();
        berth.bean(Users.class).change(bob.id(), null, false);

        Processes.Result refused = new Skopeo(temp.resolve("skopeo")).tryLogin(host(),
                new Credentials(bob.username(), token));

        assertThat(refused.succeeded()).as(refused.describe()).isFalse();
        assertThat(refused.stderr()).as(refused.describe()).contains("invalid username/password");
    }

    private static UserAccount signIn(Set<String> groups) {
        String name = "sso" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        return berth.bean(ExternalAccounts.class).signInBySubject(new ExternalIdentity("oidc:corp",
                UUID.randomUUID().toString(), name, groups));
    }

    private static String host() {
        return "localhost:" + berth.port();
    }
}
