package io.sentimentstreams.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A lookup table {@code wE [V, E]}: token id to vector. Id 0 is padding and is never looked up in a packed batch. */
public final class Embedding {

    private final Param wE;  // [V, E]

    public Embedding(final Param wE) {
        this.wE = wE;
    }

    public int vocabularySize() {
        return (int) wE.value().size(0);
    }

    public int embeddingSize() {
        return (int) wE.value().size(1);
    }

    public List<Param> params() {
        return List.of(wE);
    }

    /** {@code x[r] = wE[tokenIds[r]]}: tokenIds [T*B] time-major into x [T*B, E]. */
    public void forward(final int[] tokenIds, final INDArray x) {
        checkIds(tokenIds);
        RowOps.gather(wE.value(), tokenIds, x);
    }

    /** Refuses a token id outside [0, V). */
    void checkIds(final int[] tokenIds) {
        final int vocab = vocabularySize();
        for (final int id : tokenIds) {
            if (id < 0 || id >= vocab) {
                throw new IllegalArgumentException("token id " + id + " outside the vocabulary [0, " + vocab + ")");
            }
        }
    }

    /** {@code dwE[tokenIds[r]] += dX[r]} for the real (non-padding) rows of the packed batch. */
    public void backward(final int[] tokenIds, final INDArray dX, final Packing packing) {
        final int batch = packing.batchSize();
        final int real = (int) packing.realSteps();
        final int[] rows = new int[real];
        final int[] ids = new int[real];
        int k = 0;
        for (int t = 0; t < packing.steps(); t++) {
            for (int b = 0; b < packing.activeRows()[t]; b++) {
                rows[k] = t * batch + b;
                ids[k] = tokenIds[t * batch + b];
                k++;
            }
        }
        RowOps.scatterAdd(dX, rows, wE.grad(), ids);
    }
}
