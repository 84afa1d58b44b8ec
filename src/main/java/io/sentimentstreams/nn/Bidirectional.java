package io.sentimentstreams.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Row bookkeeping of a bidirectional network over a packed, time-major batch: the backward cell reads
 * {@code x_{L_b-1}, .., x_0} of sequence b at steps {@code 0 .. L_b-1}, so step t of row b of the reversed batch is
 * step {@code L_b-1-t} of the original. Reversal keeps every sequence's length, so the packing is the same.
 */
final class Bidirectional {

    private Bidirectional() {
    }

    /**
     * For every row {@code t*B+b} of the reversed batch, the row of the original it reads: {@code (L_b-1-t)*B+b}
     * on real steps, 0 on padding (never read by a cell).
     */
    static int[] reversedRows(final Packing packing) {
        final int batch = packing.batchSize();
        final int[] rows = new int[packing.steps() * batch];
        for (int b = 0; b < batch; b++) {
            final int length = packing.lengths()[b];
            for (int t = 0; t < length; t++) {
                rows[t * batch + b] = (length - 1 - t) * batch + b;
            }
        }
        return rows;
    }

    /** The real (non-padding) rows {@code t*B+b}, {@code b < activeRows[t]}, in time-major order. */
    static int[] realRows(final Packing packing) {
        final int batch = packing.batchSize();
        final int[] rows = new int[(int) packing.realSteps()];
        int k = 0;
        for (int t = 0; t < packing.steps(); t++) {
            for (int b = 0; b < packing.activeRows()[t]; b++) {
                rows[k++] = t * batch + b;
            }
        }
        return rows;
    }

    /** {@code reversed[r]} for every real row r, in the order of {@link #realRows(Packing)}. */
    static int[] realRows(final int[] reversed, final Packing packing) {
        final int[] real = realRows(packing);
        final int[] mapped = new int[real.length];
        for (int i = 0; i < real.length; i++) {
            mapped[i] = reversed[real[i]];
        }
        return mapped;
    }

    /** Copies {@code half [B, H]} into the columns of direction {@code which} (0 forward, 1 backward) of {@code f [B, 2H]}. */
    static void putHalf(final INDArray half, final INDArray f, final int which) {
        final long h = half.size(1);
        f.get(NDArrayIndex.all(), NDArrayIndex.interval(which * h, (which + 1) * h)).assign(half);
    }

    /** Copies the columns of direction {@code which} of {@code f [B, 2H]} into {@code half [B, H]}. */
    static void getHalf(final INDArray f, final INDArray half, final int which) {
        final long h = half.size(1);
        half.assign(f.get(NDArrayIndex.all(), NDArrayIndex.interval(which * h, (which + 1) * h)));
    }
}
