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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default {@code demo}, run in-process end to end: embedded broker, two instances, producer and reader. */
class DemoOnBrokerTest {

    @TempDir
    Path dir;

    @Test
    void shouldScoreEveryReviewExactlyOnceAndDeadLetterTheBadEvents() throws Exception {
        final Path report = dir.resolve("r.json");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();

        final int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "demo", "--reviews", "200", "--report", report.toString(), "--cache-dir",
                dir.resolve("empty-cache").toString());

        assertEquals(0, exit, () -> "stdout:\n" + out + "\nstderr:\n" + err);
        final JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertAll(
                () -> assertEquals(200, json.get("produced").asLong()),
                () -> assertEquals(json.get("produced").asLong(), json.get("scored").asLong()),
                () -> assertEquals(0, json.get("missing").asLong()),
                () -> assertEquals(0, json.get("duplicates").asLong()),
                () -> assertTrue(json.get("deadLettered").asLong() >= 3, () -> json.toString()),
                () -> assertEquals(192, json.get("learned").asLong(), "every full mini-batch of 32 is learned"),
                () -> assertTrue(json.get("modelVersions").has("instance-1")),
                () -> assertTrue(json.get("modelVersions").has("instance-2")),
                () -> assertTrue(Files.size(dir.resolve("r.png")) > 0));
    }
}
