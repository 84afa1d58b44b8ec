package io.sentimentstreams.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sentimentstreams.app.Main;
import io.sentimentstreams.app.demo.SyntheticReviews;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench-stream} end to end on a real broker: in-process scoring, an instance in its own JVM at capacity and at
 * half of it, killed with SIGKILL and replaced; a small workload and a small model, so only the shape of the results
 * is checked, never a speed.
 */
class BenchStreamOnBrokerTest {

    private static final int REVIEWS = 300;

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @TempDir
    Path dir;

    @Test
    void shouldMeasureEveryPhaseAndWriteTheResultsAsJson() throws Exception {
        final Path data = dir.resolve("reviews.tsv");
        Files.write(data, SyntheticReviews.generate(REVIEWS, 11).stream().map(r -> r.label() + "\t" + r.text())
                .toList());
        final Path json = dir.resolve("out/bench.json");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();

        final int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "bench-stream",
                "--bootstrap-servers", BROKER.kafka().bootstrapServers(), "--data", data.toString(),
                "--reviews", Integer.toString(REVIEWS), "--json", json.toString(),
                "--log-dir", dir.resolve("logs").toString(),
                "--set", "model.embedding=16", "--set", "model.hidden=16", "--set", "model.hashing.buckets=4096");

        assertEquals(0, code, () -> out + "\n" + err);
        assertTrue(out.toString().startsWith("bench-stream summary"), out::toString);
        final JsonNode result = new ObjectMapper().readTree(json.toFile());
        final double inProcess = result.get("inProcessPerSec").asDouble();
        final double capacity = result.get("capacityPerSec").asDouble();
        assertTrue(inProcess > 0 && capacity > 0, result::toPrettyString);
        assertEquals(capacity / inProcess, result.get("ratio").asDouble(), 0.01, result::toPrettyString);
        assertEquals(capacity / 2, result.get("loadPerSec").asDouble(), 0.01, result::toPrettyString);
        final double p50 = result.get("p50Ms").asDouble();
        final double p99 = result.get("p99Ms").asDouble();
        assertTrue(p50 >= 0 && p50 <= p99 && p99 < 60_000, result::toPrettyString);
        assertEquals("exactly_once_v2", result.get("guarantee").asText());
        final long restart = result.get("restartToScoringMs").asLong();
        assertTrue(restart > 0 && restart < 180_000, result::toPrettyString);
        assertEquals(0, result.get("missing").asLong(), "every review sent is scored");
        assertEquals(0, result.get("duplicates").asLong(), "no review is scored twice");
        assertEquals(REVIEWS, result.get("reviews").asInt());
    }
}
