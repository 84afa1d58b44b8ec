package io.sentimentstreams.nn;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Elman cell, as the classic formulation writes it:
 * <pre>
 *   a_t = W_hx x_t + W_hh h_{t-1} + b_h          h_t = tanh(a_t)
 * </pre>
 * and its backward pass, {@code δ_t = (∂E/∂h_t) ⊙ (1 - h_t²)}, {@code ∂E/∂h_{t-1} = W_hhᵀ δ_t},
 * {@code ∂E/∂W_hh = Σ_t δ_t h_{t-1}ᵀ}, {@code ∂E/∂W_hx = Σ_t δ_t x_tᵀ}, {@code ∂E/∂b_h = Σ_t δ_t}.
 */
public final class ElmanCell extends RecurrentCell {

    private final Param bH;  // [H]

    public ElmanCell(final Param wHx, final Param wHh, final Param bH) {
        super((int) wHx.value().size(1), (int) wHh.value().size(1), wHx, wHh);
        this.bH = bH;
        Shapes.check(bH.value(), "bH", hiddenSize);
    }

    @Override
    public CellType type() {
        return CellType.ELMAN;
    }

    @Override
    public List<Param> params() {
        return List.of(wHx, wHh, bH);
    }

    @Override
    public Trace newTrace() {
        return new ElmanTrace(dataType(), inputSize, hiddenSize);
    }

    @Override
    protected INDArray recur(final Trace trace, final Packing packing) {
        final ElmanTrace tr = (ElmanTrace) trace;
        final int batch = packing.batchSize();
        final int steps = packing.steps();
        final Mem hs = Mem.of(tr.hs);         // h_0 .. h_T                      [(T+1)*B, H]
        final Mem a = Mem.of(tr.a);           // W_hx x_t + W_hh h_{t-1}         [T*B, H]
        final Mem w = Mem.of(wHh.value());    // [H, H]
        if (a.isDouble()) {
            recurExact(packing, hs, a, w);
        } else {
            recurFloat(packing, hs, a, w);
        }
        return Ops.rows(tr.hs, 0, (long) (steps + 1) * batch);
    }

    /** The float64 reference: exact tanh. */
    private void recurExact(final Packing packing, final Mem hs, final Mem a, final Mem w) {
        final int batch = packing.batchSize();
        final int hidden = hiddenSize;
        final double[] bias = Mem.of(bH.value()).toArray(hidden);  // [H]
        final double[] h = new double[batch * hidden];  // a_t, then h_t   [n, H]
        hs.write(0, h, 0, batch * hidden);              // h_0 = 0
        for (int t = 0; t < packing.steps(); t++) {
            final int n = packing.activeRows()[t];
            final int row = t * batch;
            Mem.gemm(false, true, n, hidden, hidden, hs, row * hidden, hidden, w, 0, hidden, 1.0, a, row * hidden,
                    hidden);                                                   // += W_hh h_{t-1}
            a.read(row * hidden, h, 0, n * hidden);
            for (int b = 0; b < n; b++) {
                final int from = b * hidden;
                for (int j = 0; j < hidden; j++) {
                    h[from + j] += bias[j];
                }
                Mem.tanh(h, h, from, from + hidden);                    // h_t = tanh(a_t + b_h)
            }
            hs.write(row * hidden + batch * hidden, h, 0, n * hidden);
        }
    }

    /** The float32 production path: the same step on float arrays, with {@link Mem#rationalTanh}. */
    private void recurFloat(final Packing packing, final Mem hs, final Mem a, final Mem w) {
        final int batch = packing.batchSize();
        final int hidden = hiddenSize;
        final float[] bias = Mem.of(bH.value()).toFloatArray(hidden);  // [H]
        final float[] h = new float[batch * hidden];    // a_t, then h_t   [n, H]
        hs.write(0, h, 0, batch * hidden);              // h_0 = 0
        for (int t = 0; t < packing.steps(); t++) {
            final int n = packing.activeRows()[t];
            final int row = t * batch;
            Mem.gemm(false, true, n, hidden, hidden, hs, row * hidden, hidden, w, 0, hidden, 1.0, a, row * hidden,
                    hidden);                                                   // += W_hh h_{t-1}
            a.read(row * hidden, h, 0, n * hidden);
            for (int b = 0; b < n; b++) {
                final int from = b * hidden;
                for (int j = 0; j < hidden; j++) {
                    h[from + j] += bias[j];
                }
                Mem.tanh(h, h, from, from + hidden);                          // h_t = tanh(a_t + b_h)
            }
            hs.write(row * hidden + batch * hidden, h, 0, n * hidden);
        }
    }

    @Override
    public INDArray backward(final Trace trace, final INDArray x, final INDArray dH, final Packing packing,
                             final int truncateSteps, final double[] dhNorms) {
        final ElmanTrace tr = (ElmanTrace) trace;
        final int batch = packing.batchSize();
        final int steps = packing.steps();
        final int hidden = hiddenSize;
        final long tb = (long) steps * batch;
        final Mem hs = Mem.of(tr.hs);
        final Mem dH0 = Mem.of(dH);              // ∂E/∂h_t from above              [T*B, H]
        final Mem delta = Mem.of(tr.delta);      // δ_t = ∂E/∂a_t                   [T*B, H]
        final Mem dhNext = Mem.of(tr.dhNext);    // ∂E/∂h_{t-1} = W_hhᵀ δ_t         [B, H]
        final Mem w = Mem.of(wHh.value());
        final double[] dB = new double[hidden];
        final double[] h = new double[batch * hidden];   // h_t               [n, H]
        final double[] dh = new double[batch * hidden];  // ∂E/∂h_t, then δ_t  [n, H]
        final double[] dn = new double[batch * hidden];  // ∂E/∂h_t carried    [n, H]
        dhNext.write(0, dn, 0, batch * hidden);
        for (int t = steps - 1; t >= 0; t--) {
            final int n = packing.activeRows()[t];
            final int from = t * batch * hidden;
            hs.read(from + batch * hidden, h, 0, n * hidden);
            dH0.read(from, dh, 0, n * hidden);
            dhNext.read(0, dn, 0, n * hidden);
            double norm2 = 0;
            for (int b = 0; b < n; b++) {
                for (int j = 0, k = b * hidden; j < hidden; j++, k++) {
                    final double d = dh[k] + dn[k];                      // total ∂E/∂h_t
                    norm2 += d * d;
                    final double dA = d * (1 - h[k] * h[k]);             // δ_t = ∂E/∂h_t ⊙ (1 - h_t²)
                    dh[k] = dA;
                    dB[j] += dA;
                }
            }
            delta.write(from, dh, 0, n * hidden);
            delta.zero(from + n * hidden, (batch - n) * hidden);        // rows of padding add nothing
            if (dhNorms != null) {
                dhNorms[t] = Math.sqrt(norm2);
            }
            if (truncateSteps > 0 && t % truncateSteps == 0) {
                dhNext.zero(0, n * hidden);
            } else {
                Mem.gemm(false, false, n, hidden, hidden, delta, from, hidden, w, 0, hidden, 0.0, dhNext, 0, hidden);
            }
        }
        final INDArray dX = Ops.rows(tr.dX, 0, tb);
        final INDArray deltas = Ops.rows(tr.delta, 0, tb);
        accumulateWeightGradients(x, Ops.rows(tr.hs, 0, tb), deltas, deltas, dX);
        accumulateBiasGradient(dB, bH);
        return dX;
    }

    static final class ElmanTrace extends Trace {
        private INDArray a;      // [T*B, H] pre-activations without the bias
        private INDArray delta;  // [T*B, H] ∂E/∂a

        ElmanTrace(final DataType type, final int input, final int hidden) {
            super(type, input, hidden);
        }

        @Override
        protected INDArray inputProjections() {
            return a;
        }

        @Override
        protected void ensure(final int steps, final int batch) {
            super.ensure(steps, batch);
            final long tb = (long) steps * batch;
            a = Ops.ensure(a, tb, hidden, type);
            delta = Ops.ensure(delta, tb, hidden, type);
        }
    }
}
