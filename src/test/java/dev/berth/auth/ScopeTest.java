package dev.berth.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScopeTest {

    static Stream<Arguments> wellFormed() {
        return Stream.of(
                Arguments.of("repository:ns/app:pull", "repository", "ns/app", new String[] {"pull"}),
                Arguments.of("repository:ns/app:pull,push", "repository", "ns/app", new String[] {"pull", "push"}),
                Arguments.of("repository:host:5000/ns/app:pull", "repository", "host:5000/ns/app",
                        new String[] {"pull"}),
                Arguments.of("repository:host:5000/ns/app:pull,push", "repository", "host:5000/ns/app",
                        new String[] {"pull", "push"}),
                Arguments.of("registry:catalog:*", "registry", "catalog", new String[] {"*"}),
                Arguments.of("repository:app:pull, push", "repository", "app", new String[] {"pull", "push"}),
                Arguments.of("repository:app:pull,,delete", "repository", "app", new String[] {"pull", "delete"}),
                Arguments.of("repository:app:frobnicate", "repository", "app", new String[] {"frobnicate"}));
    }

    @ParameterizedTest
    @MethodSource("wellFormed")
    void parse_wellFormedScope_splitsTypeNameAndActions(String text, String type, String name, String[] actions) {
        Scope scope = Scope.parse(text).orElseThrow();

        assertThat(scope.type()).isEqualTo(type);
        assertThat(scope.name()).isEqualTo(name);
        assertThat(scope.actions()).containsExactlyInAnyOrder(actions);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "repository", "repository:", ":ns/app:pull", "repository:ns/app",
            "repository:ns/app:", "repository::"})
    void parse_malformedScope_isEmpty(String text) {
        assertThat(Scope.parse(text)).isEmpty();
    }

    @Test
    void isCatalog_catalogScope_isTrueOnlyForRegistryCatalogStar() {
        assertThat(Scope.parse("registry:catalog:*").orElseThrow().isCatalog()).isTrue();
        assertThat(Scope.parse("registry:catalog:pull").orElseThrow().isCatalog()).isFalse();
        assertThat(Scope.parse("repository:catalog:*").orElseThrow().isCatalog()).isFalse();
    }

    @Test
    void toString_anyScope_writesTheWireFormWithSortedActions() {
        assertThat(Scope.parse("repository:host:5000/ns/app:push,pull").orElseThrow())
                .hasToString("repository:host:5000/ns/app:pull,push");
    }
}
