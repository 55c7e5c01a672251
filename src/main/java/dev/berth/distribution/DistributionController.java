package dev.berth.distribution;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.berth.auth.Caller;
import dev.berth.oci.OciErrorCode;
import dev.berth.oci.OciException;
import dev.berth.registry.proxy.MirroredName;
import dev.berth.registry.proxy.Upstreams;

/**
 * Entry point of {@code /v2}. Repository names contain slashes, so the path is split by
 * {@link DistributionRoute} rather than by mapping patterns, then handed to the endpoint for it.
 */
@RestController
@RequestMapping("/v2")
class DistributionController {

    private final BlobEndpoint blobs;
    private final UploadEndpoint uploads;
    private final ManifestEndpoint manifests;
    private final ListingEndpoint listings;
    private final DistributionAccess access;
    private final Upstreams upstreams;
    private final ProxyEndpoint proxy;

    DistributionController(BlobEndpoint blobs, UploadEndpoint uploads, ManifestEndpoint manifests,
                           ListingEndpoint listings, DistributionAccess access, Upstreams upstreams,
                           ProxyEndpoint proxy) {
        this.upstreams = upstreams;
        this.proxy = proxy;
        this.blobs = blobs;
        this.uploads = uploads;
        this.manifests = manifests;
        this.listings = listings;
        this.access = access;
    }

    /** The API version check every client starts with; a 401 here tells it where to get a token. */
    @GetMapping(path = {"", "/"}, produces = MediaType.APPLICATION_JSON_VALUE)
    String base(HttpServletRequest request) {
        access.requireAuthenticated(request);
        return "{}";
    }

    @GetMapping("/_catalog")
    void catalog(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Caller caller = access.requireCatalog(request);
        listings.catalog(request, response, name -> access.listsInCatalog(caller, name));
    }

    /** Where Tomcat forwards a request whose body ended early ({@link TruncatedBodyErrorPage}). */
    @RequestMapping("/_errors/truncated-body")
    void truncatedBody() {
        throw new OciException(OciErrorCode.SIZE_INVALID, "the request body ended before its Content-Length");
    }

    @RequestMapping("/**")
    void dispatch(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String uri = request.getRequestURI();
        String path = uri.substring(request.getContextPath().length() + "/v2/".length());
        DistributionRoute route = DistributionRoute.parse(path)
                .orElseThrow(() -> new OciException(OciErrorCode.NAME_UNKNOWN, "no such endpoint"));
        String method = request.getMethod();
        Optional<MirroredName> mirrored = upstreams.resolve(route.name(), QueryParameters.of(request).first("ns"),
                request.getHeader("Host"), route.reads(method));
        if (mirrored.isPresent()) {
            MirroredName name = mirrored.get();
            if (!route.reads(method)) {
                throw new OciException(OciErrorCode.UNSUPPORTED, "the namespace " + name.upstream().name()
                        + " mirrors " + name.upstream().baseUrl() + ": it takes no pushes or deletes");
            }
            DistributionRoute local = route.in(name.local());
            access.requireMirrored(request, route, local);
            proxy.read(local, name, request, response);
            return;
        }
        Caller caller = access.require(request, route);
        switch (route.kind()) {
            case BLOB -> {
                switch (method) {
                    case "GET", "HEAD" -> blobs.get(route, request, response);
                    case "DELETE" -> blobs.delete(route, response, caller);
                    default -> throw unsupported(method);
                }
            }
            case UPLOAD_START -> {
                if (!"POST".equals(method)) {
                    throw unsupported(method);
                }
                uploads.start(route, request, response, caller);
            }
            case UPLOAD_SESSION -> {
                switch (method) {
                    case "PATCH" -> uploads.patch(route, request, response);
                    case "PUT" -> uploads.complete(route, request, response);
                    case "GET" -> uploads.status(route, response);
                    case "DELETE" -> uploads.cancel(route, response);
                    default -> throw unsupported(method);
                }
            }
            case MANIFEST -> {
                switch (method) {
                    case "GET", "HEAD" -> manifests.get(route, request, response);
                    case "PUT" -> manifests.put(route, request, response, caller);
                    case "DELETE" -> manifests.delete(route, response, caller);
                    default -> throw unsupported(method);
                }
            }
            case TAGS -> {
                if (!"GET".equals(method) && !"HEAD".equals(method)) {
                    throw unsupported(method);
                }
                listings.tags(route, request, response);
            }
            case REFERRERS -> {
                if (!"GET".equals(method) && !"HEAD".equals(method)) {
                    throw unsupported(method);
                }
                listings.referrers(route, request, response);
            }
        }
    }

    private static OciException unsupported(String method) {
        return new OciException(OciErrorCode.UNSUPPORTED, method + " is not supported here");
    }
}
