package io.sentimentstreams.stream.serde;

import io.sentimentstreams.avro.LabeledReview;
import io.sentimentstreams.avro.ModelSnapshot;
import io.sentimentstreams.avro.ReviewEvent;
import io.sentimentstreams.avro.SentimentScore;
import io.sentimentstreams.avro.TopicPartitionOffset;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Records of every wire type, with every field set or with the optional fields left out. */
final class Records {

    static final Instant WRITTEN = Instant.ofEpochMilli(1_764_320_000_123L);
    static final Instant SCORED = Instant.ofEpochMilli(1_764_320_001_456L);
    static final Instant CREATED = Instant.ofEpochMilli(1_764_310_000_789L);

    private Records() {
    }

    static ReviewEvent fullReview() {
        return ReviewEvent.newBuilder()
                .setId("r-42")
                .setText("A quietly devastating film — and funny, too. Ünïcödé survives.")
                .setEventTime(WRITTEN)
                .setSource("imdb")
                .setLanguage("en")
                .setMetadata(Map.of("user", "u-7", "stars", "9"))
                .setGroupKey("movie-1138")
                .build();
    }

    static ReviewEvent minimalReview() {
        return ReviewEvent.newBuilder()
                .setId("r-43")
                .setText("Dull.")
                .setEventTime(WRITTEN)
                .build();
    }

    static LabeledReview fullLabeled() {
        return LabeledReview.newBuilder().setReview(fullReview()).setLabel(1).build();
    }

    static LabeledReview minimalLabeled() {
        return LabeledReview.newBuilder().setReview(minimalReview()).setLabel(0).build();
    }

    static SentimentScore fullScore() {
        return minimalScoreBuilder().setInstanceId("instance-a").build();
    }

    static SentimentScore minimalScore() {
        return minimalScoreBuilder().build();
    }

    private static SentimentScore.Builder minimalScoreBuilder() {
        return SentimentScore.newBuilder()
                .setReviewId("r-42")
                .setPositiveProbability(0.8125)
                .setPredictedLabel(1)
                .setModelVersion(17)
                .setModelAgeMs(SCORED.toEpochMilli() - CREATED.toEpochMilli())
                .setTokenCount(12)
                .setEventTime(WRITTEN)
                .setScoredTime(SCORED);
    }

    static ModelSnapshot fullSnapshot() {
        return snapshotBuilder(modelBytes(1024, 1))
                .setPrequentialAccuracy(0.875)
                .setPrequentialLoss(0.3125)
                .setInstanceId("instance-a")
                .build();
    }

    static ModelSnapshot minimalSnapshot() {
        return snapshotBuilder(modelBytes(1024, 2)).build();
    }

    static ModelSnapshot snapshotWithModel(final byte[] model) {
        return snapshotBuilder(model).build();
    }

    private static ModelSnapshot.Builder snapshotBuilder(final byte[] model) {
        return ModelSnapshot.newBuilder()
                .setVersion(17)
                .setParentVersion(16)
                .setCreatedTime(CREATED)
                .setModel(ByteBuffer.wrap(model))
                .setTrainingSteps(5_000)
                .setExamplesSeen(160_000)
                .setSeed(7)
                .setLabelOffsets(List.of(
                        new TopicPartitionOffset("labeled-reviews", 0, 81_234L),
                        new TopicPartitionOffset("labeled-reviews", 1, 79_001L)));
    }

    /** Random bytes standing in for a model file, fixed by the seed. */
    static byte[] modelBytes(final int size, final long seed) {
        final byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
