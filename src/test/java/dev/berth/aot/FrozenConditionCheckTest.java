package dev.berth.aot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The recorded file against a start's settings: exclusions, then the conditions. */
class FrozenConditionCheckTest {

    private static final String SECURITY = "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration";
    private static final String TASKS = "org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration";
    private static final BuildDecisions RECORDED = BuildDecisions.parse(List.of("#excluded\t" + SECURITY,
            "dev.berth.tls.SelfSignedRenewal\torg.springframework.boot.autoconfigure.condition.OnPropertyCondition\tno-match",
            ""));

    @Test
    void theRecordedText_readsBackAsWritten() {
        assertThat(BuildDecisions.parse(RECORDED.text().lines().toList())).isEqualTo(RECORDED);
    }

    @Test
    void theBuildsSettings_fit() {
        assertThat(check(Map.of())).isEmpty();
        assertThat(check(Map.of("spring.autoconfigure.exclude", SECURITY))).isEmpty();
    }

    @Test
    void anAutoConfigurationExcludedNow_thatTheBuildIncluded_isADifference() {
        assertThat(check(Map.of("spring.autoconfigure.exclude", SECURITY + "," + TASKS)))
                .hasValue("spring.autoconfigure.exclude names " + TASKS + ", which the build included");
    }

    @Test
    void aConditionDecidedOtherwise_isADifference() {
        assertThat(check(Map.of("berth.tls.self-signed", "true"))).get().asString()
                .startsWith("dev.berth.tls.SelfSignedRenewal (OnPropertyCondition) matches now");
    }

    private static Optional<String> check(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
        return FrozenConditionCheck.difference(environment, FrozenConditionCheckTest.class.getClassLoader(), RECORDED);
    }
}
