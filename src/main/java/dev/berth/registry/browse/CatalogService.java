package dev.berth.registry.browse;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.springframework.stereotype.Service;

import dev.berth.metadata.RepositoryRows;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.Page;
import dev.berth.registry.PageRequest;

/** The repository catalog, in byte order, paged by {@code n} and {@code last}. */
@Service
public class CatalogService {

    /** Names read per query while filtering: a page of visible names may sit among many hidden ones. */
    private static final int BATCH = 500;

    private final RepositoryRows repositories;

    CatalogService(RepositoryRows repositories) {
        this.repositories = repositories;
    }

    /** The page of names {@code visible} accepts; the rest are skipped as if they did not exist. */
    public Page<String> list(PageRequest page, Predicate<RepositoryName> visible) {
        if (page.size() == 0) {
            return new Page<>(List.of(), false);
        }
        List<String> found = new ArrayList<>();
        String after = page.last();
        while (found.size() <= page.size()) {
            int batch = Math.max(BATCH, page.size() + 1);
            List<RepositoryName> names = repositories.namesAfter(after, batch);
            for (RepositoryName name : names) {
                if (visible.test(name)) {
                    found.add(name.value());
                    if (found.size() > page.size()) {
                        break;
                    }
                }
            }
            if (names.size() < batch) {
                break;
            }
            after = names.get(names.size() - 1).value();
        }
        return Page.ofFetched(found, page.size());
    }
}
