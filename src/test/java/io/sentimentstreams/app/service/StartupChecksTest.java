package io.sentimentstreams.app.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sentimentstreams.stream.StreamsSettings;
import io.sentimentstreams.stream.TrainerStateSize;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/** The trainer's start-up checks on given facts (no broker), and the sizes they compare. */
class StartupChecksTest {

    private static final StreamsSettings SMALL = StreamsSettings.of(Map.of(StreamsSettings.MODEL_HASHING_BUCKETS,
            "1000", StreamsSettings.MODEL_EMBEDDING, "16", StreamsSettings.MODEL_HIDDEN, "16"));
    private static final TrainerStateSize SIZE = new TrainerStateSize(8 << 20, (8 << 20) + 65_536, 25 << 20);
    private static final long ROOMY = 1L << 30;

    private static StartupChecks.Facts facts(final int partitions, final long maxRequest, final long buffer,
                                             final long models, final OptionalLong changelog) {
        return new StartupChecks.Facts(partitions, maxRequest, buffer, models, changelog);
    }

    @Test
    void shouldPassWhenEverythingFits() {
        assertEquals(List.of(), StartupChecks.problems(SMALL, SIZE, facts(1, ROOMY, ROOMY, ROOMY, OptionalLong.empty())));
    }

    @Test
    void shouldRefuseALabeledTopicOfMoreThanOnePartition() {
        assertEquals(List.of("topic 'labeled-reviews' has 2 partitions; the trainer needs exactly 1: recreate it with"
                + " one partition"), StartupChecks.problems(SMALL, SIZE, facts(2, ROOMY, ROOMY, ROOMY,
                OptionalLong.empty())));
    }

    @Test
    void shouldRefuseACheckpointLargerThanTheProducersBufferMemory() {
        final List<String> problems = StartupChecks.problems(SMALL, SIZE, facts(1, ROOMY, 24 << 20, ROOMY,
                OptionalLong.empty()));

        assertEquals(1, problems.size());
        assertEquals("the trainer's checkpoint (25.0 MiB for model.cell=gru, model.hashing.buckets=1000,"
                + " model.embedding=16, model.hidden=16) exceeds the producer's buffer.memory (24.0 MiB): raise"
                + " producer.buffer.memory, or make the model smaller", problems.get(0));
    }

    @Test
    void shouldRefuseACheckpointLargerThanTheProducersMaxRequestSize() {
        final List<String> problems = StartupChecks.problems(SMALL, SIZE, facts(1, 1 << 20, ROOMY, ROOMY,
                OptionalLong.empty()));

        assertTrue(problems.get(0).contains("exceeds the producer's max.request.size (1.0 MiB)"), problems.toString());
    }

    @Test
    void shouldRefuseASnapshotLargerThanTheModelsTopicAccepts() {
        final List<String> problems = StartupChecks.problems(SMALL, SIZE, facts(1, ROOMY, ROOMY, 1 << 20,
                OptionalLong.empty()));

        assertEquals(List.of("the trainer's model snapshot (8.1 MiB) exceeds max.message.bytes of topic 'models'"
                + " (1.0 MiB): raise the topic's max.message.bytes"), problems);
    }

    @Test
    void shouldRefuseACheckpointLargerThanAnExistingChangelogAccepts() {
        final List<String> problems = StartupChecks.problems(SMALL, SIZE, facts(1, ROOMY, ROOMY, ROOMY,
                OptionalLong.of(1 << 20)));

        assertTrue(problems.get(0).contains("exceeds max.message.bytes of topic"
                + " 'sentiment-streams-trainer-trainer-state-changelog' (1.0 MiB)"), problems.toString());
    }

    @Test
    void shouldMeasureACheckpointOfTheModelAndBothAdamMoments() {
        final TrainerStateSize size = TrainerStateSize.of(SMALL);
        final long parameters = (1000 + 2) * 16 + 3 * (16 * 16 + 16 * 16 + 16) + 16 * 2 + 2;   // wE, GRU, wYh, bY

        assertTrue(size.modelBytes() > 4 * parameters, size.toString());
        assertTrue(size.checkpointBytes() > size.modelBytes() + 8 * parameters, size.toString());
        assertTrue(size.checkpointBytes() < size.modelBytes() + 8 * parameters + 64 * 1024, size.toString());
        assertTrue(size.snapshotBytes() > size.modelBytes(), size.toString());
    }

    @Test
    void shouldReadTheTrainersProducerLimitsWithKafkasDefaults() {
        final ProducerConfig config = StartupChecks.producerConfig(StreamsSettings.of(Map.of(
                "producer.buffer.memory", "1234567")));

        assertEquals(1234567L, config.getLong(ProducerConfig.BUFFER_MEMORY_CONFIG));
        assertEquals(StreamsSettings.defaults().trainerStateMaxBytes(),
                config.getInt(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
    }
}
