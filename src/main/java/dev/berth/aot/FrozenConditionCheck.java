package dev.berth.aot;

import java.util.List;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.springframework.aot.AotDetector;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.SpringProperties;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Before a start with {@code spring.aot.enabled=true} creates its context: keeps the build's bean
 * definitions only if this start's settings decide every condition the build recorded the same way
 * and exclude no other auto-configuration. Otherwise the start goes the usual way (the configuration
 * classes read and their conditions evaluated, about a second more on two cores) and the log says
 * which condition differed: LDAP sign-in configured, another management port, an endpoint exposed, a
 * Java without virtual threads, all work either way. Runs last, after berth.tls.* became settings.
 */
class FrozenConditionCheck implements EnvironmentPostProcessor, Ordered {

    private final Log log;

    FrozenConditionCheck(DeferredLogFactory logs) {
        this.log = logs.getLog(FrozenConditionCheck.class);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!AotDetector.useGeneratedArtifacts()) {
            return;
        }
        ClassLoader classLoader = application.getClassLoader() != null ? application.getClassLoader()
                : ClassUtils.getDefaultClassLoader();
        long started = System.nanoTime();
        Optional<String> difference = difference(environment, classLoader);
        if (difference.isPresent()) {
            SpringProperties.setProperty(AotDetector.AOT_ENABLED, "false");
            log.info("Starting without the build's ahead-of-time bean definitions: " + difference.get());
        } else {
            log.debug("The build's ahead-of-time bean definitions fit these settings (checked in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms)");
        }
    }

    private static Optional<String> difference(ConfigurableEnvironment environment, ClassLoader classLoader) {
        return BuildDecisions.read(classLoader).map(decisions -> difference(environment, classLoader, decisions))
                .orElse(Optional.of("this build recorded no conditions (" + BuildDecisions.RESOURCE + ")"));
    }

    /** What differs between the build's decisions and this start's settings, if anything. */
    static Optional<String> difference(ConfigurableEnvironment environment, ClassLoader classLoader,
                                       BuildDecisions decisions) {
        List<String> excludedNow = Binder.get(environment)
                .bind("spring.autoconfigure.exclude", Bindable.listOf(String.class)).orElse(List.of());
        for (String name : excludedNow) {
            if (!decisions.excluded().contains(name)) {
                return Optional.of("spring.autoconfigure.exclude names " + name + ", which the build included");
            }
        }
        List<String> differences = new ConditionReplay(environment, classLoader).differences(decisions.conditions());
        return differences.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", differences));
    }
}
