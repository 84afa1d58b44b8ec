package io.sentimentstreams.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sentimentstreams.app.Main;
import io.sentimentstreams.avro.ModelEvent;
import io.sentimentstreams.avro.ModelEventKind;
import io.sentimentstreams.stream.serde.StreamSerdes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo --scenario}, each run in-process end to end on this test's own broker: the scenario's events must
 * reach the model-events topic, and every review must be scored exactly once or dead-lettered as scored NaN.
 */
class DemoScenarioOnBrokerTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @TempDir
    Path dir;

    @Test
    void shouldRejectStepsAndRollBackInThePoisonScenario() throws Exception {
        final JsonNode json = run("poison", 1_500, 150, ModelEventKind.ROLLBACK, ModelEventKind.STEP_REJECTED);
        assertTrue(json.get("rejectedSteps").asLong() > 0 && json.get("rollbacks").asLong() > 0, json::toString);
    }

    @Test
    void shouldDetectTheDriftInTheDriftScenario() throws Exception {
        final JsonNode json = run("drift", 3_000, 300, ModelEventKind.DRIFT);
        assertTrue(json.get("driftEvents").asLong() > 0, json::toString);
        assertEquals(0, json.get("rollbacks").asLong(), "after a real change no older version comes back");
    }

    @Test
    void shouldPromoteTheChallengerInTheChallengerScenario() throws Exception {
        final JsonNode json = run("challenger", 2_000, 300, ModelEventKind.PROMOTION);
        assertTrue(json.get("promotions").asLong() > 0, json::toString);
    }

    /** Runs the scenario; checks its exit, events, and that no review was lost or duplicated; returns the report. */
    private JsonNode run(final String scenario, final int reviews, final int rate, final ModelEventKind... expected)
            throws Exception {
        final Path report = dir.resolve(scenario + ".json");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();

        final int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "demo", "--scenario", scenario, "--reviews", Integer.toString(reviews),
                "--rate", Integer.toString(rate), "--report", report.toString(),
                "--cache-dir", dir.resolve("empty-cache").toString(), "--log-file",
                dir.resolve(scenario + ".log").toString(), "--bootstrap-servers", BROKER.kafka().bootstrapServers(),
                "--topic-prefix", scenario);

        assertEquals(0, exit, () -> "stdout:\n" + out + "\nstderr:\n" + err);
        final Map<String, Long> scoredByKey;
        final List<ConsumerRecord<String, byte[]>> events;
        try (TopicReader scores = new TopicReader(BROKER.kafka().bootstrapServers(), scenario + "-scores");
             TopicReader modelEvents = new TopicReader(BROKER.kafka().bootstrapServers(),
                     scenario + "-model-events")) {
            scores.toEnd();
            scoredByKey = scores.countByKey();
            events = modelEvents.toEnd();
        }
        final Set<ModelEventKind> kinds = events.stream()
                .map(r -> StreamSerdes.create().events().deserializer().deserialize(null, r.value()))
                .map(ModelEvent::getKind).collect(java.util.stream.Collectors.toSet());
        final JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertAll(
                () -> assertTrue(kinds.containsAll(List.of(expected)), () -> "events " + kinds + "\n" + err),
                () -> assertEquals(Set.of(1L), Set.copyOf(scoredByKey.values()), "each scored at most once"),
                () -> assertEquals(json.get("produced").asLong(), scoredByKey.size() + json.get("nanScores").asLong(),
                        json::toString),
                () -> assertEquals(0, json.get("missing").asLong()),
                () -> assertEquals(0, json.get("duplicates").asLong()),
                () -> assertEquals(scenario, json.get("scenario").asText()),
                () -> assertTrue(Files.size(dir.resolve(scenario + ".png")) > 0));
        return json;
    }
}
