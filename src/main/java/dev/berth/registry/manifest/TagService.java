package dev.berth.registry.manifest;

import java.util.List;

import org.springframework.stereotype.Service;

import dev.berth.metadata.TagRows;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.Page;
import dev.berth.registry.PageRequest;
import dev.berth.registry.Repositories;

/** Tag listings, in byte order, paged by {@code n} and {@code last}. */
@Service
public class TagService {

    private final TagRows tags;
    private final Repositories repositories;

    TagService(TagRows tags, Repositories repositories) {
        this.tags = tags;
        this.repositories = repositories;
    }

    public Page<String> list(RepositoryName name, PageRequest page) {
        long repositoryId = repositories.require(name);
        if (page.size() == 0) {
            return new Page<>(List.of(), false);
        }
        return Page.ofFetched(tags.namesAfter(repositoryId, page.last(), page.size() + 1), page.size());
    }
}
