package io.sentimentstreams.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sentimentstreams.avro.SentimentScore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoringTopologyTest {

    @TempDir
    Path stateDir;

    private StreamFixture fixture;

    @BeforeEach
    void start() {
        fixture = new StreamFixture(stateDir, Map.of());
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void shouldEmitAScoreForEveryReviewInArrivalOrder() {
        final List<String> ids = IntStream.range(0, 10).mapToObj(i -> "r-" + i).toList();
        ids.forEach(id -> fixture.pipeReview(id, "a fine film number " + id));
        fixture.driver.advanceWallClockTime(Duration.ofMillis(50));

        final List<KeyValue<String, SentimentScore>> scores = fixture.scores.readKeyValuesToList();
        assertEquals(ids, scores.stream().map(kv -> kv.key).toList(), "output key = input key, in order");
        assertEquals(ids, scores.stream().map(kv -> kv.value.getReviewId()).toList());
    }

    @Test
    void shouldFillEveryScoreField() {
        fixture.driver.advanceWallClockTime(Duration.ofMillis(1_000));
        fixture.pipeReview("r-1", "one two three four");
        fixture.driver.advanceWallClockTime(Duration.ofMillis(50));

        final SentimentScore score = fixture.scores.readValue();
        assertEquals("r-1", score.getReviewId());
        assertTrue(score.getPositiveProbability() > 0 && score.getPositiveProbability() < 1);
        assertEquals(score.getPositiveProbability() >= 0.5 ? 1 : 0, score.getPredictedLabel());
        assertEquals(0, score.getModelVersion());
        assertEquals(1_050, score.getModelAgeMs());
        assertEquals(4, score.getTokenCount());
        assertEquals(StreamFixture.START.minusSeconds(60), score.getEventTime());
        assertEquals(StreamFixture.START.plusMillis(1_050), score.getScoredTime());
        assertEquals("test-instance", score.getInstanceId());
    }

    @Test
    void shouldScoreAFullBatchAtOnce() {
        for (int i = 0; i < 4; i++) {
            fixture.pipeReview("r-" + i, "review " + i);
        }
        assertEquals(4, fixture.scores.getQueueSize(), "a full batch is scored without waiting");
    }

    @Test
    void shouldHoldAPartialBatchUntilTheWaitIsOver() {
        fixture.pipeReview("r-0", "first");
        fixture.pipeReview("r-1", "second");
        fixture.driver.advanceWallClockTime(Duration.ofMillis(49));
        assertTrue(fixture.scores.isEmpty(), "scored before scoring.batch.max.wait.ms");

        fixture.driver.advanceWallClockTime(Duration.ofMillis(50 / 4));   // the next check, a quarter wait later
        assertEquals(List.of("r-0", "r-1"), fixture.scores.readValuesToList().stream()
                .map(SentimentScore::getReviewId).toList());
    }

    @Test
    void shouldKeepTheInputTimestampOnTheScore() {
        fixture.reviews.pipeInput(new TestRecord<>("r-0", StreamFixture.encode(StreamFixture.review("r-0", "x y")),
                StreamFixture.START.minusSeconds(5)));
        fixture.driver.advanceWallClockTime(Duration.ofMillis(50));
        assertEquals(StreamFixture.START.minusSeconds(5), fixture.scores.readRecord().getRecordTime());
    }

    @Test
    void shouldScoreTheSameTextTheSameWayInEveryBatch() {
        fixture.pipeReview("r-0", "the same words again");
        fixture.driver.advanceWallClockTime(Duration.ofMillis(50));
        for (int i = 1; i < 4; i++) {
            fixture.pipeReview("r-" + i, "other words " + "and more ".repeat(i));
        }
        fixture.pipeReview("r-4", "the same words again");
        final List<SentimentScore> scores = fixture.scores.readValuesToList();
        assertEquals(scores.get(0).getPositiveProbability(), scores.get(4).getPositiveProbability(), 1e-6);
    }

    @Test
    void shouldCountScoresAndBatchSizes() {
        for (int i = 0; i < 6; i++) {
            fixture.pipeReview("r-" + i, "review " + i);
        }
        fixture.driver.advanceWallClockTime(Duration.ofMillis(50));
        assertEquals(6.0, Metrics.value(fixture.driver, StreamMetrics.SCORES_TOTAL, Map.of()));
        assertEquals(4.0, Metrics.value(fixture.driver, StreamMetrics.SCORING_BATCH_SIZE_MAX, Map.of()));
        assertEquals(3.0, Metrics.value(fixture.driver, StreamMetrics.SCORING_BATCH_SIZE_AVG, Map.of()));
    }

    @Test
    void shouldRecordHowLongEachReviewWaitedForItsBatchAndTheOtherStages() {
        fixture.pipeReview("r-0", "first");
        fixture.pipeReview("r-1", "second");
        fixture.driver.advanceWallClockTime(Duration.ofMillis(49));
        fixture.driver.advanceWallClockTime(Duration.ofMillis(12));      // handed out at 61 ms, scored at once
        assertEquals(2, fixture.scores.readValuesToList().size());
        for (int i = 2; i < 6; i++) {
            fixture.pipeReview("r-" + i, "review " + i);                 // a full batch: handed out on arrival
        }
        assertEquals(4, fixture.scores.readValuesToList().size());

        final Map<String, String> wait = Map.of("stage", "wait");
        assertEquals(61.0, Metrics.value(fixture.driver, StreamMetrics.SCORING_STAGE_MAX, wait));
        assertEquals(2 * 61.0 / 6, Metrics.value(fixture.driver, StreamMetrics.SCORING_STAGE_AVG, wait), 1e-9);
        assertEquals(0.0, Metrics.value(fixture.driver, StreamMetrics.SCORING_STAGE_P50, wait), 5.0,
                "four of six reviews did not wait");
        assertEquals(61.0, Metrics.value(fixture.driver, StreamMetrics.SCORING_STAGE_P99, wait), 5.0,
                "percentiles to 5 ms");
        for (final String stage : List.of("queue", "score", "forward")) {
            final double max = Metrics.value(fixture.driver, StreamMetrics.SCORING_STAGE_MAX, Map.of("stage", stage));
            assertTrue(max >= 0 && max < 10_000, stage + " recorded for every review: " + max);
        }
    }
}
