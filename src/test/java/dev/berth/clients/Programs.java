package dev.berth.clients;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * Finds the container clients these tests drive. On a developer machine a missing program skips
 * its test; in CI ({@code CI=true}) the programs are installed by {@code .ci/run}, so a missing one
 * fails the test instead of silently proving nothing.
 */
final class Programs {

    private static final Pattern JAVA_VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+).*\"");

    private Programs() {
    }

    /** The executable named {@code name}, or the test is skipped (locally) or failed (CI). */
    static Path require(String name) {
        Optional<Path> program = find(name);
        if (program.isEmpty()) {
            missing(name + " is not installed", ".ci/run should have installed it");
        }
        return program.get();
    }

    /**
     * A {@code java} launcher of Java {@code feature} or newer: this JVM's own, or a JDK's under
     * {@code /usr/lib/jvm} (the machines these tests run on carry a Temurin 25 beside the default 17);
     * otherwise skipped or failed as {@link #require} is.
     */
    static Path requireJava(int feature) {
        List<Path> homes = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"))));
        try (Stream<Path> installed = Files.list(Path.of("/usr/lib/jvm"))) {
            installed.sorted().forEach(homes::add);
        } catch (IOException noneInstalled) {
            // only this JVM's own
        }
        for (Path home : homes) {
            Path java = home.resolve("bin/java");
            if (Files.isExecutable(java) && featureVersion(home) >= feature) {
                return java;
            }
        }
        missing("no Java " + feature + " or newer (this JVM's or under /usr/lib/jvm)", "the machine carries one");
        return null;
    }

    /** {@code file}, made by the build only where it can be ({@code how} says when), or skipped / failed. */
    static Path requireBuilt(Path file, String how) {
        if (!Files.exists(file)) {
            missing(file + " was not built: " + how, ".ci/run builds it");
        }
        return file;
    }

    /** Skips the test on a developer machine; fails it in CI, where {@code why} should have held. */
    private static void missing(String message, String why) {
        if (inCi()) {
            fail(message + " (CI=true: " + why + ")");
        }
        Assumptions.assumeTrue(false, message);
    }

    /** The feature release a JDK's {@code release} file names ({@code JAVA_VERSION="25.0.1"}), 0 if none. */
    private static int featureVersion(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                Matcher version = JAVA_VERSION.matcher(line);
                if (version.matches()) {
                    return Integer.parseInt(version.group(1));
                }
            }
        } catch (IOException noReleaseFile) {
            // not a JDK's home
        }
        return 0;
    }

    static boolean inCi() {
        return "true".equals(System.getenv("CI"));
    }

    /** Searches {@code PATH} plus the sbin directories (dockerd lives there, and a non-root PATH may lack them). */
    static Optional<Path> find(String name) {
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    dirs.add(dir);
                }
            }
        }
        dirs.add("/usr/local/sbin");
        dirs.add("/usr/sbin");
        dirs.add("/sbin");
        for (String dir : dirs) {
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
