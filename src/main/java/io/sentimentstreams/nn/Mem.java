package io.sentimentstreams.nn;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The native memory of a row-major array, float or double, read and written element by element from Java, and
 * GEMM on it straight through CBLAS.
 *
 * <p>Why: every ND4J call costs microseconds before it touches an element, and ND4J's element-wise kernels run at a
 * few nanoseconds per element; a time step of a cell is a GEMM and a dozen element-wise operations on a few
 * thousand values. So the cells do the GEMM through CBLAS on (memory, offset) pairs, with no view objects, and all
 * the element-wise work of a step in one Java loop. Indices are in elements from the array's own offset.
 */
final class Mem {

    private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
    private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
    private static final int TRANS = openblas_nolapack.CblasTrans;

    private final boolean isDouble;
    private final FloatBuffer floats;
    private final DoubleBuffer doubles;
    private final FloatPointer floatPointer;
    private final DoublePointer doublePointer;
    private final int base;
    private float[] scratch = new float[0];

    private Mem(final INDArray a) {
        this.isDouble = a.dataType() == DataType.DOUBLE;
        if (!isDouble && a.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("expected a float or double array, got " + a.dataType());
        }
        if (a.rank() == 2 && (a.size(1) > 1 && a.stride(1) != 1 || a.size(0) > 1 && a.stride(0) != a.size(1))) {
            throw new IllegalArgumentException("expected a contiguous row-major array, got strides "
                    + java.util.Arrays.toString(a.stride()));
        }
        this.base = Math.toIntExact(a.offset());
        this.floats = isDouble ? null : a.data().asNioFloat();
        this.doubles = isDouble ? a.data().asNioDouble() : null;
        this.floatPointer = isDouble ? null : new FloatPointer(a.data().addressPointer());
        this.doublePointer = isDouble ? new DoublePointer(a.data().addressPointer()) : null;
    }

    static Mem of(final INDArray a) {
        return new Mem(a);
    }

    boolean isDouble() {
        return isDouble;
    }

    double get(final int i) {
        return isDouble ? doubles.get(base + i) : floats.get(base + i);
    }

    void set(final int i, final double v) {
        if (isDouble) {
            doubles.put(base + i, v);
        } else {
            floats.put(base + i, (float) v);
        }
    }

    /** Copies {@code length} elements from element {@code from} into {@code dst[offset..]}. */
    void read(final int from, final double[] dst, final int offset, final int length) {
        if (isDouble) {
            doubles.get(base + from, dst, offset, length);
            return;
        }
        final float[] f = scratch(length);
        floats.get(base + from, f, 0, length);
        for (int i = 0; i < length; i++) {
            dst[offset + i] = f[i];
        }
    }

    /** Copies {@code src[offset..offset+length)} to the elements from {@code from}. */
    void write(final int from, final double[] src, final int offset, final int length) {
        if (isDouble) {
            doubles.put(base + from, src, offset, length);
            return;
        }
        final float[] f = scratch(length);
        for (int i = 0; i < length; i++) {
            f[i] = (float) src[offset + i];
        }
        floats.put(base + from, f, 0, length);
    }

    /** Float arrays only: copies {@code length} elements from element {@code from} into {@code dst[offset..]}. */
    void read(final int from, final float[] dst, final int offset, final int length) {
        floats.get(base + from, dst, offset, length);
    }

    /** Float arrays only: copies {@code src[offset..offset+length)} to the elements from {@code from}. */
    void write(final int from, final float[] src, final int offset, final int length) {
        floats.put(base + from, src, offset, length);
    }

    /** All {@code length} elements from element 0, as doubles. */
    double[] toArray(final int length) {
        final double[] values = new double[length];
        read(0, values, 0, length);
        return values;
    }

    private float[] scratch(final int length) {
        if (scratch.length < length) {
            scratch = new float[length];
        }
        return scratch;
    }

    void add(final int i, final double v) {
        set(i, get(i) + v);
    }

    /** Zeroes {@code count} elements from {@code from}. */
    void zero(final int from, final int count) {
        for (int i = from; i < from + count; i++) {
            set(i, 0.0);
        }
    }

    /**
     * {@code a[i] = σ(a[i])} for i in [from, to): {@code 1 / (1 + e^-x)} in double; in float
     * {@code (1 + tanh(x/2)) / 2} with {@link #rationalTanh}, absolute error at most {@link #SIGMOID_MAX_ERROR}.
     * Activations run as loops of their own, apart from the gate arithmetic: a short loop body with independent
     * iterations is what the JIT pipelines and vectorises.
     */
    static void sigmoid(final double[] a, final int from, final int to, final boolean exact) {
        if (exact) {
            for (int i = from; i < to; i++) {
                a[i] = 1.0 / (1.0 + Math.exp(-a[i]));
            }
        } else {
            for (int i = from; i < to; i++) {
                a[i] = 0.5 + 0.5 * rationalTanh(0.5 * a[i]);
            }
        }
    }

    /**
     * {@code dst[i] = tanh(src[i])} for i in [from, to): {@link Math#tanh} in double; in float
     * {@link #rationalTanh}, absolute error at most {@link #TANH_MAX_ERROR} at a tenth of the cost of an
     * {@code exp}-based formula.
     */
    static void tanh(final double[] src, final double[] dst, final int from, final int to, final boolean exact) {
        if (exact) {
            for (int i = from; i < to; i++) {
                dst[i] = Math.tanh(src[i]);
            }
        } else {
            for (int i = from; i < to; i++) {
                dst[i] = rationalTanh(src[i]);
            }
        }
    }

    /**
     * {@code tanh(x) ≈ x·P(x²) / Q(x²)}, P of degree 6 and Q of degree 3: the coefficients of the Eigen library's
     * float tanh, evaluated in double, with x clamped to ±{@value #TANH_CLAMP}. No {@code exp}, no branch, so the
     * JIT pipelines it. Absolute error at most {@link #TANH_MAX_ERROR} for every x (2.57e-8 near |x| = 0.317; on
     * [8, 9] about 1e-8); a NaN stays NaN.
     *
     * <p>Why the clamp is 9: Eigen clamps at 7.9988, where its rational function, evaluated in float, rounds to
     * exactly 1. Evaluated in double it gives 1 - 2.15e-7 there, so every saturated unit was held 4 float ulps
     * below ±1 (an error 8 times that of the fit inside). The function stays accurate up to 9, where
     * tanh(9) = 1 - 3.0e-8 and both round to 1 in float, like a correctly rounded tanh.
     */
    static double rationalTanh(final double v) {
        final double x = Math.max(-TANH_CLAMP, Math.min(TANH_CLAMP, v));
        final double x2 = x * x;
        double p = -2.76076847742355e-16;
        p = p * x2 + 2.00018790482477e-13;
        p = p * x2 - 8.60467152213735e-11;
        p = p * x2 + 5.12229709037114e-08;
        p = p * x2 + 1.48572235717979e-05;
        p = p * x2 + 6.37261928875436e-04;
        p = p * x2 + 4.89352455891786e-03;
        double q = 1.19825839466702e-06;
        q = q * x2 + 1.18534705686654e-04;
        q = q * x2 + 2.26843463243900e-03;
        q = q * x2 + 4.89352518554385e-03;
        return x * p / q;
    }

    /** Beyond ±this, {@link #rationalTanh} is constant: its value there rounds to ±1 in float. */
    static final double TANH_CLAMP = 9.0;

    /** Largest absolute error of {@link #rationalTanh} against the exact tanh, over all x. */
    static final double TANH_MAX_ERROR = 2.6e-8;

    /** Largest absolute error of the float sigmoid, {@code (1 + rationalTanh(x/2)) / 2}: half the tanh's. */
    static final double SIGMOID_MAX_ERROR = TANH_MAX_ERROR / 2;

    /**
     * Row-major {@code c[m, n] = op(a)·op(b) + beta·c}, where op transposes when asked; {@code a}, {@code b},
     * {@code c} start at the given element offsets and have leading dimensions {@code lda}, {@code ldb}, {@code ldc}.
     */
    static void gemm(final boolean transposeA, final boolean transposeB, final int m, final int n, final int k,
                     final Mem a, final int aOffset, final int lda, final Mem b, final int bOffset, final int ldb,
                     final double beta, final Mem c, final int cOffset, final int ldc) {
        if (m == 0) {
            return;
        }
        if (m == 1) {
            gemv(transposeB, n, k, a, aOffset, b, bOffset, ldb, beta, c, cOffset);
            return;
        }
        final int ta = transposeA ? TRANS : NO_TRANS;
        final int tb = transposeB ? TRANS : NO_TRANS;
        if (c.isDouble) {
            openblas_nolapack.cblas_dgemm(ROW_MAJOR, ta, tb, m, n, k, 1.0, a.doubleAt(aOffset), lda,
                    b.doubleAt(bOffset), ldb, beta, c.doubleAt(cOffset), ldc);
        } else {
            openblas_nolapack.cblas_sgemm(ROW_MAJOR, ta, tb, m, n, k, 1.0f, a.floatAt(aOffset), lda,
                    b.floatAt(bOffset), ldb, (float) beta, c.floatAt(cOffset), ldc);
        }
    }

    /**
     * The case of one row: {@code c[1, n] = a[1, k]·op(b) + beta·c} as a matrix-vector product, which CBLAS runs
     * several times faster than a GEMM with one row.
     */
    private static void gemv(final boolean transposeB, final int n, final int k, final Mem a, final int aOffset,
                             final Mem b, final int bOffset, final int ldb, final double beta, final Mem c,
                             final int cOffset) {
        // a·bᵀ = b·a (b is [n, k]); a·b = bᵀ·a (b is [k, n])
        final int trans = transposeB ? NO_TRANS : TRANS;
        final int rows = transposeB ? n : k;
        final int columns = transposeB ? k : n;
        if (c.isDouble) {
            openblas_nolapack.cblas_dgemv(ROW_MAJOR, trans, rows, columns, 1.0, b.doubleAt(bOffset), ldb,
                    a.doubleAt(aOffset), 1, beta, c.doubleAt(cOffset), 1);
        } else {
            openblas_nolapack.cblas_sgemv(ROW_MAJOR, trans, rows, columns, 1.0f, b.floatAt(bOffset), ldb,
                    a.floatAt(aOffset), 1, (float) beta, c.floatAt(cOffset), 1);
        }
    }

    private FloatPointer floatAt(final int i) {
        return new FloatPointer(floatPointer).position(floatPointer.position() + base + i);
    }

    private DoublePointer doubleAt(final int i) {
        return new DoublePointer(doublePointer).position(doublePointer.position() + base + i);
    }
}
