package io.sentimentstreams.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sentimentstreams.app.demo.SyntheticReviews;
import io.sentimentstreams.avro.ModelSnapshot;
import io.sentimentstreams.model.ModelFile;
import io.sentimentstreams.text.corpus.Review;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The online trainer learning the language-model objective on the reviews topic ({@code training.unlabeled.*}). */
class UnlabeledTrainingTopologyTest {

    private static final Map<String, String> UNLABELED = with(OnlineTrainingTopologyTest.TRAINING, Map.of(
            StreamsSettings.TRAINING_UNLABELED_WEIGHT, "0.5",
            StreamsSettings.TRAINING_UNLABELED_BATCH_SIZE, "8"));
    private static final List<Review> LABELED = SyntheticReviews.generate(480, 5);
    private static final List<Review> TEXTS = SyntheticReviews.generateUnlabeled(240, 6);

    @TempDir
    Path stateDir;

    @Test
    void shouldTakeALanguageModelStepAfterEachLabeledStepThatChangesTheNextSnapshot() {
        final byte[] withReviews;
        final byte[] withoutReviews;
        try (StreamFixture fixture = new StreamFixture(stateDir.resolve("with"), UNLABELED)) {
            pipe(fixture, 0, 160, true);
            withReviews = model(OnlineTrainingTopologyTest.snapshots(fixture).get(0));
            assertEquals(10, Metrics.value(fixture.driver, StreamMetrics.UNLABELED_STEPS_TOTAL, Map.of()),
                    "one language-model step after each of the 10 labeled steps: a batch of 8 was ready each time");
            final double loss = Metrics.value(fixture.driver, StreamMetrics.UNLABELED_LOSS, Map.of());
            assertTrue(loss > 0 && Double.isFinite(loss), "mean loss " + loss);
            assertEquals(0, Metrics.value(fixture.driver, StreamMetrics.UNLABELED_DROPPED_TOTAL, Map.of()));
        }
        try (StreamFixture fixture = new StreamFixture(stateDir.resolve("without"), UNLABELED)) {
            pipe(fixture, 0, 160, false);
            withoutReviews = model(OnlineTrainingTopologyTest.snapshots(fixture).get(0));
            assertEquals(0, Metrics.value(fixture.driver, StreamMetrics.UNLABELED_STEPS_TOTAL, Map.of()));
        }
        final float[] embeddingWith = embedding(withReviews);
        final float[] embeddingWithout = embedding(withoutReviews);
        assertFalse(java.util.Arrays.equals(embeddingWith, embeddingWithout),
                "the unlabeled reviews moved the shared embedding of the published model");
    }

    @Test
    void shouldIgnoreTheReviewsTopicWhenTheWeightIsZero() {
        final byte[] withReviews;
        final byte[] withoutReviews;
        try (StreamFixture fixture = new StreamFixture(stateDir.resolve("with"), OnlineTrainingTopologyTest.TRAINING)) {
            pipe(fixture, 0, 160, true);
            withReviews = model(OnlineTrainingTopologyTest.snapshots(fixture).get(0));
            assertThrows(AssertionError.class,
                    () -> Metrics.value(fixture.driver, StreamMetrics.UNLABELED_STEPS_TOTAL, Map.of()));
        }
        try (StreamFixture fixture = new StreamFixture(stateDir.resolve("without"),
                OnlineTrainingTopologyTest.TRAINING)) {
            pipe(fixture, 0, 160, false);
            withoutReviews = model(OnlineTrainingTopologyTest.snapshots(fixture).get(0));
        }
        assertArrayEquals(withoutReviews, withReviews);
    }

    @Test
    void shouldKeepOnlyTheNewestFullBatchWhenReviewsOutpaceTheTrainer() {
        try (StreamFixture fixture = new StreamFixture(stateDir, UNLABELED)) {
            for (int i = 0; i < 44; i++) {
                fixture.pipeReview("u-" + i, TEXTS.get(i).text());
            }
            assertEquals(32, Metrics.value(fixture.driver, StreamMetrics.UNLABELED_DROPPED_TOTAL, Map.of()),
                    "5 full batches of 8 came before any labeled step: the 4 older ones were replaced");
            pipeLabeled(fixture, 0, 16);
            assertEquals(1, Metrics.value(fixture.driver, StreamMetrics.UNLABELED_STEPS_TOTAL, Map.of()));
            pipeLabeled(fixture, 16, 32);
            assertEquals(1, Metrics.value(fixture.driver, StreamMetrics.UNLABELED_STEPS_TOTAL, Map.of()),
                    "no full batch waited for the second labeled step (4 texts are still filling one)");
        }
    }

    @Test
    void shouldLearnUnlabeledReviewsWhileNoLabeledReviewsArrive() {
        try (StreamFixture fixture = new StreamFixture(stateDir, UNLABELED)) {
            for (int i = 0; i < 8; i++) {
                fixture.pipeReview("u-" + i, TEXTS.get(i).text());
            }
            assertEquals(0, Metrics.value(fixture.driver, StreamMetrics.UNLABELED_STEPS_TOTAL, Map.of()));
            fixture.driver.advanceWallClockTime(java.time.Duration.ofSeconds(1));
            assertEquals(1, Metrics.value(fixture.driver, StreamMetrics.UNLABELED_STEPS_TOTAL, Map.of()),
                    "the trainer's punctuation took the waiting batch");
            assertTrue(OnlineTrainingTopologyTest.snapshots(fixture).isEmpty(), "no labeled step, no snapshot");
        }
    }

    @Test
    void shouldSkipMalformedReviewsThatTheScorerDeadLetters() {
        try (StreamFixture fixture = new StreamFixture(stateDir, UNLABELED)) {
            fixture.reviews.pipeInput("bad", new byte[] {1, 2, 3});
            fixture.pipeReview("empty", " ");
            assertEquals(2, fixture.deadLetters.readValuesToList().size(), "dead-lettered once each, by the scorer");
            assertEquals(2, Metrics.value(fixture.driver, StreamMetrics.UNLABELED_SKIPPED_TOTAL, Map.of()));
        }
    }

    @Test
    void shouldResumeTheLanguageModelExactlyAfterARestart() {
        final byte[] uninterrupted;
        final List<KeyValue<byte[], byte[]>> log;
        final List<KeyValue<String, byte[]>> checkpoints;
        try (StreamFixture fixture = new StreamFixture(stateDir.resolve("uninterrupted"), UNLABELED)) {
            pipe(fixture, 0, 480, true);
            uninterrupted = model(OnlineTrainingTopologyTest.snapshots(fixture).get(2));
        }
        try (StreamFixture fixture = new StreamFixture(stateDir.resolve("interrupted"), UNLABELED)) {
            pipe(fixture, 0, 160, true);   // stops just after the snapshot at 160: the steps since are not replayed
            log = fixture.driver.createOutputTopic("sentiment-test-training-log-changelog",
                    new ByteArrayDeserializer(), new ByteArrayDeserializer()).readKeyValuesToList();
            checkpoints = fixture.driver.createOutputTopic("sentiment-test-trainer-state-changelog",
                    new StringDeserializer(), new ByteArrayDeserializer()).readKeyValuesToList();
        }
        assertTrue(checkpoints.stream().anyMatch(kv -> kv.key.equals(UnlabeledLearning.STATE_KEY)));
        final StreamsSettings settings = StreamFixture.tinySettings(stateDir.resolve("resumed"), UNLABELED);
        final MockProcessorContext<Object, Object> context = new MockProcessorContext<>(settings.streamsProperties());
        context.setCurrentSystemTimeMs(StreamFixture.START.toEpochMilli());
        final KeyValueStore<Bytes, byte[]> logStore = store(context, SentimentTopology.TRAINING_LOG_STORE,
                Serdes.Bytes());
        log.forEach(kv -> logStore.put(Bytes.wrap(kv.key), kv.value));
        final KeyValueStore<String, byte[]> stateStore = store(context, SentimentTopology.TRAINER_STATE_STORE,
                Serdes.String());
        checkpoints.forEach(kv -> stateStore.put(kv.key, kv.value));
        final UnlabeledBatches batches = new UnlabeledBatches(8);
        final TrainingProcessor processor = new TrainingProcessor(settings, StreamFixture.SERDES.labeled(),
                ModelRegistry.withInitialModel(settings, 0), new ModelLineWatch(),
                SentimentTopology.TRAINING_LOG_STORE, SentimentTopology.TRAINER_STATE_STORE, batches);
        processor.init(context);
        for (int i = 160; i < LABELED.size(); i++) {
            if (i % 2 == 0) {
                batches.offer(TEXTS.get(i / 2).text());
            }
            context.setRecordMetadata("labeled-reviews", 0, i);
            processor.process(new Record<>(new byte[0], StreamFixture.accepted(
                    OnlineTrainingTopologyTest.labeled(i, LABELED.get(i))), 0L));
        }
        final List<ModelSnapshot> resumed = context.forwarded().stream()
                .map(f -> (ModelSnapshot) f.record().value()).toList();
        assertEquals(List.of(2L, 3L), resumed.stream().map(ModelSnapshot::getVersion).toList());
        assertArrayEquals(uninterrupted, model(resumed.get(1)), "the same weights as without the restart");
    }

    /** Labeled reviews {@code from} to {@code to}, each even one preceded by an unlabeled review if asked. */
    private static void pipe(final StreamFixture fixture, final int from, final int to, final boolean reviews) {
        for (int i = from; i < to; i++) {
            if (reviews && i % 2 == 0) {
                fixture.pipeReview("u-" + i / 2, TEXTS.get(i / 2).text());
            }
            pipeLabeled(fixture, i, i + 1);
        }
    }

    private static void pipeLabeled(final StreamFixture fixture, final int from, final int to) {
        for (int i = from; i < to; i++) {
            fixture.labeled.pipeInput("l-" + i, StreamFixture.encode(OnlineTrainingTopologyTest.labeled(i,
                    LABELED.get(i))));
        }
    }

    private static float[] embedding(final byte[] model) {
        return ModelFile.fromBytes(model).network().params().get(0).value().dup('c').data().asFloat();
    }

    private static byte[] model(final ModelSnapshot snapshot) {
        final ByteBuffer buffer = snapshot.getModel().duplicate();
        final byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static <K> KeyValueStore<K, byte[]> store(final MockProcessorContext<?, ?> context, final String name,
                                                      final org.apache.kafka.common.serialization.Serde<K> keys) {
        final KeyValueStore<K, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keys,
                Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    private static Map<String, String> with(final Map<String, String> base, final Map<String, String> more) {
        final Map<String, String> all = new HashMap<>(base);
        all.putAll(more);
        return Map.copyOf(all);
    }
}
