package dev.berth.identity.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Matching a CI job's claims against a rule's conditions, and which conditions a rule may have. */
class ClaimConditionsTest {

    private static final Map<String, Object> GITHUB_MAIN = Map.of("repository", "acme/app", "ref", "refs/heads/main",
            "sub", "repo:acme/app:ref:refs/heads/main", "groups", List.of("a", "builders"), "ref_protected", true);

    @Test
    void everyConditionMustHold() {
        ClaimConditions conditions = new ClaimConditions(Map.of("repository", "acme/app", "ref", "refs/heads/main"));

        assertThat(conditions.firstUnmet(GITHUB_MAIN)).isEmpty();
        assertThat(new ClaimConditions(Map.of("repository", "acme/app", "ref", "refs/heads/dev")).firstUnmet(GITHUB_MAIN))
                .contains("ref");
    }

    @Test
    void aStarMatchesAnyRun_andNothingElseIsSpecial() {
        assertThat(new ClaimConditions(Map.of("sub", "repo:acme/*:ref:refs/heads/main")).firstUnmet(GITHUB_MAIN)).isEmpty();
        assertThat(new ClaimConditions(Map.of("repository", "acme/a.p")).firstUnmet(GITHUB_MAIN)).contains("repository");
        assertThat(new ClaimConditions(Map.of("repository", "acme")).firstUnmet(GITHUB_MAIN)).contains("repository");
    }

    @Test
    void aListClaimMeetsAConditionThroughOneElement_andOtherTypesByTheirText() {
        assertThat(new ClaimConditions(Map.of("groups", "builders")).firstUnmet(GITHUB_MAIN)).isEmpty();
        assertThat(new ClaimConditions(Map.of("ref_protected", "true")).firstUnmet(GITHUB_MAIN)).isEmpty();
        assertThat(new ClaimConditions(Map.of("environment", "prod")).firstUnmet(GITHUB_MAIN)).contains("environment");
    }

    @Test
    void aRuleNeedsAConditionThatNamesSomething() {
        assertThat(ClaimConditions.problems(Map.of())).hasSize(1);
        assertThat(ClaimConditions.problems(Map.of("repository", "*"))).hasSize(1);
        assertThat(ClaimConditions.problems(Map.of("iss", "x"))).hasSize(1);
        assertThat(ClaimConditions.problems(Map.of("repository", "acme/*"))).isEmpty();
    }
}
