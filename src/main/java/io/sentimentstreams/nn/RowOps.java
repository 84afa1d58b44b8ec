package io.sentimentstreams.nn;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Row gathers and scatter-adds between row-major matrices, done in Java over the arrays' native memory: one pass,
 * no per-row ND4J call. Used where rows are picked by index (embedding lookups, last-step pooling).
 */
final class RowOps {

    private RowOps() {
    }

    /** {@code dst[dstRows[i]] += src[srcRows[i]]} for every i, both matrices row-major with the same columns. */
    static void scatterAdd(final INDArray src, final int[] srcRows, final INDArray dst, final int[] dstRows) {
        final int columns = (int) src.size(1);
        if (dst.size(1) != columns || srcRows.length != dstRows.length) {
            throw new IllegalArgumentException("scatterAdd needs equal columns and index counts");
        }
        final long srcBase = src.offset();
        final long dstBase = dst.offset();
        if (src.dataType() == DataType.DOUBLE) {
            final DoubleBuffer s = src.data().asNioDouble();
            final DoubleBuffer d = dst.data().asNioDouble();
            for (int i = 0; i < srcRows.length; i++) {
                final int so = (int) (srcBase + (long) srcRows[i] * columns);
                final int dof = (int) (dstBase + (long) dstRows[i] * columns);
                for (int c = 0; c < columns; c++) {
                    d.put(dof + c, d.get(dof + c) + s.get(so + c));
                }
            }
        } else {
            final FloatBuffer s = src.data().asNioFloat();
            final FloatBuffer d = dst.data().asNioFloat();
            for (int i = 0; i < srcRows.length; i++) {
                final int so = (int) (srcBase + (long) srcRows[i] * columns);
                final int dof = (int) (dstBase + (long) dstRows[i] * columns);
                for (int c = 0; c < columns; c++) {
                    d.put(dof + c, d.get(dof + c) + s.get(so + c));
                }
            }
        }
    }

    /** {@code dst[i] = src[srcRows[i]]} for i in 0..srcRows.length-1. */
    static void gather(final INDArray src, final int[] srcRows, final INDArray dst) {
        final int columns = (int) src.size(1);
        final long srcBase = src.offset();
        final long dstBase = dst.offset();
        if (src.dataType() == DataType.DOUBLE) {
            final DoubleBuffer s = src.data().asNioDouble();
            final DoubleBuffer d = dst.data().asNioDouble();
            for (int i = 0; i < srcRows.length; i++) {
                d.put((int) (dstBase + (long) i * columns), s, (int) (srcBase + (long) srcRows[i] * columns),
                        columns);
            }
        } else {
            final FloatBuffer s = src.data().asNioFloat();
            final FloatBuffer d = dst.data().asNioFloat();
            for (int i = 0; i < srcRows.length; i++) {
                d.put((int) (dstBase + (long) i * columns), s, (int) (srcBase + (long) srcRows[i] * columns),
                        columns);
            }
        }
    }
}
