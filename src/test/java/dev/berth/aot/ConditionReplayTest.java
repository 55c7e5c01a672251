package dev.berth.aot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The build's recorded conditions evaluated again against a start's settings. */
class ConditionReplayTest {

    private static final String PROPERTY = "org.springframework.boot.autoconfigure.condition.OnPropertyCondition";
    private static final String ON_CLASS = "org.springframework.boot.autoconfigure.condition.OnClassCondition";
    private static final String SELF_SIGNED = "dev.berth.tls.SelfSignedRenewal";
    private static final String LDAP = "dev.berth.identity.ldap.LdapConfiguration";

    private static final List<FrozenCondition> AS_BUILT = List.of(
            new FrozenCondition(SELF_SIGNED, PROPERTY, false),
            new FrozenCondition(LDAP, LDAP + "$UrlsConfigured", false));

    @Test
    void theBuildsSettings_decideEveryConditionAsRecorded() {
        assertThat(replay(Map.of()).differences(AS_BUILT)).isEmpty();
    }

    @Test
    void selfSignedTls_turnsOnABeanTheBuildLeftOut() {
        assertThat(replay(Map.of("berth.tls.self-signed", "true")).differences(AS_BUILT)).singleElement()
                .asString().startsWith(SELF_SIGNED + " (OnPropertyCondition) matches now, not at build time");
    }

    @Test
    void ldapUrls_asAnIndexedList_turnOnTheDirectory() {
        assertThat(replay(Map.of("berth.auth.ldap.urls[0]", "ldap://127.0.0.1:389")).differences(AS_BUILT))
                .singleElement().asString().startsWith(LDAP + " (LdapConfiguration.UrlsConfigured) matches now");
    }

    @Test
    void aSourceTheClasspathKeptOut_staysOut_whateverItsSettingsSay() {
        List<FrozenCondition> recorded = List.of(new FrozenCondition(SELF_SIGNED, ON_CLASS, false),
                new FrozenCondition(SELF_SIGNED, PROPERTY, false));

        assertThat(replay(Map.of("berth.tls.self-signed", "true")).differences(recorded)).isEmpty();
    }

    @Test
    void aCombinationWithABeanCondition_isLeftToTheBeanDefinitions() {
        // Any of spring.flyway.url, spring.flyway.jdbc-url or a DataSource bean: the scratch context has no beans.
        List<FrozenCondition> recorded = List.of(new FrozenCondition(
                "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
                "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration$FlywayDataSourceCondition", true));

        assertThat(replay(Map.of()).differences(recorded)).isEmpty();
    }

    @Test
    void aConditionThatCannotBeEvaluatedAgain_countsAsADifference() {
        List<FrozenCondition> recorded = List.of(new FrozenCondition(SELF_SIGNED, "dev.berth.aot.NoSuchCondition", true));

        assertThat(replay(Map.of()).differences(recorded)).singleElement().asString()
                .contains("could not be evaluated again", "ClassNotFoundException");
    }

    @Test
    void recordedLines_readBackAsWritten_andAnythingElseIsRefused() {
        FrozenCondition condition = new FrozenCondition(LDAP, LDAP + "$UrlsConfigured", true);

        assertThat(FrozenCondition.parse(condition.line())).isEqualTo(condition);
        assertThatThrownBy(() -> FrozenCondition.parse(LDAP + "\tmatch")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FrozenCondition.parse(LDAP + "\t" + PROPERTY + "\tyes"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static ConditionReplay replay(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
        return new ConditionReplay(environment, ConditionReplayTest.class.getClassLoader());
    }
}
