package dev.berth.aot;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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
        List<String> lines = recorded(classLoader);
        if (lines == null) {
            return Optional.of("this build recorded no conditions (" + FrozenCondition.RESOURCE + ")");
        }
        return difference(environment, classLoader, lines);
    }

    /** What differs between the recorded lines and this start's settings, if anything. */
    static Optional<String> difference(ConfigurableEnvironment environment, ClassLoader classLoader, List<String> lines) {
        Set<String> excluded = new TreeSet<>();
        List<FrozenCondition> conditions = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith(ConditionReportAotProcessor.EXCLUDED)) {
                excluded.add(line.substring(ConditionReportAotProcessor.EXCLUDED.length()));
            } else if (!line.isEmpty()) {
                conditions.add(FrozenCondition.parse(line));
            }
        }
        List<String> excludedNow = Binder.get(environment)
                .bind("spring.autoconfigure.exclude", Bindable.listOf(String.class)).orElse(List.of());
        for (String name : excludedNow) {
            if (!excluded.contains(name)) {
                return Optional.of("spring.autoconfigure.exclude names " + name + ", which the build included");
            }
        }
        List<String> differences = new ConditionReplay(environment, classLoader).differences(conditions);
        return differences.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", differences));
    }

    private static List<String> recorded(ClassLoader classLoader) {
        try (InputStream in = classLoader.getResourceAsStream(FrozenCondition.RESOURCE)) {
            if (in == null) {
                return null;
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
