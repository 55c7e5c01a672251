package dev.berth.registry;

import java.util.List;

import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;

import dev.berth.metadata.TagEntityRepository;
import dev.berth.oci.RepositoryName;

/** Tag listings, in byte order, paged by {@code n} and {@code last}. */
@Service
public class TagService {

    private final TagEntityRepository tags;
    private final Repositories repositories;

    TagService(TagEntityRepository tags, Repositories repositories) {
        this.tags = tags;
        this.repositories = repositories;
    }

    public Page<String> list(RepositoryName name, PageRequest page) {
        long repositoryId = repositories.require(name);
        if (page.size() == 0) {
            return new Page<>(List.of(), false);
        }
        return Page.ofFetched(tags.findNamesAfter(repositoryId, page.last(), Limit.of(page.size() + 1)), page.size());
    }
}
