package dev.berth.distribution;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import dev.berth.oci.OciException;

/**
 * Names the OCI route a {@code /v2/**} request took ({@code /v2/{name}/blobs/{digest}}, ...) as
 * its best-matching pattern, for the {@code uri} tag of {@code http.server.requests} and for the
 * request log. Spring would otherwise report every such request as {@code /v2/**}, and the raw
 * path (repository names, digests) must never become a tag: its values would be unbounded.
 */
@Component
class RouteTemplateInterceptor implements HandlerInterceptor {

    static final String CATCH_ALL = "/v2/**";

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!CATCH_ALL.equals(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE))) {
            return true;
        }
        String uri = request.getRequestURI();
        String prefix = request.getContextPath() + "/v2/";
        if (!uri.startsWith(prefix)) {
            return true;
        }
        String template;
        try {
            template = DistributionRoute.parse(uri.substring(prefix.length())).map(route -> template(route.kind()))
                    .orElse(CATCH_ALL);
        } catch (OciException invalidName) {
            // The controller answers it with the right error; the request keeps the catch-all pattern.
            return true;
        }
        request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, template);
        ServerHttpObservationFilter.findObservationContext(request)
                .ifPresent(context -> context.setPathPattern(template));
        return true;
    }

    /** The spec's name for each endpoint's path. */
    static String template(DistributionRoute.Kind kind) {
        return switch (kind) {
            case BLOB -> "/v2/{name}/blobs/{digest}";
            case UPLOAD_START -> "/v2/{name}/blobs/uploads/";
            case UPLOAD_SESSION -> "/v2/{name}/blobs/uploads/{reference}";
            case MANIFEST -> "/v2/{name}/manifests/{reference}";
            case TAGS -> "/v2/{name}/tags/list";
            case REFERRERS -> "/v2/{name}/referrers/{digest}";
        };
    }
}
