package io.sentimentstreams.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The few ND4J operations the network is written with, writing into a given output (no allocation of results),
 * and views into preallocated row-major buffers. Every ND4J call has a fixed cost of microseconds, so the cells'
 * time steps use none of them (see {@link Mem}).
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

    /** {@code c = a·b(ᵀ) + beta·c}. */
    static void gemm(final INDArray a, final boolean transposeA, final INDArray b, final boolean transposeB,
                     final INDArray c, final double beta) {
        Nd4j.gemm(a, b, c, transposeA, transposeB, 1.0, beta);
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
