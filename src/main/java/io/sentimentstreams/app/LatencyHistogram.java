package io.sentimentstreams.app;

/**
 * Latencies in whole milliseconds, counted in one bucket per millisecond up to {@value #MAX_MS} ms (longer ones in
 * the last bucket, reported as the longest seen), so that quantiles are exact to the millisecond in constant memory
 * however long the demo runs.
 */
final class LatencyHistogram {

    static final int MAX_MS = 120_000;

    private final long[] counts = new long[MAX_MS + 1];
    private long total;
    private long longest;

    void add(final long ms) {
        final long clamped = Math.max(0, ms);
        counts[(int) Math.min(MAX_MS, clamped)]++;
        longest = Math.max(longest, clamped);
        total++;
    }

    long count() {
        return total;
    }

    /** The smallest latency with at least a share {@code q} of all at or below it, in ms; NaN when empty. */
    double quantile(final double q) {
        if (total == 0) {
            return Double.NaN;
        }
        final long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int ms = 0; ms < MAX_MS; ms++) {
            seen += counts[ms];
            if (seen >= rank) {
                return ms;
            }
        }
        return longest;
    }

    void clear() {
        java.util.Arrays.fill(counts, 0);
        total = 0;
        longest = 0;
    }
}
