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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code demo}, run in-process end to end with two instances, producer and reader, on this test's own broker,
 * so that the outcome is judged by reading the topics here, not from the demo's own tally.
 */
class DemoOnBrokerTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    private static final String PREFIX = "judged";

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
                dir.resolve("empty-cache").toString(), "--log-file", dir.resolve("demo.log").toString(),
                "--bootstrap-servers", BROKER.kafka().bootstrapServers(), "--topic-prefix", PREFIX);

        assertEquals(0, exit, () -> "stdout:\n" + out + "\nstderr:\n" + err);
        final Map<String, Long> scoredByKey;
        final List<ConsumerRecord<String, byte[]>> deadLetters;
        try (TopicReader scores = new TopicReader(BROKER.kafka().bootstrapServers(), PREFIX + "-scores");
             TopicReader dead = new TopicReader(BROKER.kafka().bootstrapServers(), PREFIX + "-dead-letters")) {
            scores.toEnd();
            scoredByKey = scores.countByKey();
            deadLetters = dead.toEnd();
        }
        final JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertAll(
                () -> assertEquals(200, scoredByKey.size(), "200 reviews scored, as a read_committed reader sees"),
                () -> assertEquals(Set.of(1L), Set.copyOf(scoredByKey.values()), "each exactly once"),
                () -> assertEquals(3, deadLetters.size(), "the three bad events"),
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
                () -> assertTrue(Files.exists(dir.resolve("demo.log")), "the log goes to --log-file"),
                () -> assertTrue(Files.size(dir.resolve("r.png")) > 0));
    }
}
