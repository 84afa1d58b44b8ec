package io.sentimentstreams.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void shouldCountTheConfusionMatrixAndAccuracy() {
        final Metrics m = Metrics.of(new double[] {0.9, 0.2, 0.6, 0.4, 0.7}, new int[] {1, 0, 0, 1, 1});
        assertEquals(2, m.truePositives());
        assertEquals(1, m.falsePositives());
        assertEquals(1, m.trueNegatives());
        assertEquals(1, m.falseNegatives());
        assertEquals(0.6, m.accuracy(), 1e-12);
    }

    @Test
    void shouldComputeTheAreaUnderTheRocCurveWithTies() {
        // positives 0.9, 0.4, 0.7; negatives 0.2, 0.4: pairs won 3 + 1 + 0.5 (tie) + 2 = 5.5 of 6
        final Metrics m = Metrics.of(new double[] {0.9, 0.2, 0.4, 0.4, 0.7}, new int[] {1, 0, 0, 1, 1});
        assertEquals(5.5 / 6, m.auc(), 1e-12);
    }

    @Test
    void shouldComputeTheMeanCrossEntropy() {
        final Metrics m = Metrics.of(new double[] {0.8, 0.3}, new int[] {1, 0});
        assertEquals(-(Math.log(0.8) + Math.log(0.7)) / 2, m.loss(), 1e-12);
    }
}
