package dev.berth.aot;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the build's AOT processing decided: the auto-configurations it excluded and every condition
 * it evaluated, as the text file {@link #RESOURCE} beside the generated bean definitions (one
 * {@code #excluded} line per exclusion, then one line per {@link FrozenCondition}), sorted, so an
 * unchanged build writes the same bytes.
 */
record BuildDecisions(Set<String> excluded, List<FrozenCondition> conditions) {

    static final String RESOURCE = "META-INF/berth/aot-conditions.tsv";

    private static final String EXCLUDED = "#excluded\t";

    BuildDecisions {
        excluded = Set.copyOf(excluded);
        conditions = List.copyOf(conditions);
    }

    String text() {
        StringBuilder text = new StringBuilder();
        new TreeSet<>(excluded).forEach(name -> text.append(EXCLUDED).append(name).append('\n'));
        conditions.stream()
                .sorted(Comparator.comparing(FrozenCondition::source).thenComparing(FrozenCondition::condition))
                .forEach(condition -> text.append(condition.line()).append('\n'));
        return text.toString();
    }

    static BuildDecisions parse(List<String> lines) {
        Set<String> excluded = new TreeSet<>();
        List<FrozenCondition> conditions = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith(EXCLUDED)) {
                excluded.add(line.substring(EXCLUDED.length()));
            } else if (!line.isEmpty()) {
                conditions.add(FrozenCondition.parse(line));
            }
        }
        return new BuildDecisions(excluded, conditions);
    }

    /** The decisions the classes of this class loader were built with, if that build recorded them. */
    static Optional<BuildDecisions> read(ClassLoader classLoader) {
        try (InputStream in = classLoader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
