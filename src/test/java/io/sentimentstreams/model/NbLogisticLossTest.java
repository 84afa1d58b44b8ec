package io.sentimentstreams.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written gradient of the NB-weighted logistic loss against central differences in double precision. */
class NbLogisticLossTest {

    private static final double EPSILON = 1e-6;

    @Test
    void shouldMatchFiniteDifferencesForEveryWeightAndTheBias() {
        final SplittableRandom random = new SplittableRandom(17);
        final int features = 12;
        final int documents = 9;
        final int[] offsets = new int[documents + 1];
        final int[] columns = new int[documents * features];
        int k = 0;
        for (int i = 0; i < documents; i++) {
            offsets[i] = k;
            for (int f = 0; f < features; f++) {
                if (random.nextDouble() < 0.4) {
                    columns[k++] = f;
                }
            }
        }
        offsets[documents] = k;
        final int[] used = java.util.Arrays.copyOf(columns, k);
        final int[] labels = new int[documents];
        for (int i = 0; i < documents; i++) {
            labels[i] = i % 2;
        }
        final double[] ratios = new double[features];
        final double[] theta = new double[features + 1];
        for (int f = 0; f < features; f++) {
            ratios[f] = 2 * random.nextDouble() - 1;
            theta[f] = random.nextGaussian();
        }
        theta[features] = 0.3;
        final NbLogisticLoss loss = new NbLogisticLoss(offsets, used, labels, ratios, 0.05);

        final double[] analytic = new double[features + 1];
        loss.valueAndGradient(theta, analytic);
        int checked = 0;
        final double[] scratch = new double[features + 1];
        for (int j = 0; j <= features; j++) {
            final double original = theta[j];
            theta[j] = original + EPSILON;
            final double plus = loss.valueAndGradient(theta, scratch);
            theta[j] = original - EPSILON;
            final double minus = loss.valueAndGradient(theta, scratch);
            theta[j] = original;
            final double numeric = (plus - minus) / (2 * EPSILON);
            final double difference = Math.abs(numeric - analytic[j]);
            final double scale = Math.max(Math.abs(numeric), Math.abs(analytic[j]));
            assertTrue(difference <= 1e-9 || difference / scale <= 1e-6,
                    String.format("θ[%d]: analytic %.12e, numeric %.12e", j, analytic[j], numeric));
            if (Math.abs(analytic[j]) > 1e-9) {
                checked++;
            }
        }
        assertTrue(checked > features / 2, "most gradients are non-zero, so the check means something");
    }

    @Test
    void shouldBeLog2AtZeroWeights() {
        final NbLogisticLoss loss = new NbLogisticLoss(new int[] {0, 1, 2}, new int[] {0, 1}, new int[] {1, 0},
                new double[] {1, -1}, 0.1);
        assertEquals(Math.log(2), loss.valueAndGradient(new double[3], new double[3]), 1e-15);
    }

    @Test
    void shouldStayFiniteForHugeMargins() {
        assertEquals(1000.0, NbLogisticLoss.softplus(1000), 1e-12);
        assertEquals(0.0, NbLogisticLoss.softplus(-1000), 1e-300);
        assertEquals(1.0, NbLogisticLoss.sigmoid(1000), 0);
        assertEquals(0.0, NbLogisticLoss.sigmoid(-1000), 1e-300);
    }
}
