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
    public INDArray forward(final Trace trace, final INDArray x, final Packing packing) {
        final ElmanTrace tr = (ElmanTrace) trace;
        final int batch = packing.batchSize();
        final int steps = packing.steps();
        tr.ensure(steps, batch);
        tr.h(0, batch, batch).assign(0);                               // h_0 = 0            [B, H]
        final INDArray a = Ops.rows(tr.a, 0, (long) steps * batch);   // W_hx x_t + b_h     [T*B, H]
        projectInputs(x, bH.value(), a);
        for (int t = 0; t < steps; t++) {
            final int n = packing.activeRows()[t];
            final INDArray aT = Ops.rows(a, (long) t * batch, (long) t * batch + n);  // [n, H]
            Ops.gemm(tr.h(t, batch, n), false, wHh.value(), true, aT, 1.0);      // += W_hh h_{t-1}
            Ops.tanh(aT, tr.h(t + 1, batch, n));                                 // h_t = tanh(a_t)
        }
        return Ops.rows(tr.hs, 0, (long) (steps + 1) * batch);
    }

    @Override
    public INDArray backward(final Trace trace, final INDArray x, final INDArray dH, final Packing packing,
                             final int truncateSteps, final double[] dhNorms) {
        final ElmanTrace tr = (ElmanTrace) trace;
        final int batch = packing.batchSize();
        final int steps = packing.steps();
        final long tb = (long) steps * batch;
        final INDArray delta = Ops.rows(tr.delta, 0, tb);  // δ_t = ∂E/∂a_t   [T*B, H]
        delta.assign(0);
        tr.dhNext.assign(0);
        for (int t = steps - 1; t >= 0; t--) {
            final int n = packing.activeRows()[t];
            final long row = (long) t * batch;
            final INDArray dh = Ops.rows(tr.dhCur, 0, n);                         // ∂E/∂h_t   [n, H]
            Ops.add(Ops.rows(dH, row, row + n), Ops.rows(tr.dhNext, 0, n), dh);
            recordNorm(dhNorms, t, dh);
            final INDArray hT = tr.h(t + 1, batch, n);
            final INDArray dTanh = Ops.rows(tr.tmpH, 0, n);                      // 1 - h_t²  [n, H]
            Ops.mul(hT, hT, dTanh);
            Ops.oneMinus(dTanh, dTanh);
            final INDArray deltaT = Ops.rows(delta, row, row + n);
            Ops.mul(dh, dTanh, deltaT);
            final INDArray dhPrev = Ops.rows(tr.dhNext, 0, n);                   // W_hhᵀ δ_t [n, H]
            if (truncateSteps > 0 && t % truncateSteps == 0) {
                dhPrev.assign(0);
            } else {
                Ops.gemm(deltaT, false, wHh.value(), false, dhPrev, 0.0);
            }
        }
        final INDArray dX = Ops.rows(tr.dX, 0, tb);
        accumulateWeightGradients(x, Ops.rows(tr.hs, 0, tb), delta, delta, dX);
        accumulateBiasGradient(delta, bH);
        return dX;
    }

    static final class ElmanTrace extends Trace {
        private INDArray a;      // [T*B, H] pre-activations
        private INDArray delta;  // [T*B, H] ∂E/∂a

        ElmanTrace(final DataType type, final int input, final int hidden) {
            super(type, input, hidden);
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
