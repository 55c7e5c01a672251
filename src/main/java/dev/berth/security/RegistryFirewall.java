package dev.berth.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall, except on {@code /v2}: there the registry parses the raw path
 * itself against the repository name grammar, and must answer a malformed name ({@code a//b}) with
 * the spec's {@code NAME_INVALID}, not a bare 400. No path matcher decides access there, so an
 * unnormalised path cannot slip past one.
 */
final class RegistryFirewall implements HttpFirewall {

    private final StrictHttpFirewall strict = new StrictHttpFirewall();

    @Override
    public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String registryPrefix = request.getContextPath() + "/v2/";
        if (uri.startsWith(registryPrefix)) {
            return new FirewalledRequest(request) {
                @Override
                public void reset() {
                    // nothing was changed
                }
            };
        }
        return strict.getFirewalledRequest(request);
    }

    @Override
    public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
        return strict.getFirewalledResponse(response);
    }
}
