package dev.berth.identity.oidc;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

import dev.berth.auth.AuditLog;
import dev.berth.auth.AuthException;
import dev.berth.auth.UserAccount;
import dev.berth.config.OidcProperties;
import dev.berth.identity.ExternalAccounts;
import dev.berth.identity.ExternalIdentity;

/**
 * The end of an OIDC sign-in. With a valid ID token: maps the person to their Berth account (made
 * on the first sign-in, groups re-applied), ends the short session that held the authorization
 * request, and sends the browser to the web UI with a one-time code in the fragment. Refused (by
 * the provider, by the ID token's checks, or by Berth: a disabled account, a name that is taken):
 * to the login page with the reason, audited.
 */
final class OidcSignInHandler implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

    private static final String CALLBACK = "/login/oauth2/code/";

    private final OidcProviders providers;
    private final ExternalAccounts accounts;
    private final SignInCodes codes;
    private final AuditLog audit;

    OidcSignInHandler(OidcProviders providers, ExternalAccounts accounts, SignInCodes codes, AuditLog audit) {
        this.providers = providers;
        this.accounts = accounts;
        this.codes = codes;
        this.audit = audit;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                        Authentication authentication) throws IOException {
        endSession(request, response);
        OAuth2AuthenticationToken token = (OAuth2AuthenticationToken) authentication;
        OidcUser person = (OidcUser) token.getPrincipal();
        OidcProperties.Provider provider = providers.provider(token.getAuthorizedClientRegistrationId()).orElseThrow();
        String origin = ExternalIdentity.OIDC_PREFIX + provider.id();
        String claimed = person.getClaimAsString(provider.usernameClaim());
        UserAccount account;
        try {
            String username = ExternalAccounts.username(claimed, "the claim " + provider.usernameClaim());
            account = accounts.signInBySubject(new ExternalIdentity(origin, person.getSubject(), username,
                    groups(person.getClaims().get(provider.groupsClaim()))));
        } catch (AuthException refused) {
            audit.record(claimed == null ? person.getSubject() : claimed, "login", null, AuditLog.Outcome.DENIED,
                    origin + ": " + refused.getMessage());
            toLoginPage(request, response, refused.getMessage());
            return;
        }
        response.sendRedirect(request.getContextPath() + "/#/signed-in?code=" + codes.issue(account));
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException exception) throws IOException {
        endSession(request, response);
        String reason = exception instanceof OAuth2AuthenticationException oauth
                ? oauth.getError().getDescription() != null ? oauth.getError().getDescription()
                : oauth.getError().getErrorCode()
                : exception.getMessage();
        audit.record(null, "login", null, AuditLog.Outcome.FAILURE, providerOf(request) + ": " + reason);
        toLoginPage(request, response, "sign-in failed: " + reason);
    }

    /** The claim's groups: a JSON array of names (Keycloak, Entra ID, GitLab), or one name. */
    static Set<String> groups(Object claim) {
        Set<String> groups = new LinkedHashSet<>();
        if (claim instanceof Collection<?> values) {
            values.forEach(value -> groups.add(String.valueOf(value)));
        } else if (claim instanceof String value && !value.isBlank()) {
            groups.add(value);
        }
        return groups;
    }

    private static String providerOf(HttpServletRequest request) {
        String path = request.getRequestURI();
        int at = path.indexOf(CALLBACK);
        return at < 0 ? "oidc" : ExternalIdentity.OIDC_PREFIX + path.substring(at + CALLBACK.length());
    }

    /** Ends the session and tells the browser to drop its cookie, so no session id outlives the sign-in. */
    private static void endSession(HttpServletRequest request, HttpServletResponse response) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        String name = request.getServletContext().getSessionCookieConfig().getName();
        Cookie expired = new Cookie(name == null ? "JSESSIONID" : name, "");
        expired.setPath(request.getContextPath().isEmpty() ? "/" : request.getContextPath());
        expired.setMaxAge(0);
        expired.setHttpOnly(true);
        response.addCookie(expired);
    }

    private static void toLoginPage(HttpServletRequest request, HttpServletResponse response, String reason)
            throws IOException {
        String bounded = reason.length() > 300 ? reason.substring(0, 300) : reason;
        response.sendRedirect(request.getContextPath() + "/#/login?error="
                + URLEncoder.encode(bounded, StandardCharsets.UTF_8));
    }
}
