package io.sentimentstreams.text;

import java.util.Arrays;
import java.util.List;

/** Stable sorting of example indices by descending sequence length. */
final class LengthOrder {

    private LengthOrder() {
    }

    /** Returns {@code 0, 1, ..., n - 1}. */
    static int[] identity(final int n) {
        final int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /**
     * Sorts {@code order[from, to)}, indices into {@code sequences}, by descending sequence length;
     * equal lengths keep their current relative order.
     *
     * @throws IllegalArgumentException if a referenced sequence is null or empty
     */
    static void sortByDescendingLength(final int[] order, final int from, final int to,
                                       final List<int[]> sequences) {
        final int n = to - from;
        // key: (MAX - length) in the high half sorts longest first; the position in the low half keeps ties stable.
        final long[] keys = new long[n];
        for (int k = 0; k < n; k++) {
            final long length = lengthOf(sequences, order[from + k]);
            keys[k] = (Integer.MAX_VALUE - length) << 32 | k;
        }
        Arrays.sort(keys);
        final int[] sorted = new int[n];
        for (int k = 0; k < n; k++) {
            sorted[k] = order[from + (int) keys[k]];
        }
        System.arraycopy(sorted, 0, order, from, n);
    }

    private static int lengthOf(final List<int[]> sequences, final int index) {
        final int[] sequence = sequences.get(index);
        if (sequence == null) {
            throw new IllegalArgumentException("sequence " + index + " is null");
        }
        if (sequence.length == 0) {
            throw new IllegalArgumentException("sequence " + index + " is empty; every sequence needs at least one id"
                    + " (TokenEncoder.encode gives {UNK} for an empty document)");
        }
        return sequence.length;
    }
}
