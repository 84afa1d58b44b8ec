package io.sentimentstreams.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sentimentstreams.avro.ReviewEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterTopologyTest {

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
    void shouldSendAnUndecodableRecordToDeadLettersWithItsSourcePosition() {
        final byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
        fixture.pipeReview("r-0", "a good one");
        fixture.reviews.pipeInput("r-1", garbage);

        final TestRecord<String, byte[]> letter = fixture.deadLetters.readRecord();
        assertEquals("r-1", letter.key());
        assertArrayEquals(garbage, letter.value(), "the original bytes, unchanged");
        assertEquals("UNDECODABLE", header(letter.headers(), DeadLetters.REASON_CODE));
        assertTrue(header(letter.headers(), DeadLetters.REASON).contains("NOT_SINGLE_OBJECT_ENCODED"),
                header(letter.headers(), DeadLetters.REASON));
        assertEquals("reviews", header(letter.headers(), DeadLetters.SOURCE_TOPIC));
        assertEquals("0", header(letter.headers(), DeadLetters.SOURCE_PARTITION));
        assertEquals("1", header(letter.headers(), DeadLetters.SOURCE_OFFSET));
    }

    @Test
    void shouldKeepTheOriginalHeadersOfADeadLetter() {
        final Headers headers = new RecordHeaders().add("trace-id", "t-7".getBytes(StandardCharsets.UTF_8));
        fixture.reviews.pipeInput(new TestRecord<>("r-1", new byte[] {1, 2, 3}, headers));
        assertEquals("t-7", header(fixture.deadLetters.readRecord().headers(), "trace-id"));
    }

    @Test
    void shouldSendAnEmptyTextToDeadLetters() {
        assertRejected(StreamFixture.review("r-1", "  \n "), "EMPTY_TEXT");
    }

    @Test
    void shouldSendATooLongTextToDeadLetters() {
        assertRejected(StreamFixture.review("r-1", "word ".repeat(41)), "TEXT_TOO_LONG");
    }

    @Test
    void shouldSendAReviewWithoutIdToDeadLetters() {
        assertRejected(StreamFixture.review("", "fine text"), "MISSING_ID");
    }

    @Test
    void shouldSendATombstoneToDeadLetters() {
        fixture.reviews.pipeInput("r-1", (byte[]) null);
        assertEquals("NULL_VALUE", header(fixture.deadLetters.readRecord().headers(), DeadLetters.REASON_CODE));
    }

    @Test
    void shouldGoOnScoringAfterBadInput() {
        fixture.reviews.pipeInput("r-1", new byte[] {(byte) 0xC3, 1, 0});
        fixture.pipeReview("r-2", "");
        fixture.pipeReview("r-3", "still here");
        fixture.driver.advanceWallClockTime(Duration.ofMillis(50));
        assertEquals(2, fixture.deadLetters.getQueueSize());
        assertEquals("r-3", fixture.scores.readValue().getReviewId());
        assertTrue(fixture.scores.isEmpty());
    }

    @Test
    void shouldCountDeadLettersByReason() {
        fixture.reviews.pipeInput("r-1", new byte[] {1});
        fixture.reviews.pipeInput("r-2", new byte[] {2});
        fixture.pipeReview("r-3", "");
        assertEquals(2.0, Metrics.value(fixture.driver, StreamMetrics.DEAD_LETTERS_TOTAL,
                Map.of("reason", "UNDECODABLE")));
        assertEquals(1.0, Metrics.value(fixture.driver, StreamMetrics.DEAD_LETTERS_TOTAL,
                Map.of("reason", "EMPTY_TEXT")));
        assertEquals(0.0, Metrics.value(fixture.driver, StreamMetrics.DEAD_LETTERS_TOTAL,
                Map.of("reason", "TEXT_TOO_LONG")));
    }

    private void assertRejected(final ReviewEvent review, final String code) {
        final byte[] bytes = StreamFixture.encode(review);
        fixture.reviews.pipeInput("r-1", bytes);
        fixture.driver.advanceWallClockTime(Duration.ofMillis(50));
        final TestRecord<String, byte[]> letter = fixture.deadLetters.readRecord();
        assertEquals(code, header(letter.headers(), DeadLetters.REASON_CODE));
        assertArrayEquals(bytes, letter.value());
        assertTrue(header(letter.headers(), DeadLetters.REASON).endsWith("."));
        assertTrue(fixture.scores.isEmpty(), "a rejected review is not scored");
    }

    static String header(final Headers headers, final String key) {
        final Header header = headers.lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
