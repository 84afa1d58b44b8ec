package io.sentimentstreams.stream;

import io.sentimentstreams.avro.LabeledReview;
import io.sentimentstreams.avro.ModelSnapshot;
import io.sentimentstreams.avro.ReviewEvent;
import io.sentimentstreams.avro.SentimentScore;
import io.sentimentstreams.stream.serde.StreamSerdes;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** A topology under a {@link TopologyTestDriver} with a tiny model, and its topics; no broker, no sleeps. */
final class StreamFixture implements AutoCloseable {

    static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    static final StreamSerdes SERDES = StreamSerdes.create();

    final StreamsSettings settings;
    final ModelRegistry registry;
    final TopologyTestDriver driver;
    final TestInputTopic<String, byte[]> reviews;
    final TestInputTopic<String, byte[]> labeled;
    final TestInputTopic<String, byte[]> models;
    final TestOutputTopic<String, SentimentScore> scores;
    final TestOutputTopic<String, byte[]> deadLetters;
    final TestOutputTopic<String, byte[]> snapshots;

    StreamFixture(final Path stateDir, final Map<String, String> overrides) {
        this(stateDir, overrides, START);
    }

    StreamFixture(final Path stateDir, final Map<String, String> overrides, final Instant wallClock) {
        this(stateDir, overrides, wallClock, null);
    }

    /** With batches scored by {@code workers} (null: as {@code scoring.threads} says). */
    StreamFixture(final Path stateDir, final Map<String, String> overrides, final Instant wallClock,
                  final ScoringWorkers workers) {
        settings = tinySettings(stateDir, overrides);
        registry = ModelRegistry.withInitialModel(settings, START.toEpochMilli());
        final Properties properties = settings.streamsProperties();
        driver = new TopologyTestDriver(workers == null ? SentimentTopology.build(settings, SERDES, registry)
                : SentimentTopology.build(settings, SERDES, registry, workers), properties, wallClock);
        final StreamsSettings.Topics t = settings.topics();
        reviews = driver.createInputTopic(t.reviews(), new StringSerializer(), new ByteArraySerializer());
        labeled = driver.createInputTopic(t.labeledReviews(), new StringSerializer(), new ByteArraySerializer());
        models = driver.createInputTopic(t.models(), new StringSerializer(), new ByteArraySerializer());
        scores = driver.createOutputTopic(t.scores(), new StringDeserializer(), SERDES.scores().deserializer());
        deadLetters = driver.createOutputTopic(t.deadLetters(), new StringDeserializer(), new ByteArrayDeserializer());
        snapshots = driver.createOutputTopic(t.models(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    static StreamsSettings tinySettings(final Path stateDir, final Map<String, String> overrides) {
        final Map<String, String> values = new HashMap<>(Map.of(
                StreamsSettings.APPLICATION_ID, "sentiment-test",
                StreamsSettings.BOOTSTRAP_SERVERS, "unused:9092",
                StreamsSettings.STATE_DIR, stateDir.toString(),
                StreamsSettings.INSTANCE_ID, "test-instance",
                StreamsSettings.SCORING_BATCH_MAX_RECORDS, "4",
                StreamsSettings.SCORING_BATCH_MAX_WAIT_MS, "50",
                StreamsSettings.MODEL_HASHING_BUCKETS, "500",
                StreamsSettings.MODEL_EMBEDDING, "8",
                StreamsSettings.MODEL_HIDDEN, "8",
                StreamsSettings.TEXT_MAX_CHARS, "200"));
        values.put(StreamsSettings.SCORING_THREADS, "0");   // scored on the driver's thread, as soon as a batch is due
        values.putAll(overrides);
        return StreamsSettings.of(values);
    }

    static ReviewEvent review(final String id, final String text) {
        return ReviewEvent.newBuilder().setId(id).setText(text).setEventTime(START.minusSeconds(60)).build();
    }

    static byte[] encode(final ReviewEvent review) {
        return SERDES.reviews().serializer().serialize(null, review);
    }

    static byte[] encode(final LabeledReview review) {
        return SERDES.labeled().serializer().serialize(null, review);
    }

    /** A review as the decoder hands it on: decoded, with the bytes it arrived as. */
    static Decoded.Accepted<ReviewEvent> accepted(final ReviewEvent review) {
        return new Decoded.Accepted<>(review, encode(review));
    }

    /** A labeled review as the decoder hands it on. */
    static Decoded.Accepted<LabeledReview> accepted(final LabeledReview review) {
        return new Decoded.Accepted<>(review, encode(review));
    }

    static byte[] encode(final ModelSnapshot snapshot) {
        return SERDES.snapshots().serializer().serialize(null, snapshot);
    }

    void pipeReview(final String id, final String text) {
        reviews.pipeInput(id, encode(review(id, text)));
    }

    @Override
    public void close() {
        driver.close();
    }
}
