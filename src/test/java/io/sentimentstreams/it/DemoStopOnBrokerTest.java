package io.sentimentstreams.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
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

    @Test
    void shouldPrintTheSummaryAndWriteTheReportWhenStoppedWithSigterm() throws Exception {
        final Path report = dir.resolve("follow.json");
        try (ChildJvm demo = ChildJvm.start(dir, "demo", List.of("demo", "--follow", "--reviews",
                Integer.toString(REVIEWS), "--rate", "50", "--report", report.toString(), "--log-file",
                dir.resolve("demo.log").toString(), "--cache-dir", dir.resolve("cache").toString()))) {
            Await.until("the demo has scored more than one round of reviews", Duration.ofSeconds(120),
                    () -> PAST_FIRST_ROUND.matcher(demo.stderr()).find() || !demo.isAlive(), demo::stderr);
            assertTrue(demo.isAlive(), () -> "the demo ended by itself:\n" + demo.stderr());
            demo.terminate();
            final boolean exited = demo.awaitExit(Duration.ofSeconds(90));

            assertTrue(exited, () -> "still running 90 s after SIGTERM:\n" + demo.stderr());
            assertEquals(128 + 15, demo.exitValue(), () -> "the usual status after SIGTERM\nstdout:\n"
                    + demo.stdout() + "\nstderr:\n" + demo.stderr());
            final JsonNode json = new ObjectMapper().readTree(report.toFile());
            assertAll(
                    () -> assertTrue(demo.stdout().contains("demo summary"), demo::stdout),
                    () -> assertTrue(demo.stderr().contains("stopping: no more reviews"), demo::stderr),
                    () -> assertTrue(json.get("produced").asLong() > REVIEWS, json::toString),
                    () -> assertEquals(json.get("produced").asLong(), json.get("scored").asLong(), json::toString),
                    () -> assertEquals(0, json.get("missing").asLong()),
                    () -> assertEquals(0, json.get("duplicates").asLong()),
                    () -> assertTrue(Files.size(dir.resolve("follow.png")) > 0, demo::stderr));
        }
    }
}
