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

    /** {@code tanh}: exact in double; in float, from one {@link #fastExp} with an absolute error below 1e-7. */
    double tanh(final double x) {
        return tanh(x, isDouble);
    }

    static double tanh(final double x, final boolean exact) {
        if (exact) {
            return Math.tanh(x);
        }
        final double e = fastExp(-2.0 * Math.abs(x));
        final double t = (1.0 - e) / (1.0 + e);
        return x < 0 ? -t : t;
    }

    /** {@code σ(x) = 1 / (1 + e^-x)}: exact in double; in float, with {@link #fastExp}. */
    static double sigmoid(final double x, final boolean exact) {
        return 1.0 / (1.0 + (exact ? Math.exp(-x) : fastExp(-x)));
    }

    /**
     * {@code e^x} with a relative error below 1e-8 for the float path (Math.exp costs about 12 ns here, this about a
     * third of it): {@code e^x = 2^k · 2^f} with k = round(x·log2 e), |f| ≤ 1/2, and 2^f from its degree-7 Taylor
     * polynomial in {@code f·ln 2} (remainder below 5e-9). Arguments are clamped to [-80, 80], where σ and tanh
     * have long saturated in float.
     */
    static double fastExp(final double x) {
        final double y = Math.max(-80.0, Math.min(80.0, x)) * LOG2_E;
        final double k = Math.rint(y);
        final double u = (y - k) * LN_2;
        final double p = 1.0 + u * (1.0 + u * (1.0 / 2 + u * (1.0 / 6 + u * (1.0 / 24 + u * (1.0 / 120
                + u * (1.0 / 720 + u * (1.0 / 5040)))))));
        return p * Double.longBitsToDouble(((long) k + 1023L) << 52);
    }

    private static final double LOG2_E = 1.4426950408889634;
    private static final double LN_2 = 0.6931471805599453;

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
