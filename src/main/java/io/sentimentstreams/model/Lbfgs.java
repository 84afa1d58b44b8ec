package io.sentimentstreams.model;

/**
 * Limited-memory BFGS (Nocedal and Wright, algorithm 7.4/7.5) with a backtracking line search under the Armijo
 * condition, for smooth convex objectives such as L2-regularised logistic regression.
 *
 * <p>Each iteration: the search direction {@code d = -H g} from the two-loop recursion over the last
 * {@code history} pairs {@code s = x_{k+1} - x_k}, {@code y = g_{k+1} - g_k} (initial Hessian scaled by
 * {@code s·y / y·y}); the step halves from 1 (from {@code 1/‖g‖} on the first iteration) until
 * {@code f(x + a d) <= f(x) + 1e-4 a g·d}. It stops when {@code ‖g‖ <= tolerance · max(1, ‖x‖)}, when an
 * iteration lowers f by less than {@code 1e-10} relative, or after {@code maxIterations}.
 */
final class Lbfgs {

    /** f and its gradient at x. */
    interface Objective {
        /** Returns f(x) and writes ∇f(x) into {@code gradient} (same length as x). */
        double valueAndGradient(double[] x, double[] gradient);
    }

    /** Called after every iteration with f and ‖∇f‖ at the new point. */
    interface Listener {
        void iterationDone(int iteration, double value, double gradientNorm);
    }

    /**
     * @param x          the minimiser found
     * @param value      f(x)
     * @param iterations iterations taken
     * @param converged  whether a stopping test other than the iteration limit ended it
     */
    record Result(double[] x, double value, int iterations, boolean converged) {
    }

    private static final double ARMIJO = 1e-4;
    private static final double RELATIVE_DECREASE = 1e-10;
    private static final int MAX_HALVINGS = 50;

    private final int history;
    private final int maxIterations;
    private final double tolerance;

    Lbfgs(final int history, final int maxIterations, final double tolerance) {
        if (history < 1 || maxIterations < 0 || !(tolerance >= 0)) {
            throw new IllegalArgumentException("expected history >= 1, maxIterations >= 0, tolerance >= 0");
        }
        this.history = history;
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
    }

    Result minimize(final Objective objective, final double[] start, final Listener listener) {
        final int n = start.length;
        double[] x = start.clone();
        double[] g = new double[n];
        double fx = objective.valueAndGradient(x, g);
        final double[][] s = new double[history][];
        final double[][] y = new double[history][];
        final double[] rho = new double[history];
        final double[] alpha = new double[history];
        int stored = 0;
        int newest = -1;
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        final double[] d = new double[n];
        double[] sNext = new double[n];
        double[] yNext = new double[n];
        for (int iteration = 1; iteration <= maxIterations; iteration++) {
            final double gNorm = Math.sqrt(dot(g, g));
            if (gNorm <= tolerance * Math.max(1.0, Math.sqrt(dot(x, x)))) {
                return new Result(x, fx, iteration - 1, true);
            }
            direction(g, s, y, rho, alpha, stored, newest, d);
            double slope = dot(g, d);
            if (!(slope < 0)) {                   // not a descent direction: forget the history
                stored = 0;
                for (int i = 0; i < n; i++) {
                    d[i] = -g[i];
                }
                slope = -gNorm * gNorm;
            }
            double step = stored == 0 ? 1.0 / gNorm : 1.0;
            double fNew = Double.NaN;
            int halvings = 0;
            while (true) {
                for (int i = 0; i < n; i++) {
                    xNew[i] = x[i] + step * d[i];
                }
                fNew = objective.valueAndGradient(xNew, gNew);
                if (fNew <= fx + ARMIJO * step * slope) {
                    break;
                }
                if (++halvings > MAX_HALVINGS) {
                    return new Result(x, fx, iteration - 1, true);   // no decrease left at machine precision
                }
                step *= 0.5;
            }
            for (int i = 0; i < n; i++) {
                sNext[i] = xNew[i] - x[i];
                yNext[i] = gNew[i] - g[i];
            }
            final double sy = dot(sNext, yNext);
            if (sy > 1e-12) {                    // keep the pair only where it carries positive curvature
                newest = (newest + 1) % history;
                final double[] oldS = s[newest];
                final double[] oldY = y[newest];
                s[newest] = sNext;
                y[newest] = yNext;
                sNext = oldS == null ? new double[n] : oldS;
                yNext = oldY == null ? new double[n] : oldY;
                rho[newest] = 1.0 / sy;
                stored = Math.min(stored + 1, history);
            }
            final double decrease = fx - fNew;
            final double[] swapX = x;
            x = xNew;
            xNew = swapX;
            final double[] swapG = g;
            g = gNew;
            gNew = swapG;
            fx = fNew;
            listener.iterationDone(iteration, fx, Math.sqrt(dot(g, g)));
            if (decrease <= RELATIVE_DECREASE * Math.max(1.0, Math.abs(fx))) {
                return new Result(x, fx, iteration, true);
            }
        }
        return new Result(x, fx, maxIterations, false);
    }

    /** The two-loop recursion: {@code d = -H g} over the stored pairs, newest first then oldest first. */
    private void direction(final double[] g, final double[][] s, final double[][] y, final double[] rho,
                           final double[] alpha, final int stored, final int newest, final double[] d) {
        final int n = g.length;
        for (int i = 0; i < n; i++) {
            d[i] = g[i];
        }
        for (int k = 0; k < stored; k++) {
            final int j = (newest - k + history) % history;
            alpha[j] = rho[j] * dot(s[j], d);
            axpy(-alpha[j], y[j], d);
        }
        if (stored > 0) {
            final double gamma = 1.0 / (rho[newest] * dot(y[newest], y[newest]));   // s·y / y·y
            for (int i = 0; i < n; i++) {
                d[i] *= gamma;
            }
        }
        for (int k = stored - 1; k >= 0; k--) {
            final int j = (newest - k + history) % history;
            final double beta = rho[j] * dot(y[j], d);
            axpy(alpha[j] - beta, s[j], d);
        }
        for (int i = 0; i < n; i++) {
            d[i] = -d[i];
        }
    }

    static double dot(final double[] a, final double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static void axpy(final double a, final double[] x, final double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }
}
