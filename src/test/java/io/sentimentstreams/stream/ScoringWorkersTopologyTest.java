package io.sentimentstreams.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sentimentstreams.avro.SentimentScore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches scored apart from the stream thread: a scoring worker that runs a batch only when the test says so (one
 * worker, batches of up to 4 reviews, a 50 ms wait), and, last, a real worker thread.
 */
class ScoringWorkersTopologyTest {

    @TempDir
    Path stateDir;

    private final List<Runnable> heldJobs = new ArrayList<>();
    private StreamFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** A fixture whose single worker takes jobs but runs them only in {@link #runJob}. */
    private StreamFixture withHeldJobs() {
        fixture = new StreamFixture(stateDir, Map.of(), StreamFixture.START,
                new ScoringWorkers(heldJobs::add, 1));
        return fixture;
    }

    private void runJob(final int index) {
        heldJobs.get(index).run();
    }

    private KeyValueStore<Bytes, byte[]> buffer() {
        return fixture.driver.getKeyValueStore(SentimentTopology.SCORING_BUFFER_STORE);
    }

    private List<String> scoredIds() {
        return fixture.scores.readValuesToList().stream().map(SentimentScore::getReviewId).toList();
    }

    @Test
    void shouldKeepReviewsInTheBufferUntilTheirScoresAreForwarded() {
        withHeldJobs();
        IntStream.range(0, 4).forEach(i -> fixture.pipeReview("r-" + i, "review " + i));
        assertEquals(1, heldJobs.size(), "a full batch is handed to the worker at once");
        fixture.driver.advanceWallClockTime(Duration.ofMillis(100));
        assertTrue(fixture.scores.isEmpty(), "nothing is forwarded while the batch is being scored");
        assertEquals(4, buffer().approximateNumEntries(), "a batch being scored stays in the buffer");

        runJob(0);
        fixture.driver.advanceWallClockTime(ScoringProcessor.CHECK_EVERY);
        assertEquals(List.of("r-0", "r-1", "r-2", "r-3"), scoredIds());
        assertEquals(0, buffer().approximateNumEntries(), "forwarded reviews leave the buffer");
    }

    @Test
    void shouldGatherWaitingReviewsIntoOneBatchWhileTheWorkerIsBusy() {
        withHeldJobs();
        fixture.pipeReview("r-0", "first");
        fixture.driver.advanceWallClockTime(Duration.ofMillis(50));
        assertEquals(1, heldJobs.size(), "a partial batch is handed out after the wait, the worker being free");
        fixture.pipeReview("r-1", "second");
        fixture.pipeReview("r-2", "third");
        fixture.driver.advanceWallClockTime(Duration.ofMillis(200));
        assertEquals(1, heldJobs.size(), "no partial batch is handed out while the worker is busy");

        runJob(0);
        fixture.driver.advanceWallClockTime(ScoringProcessor.CHECK_EVERY);
        assertEquals(List.of("r-0"), scoredIds());
        assertEquals(2, heldJobs.size(), "the two reviews that waited go out together once the worker is free");
        runJob(1);
        fixture.driver.advanceWallClockTime(ScoringProcessor.CHECK_EVERY);
        assertEquals(List.of("r-1", "r-2"), scoredIds());
    }

    @Test
    void shouldForwardBatchesInTheOrderTheyWereHandedOut() {
        withHeldJobs();
        IntStream.range(0, 8).forEach(i -> fixture.pipeReview("r-" + i, "review " + i));
        assertEquals(2, heldJobs.size(), "two full batches");

        runJob(1);
        fixture.driver.advanceWallClockTime(ScoringProcessor.CHECK_EVERY);
        assertTrue(fixture.scores.isEmpty(), "the second batch waits for the first");
        runJob(0);
        fixture.driver.advanceWallClockTime(ScoringProcessor.CHECK_EVERY);
        assertEquals(IntStream.range(0, 8).mapToObj(i -> "r-" + i).toList(), scoredIds());
    }

    @Test
    void shouldScoreEveryReviewOnAWorkerThread() {
        fixture = new StreamFixture(stateDir, Map.of(StreamsSettings.SCORING_THREADS, "1"));
        final List<String> ids = IntStream.range(0, 10).mapToObj(i -> "r-" + i).toList();
        ids.forEach(id -> fixture.pipeReview(id, "a fine film number " + id));

        final List<String> scored = new ArrayList<>();
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (scored.size() < ids.size() && System.nanoTime() < deadline) {
            fixture.driver.advanceWallClockTime(ScoringProcessor.CHECK_EVERY);
            scored.addAll(scoredIds());
        }
        assertEquals(ids, scored, "every review scored once, in arrival order");
        assertEquals(0, buffer().approximateNumEntries());
    }
}
