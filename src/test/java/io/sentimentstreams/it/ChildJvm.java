package io.sentimentstreams.it;

import io.sentimentstreams.app.Main;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.opentest4j.AssertionFailedError;

/**
 * One command of the application ({@link Main}) in a JVM of its own, started with the tests' class path; its
 * standard output and error go to files. {@link #close()} kills it if it is still running.
 */
final class ChildJvm implements AutoCloseable {

    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);

    /** The JVM option that makes a child log as the application does, by logback.xml, not the tests' config. */
    static final String PRODUCTION_LOGGING = "-Dlogback.configurationFile=logback.xml";

    private final Process process;
    private final Path out;
    private final Path err;

    private ChildJvm(final Process process, final Path out, final Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code Main arguments...}; its output goes to {@code dir/<name>-stdout.txt} and {@code -stderr.txt}. */
    static ChildJvm start(final Path dir, final String name, final List<String> arguments) {
        return start(dir, name, List.of(), arguments);
    }

    /** Starts {@code java jvmOptions... Main arguments...}, its output going as in {@link #start(Path, String, List)}. */
    static ChildJvm start(final Path dir, final String name, final List<String> jvmOptions,
                          final List<String> arguments) {
        return start(dir, name, jvmOptions, testClassPath(), Main.class.getName(), arguments);
    }

    /**
     * Starts {@code mainClass arguments...} on the tests' class path without the jars whose file names start with
     * one of {@code excludedJars}; output as in {@link #start(Path, String, List)}.
     */
    static ChildJvm startWithout(final Path dir, final String name, final List<String> excludedJars,
                                 final String mainClass, final List<String> arguments) {
        final String classPath = Arrays.stream(testClassPath().split(File.pathSeparator))
                .filter(entry -> excludedJars.stream().noneMatch(Path.of(entry).getFileName().toString()::startsWith))
                .collect(Collectors.joining(File.pathSeparator));
        return start(dir, name, List.of(), classPath, mainClass, arguments);
    }

    private static ChildJvm start(final Path dir, final String name, final List<String> jvmOptions,
                                  final String classPath, final String mainClass, final List<String> arguments) {
        final List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xss4m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, mainClass));
        command.addAll(arguments);
        final Path out = dir.resolve(name + "-stdout.txt");
        final Path err = dir.resolve(name + "-stderr.txt");
        try {
            return new ChildJvm(new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .start(), out, err);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot start " + command + ": " + e.getMessage(), e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Sends SIGTERM (what Ctrl-C, {@code kill} and Kubernetes send): its shutdown hooks run. */
    void terminate() {
        process.destroy();
    }

    /** Sends SIGKILL and waits until it is gone: no shutdown hook runs, nothing is closed, flushed or committed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(KILL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionFailedError("Still running " + KILL_TIMEOUT.toSeconds() + " s after SIGKILL");
        }
    }

    /** Waits until it has exited; false if it still runs after {@code timeout}. */
    boolean awaitExit(final Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    int exitValue() {
        return process.exitValue();
    }

    /** What it has written to its standard output so far. */
    String stdout() {
        return read(out);
    }

    /** What it has written to its standard error so far (its log). */
    String stderr() {
        return read(err);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Surefire runs tests from a manifest-only jar; the real class path is in its own property. */
    private static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static String read(final Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
