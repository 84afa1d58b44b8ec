package io.sentimentstreams.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LbfgsTest {

    private static final Lbfgs.Listener QUIET = (iteration, value, gradientNorm) -> { };

    @Test
    void shouldFindTheMinimumOfAnIllConditionedQuadratic() {
        // f(x) = Σ_i c_i (x_i - i)² / 2 with curvatures from 1 to 1000
        final int n = 20;
        final double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = Math.pow(1000, i / (n - 1.0));
        }
        final Lbfgs.Result result = new Lbfgs(5, 500, 1e-10).minimize((x, g) -> {
            double f = 0;
            for (int i = 0; i < n; i++) {
                g[i] = c[i] * (x[i] - i);
                f += 0.5 * c[i] * (x[i] - i) * (x[i] - i);
            }
            return f;
        }, new double[n], QUIET);
        assertTrue(result.converged());
        assertTrue(result.value() < 1e-9, "f at the minimum found: " + result.value());
        for (int i = 0; i < n; i++) {
            assertEquals(i, result.x()[i], 1e-4, "x_" + i);
        }
    }

    @Test
    void shouldFindTheMinimumOfTheRosenbrockFunction() {
        final Lbfgs.Result result = new Lbfgs(10, 1000, 1e-9).minimize((x, g) -> {
            final double a = 1 - x[0];
            final double b = x[1] - x[0] * x[0];
            g[0] = -2 * a - 400 * x[0] * b;
            g[1] = 200 * b;
            return a * a + 100 * b * b;
        }, new double[] {-1.2, 1.0}, QUIET);
        assertEquals(1.0, result.x()[0], 1e-5);
        assertEquals(1.0, result.x()[1], 1e-5);
    }

    @Test
    void shouldStopAtTheIterationLimitAndSaySo() {
        final int[] calls = {0};
        final Lbfgs.Result result = new Lbfgs(3, 2, 0).minimize((x, g) -> {
            calls[0]++;
            final double a = 1 - x[0];
            final double b = x[1] - x[0] * x[0];
            g[0] = -2 * a - 400 * x[0] * b;
            g[1] = 200 * b;
            return a * a + 100 * b * b;
        }, new double[] {-1.2, 1.0}, (iteration, value, gradientNorm) -> assertTrue(iteration <= 2));
        assertEquals(2, result.iterations());
        assertTrue(!result.converged());
    }
}
