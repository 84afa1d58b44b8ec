package io.sentimentstreams.nn;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Long short-term memory. Gate blocks of {@code wHx}, {@code wHh} and {@code b} are stacked in the order i, f, o, g
 * (the three sigmoid gates first, so one operation activates them):
 * <pre>
 *   [i f o] = σ(W_hx x_t + W_hh h_{t-1} + b)[0:3H]      g = tanh(...)[3H:4H]
 *   c_t = f ⊙ c_{t-1} + i ⊙ g                           h_t = o ⊙ tanh(c_t)
 * </pre>
 * The additive cell path {@code c_t} is the cure for vanishing gradients: {@code ∂c_t/∂c_{t-1} = f}.
 */
public final class LstmCell extends RecurrentCell {

    private final Param b;  // [4H]

    public LstmCell(final Param wHx, final Param wHh, final Param b) {
        super((int) wHx.value().size(1), (int) wHh.value().size(1), wHx, wHh);
        this.b = b;
        Shapes.check(b.value(), "b", 4L * hiddenSize);
    }

    @Override
    public CellType type() {
        return CellType.LSTM;
    }

    @Override
    public List<Param> params() {
        return List.of(wHx, wHh, b);
    }

    @Override
    public Trace newTrace() {
        return new LstmTrace(dataType(), inputSize, hiddenSize);
    }

    @Override
    public INDArray forward(final Trace trace, final INDArray x, final Packing packing) {
        final LstmTrace tr = (LstmTrace) trace;
        final int batch = packing.batchSize();
        final int steps = packing.steps();
        final int hidden = hiddenSize;
        tr.ensure(steps, batch);
        tr.h(0, batch, batch).assign(0);                                 // h_0 = 0   [B, H]
        tr.c(0, batch, batch).assign(0);                                 // c_0 = 0   [B, H]
        final INDArray gates = Ops.rows(tr.gates, 0, (long) steps * batch);  // [T*B, 4H]
        projectInputs(x, b.value(), gates);
        for (int t = 0; t < steps; t++) {
            final int n = packing.activeRows()[t];
            final long row = (long) t * batch;
            final INDArray aT = Ops.rows(gates, row, row + n);                   // [n, 4H]
            Ops.gemm(tr.h(t, batch, n), false, wHh.value(), true, aT, 1.0);
            final INDArray ifo = Ops.block(aT, 0, n, 0, 3L * hidden);           // [n, 3H]
            final INDArray g = Ops.block(aT, 0, n, 3L * hidden, 4L * hidden);   // [n, H]
            Ops.sigmoid(ifo, ifo);
            Ops.tanh(g, g);
            final INDArray i = Ops.block(aT, 0, n, 0, hidden);
            final INDArray f = Ops.block(aT, 0, n, hidden, 2L * hidden);
            final INDArray o = Ops.block(aT, 0, n, 2L * hidden, 3L * hidden);
            final INDArray cT = tr.c(t + 1, batch, n);                          // [n, H]
            final INDArray ig = Ops.rows(tr.tmpH, 0, n);
            Ops.mul(f, tr.c(t, batch, n), cT);                                  // f ⊙ c_{t-1}
            Ops.mul(i, g, ig);                                                  // i ⊙ g
            Ops.add(cT, ig, cT);
            final INDArray tanhC = Ops.rows(tr.tanhC, row, row + n);            // [n, H]
            Ops.tanh(cT, tanhC);
            Ops.mul(o, tanhC, tr.h(t + 1, batch, n));                           // h_t = o ⊙ tanh(c_t)
        }
        return Ops.rows(tr.hs, 0, (long) (steps + 1) * batch);
    }

    @Override
    public INDArray backward(final Trace trace, final INDArray x, final INDArray dH, final Packing packing,
                             final int truncateSteps, final double[] dhNorms) {
        final LstmTrace tr = (LstmTrace) trace;
        final int batch = packing.batchSize();
        final int steps = packing.steps();
        final int hidden = hiddenSize;
        final long tb = (long) steps * batch;
        final INDArray dA = Ops.rows(tr.dGates, 0, tb);  // ∂E/∂(pre-activations)   [T*B, 4H]
        dA.assign(0);
        tr.dhNext.assign(0);
        tr.dcNext.assign(0);
        for (int t = steps - 1; t >= 0; t--) {
            final int n = packing.activeRows()[t];
            final long row = (long) t * batch;
            final INDArray aT = Ops.rows(tr.gates, row, row + n);
            final INDArray ifo = Ops.block(aT, 0, n, 0, 3L * hidden);
            final INDArray i = Ops.block(aT, 0, n, 0, hidden);
            final INDArray f = Ops.block(aT, 0, n, hidden, 2L * hidden);
            final INDArray o = Ops.block(aT, 0, n, 2L * hidden, 3L * hidden);
            final INDArray g = Ops.block(aT, 0, n, 3L * hidden, 4L * hidden);
            final INDArray tanhC = Ops.rows(tr.tanhC, row, row + n);
            final INDArray dAT = Ops.rows(dA, row, row + n);                          // [n, 4H]
            final INDArray dIfo = Ops.block(dAT, 0, n, 0, 3L * hidden);
            final INDArray dI = Ops.block(dAT, 0, n, 0, hidden);
            final INDArray dF = Ops.block(dAT, 0, n, hidden, 2L * hidden);
            final INDArray dO = Ops.block(dAT, 0, n, 2L * hidden, 3L * hidden);
            final INDArray dG = Ops.block(dAT, 0, n, 3L * hidden, 4L * hidden);

            final INDArray dh = Ops.rows(tr.dhCur, 0, n);                              // ∂E/∂h_t
            Ops.add(Ops.rows(dH, row, row + n), Ops.rows(tr.dhNext, 0, n), dh);
            recordNorm(dhNorms, t, dh);
            final INDArray dc = Ops.rows(tr.dcNext, 0, n);                             // ∂E/∂c_t
            final INDArray tmp = Ops.rows(tr.tmpH, 0, n);
            Ops.mul(tanhC, tanhC, tmp);
            Ops.oneMinus(tmp, tmp);                                                    // 1 - tanh²(c_t)
            Ops.mul(tmp, o, tmp);
            Ops.mul(tmp, dh, tmp);
            Ops.add(dc, tmp, dc);                                       // += dh ⊙ o ⊙ (1 - tanh²(c_t))
            Ops.mul(dh, tanhC, dO);                                     // ∂E/∂o
            Ops.mul(dc, g, dI);                                         // ∂E/∂i
            Ops.mul(dc, tr.c(t, batch, n), dF);                         // ∂E/∂f
            Ops.mul(dc, i, dG);                                         // ∂E/∂g
            final INDArray sigmoidGrad = Ops.rows(tr.tmp3H, 0, n);      // σ' = s(1 - s)   [n, 3H]
            Ops.oneMinus(ifo, sigmoidGrad);
            Ops.mul(ifo, sigmoidGrad, sigmoidGrad);
            Ops.mul(dIfo, sigmoidGrad, dIfo);
            Ops.mul(g, g, tmp);
            Ops.oneMinus(tmp, tmp);                                     // tanh' = 1 - g²
            Ops.mul(dG, tmp, dG);
            final INDArray dhPrev = Ops.rows(tr.dhNext, 0, n);
            if (truncateSteps > 0 && t % truncateSteps == 0) {
                dhPrev.assign(0);
                dc.assign(0);
            } else {
                Ops.mul(dc, f, dc);                                     // ∂E/∂c_{t-1} = dc ⊙ f
                Ops.gemm(dAT, false, wHh.value(), false, dhPrev, 0.0);  // ∂E/∂h_{t-1} = W_hhᵀ dA_t
            }
        }
        final INDArray dX = Ops.rows(tr.dX, 0, tb);
        accumulateWeightGradients(x, Ops.rows(tr.hs, 0, tb), dA, dA, dX);
        accumulateBiasGradient(dA, b);
        return dX;
    }

    static final class LstmTrace extends Trace {
        private INDArray gates;   // [T*B, 4H] activated gates i, f, o, g
        private INDArray cells;   // [(T+1)*B, H] c_0 .. c_T
        private INDArray tanhC;   // [T*B, H] tanh(c_t)
        private INDArray dGates;  // [T*B, 4H]
        private INDArray dcNext;  // [B, H]
        private INDArray tmp3H;   // [B, 3H]

        LstmTrace(final DataType type, final int input, final int hidden) {
            super(type, input, hidden);
        }

        @Override
        protected void ensure(final int steps, final int batch) {
            super.ensure(steps, batch);
            final long tb = (long) steps * batch;
            gates = Ops.ensure(gates, tb, 4L * hidden, type);
            cells = Ops.ensure(cells, tb + batch, hidden, type);
            tanhC = Ops.ensure(tanhC, tb, hidden, type);
            dGates = Ops.ensure(dGates, tb, 4L * hidden, type);
            dcNext = Ops.ensure(dcNext, batch, hidden, type);
            tmp3H = Ops.ensure(tmp3H, batch, 3L * hidden, type);
        }

        INDArray c(final int t, final int batch, final int n) {
            return Ops.rows(cells, (long) t * batch, (long) t * batch + n);
        }
    }
}
