package io.sentimentstreams.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseSubtraction;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The few ND4J operations the cells are written with, all writing into a given output (no allocation of results),
 * and cheap views into preallocated row-major buffers. Every ND4J call has a fixed cost of microseconds, so the
 * cells keep to a handful of these per time step.
 */
final class Ops {

    private Ops() {
    }

    /** Rows {@code [from, to)} of a row-major matrix {@code m [R, C]}: a contiguous view {@code [to-from, C]}. */
    static INDArray rows(final INDArray m, final long from, final long to) {
        final long columns = m.size(1);
        return Nd4j.create(m.data(), new long[] {to - from, columns}, new long[] {columns, 1},
                m.offset() + from * columns, 'c');
    }

    /** Rows {@code [r0, r1)} and columns {@code [c0, c1)} of a row-major matrix: a strided view. */
    static INDArray block(final INDArray m, final long r0, final long r1, final long c0, final long c1) {
        final long columns = m.size(1);
        return Nd4j.create(m.data(), new long[] {r1 - r0, c1 - c0}, new long[] {columns, 1},
                m.offset() + r0 * columns + c0, 'c');
    }

    /** {@code c = a·b(ᵀ) + beta·c}. */
    static void gemm(final INDArray a, final boolean transposeA, final INDArray b, final boolean transposeB,
                     final INDArray c, final double beta) {
        Nd4j.gemm(a, b, c, transposeA, transposeB, 1.0, beta);
    }

    static void mul(final INDArray a, final INDArray b, final INDArray out) {
        Nd4j.exec(new MulOp(a, b, out));
    }

    static void add(final INDArray a, final INDArray b, final INDArray out) {
        Nd4j.exec(new AddOp(a, b, out));
    }

    static void sub(final INDArray a, final INDArray b, final INDArray out) {
        Nd4j.exec(new SubOp(a, b, out));
    }

    /** {@code out = 1 - x}. */
    static void oneMinus(final INDArray x, final INDArray out) {
        Nd4j.exec(new ScalarReverseSubtraction(x, null, out, 1.0));
    }

    static void tanh(final INDArray x, final INDArray out) {
        Nd4j.exec(new Tanh(x, out));
    }

    static void sigmoid(final INDArray x, final INDArray out) {
        Nd4j.exec(new Sigmoid(x, out));
    }

    /** Ensures a buffer of at least {@code rows} rows and exactly {@code columns} columns, reusing {@code current}. */
    static INDArray ensure(final INDArray current, final long rows, final long columns,
                           final org.nd4j.linalg.api.buffer.DataType type) {
        if (current != null && current.size(0) >= rows && current.size(1) == columns) {
            return current;
        }
        final long grown = current == null ? rows : Math.max(rows, current.size(0) * 3 / 2);
        return Nd4j.zeros(type, grown, columns);
    }
}
