package io.sentimentstreams.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sentimentstreams.app.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo --follow} in its own JVM, stopped with SIGTERM (what Ctrl-C, {@code kill} and Kubernetes send): it
 * stops producing, lets what it produced be scored, prints the summary, writes the report and exits 0.
 */
class DemoStopOnBrokerTest {

    private static final int REVIEWS = 100;
    /** A progress line with more reviews scored than one round holds: --follow goes on past the workload. */
    private static final Pattern PAST_FIRST_ROUND = Pattern.compile("scored +(1[5-9]\\d|[2-9]\\d\\d|\\d{4,}) ");

    @TempDir
    Path dir;

    private Process demo;

    @AfterEach
    void killLeftovers() {
        if (demo != null && demo.isAlive()) {
            demo.destroyForcibly();
        }
    }

    @Test
    void shouldPrintTheSummaryAndWriteTheReportWhenStoppedWithSigterm() throws Exception {
        final Path report = dir.resolve("follow.json");
        final Path out = dir.resolve("stdout.txt");
        final Path err = dir.resolve("stderr.txt");
        demo = new ProcessBuilder(List.of(javaExecutable(), "-Xss4m", "-cp", testClassPath(), Main.class.getName(),
                "demo", "--follow", "--reviews", Integer.toString(REVIEWS), "--rate", "50", "--report", report.toString(),
                "--log-file", dir.resolve("demo.log").toString(), "--cache-dir", dir.resolve("cache").toString()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();

        Await.until("the demo has scored more than one round of reviews", Duration.ofSeconds(120),
                () -> PAST_FIRST_ROUND.matcher(read(err)).find() || !demo.isAlive(), () -> read(err));
        assertTrue(demo.isAlive(), () -> "the demo ended by itself:\n" + read(err));
        demo.destroy(); // SIGTERM
        final boolean exited = demo.waitFor(90, TimeUnit.SECONDS);

        assertTrue(exited, () -> "still running 90 s after SIGTERM:\n" + read(err));
        assertEquals(0, demo.exitValue(), () -> "stdout:\n" + read(out) + "\nstderr:\n" + read(err));
        final JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertAll(
                () -> assertTrue(read(out).contains("demo summary"), () -> read(out)),
                () -> assertTrue(read(err).contains("stopping: no more reviews"), () -> read(err)),
                () -> assertTrue(json.get("produced").asLong() > REVIEWS, json::toString),
                () -> assertEquals(json.get("produced").asLong(), json.get("scored").asLong(), json::toString),
                () -> assertEquals(0, json.get("missing").asLong()),
                () -> assertEquals(0, json.get("duplicates").asLong()),
                () -> assertTrue(Files.size(dir.resolve("follow.png")) > 0));
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
