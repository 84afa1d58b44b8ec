package io.sentimentstreams.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sentimentstreams.stream.StreamsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code run} refuses, in one line and with status 1, to start a trainer that cannot work on these brokers. */
class StartupChecksOnBrokerTest {

    private static final Duration EXIT_WITHIN = Duration.ofSeconds(60);

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @TempDir
    Path dir;

    private StreamsSettings settings(final String prefix, final Map<String, String> overrides) {
        return StreamsInstance.settings(BROKER.kafka(), prefix, dir.resolve("state"), prefix + "-instance", overrides);
    }

    /** The lines of its log that are not INFO: the error line alone. */
    private static List<String> runAndFail(final Path dir, final StreamsSettings settings) throws Exception {
        try (ChildJvm run = ChildJvm.start(dir, "run", List.of(ChildJvm.PRODUCTION_LOGGING),
                RunArguments.of(settings))) {
            assertTrue(run.awaitExit(EXIT_WITHIN), () -> "it refuses to start; its log:\n" + run.stderr());
            assertEquals(1, run.exitValue(), run::stderr);
            return run.stderr().lines().filter(line -> !line.contains(" INFO ")).toList();
        }
    }

    @Test
    void shouldRefuseALabeledReviewsTopicOfTwoPartitions() throws Exception {
        final StreamsSettings settings = settings("two", Map.of());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                BROKER.kafka().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(settings.topics().labeledReviews(), 2, (short) 1))).all()
                    .get(30, TimeUnit.SECONDS);
        }
        BROKER.kafka().createTopics(settings);

        assertEquals(List.of("error: topic 'two-labeled-reviews' has 2 partitions; the trainer needs exactly 1:"
                + " recreate it with one partition"), runAndFail(dir, settings));
    }

    @Test
    void shouldRefuseACheckpointLargerThanTheProducersBufferMemory() throws Exception {
        final StreamsSettings settings = settings("buffer", Map.of("producer.buffer.memory", "65536"));
        BROKER.kafka().createTopics(settings);

        final List<String> lines = runAndFail(dir, settings);
        assertEquals(1, lines.size(), lines::toString);
        assertTrue(lines.get(0).matches("error: the trainer's checkpoint \\(\\d+\\.\\d MiB for model.cell=gru,"
                + " model.hashing.buckets=4096, model.embedding=16, model.hidden=16\\) exceeds the producer's"
                + " buffer.memory \\(0.1 MiB\\): raise producer.buffer.memory, or make the model smaller"), lines.get(0));
    }
}
