package io.sentimentstreams.app.bench;

import io.sentimentstreams.app.JavaLauncher;
import io.sentimentstreams.app.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code run} command in a JVM of its own, started with this JVM's class path (the application's jar when it
 * runs as {@code java -jar}), so that it can be killed with SIGKILL like a crashed process. Its standard output
 * and error go to one log file.
 */
public final class InstanceProcess implements AutoCloseable {

    /** JVM options of the child, as the container image sets them (JAVA_TOOL_OPTIONS in the Dockerfile). */
    static final List<String> DEFAULT_JAVA_OPTIONS = List.of("-Xss4m");

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    /** The log line of {@code run}'s HTTP endpoints: "Serving /health/live, ... on port N." */
    private static final Pattern SERVING = Pattern.compile("Serving /health/live.* on port (\\d+)\\.");

    private final Process process;
    private final Path log;

    private InstanceProcess(final Process process, final Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code run --role scorer --bootstrap-servers BOOTSTRAP --set KEY=VALUE ...} with {@code settings}, the
     * JVM options {@link #DEFAULT_JAVA_OPTIONS} and then {@code javaOptions}; writes its output to {@code log}. The
     * benchmark sends no labeled reviews, so the measured instance is a scorer alone: no idle trainer client (a
     * second global thread reading the models topic, the trainer's start-up checks) in its capacity or its restart
     * time, as a scorer pod runs in a deployment.
     */
    static InstanceProcess start(final String bootstrapServers, final Map<String, String> settings,
                                 final List<String> javaOptions, final Path log) {
        final String classPath = System.getProperty("java.class.path", "");
        if (classPath.isEmpty()) {
            throw new IllegalStateException("This JVM has no class path to start the instance's JVM with.");
        }
        final List<String> command = new ArrayList<>();
        command.add(JavaLauncher.path());
        command.addAll(DEFAULT_JAVA_OPTIONS);
        command.addAll(javaOptions);
        command.addAll(List.of("-cp", classPath, Main.class.getName(), "run", "--role", "scorer",
                "--bootstrap-servers", bootstrapServers));
        settings.forEach((key, value) -> command.addAll(List.of("--set", key + "=" + value)));
        try {
            return new InstanceProcess(new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start(), log);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot start the processor instance's JVM (" + command.get(0) + "): "
                    + e.getMessage(), e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Its exit code; only once it has exited. */
    int exitValue() {
        return process.exitValue();
    }

    /** The file its output goes to. */
    Path log() {
        return log;
    }

    /** Sends SIGKILL and waits until the process is gone: nothing is closed, flushed or committed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("The instance's JVM still runs " + EXIT_TIMEOUT.toSeconds()
                    + " s after SIGKILL.");
        }
    }

    /**
     * Sends SIGTERM, on which {@code run} closes its streams client cleanly, and waits for the exit; kills it if it
     * has not exited after {@link #EXIT_TIMEOUT}. Returns whether it stopped by itself.
     */
    boolean stop() throws InterruptedException {
        process.destroy();
        if (process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        kill();
        return false;
    }

    /** The port of its HTTP endpoints, as its log announced it; empty until then. */
    OptionalInt httpPort() {
        try {
            if (Files.exists(log)) {
                for (final String line : Files.readAllLines(log)) {
                    final Matcher matcher = SERVING.matcher(line);
                    if (matcher.find()) {
                        return OptionalInt.of(Integer.parseInt(matcher.group(1)));
                    }
                }
            }
        } catch (final IOException | UncheckedIOException e) {
            return OptionalInt.empty();
        }
        return OptionalInt.empty();
    }

    /** The last {@code lines} lines of its output, for an error message. */
    String tail(final int lines) {
        try {
            final List<String> all = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (final IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Kills the process if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
