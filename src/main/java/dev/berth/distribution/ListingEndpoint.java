package dev.berth.distribution;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;

import java.util.Map;
import java.util.function.Predicate;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

import dev.berth.config.DistributionProperties;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.browse.CatalogService;
import dev.berth.registry.Page;
import dev.berth.registry.PageRequest;
import dev.berth.registry.manifest.ReferrersService;
import dev.berth.registry.manifest.TagService;
import dev.berth.web.RegistryHeaders;

/**
 * The paged listings: tags, the catalog and referrers. A next page is announced with
 * {@code Link: <...>; rel="next"}.
 */
@Component
class ListingEndpoint {

    private final TagService tags;
    private final CatalogService catalog;
    private final ReferrersService referrers;
    private final Locations locations;
    private final JsonMapper json;
    private final int maxPageSize;

    ListingEndpoint(TagService tags, CatalogService catalog, ReferrersService referrers, Locations locations,
                    JsonMapper json, DistributionProperties properties) {
        this.tags = tags;
        this.catalog = catalog;
        this.referrers = referrers;
        this.locations = locations;
        this.json = json;
        this.maxPageSize = properties.maxPageSize();
    }

    void tags(DistributionRoute route, HttpServletRequest request, HttpServletResponse response) throws IOException {
        tags(route, request, response, page -> tags.list(route.name(), page));
    }

    /** The tag list of {@code route}'s repository as {@code lister} pages it. */
    void tags(DistributionRoute route, HttpServletRequest request, HttpServletResponse response,
              java.util.function.Function<PageRequest, Page<String>> lister) throws IOException {
        PageRequest page = pageRequest(QueryParameters.of(request));
        Page<String> result = lister.apply(page);
        if (result.hasMore()) {
            link(response, "/v2/" + route.name() + "/tags/list", page, result.items().get(result.items().size() - 1));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", route.name().value());
        body.put("tags", result.items());
        writeJson(response, "application/json", body);
    }

    void catalog(HttpServletRequest request, HttpServletResponse response, Predicate<RepositoryName> visible)
            throws IOException {
        PageRequest page = pageRequest(QueryParameters.of(request));
        Page<String> result = catalog.list(page, visible);
        if (result.hasMore()) {
            link(response, "/v2/_catalog", page, result.items().get(result.items().size() - 1));
        }
        writeJson(response, "application/json", Map.of("repositories", result.items()));
    }

    void referrers(DistributionRoute route, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Digest subject = Digest.parse(route.argument());
        QueryParameters query = QueryParameters.of(request);
        String artifactType = query.first("artifactType");
        PageRequest page = pageRequest(query);
        Page<Descriptor> result = referrers.list(route.name(), subject, artifactType, page);
        if (artifactType != null) {
            response.setHeader(RegistryHeaders.OCI_FILTERS_APPLIED, "artifactType");
        }
        if (result.hasMore()) {
            String path = "/v2/" + route.name() + "/referrers/" + subject;
            String last = result.items().get(result.items().size() - 1).digest().toString();
            String filter = artifactType == null ? "" : "&artifactType=" + encode(artifactType);
            response.setHeader("Link", "<" + locations.path(path + "?n=" + page.size() + "&last=" + encode(last)
                    + filter) + ">; rel=\"next\"");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schemaVersion", 2);
        body.put("mediaType", MediaTypes.OCI_INDEX);
        body.put("manifests", result.items().stream().map(ListingEndpoint::descriptorJson).toList());
        writeJson(response, MediaTypes.OCI_INDEX, body);
    }

    private static Map<String, Object> descriptorJson(Descriptor descriptor) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("mediaType", descriptor.mediaType());
        entry.put("digest", descriptor.digest().toString());
        entry.put("size", descriptor.size());
        if (descriptor.artifactType() != null) {
            entry.put("artifactType", descriptor.artifactType());
        }
        if (!descriptor.annotations().isEmpty()) {
            entry.put("annotations", descriptor.annotations());
        }
        return entry;
    }

    private PageRequest pageRequest(QueryParameters query) {
        return PageRequest.parse(query.first("n"), query.first("last"), maxPageSize);
    }

    private void link(HttpServletResponse response, String path, PageRequest page, String last) {
        response.setHeader("Link", "<" + locations.path(path + "?n=" + page.size() + "&last=" + encode(last))
                + ">; rel=\"next\"");
    }

    private void writeJson(HttpServletResponse response, String contentType, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        response.setContentType(contentType);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

}
