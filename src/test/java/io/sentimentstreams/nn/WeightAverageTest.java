package io.sentimentstreams.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class WeightAverageTest {

    @Test
    void shouldFollowTheRecurrenceWithItsEarlyDecays() {
        final Param theta = Param.of("theta", Nd4j.createFromArray(new double[][] {{1, -2}, {0, 4}}));
        final WeightAverage average = new WeightAverage(0.5, List.of(theta));
        final double[] expected = {1, -2, 0, 4};   // θ̄ = θ before the first step
        final double[][] steps = {{3, 0, 1, 4}, {5, 2, -1, 0}, {7, 2, 2, 8}, {1, 1, 1, 1}};
        for (int t = 1; t <= steps.length; t++) {
            final double d = Math.min(0.5, (1.0 + t) / (10.0 + t));   // 2/11, 3/12, 4/13, 5/14
            theta.value().assign(Nd4j.createFromArray(steps[t - 1]).reshape(2, 2));
            average.update(List.of(theta));
            for (int i = 0; i < expected.length; i++) {
                expected[i] = d * expected[i] + (1 - d) * steps[t - 1][i];
            }
            final double[] actual = average.values().get(0).data().asDouble();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-12, "step " + t + ", value " + i);
            }
        }
        assertEquals(4, average.steps());
        assertEquals(6.0 / 15, average.nextDecay(), 1e-15);
        for (int t = 5; t <= 7; t++) {
            average.update(List.of(theta));
        }
        assertEquals(0.5, average.nextDecay(), 0.0, "(1 + 8) / (10 + 8) reaches the decay");
    }

    @Test
    void shouldSwapTheAverageInAndBackOut() {
        final Param theta = Param.of("theta", Nd4j.createFromArray(new float[] {1, 2, 3}));
        final WeightAverage average = new WeightAverage(0.9, List.of(theta));
        theta.value().assign(Nd4j.createFromArray(new float[] {4, 5, 6}));
        average.update(List.of(theta));
        final float[] averaged = average.values().get(0).data().asFloat().clone();
        average.swap(List.of(theta));
        assertEquals(averaged[2], theta.value().getFloat(2), 0f);
        assertEquals(6f, average.values().get(0).getFloat(2), 0f);
        average.swap(List.of(theta));
        assertEquals(6f, theta.value().getFloat(2), 0f);
        assertEquals(averaged[2], average.values().get(0).getFloat(2), 0f);
        assertTrue(averaged[2] > 3 && averaged[2] < 6, "between the start and the step: " + averaged[2]);
    }

    @Test
    void shouldAverageFloatsAsDoublesDoWithinFloatRounding() {
        final Param f = Param.of("f", Nd4j.rand(DataType.FLOAT, 50, 90));
        final Param d = Param.of("d", f.value().castTo(DataType.DOUBLE));
        final WeightAverage floats = new WeightAverage(0.99, List.of(f));
        final WeightAverage doubles = new WeightAverage(0.99, List.of(d));
        for (int t = 0; t < 30; t++) {
            f.value().assign(Nd4j.rand(DataType.FLOAT, 50, 90));
            d.value().assign(f.value().castTo(DataType.DOUBLE));
            floats.update(List.of(f));
            doubles.update(List.of(d));
        }
        final double largest = floats.values().get(0).castTo(DataType.DOUBLE).sub(doubles.values().get(0))
                .amaxNumber().doubleValue();
        assertTrue(largest < 1e-6, "largest difference " + largest);
    }

    @Test
    void shouldRefuseADecayOutsideZeroToOne() {
        final List<Param> params = List.of(Param.of("theta", Nd4j.zeros(DataType.FLOAT, 2)));
        for (final double decay : new double[] {0, 1, -0.5, Double.NaN}) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new WeightAverage(decay, params));
            assertTrue(e.getMessage().contains("weight-average decay must be in (0, 1)"), e.getMessage());
        }
    }
}
