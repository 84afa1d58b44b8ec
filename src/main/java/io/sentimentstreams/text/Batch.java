package io.sentimentstreams.text;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A batch of id sequences padded to a common length, in the packed-sequence layout of the network.
 *
 * <p>Shapes ({@code B} = {@code batchSize}, {@code T} = {@code steps} = the longest length):
 * <pre>
 *   tokenIds [T*B]  time-major: the id of row b at step t is tokenIds[t * B + b];
 *                   positions with t &gt;= lengths[b] hold {@link TokenEncoder#PAD}
 *   lengths  [B]    descending, every length in [1, T], lengths[0] == T
 *   labels   [B]    class of each row, or null when unlabeled
 *   rows     [B]    for each row, the index of its example in the caller's list
 * </pre>
 * Because lengths descend, the rows still running at step {@code t} are exactly rows
 * {@code 0 .. activeRows(t) - 1}.
 *
 * <p>The arrays are shared, not copied: treat them as read-only.
 */
public record Batch(int batchSize, int steps, int[] tokenIds, int[] lengths, int[] labels, int[] rows) {

    public Batch {
        if (batchSize < 1 || steps < 1) {
            throw new IllegalArgumentException(String.format(
                    "expected batchSize >= 1 and steps >= 1, got [B,T] = [%d,%d]", batchSize, steps));
        }
        Objects.requireNonNull(tokenIds, "tokenIds must not be null");
        Objects.requireNonNull(lengths, "lengths must not be null");
        Objects.requireNonNull(rows, "rows must not be null");
        if ((long) steps * batchSize != tokenIds.length) {
            throw new IllegalArgumentException(String.format(
                    "expected tokenIds [T*B] = [%d], got [%d]", (long) steps * batchSize, tokenIds.length));
        }
        requireLength("lengths", lengths, batchSize);
        requireLength("rows", rows, batchSize);
        if (labels != null) {
            requireLength("labels", labels, batchSize);
        }
        requireDescendingLengths(lengths, steps);
        requirePadding(tokenIds, lengths, batchSize, steps);
    }

    /**
     * Builds one batch from {@code sequences}, ordered by descending length (ties keep input order).
     *
     * @param sequences  the id sequences, each at least one id long
     * @param labels     labels parallel to {@code sequences}, or null
     * @param rowsOrNull row numbers parallel to {@code sequences} to report in {@link #rows()}, or null to
     *                   report the indices into {@code sequences}
     */
    public static Batch of(final List<int[]> sequences, final int[] labels, final int[] rowsOrNull) {
        Objects.requireNonNull(sequences, "sequences must not be null");
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("sequences must not be empty");
        }
        if (labels != null) {
            requireLength("labels", labels, sequences.size());
        }
        if (rowsOrNull != null) {
            requireLength("rowsOrNull", rowsOrNull, sequences.size());
        }
        final int[] order = LengthOrder.identity(sequences.size());
        LengthOrder.sortByDescendingLength(order, 0, order.length, sequences);
        return gather(sequences, labels, rowsOrNull, order, 0, order.length);
    }

    /**
     * Builds a batch from the examples {@code order[from, to)}, which must already be sorted by
     * descending length.
     */
    static Batch gather(final List<int[]> sequences, final int[] labels, final int[] rowsOrNull,
                        final int[] order, final int from, final int to) {
        final int b = to - from;
        final int t = sequences.get(order[from]).length;
        final int[] tokenIds = new int[Math.multiplyExact(t, b)]; // zero-filled: PAD == 0
        final int[] lengths = new int[b];
        final int[] batchLabels = labels == null ? null : new int[b];
        final int[] rows = new int[b];
        for (int row = 0; row < b; row++) {
            final int example = order[from + row];
            final int[] sequence = sequences.get(example);
            for (int step = 0; step < sequence.length; step++) {
                tokenIds[step * b + row] = sequence[step];
            }
            lengths[row] = sequence.length;
            rows[row] = rowsOrNull == null ? example : rowsOrNull[example];
            if (batchLabels != null) {
                batchLabels[row] = labels[example];
            }
        }
        return new Batch(b, t, tokenIds, lengths, batchLabels, rows);
    }

    /** Number of rows whose length is greater than {@code t}; they are rows {@code 0 .. activeRows(t) - 1}. */
    public int activeRows(final int t) {
        if (t < 0 || t >= steps) {
            throw new IllegalArgumentException(String.format("t must be in [0, %d), got %d", steps, t));
        }
        int low = 0;
        int high = batchSize;
        while (low < high) {
            final int mid = (low + high) >>> 1;
            if (lengths[mid] > t) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** Returns a new time-major [T*B] mask: 1 where row b has a token at step t, 0 at padding. */
    public float[] mask() {
        final float[] mask = new float[tokenIds.length];
        for (int row = 0; row < batchSize; row++) {
            for (int step = 0; step < lengths[row]; step++) {
                mask[step * batchSize + row] = 1f;
            }
        }
        return mask;
    }

    /** Sum of all lengths: the number of real (non-padding) tokens. */
    public int tokenCount() {
        int sum = 0;
        for (final int length : lengths) {
            sum += length;
        }
        return sum;
    }

    private static void requireLength(final String name, final int[] array, final int expected) {
        if (array.length != expected) {
            throw new IllegalArgumentException(String.format(
                    "expected %s of length %d, got %d", name, expected, array.length));
        }
    }

    private static void requireDescendingLengths(final int[] lengths, final int steps) {
        if (lengths[0] != steps) {
            throw new IllegalArgumentException(String.format(
                    "expected lengths[0] == steps == %d, got %s", steps, Arrays.toString(lengths)));
        }
        for (int row = 0; row < lengths.length; row++) {
            if (lengths[row] < 1) {
                throw new IllegalArgumentException(String.format(
                        "every length must be at least 1, got lengths[%d] = %d", row, lengths[row]));
            }
            if (row > 0 && lengths[row] > lengths[row - 1]) {
                throw new IllegalArgumentException(
                        "lengths must be in descending order, got " + Arrays.toString(lengths));
            }
        }
    }

    private static void requirePadding(final int[] tokenIds, final int[] lengths, final int b, final int t) {
        for (int row = 0; row < b; row++) {
            for (int step = lengths[row]; step < t; step++) {
                if (tokenIds[step * b + row] != TokenEncoder.PAD) {
                    throw new IllegalArgumentException(String.format(
                            "expected PAD past the end of row %d (length %d), got %d at step %d",
                            row, lengths[row], tokenIds[step * b + row], step));
                }
            }
        }
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof Batch that
                && batchSize == that.batchSize
                && steps == that.steps
                && Arrays.equals(tokenIds, that.tokenIds)
                && Arrays.equals(lengths, that.lengths)
                && Arrays.equals(labels, that.labels)
                && Arrays.equals(rows, that.rows);
    }

    @Override
    public int hashCode() {
        int hash = 31 * batchSize + steps;
        hash = 31 * hash + Arrays.hashCode(tokenIds);
        hash = 31 * hash + Arrays.hashCode(lengths);
        hash = 31 * hash + Arrays.hashCode(labels);
        return 31 * hash + Arrays.hashCode(rows);
    }

    @Override
    public String toString() {
        return String.format("Batch[B=%d, T=%d, lengths=%s, labels=%s, rows=%s]", batchSize, steps,
                Arrays.toString(lengths), Arrays.toString(labels), Arrays.toString(rows));
    }
}
