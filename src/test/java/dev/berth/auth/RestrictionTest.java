package dev.berth.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RestrictionTest {

    @Test
    void apply_sameNamespace_keepsOnlyTheTokensActions() {
        Restriction pullOnly = new Restriction("team", EnumSet.of(Action.PULL));

        assertThat(pullOnly.apply("team", EnumSet.allOf(Action.class))).containsExactly(Action.PULL);
    }

    @Test
    void apply_otherNamespace_leavesNothing() {
        Restriction team = new Restriction("team", EnumSet.allOf(Action.class));

        assertThat(team.apply("other", EnumSet.allOf(Action.class))).isEmpty();
    }

    @Test
    void apply_noNamespace_narrowsEveryNamespaceByActions() {
        Restriction anywhere = new Restriction(null, EnumSet.of(Action.PULL, Action.PUSH));

        assertThat(anywhere.apply("a", EnumSet.allOf(Action.class))).containsExactlyInAnyOrder(Action.PULL, Action.PUSH);
        assertThat(anywhere.apply("b", EnumSet.of(Action.PULL))).containsExactly(Action.PULL);
    }

    @Test
    void apply_neverWidens_actionsTheOwnerLacksStayAbsent() {
        Restriction everything = new Restriction(null, EnumSet.allOf(Action.class));

        assertThat(everything.apply("team", EnumSet.of(Action.PULL))).containsExactly(Action.PULL);
        assertThat(everything.apply("team", Set.of())).isEmpty();
    }

    @Test
    void apply_noActions_leavesNothing() {
        Restriction none = new Restriction(null, Set.of());

        assertThat(none.apply("team", EnumSet.allOf(Action.class))).isEmpty();
    }

    @Test
    void apply_givenSet_isNotModified() {
        Set<Action> allowed = EnumSet.allOf(Action.class);

        new Restriction("team", EnumSet.of(Action.PULL)).apply("team", allowed);

        assertThat(allowed).containsExactlyInAnyOrder(Action.values());
    }
}
