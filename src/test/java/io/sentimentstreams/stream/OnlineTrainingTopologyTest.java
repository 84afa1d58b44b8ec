package io.sentimentstreams.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sentimentstreams.app.demo.LexiconBaseline;
import io.sentimentstreams.app.demo.SyntheticReviews;
import io.sentimentstreams.avro.LabeledReview;
import io.sentimentstreams.avro.ModelSnapshot;
import io.sentimentstreams.model.ModelFile;
import io.sentimentstreams.model.SentimentModel;
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

class OnlineTrainingTopologyTest {

    static final Map<String, String> TRAINING = Map.of(
            StreamsSettings.TEXT_MAX_CHARS, "100000",
            StreamsSettings.TEXT_MAX_TOKENS, "60",
            StreamsSettings.MODEL_HASHING_BUCKETS, "2000",
            StreamsSettings.MODEL_EMBEDDING, "16",
            StreamsSettings.MODEL_HIDDEN, "16",
            StreamsSettings.TRAINING_BATCH_SIZE, "16",
            StreamsSettings.TRAINING_LEARNING_RATE, "0.02",
            StreamsSettings.TRAINING_SNAPSHOT_EVERY_STEPS, "10",
            StreamsSettings.TRAINING_WINDOW_RECORDS, "160");

    @TempDir
    Path stateDir;

    @Test
    void shouldRaisePrequentialAccuracyOnALearnableStream() {
        try (StreamFixture fixture = new StreamFixture(stateDir, TRAINING)) {
            final List<Review> stream = SyntheticReviews.generate(1_600, 11);
            pipeLabeled(fixture, stream);
            final List<ModelSnapshot> snapshots = snapshots(fixture);
            assertEquals(10, snapshots.size(), "one snapshot every 10 steps of 16 reviews");
            final double first = snapshots.get(0).getPrequentialAccuracy();
            final double last = snapshots.get(snapshots.size() - 1).getPrequentialAccuracy();
            final double counting = LexiconBaseline.accuracy(stream.subList(1_440, 1_600));
            assertTrue(last > counting && last > first + 0.15, "prequential accuracy went from " + first + " to "
                    + last + "; word counting on the last window: " + counting);
            assertEquals(last, Metrics.value(fixture.driver, StreamMetrics.PREQUENTIAL_ACCURACY, Map.of()));
        }
    }

    @Test
    void shouldPublishSnapshotsWithLineage() {
        try (StreamFixture fixture = new StreamFixture(stateDir, TRAINING)) {
            pipeLabeled(fixture, SyntheticReviews.generate(320, 11));
            final List<ModelSnapshot> snapshots = snapshots(fixture);
            assertEquals(2, snapshots.size());
            final ModelSnapshot second = snapshots.get(1);
            assertEquals(2, second.getVersion());
            assertEquals(1, second.getParentVersion());
            assertEquals(20, second.getTrainingSteps());
            assertEquals(320, second.getExamplesSeen());
            assertEquals(42, second.getSeed());
            assertEquals(320L, second.getLabelOffsets().get(0).getOffset());
            assertEquals("labeled-reviews", second.getLabelOffsets().get(0).getTopic());
        }
    }

    @Test
    void shouldScoreWithTheModelTheTrainerPublished() {
        try (StreamFixture fixture = new StreamFixture(stateDir, TRAINING)) {
            pipeLabeled(fixture, SyntheticReviews.generate(160, 11));
            fixture.pipeReview("r-0", "a review after the first snapshot");
            fixture.driver.advanceWallClockTime(java.time.Duration.ofMillis(50));
            assertEquals(1, fixture.scores.readValue().getModelVersion());
        }
    }

    @Test
    void shouldResumeTrainingExactlyAfterARestart() {
        final List<Review> reviews = SyntheticReviews.generate(480, 5);
        final byte[] uninterrupted;
        final List<KeyValue<byte[], byte[]>> log;
        final List<KeyValue<String, byte[]>> checkpoints;
        try (StreamFixture fixture = new StreamFixture(stateDir, TRAINING)) {
            pipeLabeled(fixture, reviews);
            uninterrupted = model(snapshots(fixture).get(2));
        }
        try (StreamFixture fixture = new StreamFixture(stateDir, TRAINING)) {
            pipeLabeled(fixture, reviews.subList(0, 250));   // a snapshot at 160, 90 reviews logged since
            log = fixture.driver.createOutputTopic("sentiment-test-training-log-changelog",
                    new ByteArrayDeserializer(), new ByteArrayDeserializer()).readKeyValuesToList();
            checkpoints = fixture.driver.createOutputTopic("sentiment-test-trainer-state-changelog",
                    new StringDeserializer(), new ByteArrayDeserializer()).readKeyValuesToList();
        }
        final StreamsSettings settings = StreamFixture.tinySettings(stateDir, TRAINING);
        final MockProcessorContext<Object, Object> context =
                new MockProcessorContext<>(settings.streamsProperties());
        context.setCurrentSystemTimeMs(StreamFixture.START.toEpochMilli());
        final KeyValueStore<Bytes, byte[]> logStore = store(context, SentimentTopology.TRAINING_LOG_STORE,
                Serdes.Bytes());
        log.forEach(kv -> logStore.put(Bytes.wrap(kv.key), kv.value));
        final KeyValueStore<String, byte[]> stateStore = store(context, SentimentTopology.TRAINER_STATE_STORE,
                Serdes.String());
        checkpoints.forEach(kv -> stateStore.put(kv.key, kv.value));
        final TrainingProcessor processor = new TrainingProcessor(settings, StreamFixture.SERDES.labeled(),
                ModelRegistry.withInitialModel(settings, 0), new ModelLineWatch(), SentimentTopology.TRAINING_LOG_STORE,
                SentimentTopology.TRAINER_STATE_STORE);
        processor.init(context);
        for (int i = 250; i < reviews.size(); i++) {
            context.setRecordMetadata("labeled-reviews", 0, i);
            processor.process(new Record<>(new byte[0], StreamFixture.accepted(labeled(i, reviews.get(i))), 0L));
        }
        final List<ModelSnapshot> resumed = context.forwarded().stream()
                .map(f -> (ModelSnapshot) f.record().value()).toList();
        assertEquals(List.of(2L, 3L), resumed.stream().map(ModelSnapshot::getVersion).toList());
        assertArrayEquals(uninterrupted, model(resumed.get(1)), "the same weights as without the restart");
    }

    @Test
    void shouldContinueFromANewerPublishedModel() {
        try (StreamFixture fixture = new StreamFixture(stateDir, TRAINING)) {
            final List<Review> reviews = SyntheticReviews.generate(320, 11);
            pipeLabeled(fixture, reviews.subList(0, 160));   // the trainer publishes version 1
            final SentimentModel offline = otherModel();
            fixture.models.pipeInput(fixture.settings.modelLine(), StreamFixture.encode(
                    ModelReplicationTopologyTest.snapshot(5, ModelFile.toBytes(offline))));
            pipeLabeled(fixture, reviews.subList(160, 320));

            final List<ModelSnapshot> snapshots = snapshots(fixture);
            assertEquals(List.of(1L, 6L), snapshots.stream().map(ModelSnapshot::getVersion).toList());
            assertEquals(5, snapshots.get(1).getParentVersion());
            assertEquals(offline.network().config(), ModelFile.fromBytes(model(snapshots.get(1))).network().config(),
                    "trained from the published model's weights");
        }
    }

    @Test
    void shouldNeverReuseAVersionSeenOnTheModelsTopic() {
        try (StreamFixture fixture = new StreamFixture(stateDir, TRAINING)) {
            final byte[] corrupt = ModelFile.toBytes(otherModel());
            corrupt[corrupt.length / 2] ^= 0x55;
            fixture.models.pipeInput(fixture.settings.modelLine(), StreamFixture.encode(
                    ModelReplicationTopologyTest.snapshot(9, corrupt)));
            fixture.models.pipeInput(fixture.settings.modelLine(), StreamFixture.encode(
                    ModelReplicationTopologyTest.snapshot(2, ModelFile.toBytes(otherModel()))));
            pipeLabeled(fixture, SyntheticReviews.generate(160, 11));

            final List<ModelSnapshot> snapshots = snapshots(fixture);
            assertEquals(List.of(10L), snapshots.stream().map(ModelSnapshot::getVersion).toList(),
                    "after version 9, unusable as it is");
            assertEquals(2, snapshots.get(0).getParentVersion(), "trained from version 2, the newest usable one");
        }
    }

    @Test
    void shouldContinueFromAnotherModelPublishedUnderItsOwnVersion() {
        // The trainer publishes version 1 while another publisher takes the same number, and the other record
        // reaches the models topic first: every instance scores with it, so the trainer must continue from it.
        final StreamsSettings settings = StreamFixture.tinySettings(stateDir, TRAINING);
        final MockProcessorContext<Object, Object> context = new MockProcessorContext<>(settings.streamsProperties());
        context.setCurrentSystemTimeMs(StreamFixture.START.toEpochMilli());
        store(context, SentimentTopology.TRAINING_LOG_STORE, Serdes.Bytes());
        store(context, SentimentTopology.TRAINER_STATE_STORE, Serdes.String());
        final ModelRegistry registry = ModelRegistry.withInitialModel(settings, 0);
        final ModelLineWatch watch = new ModelLineWatch();
        final TrainingProcessor processor = new TrainingProcessor(settings, StreamFixture.SERDES.labeled(), registry,
                watch, SentimentTopology.TRAINING_LOG_STORE, SentimentTopology.TRAINER_STATE_STORE);
        processor.init(context);
        final List<Review> reviews = SyntheticReviews.generate(320, 11);
        for (int i = 0; i < 160; i++) {
            processor.process(new Record<>(new byte[0], StreamFixture.accepted(labeled(i, reviews.get(i))), 0L));
        }
        final SentimentModel other = otherModel();
        registry.offer(new ModelRegistry.LoadedModel(other, 1, 0, StreamFixture.START.toEpochMilli() - 1));
        watch.sawVersion(1);
        for (int i = 160; i < 320; i++) {
            processor.process(new Record<>(new byte[0], StreamFixture.accepted(labeled(i, reviews.get(i))), 0L));
        }

        final List<ModelSnapshot> published = context.forwarded().stream()
                .map(f -> (ModelSnapshot) f.record().value()).toList();
        assertEquals(List.of(1L, 2L), published.stream().map(ModelSnapshot::getVersion).toList());
        assertEquals(other.network().config(), ModelFile.fromBytes(model(published.get(1))).network().config(),
                "version 2 is trained from the other version 1");
    }

    /** A model of another architecture than the trainer's (hidden size 4), so its descendants are recognisable. */
    private SentimentModel otherModel() {
        final Map<String, String> other = new HashMap<>(TRAINING);
        other.put(StreamsSettings.MODEL_HIDDEN, "4");
        return StreamFixture.tinySettings(stateDir, other).initialModel().create();
    }

    private static <K> KeyValueStore<K, byte[]> store(final MockProcessorContext<?, ?> context, final String name,
                                                      final org.apache.kafka.common.serialization.Serde<K> keys) {
        final KeyValueStore<K, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keys,
                Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    static void pipeLabeled(final StreamFixture fixture, final List<Review> reviews) {
        for (int i = 0; i < reviews.size(); i++) {
            fixture.labeled.pipeInput("l-" + i, StreamFixture.encode(labeled(i, reviews.get(i))));
        }
    }

    static LabeledReview labeled(final int i, final Review review) {
        return LabeledReview.newBuilder().setReview(StreamFixture.review("l-" + i, review.text()))
                .setLabel(review.label()).build();
    }

    static List<ModelSnapshot> snapshots(final StreamFixture fixture) {
        return fixture.snapshots.readValuesToList().stream()
                .map(bytes -> StreamFixture.SERDES.snapshots().deserializer().deserialize(null, bytes)).toList();
    }

    private static byte[] model(final ModelSnapshot snapshot) {
        final ByteBuffer buffer = snapshot.getModel().duplicate();
        final byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
