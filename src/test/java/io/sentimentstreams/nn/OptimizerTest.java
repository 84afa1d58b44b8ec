package io.sentimentstreams.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class OptimizerTest {

    @Test
    void shouldApplyAdamAsTheEquationsWriteIt() {
        final Param p = Param.of("w", Nd4j.createFromArray(new double[] {0.5, -1.0, 2.0}));
        final Adam adam = new Adam(0.1, 0.9, 0.999, 1e-8, 0);
        final double[] theta = {0.5, -1.0, 2.0};
        final double[] m = new double[3];
        final double[] v = new double[3];
        final double[][] gradients = {{0.3, -0.2, 1.0}, {0.1, 0.4, -0.5}, {-0.7, 0.0, 0.2}};
        for (int s = 1; s <= gradients.length; s++) {
            p.grad().assign(Nd4j.createFromArray(gradients[s - 1]));
            adam.step(List.of(p));
            for (int i = 0; i < 3; i++) {
                final double g = gradients[s - 1][i];
                m[i] = 0.9 * m[i] + 0.1 * g;
                v[i] = 0.999 * v[i] + 0.001 * g * g;
                final double stepSize = 0.1 * Math.sqrt(1 - Math.pow(0.999, s)) / (1 - Math.pow(0.9, s));
                theta[i] -= stepSize * m[i] / (Math.sqrt(v[i]) + 1e-8);
            }
        }
        assertArrayEquals(theta, p.value().toDoubleVector(), 1e-9);
        assertEquals(3, adam.steps());
    }

    @Test
    void shouldApplyTheSgdUpdateRule() {
        final Param p = Param.of("w", Nd4j.createFromArray(new double[] {1.0, 2.0}));
        p.grad().assign(Nd4j.createFromArray(new double[] {0.5, -1.0}));
        new Sgd(0.1, 0).step(List.of(p));
        assertArrayEquals(new double[] {0.95, 2.1}, p.value().toDoubleVector(), 1e-12);
        assertArrayEquals(new double[] {0, 0}, p.grad().toDoubleVector(), 0.0);
    }

    @Test
    void shouldStepEachParameterAtItsShareOfTheRateAndNotAtAllAtZero() {
        final double[] start = {0.5, -1.0, 2.0};
        final double[] gradient = {0.3, -0.2, 1.0};
        final Param full = Param.of("full", Nd4j.createFromArray(start.clone()));
        final Param quarter = Param.of("quarter", Nd4j.createFromArray(start.clone()));
        final Param frozen = Param.of("frozen", Nd4j.createFromArray(start.clone()));
        final List<Param> params = List.of(full, quarter, frozen);
        final Adam adam = new Adam(0.1, 0, new double[] {1.0, 0.25, 0.0});
        for (int s = 0; s < 3; s++) {
            params.forEach(p -> p.grad().assign(Nd4j.createFromArray(gradient)));
            adam.step(params);
        }
        for (int i = 0; i < 3; i++) {   // the same gradients every step: the moments are equal, the steps scaled
            assertEquals(0.25 * (full.value().getDouble(i) - start[i]), quarter.value().getDouble(i) - start[i],
                    1e-12);
        }
        assertArrayEquals(start, frozen.value().toDoubleVector(), 0.0);
        assertArrayEquals(new double[3], frozen.grad().toDoubleVector(), 0.0);

        final Param a = Param.of("a", Nd4j.createFromArray(new double[] {1.0, 2.0}));
        final Param b = Param.of("b", Nd4j.createFromArray(new double[] {1.0, 2.0}));
        a.grad().assign(Nd4j.createFromArray(new double[] {0.5, -1.0}));
        b.grad().assign(Nd4j.createFromArray(new double[] {0.5, -1.0}));
        new Sgd(0.1, 0, new double[] {0.5, 0.0}).step(List.of(a, b));
        assertArrayEquals(new double[] {0.975, 2.05}, a.value().toDoubleVector(), 1e-12);
        assertArrayEquals(new double[] {1.0, 2.0}, b.value().toDoubleVector(), 0.0);
        assertArrayEquals(new double[] {0, 0}, b.grad().toDoubleVector(), 0.0);
    }

    @Test
    void shouldRefuseRatesOutsideZeroToOneOrForOtherParameters() {
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.1, 0, new double[] {1.5}));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, 0, new double[] {Double.NaN}));
        final Param p = Param.of("w", Nd4j.createFromArray(new double[] {1.0}));
        final Adam twoRates = new Adam(0.1, 0, new double[] {1.0, 1.0});
        assertThrows(IllegalArgumentException.class, () -> twoRates.step(List.of(p)));
    }

    @Test
    void shouldClipTheGlobalNormAcrossParameters() {
        final Param a = Param.of("a", Nd4j.zeros(DataType.DOUBLE, 2));
        final Param b = Param.of("b", Nd4j.zeros(DataType.DOUBLE, 1));
        a.grad().assign(Nd4j.createFromArray(new double[] {3.0, 0.0}));
        b.grad().assign(Nd4j.createFromArray(new double[] {4.0}));
        final double norm = Optimizer.clipByGlobalNorm(List.of(a, b), 1.0);
        assertEquals(5.0, norm, 1e-12);
        assertArrayEquals(new double[] {0.6, 0.0}, a.grad().toDoubleVector(), 1e-12);
        assertArrayEquals(new double[] {0.8}, b.grad().toDoubleVector(), 1e-12);
    }

    @Test
    void shouldClipAFloatGradientWhoseSquareOverflowsFloat() {
        final Param a = Param.of("a", Nd4j.zeros(DataType.FLOAT, 2));
        a.grad().assign(Nd4j.createFromArray(new float[] {3e20f, -4e20f}));   // squares beyond the float maximum
        final double norm = Optimizer.clipByGlobalNorm(List.of(a), 1.0);
        assertEquals(5e20, norm, 5e20 * 1e-6);
        assertArrayEquals(new float[] {0.6f, -0.8f}, a.grad().data().asFloat(), 1e-6f);
    }

    @Test
    void shouldLeaveSmallGradientsUnclipped() {
        final Param a = Param.of("a", Nd4j.zeros(DataType.DOUBLE, 2));
        a.grad().assign(Nd4j.createFromArray(new double[] {0.3, 0.4}));
        Optimizer.clipByGlobalNorm(List.of(a), 1.0);
        assertArrayEquals(new double[] {0.3, 0.4}, a.grad().toDoubleVector(), 1e-12);
    }
}
