package dev.berth.registry;

import java.time.Clock;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.berth.metadata.RepositoryRows;
import dev.berth.oci.OciErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.RepositoryName;

/**
 * Finds repositories by name, creating them (and a new namespace's row) on first push. Call inside
 * a transaction. Shared by the registry's features only (LayeringTest).
 */
@Component
public class Repositories {

    private final RepositoryRows repositories;
    private final Clock clock;

    Repositories(RepositoryRows repositories, Clock clock) {
        this.repositories = repositories;
        this.clock = clock;
    }

    public long ensure(RepositoryName name) {
        Optional<Long> id = repositories.findId(name);
        if (id.isPresent()) {
            return id.get();
        }
        repositories.insertIfAbsent(name, clock.instant());
        return repositories.findId(name).orElseThrow();
    }

    public Optional<Long> find(RepositoryName name) {
        return repositories.findId(name);
    }

    public long require(RepositoryName name) {
        return find(name).orElseThrow(() ->
                new OciException(OciErrorCode.NAME_UNKNOWN, "repository " + name + " is not known to this registry"));
    }
}
