package io.sentimentstreams.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LengthBucketBatcherTest {

    private static final int EXAMPLES = 5_000;
    private static final int BATCH_SIZE = 32;

    /** {@code count} sequences, lengths uniform in [minLength, maxLength]; sequence i holds id i + 2 at every step. */
    private static List<int[]> sequences(final int count, final int minLength, final int maxLength, final long seed) {
        final Random random = new Random(seed);
        final List<int[]> sequences = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            final int[] sequence = new int[minLength + random.nextInt(maxLength - minLength + 1)];
            Arrays.fill(sequence, i + 2);
            sequences.add(sequence);
        }
        return sequences;
    }

    private static int[] labels(final int count) {
        final int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % 2;
        }
        return labels;
    }

    private static int[] timesSeen(final List<Batch> batches, final int count) {
        final int[] seen = new int[count];
        for (final Batch batch : batches) {
            for (final int row : batch.rows()) {
                seen[row]++;
            }
        }
        return seen;
    }

    private static int[] ones(final int count) {
        final int[] ones = new int[count];
        Arrays.fill(ones, 1);
        return ones;
    }

    @Test
    void shouldPlaceEveryExampleInExactlyOneShuffledBatch() {
        final List<Batch> batches = LengthBucketBatcher.shuffledBuckets(
                sequences(EXAMPLES, 10, 1000, 1), labels(EXAMPLES), BATCH_SIZE, new Random(7));
        assertArrayEquals(ones(EXAMPLES), timesSeen(batches, EXAMPLES));
    }

    @Test
    void shouldPlaceEveryExampleInExactlyOneSortedBatch() {
        final List<Batch> batches =
                LengthBucketBatcher.sortedBatches(sequences(EXAMPLES, 10, 1000, 1), null, BATCH_SIZE);
        assertArrayEquals(ones(EXAMPLES), timesSeen(batches, EXAMPLES));
    }

    @Test
    void shouldCarryTokensAndLabelsWithTheirExamples() {
        final List<int[]> sequences = sequences(500, 1, 50, 2);
        final int[] labels = labels(500);
        for (final Batch batch : LengthBucketBatcher.shuffledBuckets(sequences, labels, 8, new Random(3))) {
            for (int row = 0; row < batch.batchSize(); row++) {
                final int example = batch.rows()[row];
                assertEquals(labels[example], batch.labels()[row]);
                assertEquals(sequences.get(example).length, batch.lengths()[row]);
                assertEquals(example + 2, batch.tokenIds()[row], "first step of row " + row);
            }
        }
    }

    @Test
    void shouldProduceSameBatchesForSameSeed() {
        final List<int[]> sequences = sequences(EXAMPLES, 10, 1000, 1);
        assertEquals(LengthBucketBatcher.shuffledBuckets(sequences, labels(EXAMPLES), BATCH_SIZE, new Random(11)),
                LengthBucketBatcher.shuffledBuckets(sequences, labels(EXAMPLES), BATCH_SIZE, new Random(11)));
    }

    @Test
    void shouldProduceDifferentBatchesForDifferentSeeds() {
        final List<int[]> sequences = sequences(EXAMPLES, 10, 1000, 1);
        assertNotEquals(LengthBucketBatcher.shuffledBuckets(sequences, null, BATCH_SIZE, new Random(11)),
                LengthBucketBatcher.shuffledBuckets(sequences, null, BATCH_SIZE, new Random(12)));
    }

    @Test
    void shouldKeepPaddingBelowFivePercentOfTokens() {
        // Random batches of 32 from lengths uniform in 10..1000 would pad about 90% of the tokens.
        final List<Batch> batches = LengthBucketBatcher.shuffledBuckets(
                sequences(EXAMPLES, 10, 1000, 5), labels(EXAMPLES), BATCH_SIZE, new Random(5));
        long padding = 0;
        long tokens = 0;
        for (final Batch batch : batches) {
            padding += (long) batch.steps() * batch.batchSize() - batch.tokenCount();
            tokens += batch.tokenCount();
        }
        assertTrue(padding < 0.05 * tokens, "padding " + padding + " for " + tokens + " tokens");
    }

    @Test
    void shouldFillEveryBatchButOne() {
        final List<Batch> batches = LengthBucketBatcher.shuffledBuckets(
                sequences(EXAMPLES, 10, 1000, 1), null, BATCH_SIZE, new Random(7));
        final long partial = batches.stream().filter(batch -> batch.batchSize() != BATCH_SIZE).count();
        assertEquals(1, partial);
    }

    @Test
    void shouldOrderSortedBatchesLongestFirst() {
        final List<Batch> batches =
                LengthBucketBatcher.sortedBatches(sequences(EXAMPLES, 10, 1000, 1), null, BATCH_SIZE);
        for (int i = 1; i < batches.size(); i++) {
            final int[] previous = batches.get(i - 1).lengths();
            assertTrue(previous[previous.length - 1] >= batches.get(i).steps(), "batch " + i);
        }
    }

    @Test
    void shouldReturnNoBatchesForNoExamples() {
        assertEquals(List.of(), LengthBucketBatcher.shuffledBuckets(List.of(), new int[0], BATCH_SIZE, new Random(1)));
    }

    @Test
    void shouldRejectBatchSizeBelowOne() {
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> LengthBucketBatcher.sortedBatches(sequences(10, 1, 5, 1), null, 0));
        assertEquals("batchSize must be at least 1, got 0", error.getMessage());
    }

    @Test
    void shouldRejectLabelsOfWrongLength() {
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> LengthBucketBatcher.shuffledBuckets(sequences(10, 1, 5, 1), new int[3], 4, new Random(1)));
        assertEquals("expected one label per sequence (10), got 3", error.getMessage());
    }

    @Test
    void shouldRejectEmptySequenceNamingItsIndex() {
        final List<int[]> sequences = new ArrayList<>(sequences(10, 1, 5, 1));
        sequences.set(6, new int[0]);
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> LengthBucketBatcher.shuffledBuckets(sequences, null, 4, new Random(1)));
        assertTrue(error.getMessage().startsWith("sequence 6 is empty"), error.getMessage());
    }
}
