package io.sentimentstreams.nn;

import java.util.Arrays;

/**
 * The layout of a packed, time-major batch: {@code B} sequences sorted by descending length, {@code T} = the longest.
 *
 * @param batchSize  B
 * @param steps      T
 * @param lengths    [B] sequence lengths, descending, each in 1..T
 * @param activeRows [T] number of sequences still running at step t (non-increasing, activeRows[0] = B)
 */
public record Packing(int batchSize, int steps, int[] lengths, int[] activeRows) {

    public Packing {
        if (batchSize < 1 || steps < 1) {
            throw new IllegalArgumentException("expected B >= 1 and T >= 1, got B=" + batchSize + " T=" + steps);
        }
        if (lengths.length != batchSize || activeRows.length != steps) {
            throw new IllegalArgumentException("expected lengths [" + batchSize + "] and activeRows [" + steps
                    + "], got [" + lengths.length + "] and [" + activeRows.length + "]");
        }
    }

    /** Builds the packing of sequences with the given lengths, which must be descending and at least 1. */
    public static Packing of(final int[] lengths) {
        if (lengths.length == 0) {
            throw new IllegalArgumentException("a batch needs at least one sequence");
        }
        for (int b = 0; b < lengths.length; b++) {
            if (lengths[b] < 1) {
                throw new IllegalArgumentException("sequence " + b + " has length " + lengths[b] + ", expected >= 1");
            }
            if (b > 0 && lengths[b] > lengths[b - 1]) {
                throw new IllegalArgumentException("lengths must be sorted descending, got " + Arrays.toString(lengths));
            }
        }
        final int steps = lengths[0];
        final int[] active = new int[steps];
        int b = lengths.length;
        for (int t = 0; t < steps; t++) {
            while (b > 0 && lengths[b - 1] <= t) {
                b--;
            }
            active[t] = b;
        }
        return new Packing(lengths.length, steps, lengths.clone(), active);
    }

    /** Number of real (non-padding) positions: the sum of the lengths. */
    public long realSteps() {
        long sum = 0;
        for (final int length : lengths) {
            sum += length;
        }
        return sum;
    }
}
