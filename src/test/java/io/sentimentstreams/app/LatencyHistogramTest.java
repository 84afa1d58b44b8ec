package io.sentimentstreams.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void shouldGiveExactQuantilesToTheMillisecond() {
        final LatencyHistogram histogram = new LatencyHistogram();
        for (int ms = 1; ms <= 1000; ms++) {
            histogram.add(ms);
        }
        assertEquals(1000, histogram.count());
        assertEquals(500, histogram.quantile(0.5));
        assertEquals(990, histogram.quantile(0.99));
        assertEquals(1, histogram.quantile(0.0));
        assertEquals(1000, histogram.quantile(1.0));
    }

    @Test
    void shouldReportTheLongestLatencyBeyondTheLastBucketAndCountNegativeAsZero() {
        final LatencyHistogram histogram = new LatencyHistogram();
        histogram.add(-5);
        histogram.add(LatencyHistogram.MAX_MS + 12_345);
        assertEquals(0, histogram.quantile(0.5));
        assertEquals(LatencyHistogram.MAX_MS + 12_345, histogram.quantile(1.0));
    }

    @Test
    void shouldBeEmptyAfterClear() {
        final LatencyHistogram histogram = new LatencyHistogram();
        histogram.add(42);
        histogram.clear();
        assertEquals(0, histogram.count());
        assertTrue(Double.isNaN(histogram.quantile(0.5)));
    }
}
