package dev.berth.aot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.condition.AbstractNestedCondition;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;
import org.springframework.web.context.support.GenericWebApplicationContext;

/**
 * Evaluates the build's conditions again against this start's environment and names each that
 * decides otherwise. Conditions on the classpath, the web application type or other beans are not
 * evaluated again, alone or within a combination: the jar fixes the first two, and the beans follow
 * from the other conditions. A source one of those kept out stays out whatever its other conditions
 * say now.
 */
final class ConditionReplay {

    private static final String ON_BEAN = "org.springframework.boot.autoconfigure.condition.OnBeanCondition";

    /** Decided by the jar's contents and the bean definitions, not by settings. */
    private static final Set<String> FIXED_BY_THE_BUILD = Set.of(
            "org.springframework.boot.autoconfigure.condition.OnClassCondition",
            ON_BEAN,
            "org.springframework.boot.autoconfigure.condition.OnWebApplicationCondition",
            "org.springframework.boot.autoconfigure.condition.OnWarDeploymentCondition",
            "org.springframework.boot.autoconfigure.condition.OnResourceCondition");

    private final ConditionContext context;
    private final Map<String, Boolean> fixed = new HashMap<>();

    ConditionReplay(ConfigurableEnvironment environment, ClassLoader classLoader) {
        GenericWebApplicationContext scratch = new GenericWebApplicationContext();
        scratch.setEnvironment(environment);
        scratch.setClassLoader(classLoader);
        this.context = new ScratchContext(scratch);
    }

    /** Each recorded condition that decides differently now, described for the log. */
    List<String> differences(List<FrozenCondition> recorded) {
        List<String> differences = new ArrayList<>();
        Map<String, List<FrozenCondition>> bySource = new LinkedHashMap<>();
        recorded.forEach(condition -> bySource.computeIfAbsent(condition.source(), source -> new ArrayList<>()).add(condition));
        for (Map.Entry<String, List<FrozenCondition>> source : bySource.entrySet()) {
            if (source.getValue().stream().anyMatch(condition -> !condition.matched() && fixed(condition))) {
                continue;
            }
            for (FrozenCondition condition : source.getValue()) {
                if (fixed(condition)) {
                    continue;
                }
                difference(condition).ifPresent(differences::add);
            }
        }
        return differences;
    }

    private Optional<String> difference(FrozenCondition recorded) {
        String where = recorded.source() + " (" + ClassUtils.getShortName(recorded.condition()) + ")";
        boolean matches;
        try {
            Condition condition = (Condition) BeanUtils.instantiateClass(
                    ClassUtils.forName(recorded.condition(), context.getClassLoader()));
            matches = condition.matches(context, metadata(recorded.source()));
        } catch (RuntimeException | ClassNotFoundException | LinkageError failure) {
            return Optional.of(where + " could not be evaluated again: " + failure);
        }
        if (matches == recorded.matched()) {
            return Optional.empty();
        }
        return Optional.of(where + (matches ? " matches now, not at build time" : " matched at build time, not now"));
    }

    /** A class, or a bean method named {@code Class#method} as the condition report names it. */
    private AnnotatedTypeMetadata metadata(String source) throws ClassNotFoundException {
        int hash = source.indexOf('#');
        String className = hash < 0 ? source : source.substring(0, hash);
        AnnotationMetadata type = AnnotationMetadata.introspect(ClassUtils.forName(className, context.getClassLoader()));
        if (hash < 0) {
            return type;
        }
        String method = source.substring(hash + 1);
        return type.getDeclaredMethods().stream()
                .filter(candidate -> candidate.getMethodName().equals(method))
                .filter(candidate -> candidate.isAnnotated(Conditional.class.getName()))
                .findFirst().orElseThrow(() -> new IllegalStateException("no conditional method " + source));
    }

    private boolean fixed(FrozenCondition condition) {
        return fixed.computeIfAbsent(condition.condition(), this::fixed);
    }

    /**
     * One of the kinds above, or a combination of conditions of which one asks for beans: the
     * scratch context has none, and the build's bean definitions decided it.
     */
    private boolean fixed(String conditionClass) {
        if (FIXED_BY_THE_BUILD.contains(conditionClass)) {
            return true;
        }
        if (!ClassUtils.isPresent(conditionClass, context.getClassLoader())) {
            return false; // evaluated, and so reported as one that cannot be
        }
        Class<?> type = ClassUtils.resolveClassName(conditionClass, context.getClassLoader());
        if (!AbstractNestedCondition.class.isAssignableFrom(type)) {
            return false;
        }
        return Arrays.stream(type.getDeclaredClasses())
                .flatMap(member -> MergedAnnotations.from(member).stream(Conditional.class))
                .flatMap(conditional -> Arrays.stream(conditional.getClassArray(MergedAnnotation.VALUE)))
                .anyMatch(member -> member.getName().equals(ON_BEAN));
    }

    /** What a condition sees: this start's environment and an empty web application context. */
    private record ScratchContext(GenericWebApplicationContext scratch) implements ConditionContext {
        @Override
        public BeanDefinitionRegistry getRegistry() {
            return scratch;
        }

        @Override
        public ConfigurableListableBeanFactory getBeanFactory() {
            return scratch.getBeanFactory();
        }

        @Override
        public Environment getEnvironment() {
            return scratch.getEnvironment();
        }

        @Override
        public ResourceLoader getResourceLoader() {
            return scratch;
        }

        @Override
        public ClassLoader getClassLoader() {
            return scratch.getClassLoader();
        }
    }
}
