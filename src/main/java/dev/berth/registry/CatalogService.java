package dev.berth.registry;

import java.util.List;

import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;

import dev.berth.metadata.RepositoryEntityRepository;

/** The repository catalog, in byte order, paged by {@code n} and {@code last}. */
@Service
public class CatalogService {

    private final RepositoryEntityRepository repositories;

    CatalogService(RepositoryEntityRepository repositories) {
        this.repositories = repositories;
    }

    public Page<String> list(PageRequest page) {
        if (page.size() == 0) {
            return new Page<>(List.of(), false);
        }
        return Page.ofFetched(repositories.findNamesAfter(page.last(), Limit.of(page.size() + 1)), page.size());
    }
}
