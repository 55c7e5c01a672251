package dev.berth.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RoleTest {

    static Stream<Arguments> actionsByRole() {
        return Stream.of(
                Arguments.of(Role.READER, Set.of(Action.PULL)),
                Arguments.of(Role.WRITER, Set.of(Action.PULL, Action.PUSH)),
                Arguments.of(Role.MAINTAINER, Set.of(Action.PULL, Action.PUSH, Action.DELETE)),
                Arguments.of(Role.OWNER, Set.of(Action.PULL, Action.PUSH, Action.DELETE)));
    }

    @ParameterizedTest
    @MethodSource("actionsByRole")
    void actions_eachRole_areExactlyItsRights(Role role, Set<Action> expected) {
        assertThat(role.actions()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void actions_returnedSet_isACopy() {
        Role.READER.actions().add(Action.DELETE);

        assertThat(Role.READER.actions()).containsExactly(Action.PULL);
    }

    @Test
    void atLeast_orderedRoles_eachIncludesTheOnesBefore() {
        assertThat(Role.OWNER.atLeast(Role.MAINTAINER)).isTrue();
        assertThat(Role.MAINTAINER.atLeast(Role.WRITER)).isTrue();
        assertThat(Role.WRITER.atLeast(Role.READER)).isTrue();
        assertThat(Role.READER.atLeast(Role.READER)).isTrue();
        assertThat(Role.MAINTAINER.atLeast(Role.OWNER)).isFalse();
        assertThat(Role.READER.atLeast(Role.WRITER)).isFalse();
    }

    @Test
    void fromWireName_knownAndUnknownNames_parseOrAreEmpty() {
        assertThat(Role.fromWireName("maintainer")).contains(Role.MAINTAINER);
        assertThat(Role.fromWireName("MAINTAINER")).isEmpty();
        assertThat(Role.fromWireName("admin")).isEmpty();
    }
}
