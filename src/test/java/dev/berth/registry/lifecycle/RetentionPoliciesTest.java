package dev.berth.registry.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.berth.metadata.TagRows.TagVersion;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.Repositories;
import dev.berth.support.RegistryDomainTest;

/** Which tags a retention policy lets garbage collection remove: the newest kept, patterns kept, immutable ones never removed. */
class RetentionPoliciesTest extends RegistryDomainTest {

    @Autowired
    RetentionPolicies retention;
    @Autowired
    ImmutableTags immutableTags;
    @Autowired
    Repositories repositories;

    @Test
    void expired_keepLastTwo_removesTheOlderTagsButKeptPatternsAndImmutableOnes() throws InterruptedException {
        RepositoryName repository = uniqueRepository("ret");
        for (String tag : List.of("stable", "release-1", "a", "b", "c", "d")) {
            pushImage(repository, tag);
            Thread.sleep(5);   // push times order the tags
        }
        retention.put(repository.namespace(), null, 2, new TagPattern("stable"), null);
        immutableTags.add(repository.namespace(), repository, new TagPattern("release-*"));
        long repositoryId = repositories.find(repository).orElseThrow();

        List<TagVersion> expired = retention.expired(repositoryId, repository, Instant.now());

        assertThat(expired).extracting(TagVersion::name).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void remove_tagPushedAgainSincePlanned_keepsIt() throws InterruptedException {
        RepositoryName repository = uniqueRepository("ret");
        pushImage(repository, "old");
        Thread.sleep(5);
        pushImage(repository, "new");
        retention.put(repository.namespace(), repository, 1, null, null);
        long repositoryId = repositories.find(repository).orElseThrow();
        TagVersion planned = retention.expired(repositoryId, repository, Instant.now()).get(0);
        pushImage(repository, "old");   // pushed again: another manifest, a newer time

        assertThat(retention.remove(repositoryId, repository, planned)).isFalse();
        assertThat(manifests.head(repository, dev.berth.oci.Reference.parse("old"))).isNotNull();
    }
}
