package io.sentimentstreams.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BatchTest {

    /** Lengths 2, 3, 1, 3: sorted rows are examples 1, 3, 0, 2. */
    private static final List<int[]> SEQUENCES = List.of(
            new int[] {10, 11},
            new int[] {20, 21, 22},
            new int[] {30},
            new int[] {40, 41, 42});

    private static final int[] LABELS = {0, 1, 0, 1};

    private static Batch batch() {
        return Batch.of(SEQUENCES, LABELS, null);
    }

    @Test
    void shouldUseLongestLengthAsSteps() {
        assertEquals(3, batch().steps());
    }

    @Test
    void shouldUseNumberOfSequencesAsBatchSize() {
        assertEquals(4, batch().batchSize());
    }

    @Test
    void shouldSortLengthsDescendingKeepingInputOrderForTies() {
        assertArrayEquals(new int[] {3, 3, 2, 1}, batch().lengths());
    }

    @Test
    void shouldMapRowsToInputIndices() {
        assertArrayEquals(new int[] {1, 3, 0, 2}, batch().rows());
    }

    @Test
    void shouldLayOutTokensTimeMajorWithPadding() {
        assertArrayEquals(new int[] {
            20, 40, 10, 30,  // t = 0
            21, 41, 11, 0,   // t = 1
            22, 42, 0, 0,    // t = 2
        }, batch().tokenIds());
    }

    @Test
    void shouldPlaceTokenOfRowBAtStepTAtIndexTTimesBPlusB() {
        final Batch batch = batch();
        final int b = batch.batchSize();
        for (int row = 0; row < b; row++) {
            final int[] sequence = SEQUENCES.get(batch.rows()[row]);
            for (int t = 0; t < batch.steps(); t++) {
                final int expected = t < sequence.length ? sequence[t] : TokenEncoder.PAD;
                assertEquals(expected, batch.tokenIds()[t * b + row], "row " + row + ", step " + t);
            }
        }
    }

    @Test
    void shouldPermuteLabelsWithRows() {
        assertArrayEquals(new int[] {1, 1, 0, 0}, batch().labels());
    }

    @Test
    void shouldLeaveLabelsNullWhenUnlabeled() {
        assertNull(Batch.of(SEQUENCES, null, null).labels());
    }

    @Test
    void shouldReportGivenRowNumbers() {
        final Batch batch = Batch.of(SEQUENCES, null, new int[] {100, 101, 102, 103});
        assertArrayEquals(new int[] {101, 103, 100, 102}, batch.rows());
    }

    @Test
    void shouldCountActiveRowsPerStep() {
        final Batch batch = batch();
        assertArrayEquals(new int[] {4, 3, 2},
                new int[] {batch.activeRows(0), batch.activeRows(1), batch.activeRows(2)});
    }

    @Test
    void shouldRejectActiveRowsAtStepsOrBeyond() {
        assertThrows(IllegalArgumentException.class, () -> batch().activeRows(3));
    }

    @Test
    void shouldBuildTimeMajorMask() {
        assertArrayEquals(new float[] {
            1, 1, 1, 1,
            1, 1, 1, 0,
            1, 1, 0, 0,
        }, batch().mask());
    }

    @Test
    void shouldCountRealTokens() {
        assertEquals(9, batch().tokenCount());
    }

    @Test
    void shouldBuildSingleRowBatch() {
        final Batch batch = Batch.of(List.of(new int[] {7, 8}), new int[] {1}, null);
        assertArrayEquals(new int[] {7, 8}, batch.tokenIds());
    }

    @Test
    void shouldRejectEmptySequence() {
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Batch.of(List.of(new int[] {5}, new int[0]), null, null));
        assertTrue(error.getMessage().startsWith("sequence 1 is empty"), error.getMessage());
    }

    @Test
    void shouldRejectEmptySequenceList() {
        assertThrows(IllegalArgumentException.class, () -> Batch.of(List.of(), null, null));
    }

    @Test
    void shouldRejectLabelsOfWrongLength() {
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Batch.of(SEQUENCES, new int[] {1, 0}, null));
        assertEquals("expected labels of length 4, got 2", error.getMessage());
    }

    @Test
    void shouldRejectAscendingLengths() {
        assertThrows(IllegalArgumentException.class,
                () -> new Batch(2, 2, new int[] {5, 6, 0, 7}, new int[] {1, 2}, null, new int[] {0, 1}));
    }

    @Test
    void shouldRejectTokenPastTheEndOfARow() {
        assertThrows(IllegalArgumentException.class,
                () -> new Batch(2, 2, new int[] {5, 6, 7, 8}, new int[] {2, 1}, null, new int[] {0, 1}));
    }

    @Test
    void shouldRejectTokenIdsOfWrongShape() {
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new Batch(2, 2, new int[] {5, 6, 7}, new int[] {2, 1}, null, new int[] {0, 1}));
        assertEquals("expected tokenIds [T*B] = [4], got [3]", error.getMessage());
    }

    @Test
    void shouldCompareByContent() {
        assertEquals(batch(), batch());
    }
}
