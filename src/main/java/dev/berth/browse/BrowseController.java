package dev.berth.browse;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.berth.api.ApiAuthenticationException;
import dev.berth.api.ApiCallers;
import dev.berth.api.ApiProblem;
import dev.berth.api.Pages;
import dev.berth.auth.AccessPolicy;
import dev.berth.auth.Action;
import dev.berth.auth.AuditLog;
import dev.berth.auth.Caller;
import dev.berth.oci.Digest;
import dev.berth.oci.OciErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.registry.proxy.Upstreams;
import dev.berth.registry.Listing;
import dev.berth.registry.browse.ManifestDetail;
import dev.berth.registry.manifest.ManifestService;
import dev.berth.registry.browse.RepositoryBrowser;
import dev.berth.registry.browse.RepositorySummary;
import dev.berth.registry.browse.TagSummary;

/**
 * Browsing: {@code GET /api/v1/repositories} and, under a repository (whose name holds slashes,
 * so the rest of the path is split by {@link BrowseRoute}), its summary, tags and manifests, and
 * the deletion of a tag or of the whole repository. A repository the caller may not pull from
 * does not exist for it (404).
 */
@RestController
@RequestMapping(path = "/api/v1/repositories", produces = MediaType.APPLICATION_JSON_VALUE)
class BrowseController {

    static final int MAX_PAGE_SIZE = 100;

    private final RepositoryBrowser browser;
    private final ManifestService manifests;
    private final AccessPolicy policy;
    private final AuditLog audit;
    private final ApiCallers callers;

    private final Upstreams upstreams;

    BrowseController(RepositoryBrowser browser, ManifestService manifests, AccessPolicy policy, AuditLog audit,
                     ApiCallers callers, Upstreams upstreams) {
        this.upstreams = upstreams;
        this.callers = callers;
        this.browser = browser;
        this.manifests = manifests;
        this.policy = policy;
        this.audit = audit;
    }

    @GetMapping
    ResponseEntity<Listing<RepositorySummary>> repositories(HttpServletRequest request,
                                            @RequestParam(defaultValue = "") String q,
                                            @RequestParam(defaultValue = "0") int page,
                                            @RequestParam(defaultValue = "20") int size,
                                            @RequestParam(defaultValue = "name") String sort) {
        Caller caller = callers.optional(request);
        checkPaging(page, size);
        Listing<RepositorySummary> listing = browser.repositories(q,
                name -> mayPull(caller, name),
                parseSort(RepositoryBrowser.RepositorySort.class, sort), page, size);
        return Pages.of(listing);
    }

    @GetMapping("/**")
    Object read(HttpServletRequest request,
                @RequestParam(defaultValue = "") String q,
                @RequestParam(defaultValue = "0") int page,
                @RequestParam(defaultValue = "20") int size,
                @RequestParam(defaultValue = "name") String sort) {
        Caller caller = callers.optional(request);
        BrowseRoute route = route(request, caller);
        try {
            return read(route, q, page, size, sort);
        } catch (OciException e) {
            throw translate(e);
        }
    }

    private Object read(BrowseRoute route, String q, int page, int size, String sort) {
        switch (route.kind()) {
            case REPOSITORY -> {
                Listing<RepositorySummary> one = browser.repositories(route.name().value(),
                        route.name()::equals, RepositoryBrowser.RepositorySort.NAME, 0, 1);
                return one.items().stream().findFirst().orElseThrow(() -> notFound(route.name()));
            }
            case TAGS -> {
                checkPaging(page, size);
                Listing<TagSummary> listing = browser.tags(route.name(), q,
                        parseSort(RepositoryBrowser.TagSort.class, sort), page, size);
                return Pages.of(listing);
            }
            case MANIFEST -> {
                return manifest(route);
            }
            default -> throw new ApiProblem(HttpStatus.NOT_FOUND, "no such resource; tags are listed under /tags");
        }
    }

    @DeleteMapping("/**")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(HttpServletRequest request) {
        Caller caller = callers.optional(request);
        BrowseRoute route = route(request, caller);
        if (!policy.allows(caller, route.name(), Action.DELETE)) {
            audit.record(caller.displayName(), "delete", route.name().value(), AuditLog.Outcome.DENIED,
                    "browse API, needs the maintainer role");
            throw new ApiProblem(HttpStatus.FORBIDDEN, caller.actsForAccount()
                    ? "deleting needs the maintainer role in namespace " + route.name().namespace()
                    : "this token does not grant delete on " + route.name());
        }
        upstreams.fronting(route.name().namespace()).ifPresent(upstream -> {
            throw new ApiProblem(HttpStatus.METHOD_NOT_ALLOWED, "the namespace " + upstream.name() + " mirrors "
                    + upstream.baseUrl() + ": its content is the cache's to keep or evict");
        });
        switch (route.kind()) {
            case TAG -> {
                if (!Tag.isValid(route.argument())) {
                    throw new ApiProblem(HttpStatus.NOT_FOUND, "no tag " + route.argument());
                }
                unknownAsNotFound(() -> manifests.delete(route.name(), Reference.parse(route.argument())));
                audit.record(caller.displayName(), "delete", route.name() + ":" + route.argument(),
                        AuditLog.Outcome.SUCCESS, "browse API");
            }
            case REPOSITORY -> {
                unknownAsNotFound(() -> browser.deleteRepository(route.name()));
                audit.record(caller.displayName(), "delete", route.name().value(), AuditLog.Outcome.SUCCESS,
                        "repository, browse API");
            }
            default -> throw new ApiProblem(HttpStatus.METHOD_NOT_ALLOWED,
                    "only tags and whole repositories are deleted here");
        }
    }

    private ManifestDetail manifest(BrowseRoute route) {
        String reference = route.argument();
        if (!Digest.looksLikeDigest(reference) && !Tag.isValid(reference)) {
            throw new ApiProblem(HttpStatus.NOT_FOUND, "no manifest " + reference);
        }
        return browser.manifest(route.name(), Reference.parse(reference));
    }

    /** The route, once the caller may pull from its repository; otherwise the repository does not exist for it. */
    private BrowseRoute route(HttpServletRequest request, Caller caller) {
        String prefix = request.getContextPath() + "/api/v1/repositories/";
        String path = request.getRequestURI().substring(Math.min(prefix.length(), request.getRequestURI().length()));
        BrowseRoute route = BrowseRoute.parse(path)
                .orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "not a repository path: " + abbreviate(path)));
        if (!mayPull(caller, route.name())) {
            if (caller.isAnonymous()) {
                throw new ApiAuthenticationException("authentication required", null);
            }
            throw notFound(route.name());
        }
        return route;
    }

    private boolean mayPull(Caller caller, RepositoryName name) {
        return policy.allows(caller, name, Action.PULL);
    }

    private static void unknownAsNotFound(Runnable action) {
        try {
            action.run();
        } catch (OciException e) {
            throw translate(e);
        }
    }

    private static ApiProblem translate(OciException e) {
        HttpStatus status = e.code() == OciErrorCode.NAME_UNKNOWN || e.code() == OciErrorCode.MANIFEST_UNKNOWN
                ? HttpStatus.NOT_FOUND
                : e.code() == OciErrorCode.DENIED ? HttpStatus.FORBIDDEN
                : e.httpStatus() < 500 ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR;
        return new ApiProblem(status, e.detail());
    }

    private static ApiProblem notFound(RepositoryName name) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "no repository " + name);
    }

    private static void checkPaging(int page, int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST,
                    "page must be 0 or more and size between 1 and " + MAX_PAGE_SIZE);
        }
    }

    private static <E extends Enum<E>> E parseSort(Class<E> type, String sort) {
        try {
            return Enum.valueOf(type, sort.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "sort must be one of "
                    + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }

}
