package io.sentimentstreams.nn;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gated recurrent unit. Gate blocks are stacked r, z, n; the input side and the recurrent side have separate
 * biases because the reset gate multiplies the recurrent part of the candidate only:
 * <pre>
 *   r = σ(W_xr x_t + b_xr + W_hr h_{t-1} + b_hr)      z = σ(W_xz x_t + b_xz + W_hz h_{t-1} + b_hz)
 *   n = tanh(W_xn x_t + b_xn + r ⊙ (W_hn h_{t-1} + b_hn))
 *   h_t = (1 - z) ⊙ n + z ⊙ h_{t-1}
 * </pre>
 * The update gate z gives the gradient a path {@code ∂h_t/∂h_{t-1} ⊇ z} that does not vanish.
 */
public final class GruCell extends RecurrentCell {

    private final Param bX;  // [3H] input-side bias
    private final Param bH;  // [3H] recurrent-side bias

    public GruCell(final Param wHx, final Param wHh, final Param bX, final Param bH) {
        super((int) wHx.value().size(1), (int) wHh.value().size(1), wHx, wHh);
        this.bX = bX;
        this.bH = bH;
        Shapes.check(bX.value(), "bX", 3L * hiddenSize);
        Shapes.check(bH.value(), "bH", 3L * hiddenSize);
    }

    @Override
    public CellType type() {
        return CellType.GRU;
    }

    @Override
    public List<Param> params() {
        return List.of(wHx, wHh, bX, bH);
    }

    @Override
    public Trace newTrace() {
        return new GruTrace(dataType(), inputSize, hiddenSize);
    }

    @Override
    public INDArray forward(final Trace trace, final INDArray x, final Packing packing) {
        final GruTrace tr = (GruTrace) trace;
        final int batch = packing.batchSize();
        final int steps = packing.steps();
        final int hidden = hiddenSize;
        final long tb = (long) steps * batch;
        tr.ensure(steps, batch);
        tr.h(0, batch, batch).assign(0);                          // h_0 = 0
        final INDArray xg = Ops.rows(tr.xg, 0, tb);              // W_x· x_t + b_x·, then r, z, n   [T*B, 3H]
        projectInputs(x, bX.value(), xg);
        final INDArray hg = Ops.rows(tr.hg, 0, tb);              // W_h· h_{t-1} + b_h·             [T*B, 3H]
        hg.assign(0);
        hg.addiRowVector(bH.value());
        for (int t = 0; t < steps; t++) {
            final int n = packing.activeRows()[t];
            final long row = (long) t * batch;
            final INDArray hPrev = tr.h(t, batch, n);                               // [n, H]
            final INDArray xgT = Ops.rows(xg, row, row + n);                        // [n, 3H]
            final INDArray hgT = Ops.rows(hg, row, row + n);                        // [n, 3H]
            Ops.gemm(hPrev, false, wHh.value(), true, hgT, 1.0);
            final INDArray rz = Ops.block(xgT, 0, n, 0, 2L * hidden);              // [n, 2H]
            Ops.add(rz, Ops.block(hgT, 0, n, 0, 2L * hidden), rz);
            Ops.sigmoid(rz, rz);
            final INDArray r = Ops.block(xgT, 0, n, 0, hidden);
            final INDArray z = Ops.block(xgT, 0, n, hidden, 2L * hidden);
            final INDArray cand = Ops.block(xgT, 0, n, 2L * hidden, 3L * hidden);  // n    [n, H]
            final INDArray tmp = Ops.rows(tr.tmpH, 0, n);
            Ops.mul(r, Ops.block(hgT, 0, n, 2L * hidden, 3L * hidden), tmp);      // r ⊙ (W_hn h + b_hn)
            Ops.add(cand, tmp, cand);
            Ops.tanh(cand, cand);
            Ops.sub(hPrev, cand, tmp);                                              // h_{t-1} - n
            Ops.mul(z, tmp, tmp);
            Ops.add(cand, tmp, tr.h(t + 1, batch, n));                            // h_t = n + z ⊙ (h_{t-1} - n)
        }
        return Ops.rows(tr.hs, 0, (long) (steps + 1) * batch);
    }

    @Override
    public INDArray backward(final Trace trace, final INDArray x, final INDArray dH, final Packing packing,
                             final int truncateSteps, final double[] dhNorms) {
        final GruTrace tr = (GruTrace) trace;
        final int batch = packing.batchSize();
        final int steps = packing.steps();
        final int hidden = hiddenSize;
        final long tb = (long) steps * batch;
        final INDArray dXg = Ops.rows(tr.dXg, 0, tb);  // ∂E/∂(input-side pre-activations)      [T*B, 3H]
        final INDArray dHg = Ops.rows(tr.dHg, 0, tb);  // ∂E/∂(recurrent-side pre-activations)  [T*B, 3H]
        dXg.assign(0);
        dHg.assign(0);
        tr.dhNext.assign(0);
        for (int t = steps - 1; t >= 0; t--) {
            final int n = packing.activeRows()[t];
            final long row = (long) t * batch;
            final INDArray hPrev = tr.h(t, batch, n);
            final INDArray xgT = Ops.rows(tr.xg, row, row + n);
            final INDArray rz = Ops.block(xgT, 0, n, 0, 2L * hidden);
            final INDArray r = Ops.block(xgT, 0, n, 0, hidden);
            final INDArray z = Ops.block(xgT, 0, n, hidden, 2L * hidden);
            final INDArray cand = Ops.block(xgT, 0, n, 2L * hidden, 3L * hidden);
            final INDArray hn = Ops.block(Ops.rows(tr.hg, row, row + n), 0, n, 2L * hidden, 3L * hidden);
            final INDArray dXgT = Ops.rows(dXg, row, row + n);
            final INDArray dHgT = Ops.rows(dHg, row, row + n);
            final INDArray dRz = Ops.block(dXgT, 0, n, 0, 2L * hidden);
            final INDArray dR = Ops.block(dXgT, 0, n, 0, hidden);
            final INDArray dZ = Ops.block(dXgT, 0, n, hidden, 2L * hidden);
            final INDArray dCand = Ops.block(dXgT, 0, n, 2L * hidden, 3L * hidden);

            final INDArray dh = Ops.rows(tr.dhCur, 0, n);                          // ∂E/∂h_t
            Ops.add(Ops.rows(dH, row, row + n), Ops.rows(tr.dhNext, 0, n), dh);
            recordNorm(dhNorms, t, dh);
            final INDArray tmp = Ops.rows(tr.tmpH, 0, n);
            final INDArray tmp2 = Ops.rows(tr.tmpH2, 0, n);
            Ops.oneMinus(z, tmp);
            Ops.mul(dh, tmp, tmp);                                     // ∂E/∂n = dh ⊙ (1 - z)
            Ops.mul(cand, cand, tmp2);
            Ops.oneMinus(tmp2, tmp2);
            Ops.mul(tmp, tmp2, dCand);                                 // ∂E/∂a_n = ∂E/∂n ⊙ (1 - n²)
            Ops.mul(dCand, r, Ops.block(dHgT, 0, n, 2L * hidden, 3L * hidden));  // ∂E/∂(W_hn h + b_hn)
            Ops.mul(dCand, hn, dR);                                    // ∂E/∂r
            Ops.sub(hPrev, cand, tmp);
            Ops.mul(dh, tmp, dZ);                                      // ∂E/∂z = dh ⊙ (h_{t-1} - n)
            final INDArray sigmoidGrad = Ops.rows(tr.tmp2H, 0, n);     // σ' = s(1 - s)   [n, 2H]
            Ops.oneMinus(rz, sigmoidGrad);
            Ops.mul(rz, sigmoidGrad, sigmoidGrad);
            Ops.mul(dRz, sigmoidGrad, dRz);
            Ops.block(dHgT, 0, n, 0, 2L * hidden).assign(dRz);        // r, z pre-activations are shared
            final INDArray dhPrev = Ops.rows(tr.dhNext, 0, n);
            if (truncateSteps > 0 && t % truncateSteps == 0) {
                dhPrev.assign(0);
            } else {
                Ops.mul(dh, z, dhPrev);                                // direct path: dh ⊙ z
                Ops.gemm(dHgT, false, wHh.value(), false, dhPrev, 1.0);  // + W_hhᵀ ∂E/∂(W_h· h + b_h·)
            }
        }
        final INDArray dX = Ops.rows(tr.dX, 0, tb);
        accumulateWeightGradients(x, Ops.rows(tr.hs, 0, tb), dXg, dHg, dX);
        accumulateBiasGradient(dXg, bX);
        accumulateBiasGradient(dHg, bH);
        return dX;
    }

    static final class GruTrace extends Trace {
        private INDArray xg;     // [T*B, 3H] input side, then activated r, z and n
        private INDArray hg;     // [T*B, 3H] recurrent side W_h· h_{t-1} + b_h·
        private INDArray dXg;    // [T*B, 3H]
        private INDArray dHg;    // [T*B, 3H]
        private INDArray tmp2H;  // [B, 2H]

        GruTrace(final DataType type, final int input, final int hidden) {
            super(type, input, hidden);
        }

        @Override
        protected void ensure(final int steps, final int batch) {
            super.ensure(steps, batch);
            final long tb = (long) steps * batch;
            xg = Ops.ensure(xg, tb, 3L * hidden, type);
            hg = Ops.ensure(hg, tb, 3L * hidden, type);
            dXg = Ops.ensure(dXg, tb, 3L * hidden, type);
            dHg = Ops.ensure(dHg, tb, 3L * hidden, type);
            tmp2H = Ops.ensure(tmp2H, batch, 2L * hidden, type);
        }
    }
}
