package dev.berth.identity.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.berth.auth.AuthException;
import dev.berth.auth.UserAccount;
import dev.berth.auth.Users;
import dev.berth.identity.ExternalAccounts;
import dev.berth.identity.ExternalIdentity;
import dev.berth.support.BerthHttpTest;
import dev.berth.support.RegistryClient;

/**
 * What an OIDC sign-in does once the provider vouched for the person, on the shared server: the
 * account is keyed by the ID token's {@code sub} (a changed name claim keeps it, another person with
 * a taken name is refused), and the one-time code the browser gets is exchanged over HTTP, once, for
 * the tokens the web UI keeps; a used, unknown or disabled user's code gets a problem detail.
 */
class SignInExchangeTest extends BerthHttpTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    ExternalAccounts accounts;
    @Autowired
    SignInCodes codes;
    @Autowired
    Users users;
    @Autowired
    JdbcClient jdbc;

    @Test
    void signInBySubject_firstTimeCreates_andAChangedNameClaimKeepsTheAccount() {
        String sub = UUID.randomUUID().toString();
        String name = unique("oidc");

        UserAccount first = accounts.signInBySubject(new ExternalIdentity("oidc:corp", sub, name, Set.of()));
        UserAccount again = accounts.signInBySubject(new ExternalIdentity("oidc:corp", sub, name + "-renamed", Set.of()));

        assertThat(first.origin()).isEqualTo("oidc:corp");
        assertThat(first.externalSubject()).isEqualTo(sub);
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.username()).isEqualTo(name);
    }

    @Test
    void signInBySubject_anotherPersonWithATakenName_isRefused() {
        String name = unique("oidc");
        accounts.signInBySubject(new ExternalIdentity("oidc:corp", UUID.randomUUID().toString(), name, Set.of()));

        assertThatThrownBy(() -> accounts.signInBySubject(new ExternalIdentity("oidc:corp",
                UUID.randomUUID().toString(), name, Set.of())))
                .isInstanceOf(AuthException.class)
                .hasMessage(name + " from oidc:corp has the name of an account that signs in through oidc:corp; "
                        + "it is not taken over");
        assertThatThrownBy(() -> accounts.signInBySubject(new ExternalIdentity("oidc:corp",
                UUID.randomUUID().toString(), "admin", Set.of())))
                .isInstanceOf(AuthException.class).hasMessageContaining("has the name of a local account");
    }

    @Test
    void exchange_code_givesTheUiTokensOnce() {
        UserAccount account = accounts.signInBySubject(new ExternalIdentity("oidc:corp", UUID.randomUUID().toString(),
                unique("oidc"), Set.of()));
        String code = codes.issue(account);

        HttpResponse<byte[]> exchanged = exchange(code);

        assertThat(exchanged.statusCode()).isEqualTo(200);
        assertThat(exchanged.headers().firstValue("Cache-Control")).hasValueSatisfying(
                value -> assertThat(value).contains("no-store"));
        JsonNode body = JSON.readTree(exchanged.body());
        assertThat(body.get("username").asString()).isEqualTo(account.username());
        assertThat(body.get("refresh_token").asString()).isNotEmpty();
        HttpResponse<byte[]> me = registry.anonymous().withBearer(body.get("token").asString()).get("/api/v1/me");
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(me.body()).get("origin").asString()).isEqualTo("oidc:corp");

        HttpResponse<byte[]> replayed = exchange(code);
        assertThat(replayed.statusCode()).isEqualTo(400);
        assertThat(RegistryClient.text(replayed)).contains("the sign-in code is unknown, used or expired");
    }

    @Test
    void exchange_unknownCodeOrDisabledUser_isRefused() {
        assertThat(exchange("not-a-code").statusCode()).isEqualTo(400);
        assertThat(exchange("").statusCode()).isEqualTo(400);
        UserAccount account = accounts.signInBySubject(new ExternalIdentity("oidc:corp", UUID.randomUUID().toString(),
                unique("oidc"), Set.of()));
        String code = codes.issue(account);
        users.change(account.id(), null, false);

        HttpResponse<byte[]> refused = exchange(code);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void providers_areListedWithoutCredentials() {
        HttpResponse<byte[]> listed = registry.anonymous().get("/api/v1/sign-in/providers");

        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(listed.body()).get("providers").isArray()).isTrue();
    }

    @Test
    void authorization_ofAnUnknownProvider_goesBackToTheLoginPageWithTheReason() {
        HttpResponse<byte[]> redirect = registry.anonymous().notFollowingRedirects().get("/oauth2/authorization/nope");

        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).endsWith("/#/login?error=sign-in+failed%3A+Invalid+Client+Registration+with+Id%3A+nope"));
        assertThat(audit("login", "FAILURE")).anySatisfy(detail -> assertThat(detail).startsWith("oidc"));
    }

    @Test
    void theRestOfBerth_staysWithoutSessions() {
        HttpResponse<byte[]> api = registry.get("/api/v1/me");
        HttpResponse<byte[]> page = registry.anonymous().get("/");

        assertThat(api.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(page.headers().allValues("Set-Cookie")).isEmpty();
    }

    private List<String> audit(String action, String outcome) {
        return jdbc.sql("SELECT detail FROM audit_event WHERE action = ? AND outcome = ? AND actor IS NULL")
                .params(action, outcome).query(String.class).list();
    }

    private HttpResponse<byte[]> exchange(String code) {
        return registry.anonymous().send("POST", "/api/v1/sign-in/exchange",
                ("{\"code\":\"" + code + "\"}").getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}
