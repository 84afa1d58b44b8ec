package io.sentimentstreams.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Groups sequences of similar length into {@link Batch}es so that little padding is needed (the
 * idea of torchtext's {@code BucketIterator}). Every example appears in exactly one batch; the
 * batches' {@link Batch#rows()} give the examples' indices in the input list.
 */
public final class LengthBucketBatcher {

    /** A training pool holds this many batches' worth of examples before it is sorted by length. */
    static final int POOL_BATCHES = 50;

    private LengthBucketBatcher() {
    }

    /**
     * Batches for one training epoch. Shuffles the examples with {@code random}, cuts them into pools
     * of {@value #POOL_BATCHES}{@code * batchSize} examples, sorts each pool by length, cuts the pools
     * into batches of {@code batchSize} (the last one may be smaller) and shuffles the order of the
     * batches with {@code random}. The result depends only on the input and the state of
     * {@code random}.
     *
     * @param sequences id sequences, each at least one id long
     * @param labels    labels parallel to {@code sequences}, or null
     * @param batchSize examples per batch, at least 1
     * @param random    source of the shuffles
     * @return unmodifiable list of batches
     */
    public static List<Batch> shuffledBuckets(final List<int[]> sequences, final int[] labels, final int batchSize,
                                              final Random random) {
        requireArguments(sequences, labels, batchSize);
        Objects.requireNonNull(random, "random must not be null");
        final int n = sequences.size();
        final int[] order = LengthOrder.identity(n);
        shuffle(order, random);
        final int poolSize = (int) Math.min((long) POOL_BATCHES * batchSize, n);
        final List<Batch> batches = new ArrayList<>();
        for (int poolStart = 0; poolStart < n; ) {
            final int poolEnd = poolStart + Math.min(poolSize, n - poolStart);
            LengthOrder.sortByDescendingLength(order, poolStart, poolEnd, sequences);
            cut(sequences, labels, batchSize, order, poolStart, poolEnd, batches);
            poolStart = poolEnd;
        }
        shuffle(batches, random);
        return Collections.unmodifiableList(batches);
    }

    /**
     * Batches for evaluation and scoring, without randomness: sorts all examples by descending length
     * (ties keep input order) and cuts them into batches of {@code batchSize}; the last one may be
     * smaller.
     *
     * @param sequences id sequences, each at least one id long
     * @param labels    labels parallel to {@code sequences}, or null
     * @param batchSize examples per batch, at least 1
     * @return unmodifiable list of batches, longest first
     */
    public static List<Batch> sortedBatches(final List<int[]> sequences, final int[] labels, final int batchSize) {
        requireArguments(sequences, labels, batchSize);
        final int[] order = LengthOrder.identity(sequences.size());
        LengthOrder.sortByDescendingLength(order, 0, order.length, sequences);
        final List<Batch> batches = new ArrayList<>();
        cut(sequences, labels, batchSize, order, 0, order.length, batches);
        return Collections.unmodifiableList(batches);
    }

    private static void cut(final List<int[]> sequences, final int[] labels, final int batchSize, final int[] order,
                            final int from, final int to, final List<Batch> batches) {
        for (int start = from; start < to; ) {
            final int end = start + Math.min(batchSize, to - start);
            batches.add(Batch.gather(sequences, labels, null, order, start, end));
            start = end;
        }
    }

    private static void requireArguments(final List<int[]> sequences, final int[] labels, final int batchSize) {
        Objects.requireNonNull(sequences, "sequences must not be null");
        if (labels != null && labels.length != sequences.size()) {
            throw new IllegalArgumentException(String.format(
                    "expected one label per sequence (%d), got %d", sequences.size(), labels.length));
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
    }

    // Fisher–Yates written out, so that the order for a given seed never depends on the JDK.
    private static void shuffle(final int[] order, final Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            final int j = random.nextInt(i + 1);
            final int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }

    private static void shuffle(final List<Batch> batches, final Random random) {
        for (int i = batches.size() - 1; i > 0; i--) {
            Collections.swap(batches, i, random.nextInt(i + 1));
        }
    }
}
