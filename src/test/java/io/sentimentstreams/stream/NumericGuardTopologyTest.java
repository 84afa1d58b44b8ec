package io.sentimentstreams.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sentimentstreams.app.demo.SyntheticReviews;
import io.sentimentstreams.avro.ModelSnapshot;
import io.sentimentstreams.avro.ReviewEvent;
import io.sentimentstreams.avro.SentimentScore;
import io.sentimentstreams.model.ModelFile;
import io.sentimentstreams.model.SentimentModel;
import io.sentimentstreams.nn.NonFinite;
import io.sentimentstreams.nn.Param;
import io.sentimentstreams.text.corpus.Review;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The numeric guard in the topology: a training step whose loss, gradient or updated weights are not finite is
 * undone and counted in {@value StreamMetrics#TRAINING_STEPS_REJECTED_TOTAL}{reason}; a model whose weights are
 * not finite is never served; a review the model scores NaN goes to the dead letters, never to the scores.
 *
 * <p>Text cannot carry a number into the network, and with weights of ordinary size every activation is bounded,
 * so the poison here is in the model the trainer starts from, as a tampered or diverged model would carry it: an
 * exploding embedding for one trigger word, "zyzzyva", that only poisoned reviews contain.
 */
class NumericGuardTopologyTest {

    private static final String TRIGGER = "zyzzyva";
    private static final int BATCH = 8;
    private static final Map<String, String> SETTINGS = Map.of(
            StreamsSettings.TEXT_MAX_CHARS, "100000",
            StreamsSettings.TEXT_MAX_TOKENS, "60",
            StreamsSettings.MODEL_HASHING_BUCKETS, "5000",
            StreamsSettings.MODEL_EMBEDDING, "16",
            StreamsSettings.MODEL_HIDDEN, "16",
            StreamsSettings.TRAINING_BATCH_SIZE, Integer.toString(BATCH),
            StreamsSettings.TRAINING_LEARNING_RATE, "0.02",
            StreamsSettings.TRAINING_SNAPSHOT_EVERY_STEPS, "1",
            StreamsSettings.TRAINING_WINDOW_RECORDS, "64");

    @TempDir
    Path stateDir;

    /** A topology whose registry, and so whose trainer, starts from a given model; no broker, no sleeps. */
    private static final class Guarded implements AutoCloseable {
        final StreamsSettings settings;
        final ModelRegistry registry;
        final TopologyTestDriver driver;
        final TestInputTopic<String, byte[]> reviews;
        final TestInputTopic<String, byte[]> labeled;
        final TestInputTopic<String, byte[]> models;
        final TestOutputTopic<String, SentimentScore> scores;
        final TestOutputTopic<String, byte[]> deadLetters;
        final TestOutputTopic<String, byte[]> snapshots;
        private int nextLabeled;

        Guarded(final Path stateDir, final Map<String, String> overrides, final Consumer<SentimentModel> poison) {
            final Map<String, String> values = new HashMap<>(SETTINGS);
            values.putAll(overrides);
            settings = StreamFixture.tinySettings(stateDir, values);
            final SentimentModel model = settings.initialModel().create();
            poison.accept(model);
            registry = new ModelRegistry(new ModelRegistry.LoadedModel(model, 0, -1,
                    StreamFixture.START.toEpochMilli()), settings.scoringBatchMaxRecords());
            driver = new TopologyTestDriver(SentimentTopology.build(settings, StreamFixture.SERDES, registry),
                    settings.streamsProperties(), StreamFixture.START);
            final StreamsSettings.Topics t = settings.topics();
            reviews = driver.createInputTopic(t.reviews(), new StringSerializer(), new ByteArraySerializer());
            labeled = driver.createInputTopic(t.labeledReviews(), new StringSerializer(), new ByteArraySerializer());
            models = driver.createInputTopic(t.models(), new StringSerializer(), new ByteArraySerializer());
            scores = driver.createOutputTopic(t.scores(), new StringDeserializer(),
                    StreamFixture.SERDES.scores().deserializer());
            deadLetters = driver.createOutputTopic(t.deadLetters(), new StringDeserializer(),
                    new ByteArrayDeserializer());
            snapshots = driver.createOutputTopic(t.models(), new StringDeserializer(), new ByteArrayDeserializer());
        }

        /** One mini-batch of labeled reviews, each with the trigger word appended if {@code poisoned}. */
        void pipeBatch(final List<Review> batch, final boolean poisoned) {
            final int trigger = registry.current().model().pipeline().encode(TRIGGER)[0];
            for (final Review review : batch) {
                final int[] ids = registry.current().model().pipeline().encode(review.text());
                assertTrue(java.util.Arrays.stream(ids).noneMatch(id -> id == trigger),
                        "a clean review must not hash to the trigger's bucket: " + review.text());
                final Review sent = poisoned ? new Review(review.text() + " " + TRIGGER, review.label()) : review;
                labeled.pipeInput("l-" + nextLabeled, StreamFixture.encode(
                        OnlineTrainingTopologyTest.labeled(nextLabeled, sent)));
                nextLabeled++;
            }
        }

        List<ModelSnapshot> published() {
            final List<ModelSnapshot> published = new ArrayList<>();
            snapshots.readValuesToList().forEach(v -> published.add(
                    StreamFixture.SERDES.snapshots().deserializer().deserialize(null, v)));
            return published;
        }

        double rejected(final NonFinite reason) {
            return Metrics.value(driver, StreamMetrics.TRAINING_STEPS_REJECTED_TOTAL, Map.of("reason", reason.id()));
        }

        @Override
        public void close() {
            driver.close();
        }
    }

    @ParameterizedTest
    @EnumSource(NonFinite.class)
    void shouldCountEveryRejectedStepByItsReasonAndPublishNothing(final NonFinite reason) {
        final Map<String, String> overrides = reason == NonFinite.WEIGHTS
                ? Map.of(StreamsSettings.TRAINING_LEARNING_RATE, "1e39")    // accepted, but no float can take the step
                : Map.of();
        final Consumer<SentimentModel> poison = switch (reason) {
            case LOSS -> model -> param(model, "wYh").value().putScalar(0, 0, Float.NaN);
            case GRADIENT -> model -> embedding(model, TRIGGER).putScalar(0, Float.POSITIVE_INFINITY);
            case WEIGHTS -> model -> { };
        };
        try (Guarded guarded = new Guarded(stateDir, overrides, poison)) {
            final List<Review> reviews = SyntheticReviews.generate(3 * BATCH, 3);
            for (int b = 0; b < 3; b++) {
                guarded.pipeBatch(reviews.subList(b * BATCH, (b + 1) * BATCH), reason == NonFinite.GRADIENT);
            }
            guarded.driver.advanceWallClockTime(Duration.ofMinutes(1));

            for (final NonFinite r : NonFinite.values()) {
                assertEquals(r == reason ? 3.0 : 0.0, guarded.rejected(r), "steps rejected for " + r.id());
            }
            assertEquals(0.0, Metrics.value(guarded.driver, StreamMetrics.TRAINING_STEPS, Map.of()));
            assertTrue(Double.isFinite(Metrics.value(guarded.driver, StreamMetrics.PREQUENTIAL_LOSS, Map.of())),
                    "the prequential loss stays a number when the model scores NaN");
            assertEquals(List.of(), guarded.published(), "no step taken, no snapshot");
        }
    }

    @Test
    void shouldRejectAnExplodingBatchAndTrainOnAsIfItHadNeverComeIn() {
        final List<Review> reviews = SyntheticReviews.generate(5 * BATCH, 5);
        final Map<String, String> noClipping = Map.of(StreamsSettings.TRAINING_CLIP_NORM, "0");
        final List<ModelSnapshot> clean;
        try (Guarded guarded = new Guarded(stateDir.resolve("clean"), noClipping, NumericGuardTopologyTest::explode)) {
            for (int b = 0; b < 4; b++) {
                guarded.pipeBatch(reviews.subList(b * BATCH, (b + 1) * BATCH), false);
            }
            clean = guarded.published();
        }
        try (Guarded guarded = new Guarded(stateDir.resolve("poisoned"), noClipping,
                NumericGuardTopologyTest::explode)) {
            for (int b = 0; b < 2; b++) {
                guarded.pipeBatch(reviews.subList(b * BATCH, (b + 1) * BATCH), false);
            }
            guarded.pipeBatch(reviews.subList(4 * BATCH, 5 * BATCH), true);        // the poisoned batch
            for (int b = 2; b < 4; b++) {
                guarded.pipeBatch(reviews.subList(b * BATCH, (b + 1) * BATCH), false);
            }
            final List<ModelSnapshot> published = guarded.published();

            assertEquals(1.0, guarded.rejected(NonFinite.WEIGHTS), "Adam's second moment g² overflows float");
            assertEquals(0.0, guarded.rejected(NonFinite.LOSS) + guarded.rejected(NonFinite.GRADIENT));
            assertEquals(List.of(1L, 2L, 3L, 4L), published.stream().map(ModelSnapshot::getVersion).toList());
            for (final ModelSnapshot snapshot : published) {
                assertTrue(ModelFile.fromBytes(bytes(snapshot.getModel())).network().hasFiniteWeights(),
                        "version " + snapshot.getVersion() + " is finite");
            }
            assertEquals(4 * BATCH, published.get(3).getExamplesSeen(), "the poisoned batch was not learned");
            assertArrayEquals(bytes(clean.get(3).getModel()), bytes(published.get(3).getModel()),
                    "the same weights as a trainer that never saw the poisoned batch");
        }
    }

    @Test
    void shouldClipTheSameExplodingBatchWhenClippingIsOn() {
        try (Guarded guarded = new Guarded(stateDir, Map.of(), NumericGuardTopologyTest::explode)) {
            guarded.pipeBatch(SyntheticReviews.generate(BATCH, 5), true);

            for (final NonFinite reason : NonFinite.values()) {
                assertEquals(0.0, guarded.rejected(reason), reason.id());
            }
            final List<ModelSnapshot> published = guarded.published();
            assertEquals(1, published.size(), "the clipped step is taken");
            assertTrue(ModelFile.fromBytes(bytes(published.get(0).getModel())).network().hasFiniteWeights());
        }
    }

    @Test
    void shouldSendAReviewScoredNaNToDeadLettersAndScoreTheOthers() {
        try (Guarded guarded = new Guarded(stateDir, Map.of(), model -> {
            param(model, "wHx").value().muli(1e10);                  // finite, but products with the trigger overflow
            embedding(model, TRIGGER).assign(1e30);
        })) {
            guarded.reviews.pipeInput("r-0", StreamFixture.encode(StreamFixture.review("r-0", "a fine film")));
            final byte[] received = StreamFixture.encode(StreamFixture.review("r-1", "a " + TRIGGER));
            guarded.reviews.pipeInput("r-1", received);
            guarded.reviews.pipeInput("r-2", StreamFixture.encode(StreamFixture.review("r-2", "a dull film")));
            guarded.driver.advanceWallClockTime(Duration.ofMillis(50));

            final List<SentimentScore> scores = guarded.scores.readValuesToList();
            assertEquals(List.of("r-0", "r-2"), scores.stream().map(SentimentScore::getReviewId).toList());
            scores.forEach(s -> assertTrue(Double.isFinite(s.getPositiveProbability()), s.toString()));
            final TestRecord<String, byte[]> letter = guarded.deadLetters.readRecord();
            assertEquals("r-1", letter.key());
            assertEquals("NON_FINITE_SCORE", header(letter, DeadLetters.REASON_CODE));
            assertTrue(header(letter, DeadLetters.REASON).contains("NaN"), header(letter, DeadLetters.REASON));
            final ReviewEvent review = StreamFixture.SERDES.reviews().deserializer().deserialize(null, letter.value());
            assertEquals("r-1", review.getId(), "the review itself, to replay once a sound model serves");
            assertArrayEquals(received, letter.value(), "the bytes as received, not encoded again");
            assertEquals(1.0, Metrics.value(guarded.driver, StreamMetrics.DEAD_LETTERS_TOTAL,
                    Map.of("reason", "NON_FINITE_SCORE")));
        }
    }

    @Test
    void shouldKeepServingTheCurrentModelWhenASnapshotHasNonFiniteWeights() {
        try (Guarded guarded = new Guarded(stateDir, Map.of(), model -> { })) {
            final SentimentModel broken = guarded.settings.initialModel().create();
            param(broken, "bY").value().putScalar(1, Float.NaN);
            guarded.models.pipeInput(guarded.settings.modelLine(), StreamFixture.encode(
                    ModelReplicationTopologyTest.snapshot(3, ModelFile.toBytes(broken))));
            assertEquals(0, guarded.registry.current().version(), "version 3 is refused");

            final SentimentModel sound = guarded.settings.initialModel().create();
            guarded.models.pipeInput(guarded.settings.modelLine(), StreamFixture.encode(
                    ModelReplicationTopologyTest.snapshot(4, ModelFile.toBytes(sound))));
            assertEquals(4, guarded.registry.current().version(), "the next sound version is taken");
        }
    }

    /**
     * An exploding input: the trigger word's embedding huge but finite (1e28) in component 0, which no other word
     * uses and no gate reads (column 0 of wE and of wHx zero). Its gradient stays zero until the trigger comes, so
     * Adam leaves that column of wHx at zero and the gates do not saturate; then ∂E/∂wHx[:, 0] is the gates'
     * gradients times 1e28, finite in float, and its square overflows Adam's second moment.
     */
    private static void explode(final SentimentModel model) {
        param(model, "wE").value().getColumn(0).assign(0);
        param(model, "wHx").value().getColumn(0).assign(0);
        embedding(model, TRIGGER).putScalar(0, 1e28);
    }

    /** The embedding row of a word (a view into wE). */
    private static org.nd4j.linalg.api.ndarray.INDArray embedding(final SentimentModel model, final String word) {
        final int[] ids = model.pipeline().encode(word);
        return param(model, "wE").value().getRow(ids[0]);
    }

    private static Param param(final SentimentModel model, final String name) {
        return model.network().params().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private static byte[] bytes(final ByteBuffer buffer) {
        final ByteBuffer copy = buffer.duplicate();
        final byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    private static String header(final TestRecord<String, byte[]> record, final String key) {
        return new String(record.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }
}
