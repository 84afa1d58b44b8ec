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

    /** Float arrays only: all {@code length} elements from element 0. */
    float[] toFloatArray(final int length) {
        final float[] values = new float[length];
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
     * The float64 reference: {@code a[i] = σ(a[i]) = 1 / (1 + e^-x)} for i in [from, to). Activations run as loops
     * of their own, apart from the gate arithmetic: a short loop body with independent iterations is what the JIT
     * pipelines and vectorises.
     */
    static void sigmoid(final double[] a, final int from, final int to) {
        for (int i = from; i < to; i++) {
            a[i] = 1.0 / (1.0 + Math.exp(-a[i]));
        }
    }

    /** The float64 reference: {@code dst[i] = tanh(src[i])} for i in [from, to), {@link Math#tanh}. */
    static void tanh(final double[] src, final double[] dst, final int from, final int to) {
        for (int i = from; i < to; i++) {
            dst[i] = Math.tanh(src[i]);
        }
    }

    /**
     * The float32 path: {@code a[i] = σ(a[i])} for i in [from, to) as {@code (1 + tanh(x/2)) / 2} with
     * {@link #rationalTanh}, absolute error at most {@link #SIGMOID_MAX_ERROR}.
     */
    static void sigmoid(final float[] a, final int from, final int to) {
        for (int i = from; i < to; i++) {
            a[i] = 0.5f + 0.5f * rationalTanh(0.5f * a[i]);
        }
    }

    /** The float32 path: {@code dst[i] = tanh(src[i])} for i in [from, to) with {@link #rationalTanh}. */
    static void tanh(final float[] src, final float[] dst, final int from, final int to) {
        for (int i = from; i < to; i++) {
            dst[i] = rationalTanh(src[i]);
        }
    }

    /**
     * {@code tanh(x) ≈ x·P(x²) / Q(x²)}, P of degree 6 and Q of degree 3, in float arithmetic: the Eigen library's
     * float tanh (TensorFlow's), with x clamped to ±{@value #TANH_CLAMP} and the result held within [-1, 1].
     * Absolute error at most {@link #TANH_MAX_ERROR} for every float x (float rounding in the polynomials, about 7
     * ulps of 1 near |x| = 5.8); a NaN stays NaN. All float arithmetic, no {@code exp}, no conversion and no branch,
     * so the JIT vectorises the loops that call it, 8 or 16 lanes at a time: this is what makes the float32 cells
     * fast.
     */
    static float rationalTanh(final float v) {
        final float x = Math.max(-TANH_CLAMP, Math.min(TANH_CLAMP, v));
        final float x2 = x * x;
        float p = -2.76076847742355e-16f;
        p = p * x2 + 2.00018790482477e-13f;
        p = p * x2 - 8.60467152213735e-11f;
        p = p * x2 + 5.12229709037114e-08f;
        p = p * x2 + 1.48572235717979e-05f;
        p = p * x2 + 6.37261928875436e-04f;
        p = p * x2 + 4.89352455891786e-03f;
        float q = 1.19825839466702e-06f;
        q = q * x2 + 1.18534705686654e-04f;
        q = q * x2 + 2.26843463243900e-03f;
        q = q * x2 + 4.89352518554385e-03f;
        return Math.max(-1f, Math.min(1f, x * p / q));
    }

    /** Beyond ±this, {@link #rationalTanh} is constant, ±1 to float rounding. */
    static final float TANH_CLAMP = 9f;

    /** Largest absolute error of {@link #rationalTanh} against the exact tanh, over all float x. */
    static final double TANH_MAX_ERROR = 4.2e-7;

    /** Largest absolute error of the float sigmoid, {@code (1 + rationalTanh(x/2)) / 2}. */
    static final double SIGMOID_MAX_ERROR = 2.1e-7;

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
