package dev.berth.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The skipping rule of the client tests: skip on a developer machine, fail in CI. */
class ProgramsTest {

    private static final String ABSENT = "berth-no-such-program";

    @Test
    void require_missingProgram_skipsLocallyAndFailsInCi() {
        Class<? extends Throwable> expected = Programs.inCi() ? AssertionFailedError.class
                : TestAbortedException.class;
        assertThatThrownBy(() -> Programs.require(ABSENT)).isInstanceOf(expected)
                .hasMessageContaining(ABSENT + " is not installed");
    }

    @Test
    void find_programOnPath_isExecutable() {
        assertThat(Programs.find("sh")).hasValueSatisfying(sh -> assertThat(Files.isExecutable(sh)).isTrue());
        assertThat(Programs.find(ABSENT)).isEmpty();
    }
}
