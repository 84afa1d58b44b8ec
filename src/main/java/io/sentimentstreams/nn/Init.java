package io.sentimentstreams.nn;

import java.util.Locale;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Weight initialisation, computed in Java from a seeded generator so a seed gives the same network on every
 * machine. Recurrent matrices get the schemes that keep {@code ∏ W_hh} from exploding or vanishing at the start.
 */
public final class Init {

    /** How {@code W_hh} starts: per gate block. */
    public enum Recurrent {
        /** A random orthogonal matrix: all singular values 1. */
        ORTHOGONAL,
        /** {@code scale · I} (Le, Jaitly and Hinton's IRNN idea). */
        IDENTITY,
        /** Xavier uniform like the input weights. */
        XAVIER;

        public static Recurrent parse(final String text) {
            return Recurrent.valueOf(text.trim().toUpperCase(Locale.ROOT));
        }
    }

    private Init() {
    }

    /** Xavier/Glorot uniform for a {@code [gates*fanOut, fanIn]} matrix, each gate block scaled on its own shape. */
    public static INDArray xavier(final SplittableRandom random, final DataType type, final int gates,
                                  final int fanOut, final int fanIn) {
        final double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        final double[] w = new double[gates * fanOut * fanIn];
        for (int i = 0; i < w.length; i++) {
            w[i] = (2 * random.nextDouble() - 1) * limit;
        }
        return create(w, type, (long) gates * fanOut, fanIn);
    }

    /** {@code [gates*H, H]}: each gate block orthogonal, or scaled identity, or Xavier. */
    public static INDArray recurrent(final SplittableRandom random, final DataType type, final int gates,
                                     final int hidden, final Recurrent scheme, final double identityScale) {
        if (scheme == Recurrent.XAVIER) {
            return xavier(random, type, gates, hidden, hidden);
        }
        final double[] w = new double[gates * hidden * hidden];
        for (int g = 0; g < gates; g++) {
            final double[][] block = scheme == Recurrent.IDENTITY ? identity(hidden, identityScale)
                    : orthogonal(random, hidden);
            for (int i = 0; i < hidden; i++) {
                System.arraycopy(block[i], 0, w, (g * hidden + i) * hidden, hidden);
            }
        }
        return create(w, type, (long) gates * hidden, hidden);
    }

    /** Normal(0, std²) entries. */
    public static INDArray normal(final SplittableRandom random, final DataType type, final double std,
                                  final long rows, final long columns) {
        final double[] w = new double[(int) (rows * columns)];
        for (int i = 0; i < w.length; i += 2) {
            final double u1 = 1.0 - random.nextDouble();
            final double u2 = random.nextDouble();
            final double radius = Math.sqrt(-2 * Math.log(u1));
            w[i] = std * radius * Math.cos(2 * Math.PI * u2);
            if (i + 1 < w.length) {
                w[i + 1] = std * radius * Math.sin(2 * Math.PI * u2);
            }
        }
        return create(w, type, rows, columns);
    }

    /** A random orthogonal {@code n × n} matrix: Gram–Schmidt on Gaussian columns. */
    static double[][] orthogonal(final SplittableRandom random, final int n) {
        final INDArray gaussian = normal(random, DataType.DOUBLE, 1.0, n, n);
        final double[][] q = gaussian.toDoubleMatrix();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < i; k++) {
                double dot = 0;
                for (int j = 0; j < n; j++) {
                    dot += q[i][j] * q[k][j];
                }
                for (int j = 0; j < n; j++) {
                    q[i][j] -= dot * q[k][j];
                }
            }
            double norm = 0;
            for (int j = 0; j < n; j++) {
                norm += q[i][j] * q[i][j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < n; j++) {
                q[i][j] /= norm;
            }
        }
        return q;
    }

    private static double[][] identity(final int n, final double scale) {
        final double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = scale;
        }
        return m;
    }

    private static INDArray create(final double[] values, final DataType type, final long rows, final long columns) {
        return Nd4j.create(values, new long[] {rows, columns}, 'c').castTo(type);
    }
}
