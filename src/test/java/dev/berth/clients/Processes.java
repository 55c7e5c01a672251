package dev.berth.clients;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.berth.support.ChildProcesses;

/**
 * Runs client programs with a deadline. Output goes to files rather than pipes, so a chatty program
 * can never block on a full pipe, and every failure message carries the command, its exit code and
 * both streams.
 */
final class Processes {

    /** Clients get no stdin: one that prompted would otherwise wait for the timeout. */
    static final File NO_INPUT = new File("/dev/null");

    private Processes() {
    }

    /** What a finished program did. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {

        boolean succeeded() {
            return exitCode == 0;
        }

        /** The command and its output, for assertion messages. */
        String describe() {
            return String.join(" ", command) + "\nexit code: " + exitCode + "\n--- stdout ---\n" + stdout
                    + "\n--- stderr ---\n" + stderr;
        }
    }

    /** Runs {@code command} and fails unless it exits with 0. */
    static Result runOk(Duration timeout, Map<String, String> environment, List<String> command) {
        return runOk(timeout, environment, command, null);
    }

    /** Runs {@code command} with {@code input} as its stdin and fails unless it exits with 0. */
    static Result runOk(Duration timeout, Map<String, String> environment, List<String> command, String input) {
        Result result = run(timeout, environment, command, input);
        if (!result.succeeded()) {
            throw new AssertionError("command failed: " + result.describe());
        }
        return result;
    }

    /** Runs {@code command} to its end, or kills it (and its children) after {@code timeout} and fails. */
    static Result run(Duration timeout, Map<String, String> environment, List<String> command) {
        return run(timeout, environment, command, null);
    }

    /**
     * Runs {@code command} with {@code input} (null: none) as its stdin: how a secret reaches a
     * {@code --password-stdin} login without appearing in the command line or a failure message.
     */
    static Result run(Duration timeout, Map<String, String> environment, List<String> command, String input) {
        Path out = null;
        Path err = null;
        Path in = null;
        try {
            out = Files.createTempFile("berth-proc-", ".out");
            err = Files.createTempFile("berth-proc-", ".err");
            File stdin = NO_INPUT;
            if (input != null) {
                in = Files.createTempFile("berth-proc-", ".in");
                Files.writeString(in, input);
                stdin = in.toFile();
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(stdin));
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process, Duration.ofSeconds(5));
                throw new AssertionError("command timed out after " + timeout + ": "
                        + new Result(command, -1, read(out), read(err)).describe());
            }
            return new Result(List.copyOf(command), process.exitValue(), read(out), read(err));
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
            deleteQuietly(in);
        }
    }

    /**
     * Stops a process politely (SIGTERM), then forcibly, and also every child it had started: a
     * daemon's helpers (dockerd's containerd, shims) would otherwise outlive the test.
     */
    static void kill(Process process, Duration grace) {
        List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
        ChildProcesses.stop(process, grace);
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroy();
                try {
                    child.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    child.destroyForcibly();
                }
            }
        }
    }

    /**
     * Waits until a daemon started as {@code process} answers {@code probe} on {@code socket}; kills
     * it and fails, quoting its log, when it exits or stays silent past {@code startup}.
     */
    static void awaitDaemon(String name, Process process, Path socket, Duration startup,
                            java.util.function.Supplier<Result> probe, Path log) {
        long deadline = System.nanoTime() + startup.toNanos();
        Result last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + read(log));
            }
            if (java.nio.file.Files.exists(socket)) {
                last = probe.get();
                if (last.succeeded()) {
                    return;
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        kill(process, Duration.ofSeconds(20));
        throw new AssertionError(name + " did not answer within " + startup + "; last probe: "
                + (last == null ? "no socket" : last.describe()) + "\n--- " + name + " log ---\n" + read(log));
    }

    /** The last {@code lines} lines of {@code text}: a daemon's log is long, its end is what explains a failure. */
    static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover temp file must not hide the test's outcome
            }
        }
    }
}
