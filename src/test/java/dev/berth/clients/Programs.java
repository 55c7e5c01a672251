package dev.berth.clients;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Assumptions;

/**
 * Finds the container clients these tests drive. On a developer machine a missing program skips
 * its test; in CI ({@code CI=true}) the programs are installed by {@code .ci/run}, so a missing one
 * fails the test instead of silently proving nothing.
 */
final class Programs {

    private Programs() {
    }

    /** The executable named {@code name}, or the test is skipped (locally) or failed (CI). */
    static Path require(String name) {
        Optional<Path> program = find(name);
        if (program.isEmpty()) {
            String message = name + " is not installed";
            if (inCi()) {
                fail(message + " (CI=true: .ci/run should have installed it)");
            }
            Assumptions.assumeTrue(false, message);
        }
        return program.get();
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
