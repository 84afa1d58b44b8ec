package io.sentimentstreams.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sentimentstreams.app.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default {@code demo}, run in-process end to end: embedded broker, two instances, producer and reader. */
class DemoOnBrokerTest {

    /** One progress line, with every field the demo shows. */
    private static final Pattern PROGRESS = Pattern.compile("\\[ *\\d+ s] scored +\\d+ \\( *\\d+/s\\)  latency "
            + "p50 +(-|\\d+ ms) p99 +(-|\\d+ ms)  learned +\\d+  accuracy +(-|[01]\\.\\d{3})  models "
            + "instance-1 v\\d+, instance-2 v\\d+  dead letters \\d+");

    @TempDir
    Path dir;

    @Test
    void shouldScoreEveryReviewExactlyOnceAndDeadLetterTheBadEvents() throws Exception {
        final Path report = dir.resolve("r.json");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();

        final int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "demo", "--reviews", "200", "--report", report.toString(), "--cache-dir",
                dir.resolve("empty-cache").toString(), "--log-file", dir.resolve("demo.log").toString());

        assertEquals(0, exit, () -> "stdout:\n" + out + "\nstderr:\n" + err);
        final JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertAll(
                () -> assertEquals(200, json.get("produced").asLong()),
                () -> assertEquals(json.get("produced").asLong(), json.get("scored").asLong()),
                () -> assertEquals(0, json.get("missing").asLong()),
                () -> assertEquals(0, json.get("duplicates").asLong()),
                () -> assertEquals(3, json.get("deadLettered").asLong(), json::toString),
                () -> assertEquals(192, json.get("learned").asLong(), "every full mini-batch of 32 is learned"),
                () -> assertTrue(json.get("throughputPerSec").asDouble() > 0, json::toString),
                () -> assertTrue(json.get("latencyP50Ms").asDouble() > 0
                        && json.get("latencyP50Ms").asDouble() <= json.get("latencyP99Ms").asDouble(), json::toString),
                () -> assertTrue(json.get("prequentialAccuracy").isNumber()
                        && json.get("prequentialAccuracy").asDouble() >= 0
                        && json.get("prequentialAccuracy").asDouble() <= 1, json::toString),
                () -> assertEquals(Set.of(json.get("modelVersions").get("instance-1").asLong()),
                        Set.of(json.get("modelVersions").get("instance-2").asLong()),
                        () -> "both instances end on the same version: " + json),
                () -> assertTrue(PROGRESS.matcher(err.toString()).find(), () -> "a progress line:\n" + err),
                () -> assertTrue(out.toString().contains("demo summary"), out::toString),
                () -> assertTrue(Files.size(dir.resolve("demo.log")) > 0, "the log went to --log-file"),
                () -> assertTrue(Files.size(dir.resolve("r.png")) > 0));
    }
}
