package io.sentimentstreams.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sentimentstreams.app.demo.SyntheticReviews;
import io.sentimentstreams.avro.ModelEvent;
import io.sentimentstreams.avro.ModelEventKind;
import io.sentimentstreams.avro.ModelSnapshot;
import io.sentimentstreams.model.ModelFile;
import io.sentimentstreams.model.OnlineTrainer;
import io.sentimentstreams.model.SentimentModel;
import io.sentimentstreams.nn.CellType;
import io.sentimentstreams.text.corpus.Review;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer's guards in the topology, with fixed seeds and the driver's clock: drift detection, the promotion
 * gate, rollback and the challenger line, each seen on the models and model-events topics and in the metrics; and
 * that a held candidate and the challenger line survive a restart of the trainer: the first driver's state-store
 * changelogs are loaded into a new processor, which must go on exactly as the uninterrupted trainer did.
 */
class GuardsTopologyTest {

    private static final int BATCH = 16;
    private static final Map<String, String> SETTINGS = Map.of(
            StreamsSettings.TEXT_MAX_CHARS, "100000",
            StreamsSettings.TEXT_MAX_TOKENS, "60",
            StreamsSettings.MODEL_HASHING_BUCKETS, "2000",
            StreamsSettings.MODEL_EMBEDDING, "16",
            StreamsSettings.MODEL_HIDDEN, "16",
            StreamsSettings.TRAINING_BATCH_SIZE, Integer.toString(BATCH),
            StreamsSettings.TRAINING_LEARNING_RATE, "0.02",
            StreamsSettings.TRAINING_SNAPSHOT_EVERY_STEPS, "10",
            StreamsSettings.TRAINING_WINDOW_RECORDS, "160");

    @TempDir
    Path stateDir;

    /** A topology whose registry, and so whose trainer, starts from a given model as version 0. */
    private static final class Guarded implements AutoCloseable {
        final StreamsSettings settings;
        final ModelRegistry registry;
        final TopologyTestDriver driver;
        final TestInputTopic<String, byte[]> labeled;
        final TestInputTopic<String, byte[]> models;
        final TestOutputTopic<String, byte[]> snapshots;
        final TestOutputTopic<String, ModelEvent> events;
        private int next;

        Guarded(final Path stateDir, final Map<String, String> overrides, final SentimentModel start) {
            final Map<String, String> values = new HashMap<>(SETTINGS);
            values.putAll(overrides);
            settings = StreamFixture.tinySettings(stateDir, values);
            registry = new ModelRegistry(new ModelRegistry.LoadedModel(
                    start == null ? settings.initialModel().create() : start, 0, -1,
                    StreamFixture.START.toEpochMilli()), settings.scoringBatchMaxRecords());
            driver = new TopologyTestDriver(SentimentTopology.build(settings, StreamFixture.SERDES, registry),
                    settings.streamsProperties(), StreamFixture.START);
            final StreamsSettings.Topics t = settings.topics();
            labeled = driver.createInputTopic(t.labeledReviews(), new StringSerializer(), new ByteArraySerializer());
            models = driver.createInputTopic(t.models(), new StringSerializer(), new ByteArraySerializer());
            snapshots = driver.createOutputTopic(t.models(), new StringDeserializer(), new ByteArrayDeserializer());
            events = driver.createOutputTopic(t.modelEvents(), new StringDeserializer(),
                    StreamFixture.SERDES.events().deserializer());
        }

        /** Labeled reviews, with their labels flipped if {@code flipped}. */
        void pipe(final List<Review> reviews, final boolean flipped) {
            for (final Review review : reviews) {
                final Review sent = flipped ? new Review(review.text(), 1 - review.label()) : review;
                labeled.pipeInput("l-" + next, StreamFixture.encode(OnlineTrainingTopologyTest.labeled(next, sent)));
                next++;
            }
        }

        List<ModelSnapshot> published() {
            final List<ModelSnapshot> published = new ArrayList<>();
            snapshots.readValuesToList().forEach(v -> published.add(
                    StreamFixture.SERDES.snapshots().deserializer().deserialize(null, v)));
            return published;
        }

        List<ModelEvent> events(final ModelEventKind kind) {
            return events.readValuesToList().stream().filter(e -> e.getKind() == kind).toList();
        }

        double metric(final String name) {
            return Metrics.value(driver, name, Map.of());
        }

        @Override
        public void close() {
            driver.close();
        }
    }

    /** A model of these settings trained offline on {@code reviews}, as a good serving version would be. */
    private static SentimentModel trained(final StreamsSettings settings, final List<Review> reviews) {
        final SentimentModel model = settings.initialModel().create();
        final OnlineTrainer trainer = new OnlineTrainer(model, 0.02, 5.0, 7);
        for (int start = 0; start + BATCH <= reviews.size(); start += BATCH) {
            final List<Review> batch = reviews.subList(start, start + BATCH);
            trainer.testThenTrain(batch.stream().map(Review::text).toList(),
                    batch.stream().mapToInt(Review::label).toArray());
        }
        return model;
    }

    private static SentimentModel goodModel(final Path stateDir) {
        return trained(StreamFixture.tinySettings(stateDir, SETTINGS), SyntheticReviews.generate(1_600, 21));
    }

    @Test
    void shouldSignalADriftWhenTheLabelsTurnAndWriteItAsAModelEvent() {
        try (Guarded guarded = new Guarded(stateDir, Map.of(StreamsSettings.DRIFT_LAMBDA, "25"),
                goodModel(stateDir.resolve("offline")))) {
            final List<Review> reviews = SyntheticReviews.generate(640, 5);
            guarded.pipe(reviews.subList(0, 320), false);
            assertEquals(0.0, guarded.metric(StreamMetrics.DRIFT_DETECTED_TOTAL), "no drift while labels hold");

            guarded.pipe(reviews.subList(320, 640), true);

            assertTrue(guarded.metric(StreamMetrics.DRIFT_DETECTED_TOTAL) >= 1, "the turn is detected");
            final List<ModelEvent> drifts = guarded.events(ModelEventKind.DRIFT);
            assertEquals(guarded.metric(StreamMetrics.DRIFT_DETECTED_TOTAL), drifts.size());
            assertEquals("page-hinkley", drifts.get(0).getDetector());
            assertTrue(drifts.get(0).getStatistic() > 25, "PH_T above lambda: " + drifts.get(0).getStatistic());
            assertEquals(guarded.settings.modelLine(), drifts.get(0).getModelLine());
        }
    }

    @Test
    void shouldStartTheOptimizerAfreshOnADriftWhenAskedTo() {
        try (Guarded guarded = new Guarded(stateDir, Map.of(StreamsSettings.DRIFT_LAMBDA, "25",
                StreamsSettings.TRAINING_ON_DRIFT, "reset-optimizer"), goodModel(stateDir.resolve("offline")))) {
            final List<Review> reviews = SyntheticReviews.generate(640, 5);
            guarded.pipe(reviews.subList(0, 320), false);
            guarded.pipe(reviews.subList(320, 640), true);

            final TrainerCheckpoint checkpoint = lastCheckpoint(guarded);
            assertTrue(guarded.metric(StreamMetrics.DRIFT_DETECTED_TOTAL) >= 1);
            assertTrue(checkpoint.adamSteps() < checkpoint.trainingSteps(), "Adam counted " + checkpoint.adamSteps()
                    + " steps of " + checkpoint.trainingSteps() + ": it started afresh");
        }
    }

    @Test
    void shouldHoldASnapshotThatFallsBelowTheServingVersionAndKeepServingIt() {
        final Map<String, String> diverging = Map.of(StreamsSettings.TRAINING_LEARNING_RATE, "3",
                StreamsSettings.PROMOTION_MIN_REVIEWS, "100");
        try (Guarded guarded = new Guarded(stateDir, diverging, goodModel(stateDir.resolve("offline")))) {
            guarded.pipe(SyntheticReviews.generate(320, 5), false);

            assertEquals(List.of(), guarded.published(), "nothing reaches the models topic");
            assertEquals(0, guarded.registry.current().version(), "version 0 keeps serving");
            assertEquals(2.0, guarded.metric(StreamMetrics.CANDIDATES_HELD_TOTAL));
            final List<ModelEvent> held = guarded.events(ModelEventKind.CANDIDATE_HELD);
            assertEquals(2, held.size());
            assertEquals(0, held.get(0).getVersion());
            assertTrue(held.get(0).getReason().contains("below"), held.get(0).getReason());
            final TrainerCheckpoint checkpoint = lastCheckpoint(guarded);
            assertEquals(20, checkpoint.trainingSteps(), "the candidate is kept in the trainer's state");
            assertEquals(0, checkpoint.version());
        }
    }

    @Test
    void shouldPublishTheSnapshotsOfATrainerThatDoesBetterThanTheServingVersion() {
        try (Guarded guarded = new Guarded(stateDir, Map.of(StreamsSettings.PROMOTION_MIN_REVIEWS, "100"), null)) {
            guarded.pipe(SyntheticReviews.generate(320, 5), false);

            assertEquals(List.of(1L, 2L), guarded.published().stream().map(ModelSnapshot::getVersion).toList());
            assertEquals(0.0, guarded.metric(StreamMetrics.CANDIDATES_HELD_TOTAL));
        }
    }

    @Test
    void shouldRollBackToTheBestRecentVersionWhenTheServingOneFallsBehind() {
        final Map<String, String> rollback = Map.of(StreamsSettings.ROLLBACK_MIN_REVIEWS, "96",
                StreamsSettings.PROMOTION_MIN_REVIEWS, "1000000");
        final SentimentModel good = goodModel(stateDir.resolve("offline"));
        try (Guarded guarded = new Guarded(stateDir, rollback, good)) {
            final List<Review> reviews = SyntheticReviews.generate(640, 5);
            guarded.pipe(reviews.subList(0, 320), false);                      // versions 1 and 2
            final List<ModelSnapshot> before = guarded.published();
            final SentimentModel broken = guarded.settings.initialModel().create();   // untrained: a coin toss
            guarded.models.pipeInput(guarded.settings.modelLine(), StreamFixture.encode(
                    ModelReplicationTopologyTest.snapshot(7, ModelFile.toBytes(broken))));
            assertEquals(7, guarded.registry.current().version());

            guarded.pipe(reviews.subList(320, 448), false);

            final List<ModelSnapshot> after = guarded.published();
            assertEquals(1, after.size(), "one rollback: " + after);
            final ModelSnapshot rolledBack = after.get(0);
            assertEquals(8, rolledBack.getVersion());
            final long reference = rolledBack.getParentVersion();
            assertTrue(reference == 0 || reference == 1, "the parent is a good recent version: " + reference);
            final SentimentModel parent = reference == 0 ? good
                    : ModelFile.fromBytes(weights(before.get((int) reference - 1)));
            assertSameWeights(parent, ModelFile.fromBytes(weights(rolledBack)));
            assertEquals(8, guarded.registry.current().version(), "scorers follow without a restart");
            assertEquals(1.0, guarded.metric(StreamMetrics.ROLLBACKS_TOTAL));
            final List<ModelEvent> events = guarded.events(ModelEventKind.ROLLBACK);
            assertEquals(1, events.size());
            assertEquals(8, events.get(0).getVersion());
        }
    }

    @Test
    void shouldPromoteAChallengerThatBeatsThePublishedLine() {
        final Map<String, String> lines = Map.of(
                StreamsSettings.TRAINING_LEARNING_RATE, "0.0001",         // the published line barely learns
                StreamsSettings.CHALLENGER_ENABLED, "true",
                StreamsSettings.CHALLENGER_CELL, "lstm",
                StreamsSettings.CHALLENGER_LEARNING_RATE, "0.02",
                StreamsSettings.CHALLENGER_WINDOW, "160",
                StreamsSettings.CHALLENGER_MARGIN, "0.05",
                StreamsSettings.TRAINING_SNAPSHOT_EVERY_STEPS, "1000");
        try (Guarded guarded = new Guarded(stateDir, lines, null)) {
            guarded.pipe(SyntheticReviews.generate(960, 5), false);

            assertEquals(1.0, guarded.metric(StreamMetrics.PROMOTIONS_TOTAL));
            final List<ModelSnapshot> published = guarded.published();
            assertEquals(1, published.size());
            assertEquals(CellType.LSTM, ModelFile.fromBytes(weights(published.get(0))).network().config().cell(),
                    "the challenger's model is published");
            final List<ModelEvent> events = guarded.events(ModelEventKind.PROMOTION);
            assertEquals(1, events.size());
            assertEquals(published.get(0).getVersion(), events.get(0).getVersion());
            final double challenger = Metrics.value(guarded.driver, StreamMetrics.LINE_PREQUENTIAL_ACCURACY,
                    Map.of("line", "challenger"));
            final double champion = Metrics.value(guarded.driver, StreamMetrics.LINE_PREQUENTIAL_ACCURACY,
                    Map.of("line", "champion"));
            assertTrue(Double.isFinite(challenger) && Double.isFinite(champion), champion + " " + challenger);
            final Map<?, ?> figures = guarded.registry.lines();
            assertEquals("lstm", ((Map<?, ?>) figures.get("champion")).get("cell"), "the lines swapped: " + figures);
            assertEquals("gru", ((Map<?, ?>) figures.get("challenger")).get("cell"));
        }
    }

    @Test
    void shouldKeepAHeldCandidateAndItsJudgedReviewsAcrossARestart() {
        final Map<String, String> diverging = Map.of(StreamsSettings.TRAINING_LEARNING_RATE, "3",
                StreamsSettings.PROMOTION_MIN_REVIEWS, "100", StreamsSettings.TRAINING_WINDOW_RECORDS, "320");
        final SentimentModel good = goodModel(stateDir.resolve("offline"));
        final List<Review> reviews = SyntheticReviews.generate(480, 5);
        final List<ModelEvent> uninterrupted;
        try (Guarded guarded = new Guarded(stateDir.resolve("uninterrupted"), diverging, good)) {
            guarded.pipe(reviews, false);
            uninterrupted = guarded.events(ModelEventKind.CANDIDATE_HELD);
        }
        final Restart restart;
        try (Guarded guarded = new Guarded(stateDir.resolve("interrupted"), diverging, good)) {
            guarded.pipe(reviews.subList(0, 340), false);   // held at 160 and 320, 20 reviews logged since
            restart = new Restart(guarded, good);
        }

        restart.process(reviews, 340, 480);

        assertEquals(3, uninterrupted.size());
        assertEquals(List.of(), restart.snapshots(), "the candidate is not published after the restart either");
        final List<ModelEvent> held = restart.events(ModelEventKind.CANDIDATE_HELD);
        assertEquals(1, held.size());
        assertEquals(uninterrupted.get(2).getReason(), held.get(0).getReason(),
                "training went on from the held candidate: the same step, judged on the same 320 reviews");
        assertEquals(uninterrupted.get(2).getStatistic(), held.get(0).getStatistic());
    }

    @Test
    void shouldKeepTheChallengerLineAcrossARestart() {
        final Map<String, String> lines = Map.of(
                StreamsSettings.TRAINING_LEARNING_RATE, "0.0001",
                StreamsSettings.CHALLENGER_ENABLED, "true",
                StreamsSettings.CHALLENGER_CELL, "lstm",
                StreamsSettings.CHALLENGER_LEARNING_RATE, "0.02",
                StreamsSettings.CHALLENGER_WINDOW, "160",
                StreamsSettings.CHALLENGER_MARGIN, "0.05");
        final List<Review> reviews = SyntheticReviews.generate(960, 5);
        final List<ModelSnapshot> uninterrupted;
        final List<ModelEvent> promotions;
        try (Guarded guarded = new Guarded(stateDir.resolve("uninterrupted"), lines, null)) {
            guarded.pipe(reviews, false);
            uninterrupted = guarded.published();
            promotions = guarded.events(ModelEventKind.PROMOTION);
        }
        final Restart restart;
        try (Guarded guarded = new Guarded(stateDir.resolve("interrupted"), lines, null)) {
            guarded.pipe(reviews.subList(0, 250), false);   // a checkpoint at 160, 90 reviews logged since
            restart = new Restart(guarded, null);
        }

        restart.process(reviews, 250, 960);

        assertEquals(1, promotions.size());
        final List<ModelEvent> promoted = restart.events(ModelEventKind.PROMOTION);
        assertEquals(1, promoted.size(), "the challenger line went on from its checkpoint");
        assertEquals(promotions.get(0).getReason(), promoted.get(0).getReason(),
                "promoted at the same version, with the same accuracies on the same reviews");
        final ModelSnapshot expected = uninterrupted.stream()
                .filter(m -> m.getVersion() == promotions.get(0).getVersion()).findFirst().orElseThrow();
        final ModelSnapshot actual = restart.snapshots().stream()
                .filter(m -> m.getVersion() == promoted.get(0).getVersion()).findFirst().orElseThrow();
        assertEquals(CellType.LSTM, ModelFile.fromBytes(weights(actual)).network().config().cell());
        assertSameWeights(ModelFile.fromBytes(weights(expected)), ModelFile.fromBytes(weights(actual)));
    }

    /**
     * The trainer after a restart: a new processor on the state its stores' changelogs hold, fed by hand, its
     * published versions handed to its registry as the models topic would.
     */
    private static final class Restart {
        final ModelRegistry registry;
        final ModelLineWatch watch = new ModelLineWatch();
        final MockProcessorContext<Object, Object> context;
        final TrainingProcessor processor;
        private int seen;

        Restart(final Guarded before, final SentimentModel start) {
            final StreamsSettings settings = before.settings;
            final List<KeyValue<byte[], byte[]>> log = before.driver.createOutputTopic(
                    "sentiment-test-training-log-changelog", new ByteArrayDeserializer(),
                    new ByteArrayDeserializer()).readKeyValuesToList();
            final List<KeyValue<String, byte[]>> state = before.driver.createOutputTopic(
                    "sentiment-test-trainer-state-changelog", new StringDeserializer(),
                    new ByteArrayDeserializer()).readKeyValuesToList();
            registry = new ModelRegistry(new ModelRegistry.LoadedModel(
                    start == null ? settings.initialModel().create() : start, 0, -1,
                    StreamFixture.START.toEpochMilli()), settings.scoringBatchMaxRecords());
            before.published().forEach(this::offer);
            context = new MockProcessorContext<>(settings.streamsProperties());
            context.setCurrentSystemTimeMs(StreamFixture.START.toEpochMilli());
            final KeyValueStore<Bytes, byte[]> logStore = store(context, SentimentTopology.TRAINING_LOG_STORE,
                    Serdes.Bytes());
            log.forEach(kv -> {
                if (kv.value == null) {
                    logStore.delete(Bytes.wrap(kv.key));
                } else {
                    logStore.put(Bytes.wrap(kv.key), kv.value);
                }
            });
            final KeyValueStore<String, byte[]> stateStore = store(context, SentimentTopology.TRAINER_STATE_STORE,
                    Serdes.String());
            state.forEach(kv -> stateStore.put(kv.key, kv.value));
            processor = new TrainingProcessor(settings, StreamFixture.SERDES.labeled(), registry, watch,
                    SentimentTopology.TRAINING_LOG_STORE, SentimentTopology.TRAINER_STATE_STORE);
            processor.init(context);
        }

        void process(final List<Review> reviews, final int from, final int to) {
            for (int i = from; i < to; i++) {
                context.setRecordMetadata("labeled-reviews", 0, i);
                processor.process(new Record<>(new byte[0], StreamFixture.accepted(
                        OnlineTrainingTopologyTest.labeled(i, reviews.get(i))), 0L));
                final List<ModelSnapshot> published = snapshots();
                published.subList(seen, published.size()).forEach(this::offer);
                seen = published.size();
            }
        }

        private void offer(final ModelSnapshot snapshot) {
            watch.sawVersion(snapshot.getVersion());
            registry.offer(new ModelRegistry.LoadedModel(ModelFile.fromBytes(weights(snapshot)),
                    snapshot.getVersion(), snapshot.getParentVersion(), snapshot.getCreatedTime().toEpochMilli()));
        }

        List<ModelSnapshot> snapshots() {
            return context.forwarded().stream().map(f -> f.record().value())
                    .filter(ModelSnapshot.class::isInstance).map(ModelSnapshot.class::cast).toList();
        }

        List<ModelEvent> events(final ModelEventKind kind) {
            return context.forwarded().stream().map(f -> f.record().value())
                    .filter(ModelEvent.class::isInstance).map(ModelEvent.class::cast)
                    .filter(e -> e.getKind() == kind).toList();
        }
    }

    private static <K> KeyValueStore<K, byte[]> store(final MockProcessorContext<?, ?> context, final String name,
                                                      final Serde<K> keys) {
        final KeyValueStore<K, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keys,
                Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    private static TrainerCheckpoint lastCheckpoint(final Guarded guarded) {
        final List<org.apache.kafka.streams.KeyValue<String, byte[]>> state = guarded.driver.createOutputTopic(
                "sentiment-test-trainer-state-changelog", new StringDeserializer(), new ByteArrayDeserializer())
                .readKeyValuesToList();
        byte[] last = null;
        for (final org.apache.kafka.streams.KeyValue<String, byte[]> entry : state) {
            if (entry.key.equals("trainer")) {
                last = entry.value;
            }
        }
        return TrainerCheckpoint.fromBytes(last);
    }

    private static void assertSameWeights(final SentimentModel expected, final SentimentModel actual) {
        for (int i = 0; i < expected.network().params().size(); i++) {
            assertEquals(expected.network().params().get(i).value(), actual.network().params().get(i).value(),
                    expected.network().params().get(i).name());
        }
    }

    private static byte[] weights(final ModelSnapshot snapshot) {
        final ByteBuffer buffer = snapshot.getModel().duplicate();
        final byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
