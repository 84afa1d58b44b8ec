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
    protected INDArray recur(final Trace trace, final Packing packing) {
        final LstmTrace tr = (LstmTrace) trace;
        final int batch = packing.batchSize();
        final int steps = packing.steps();
        final Mem hs = Mem.of(tr.hs);        // h_0 .. h_T                                  [(T+1)*B, H]
        final Mem cs = Mem.of(tr.cells);     // c_0 .. c_T                                  [(T+1)*B, H]
        final Mem a = Mem.of(tr.gates);      // pre-activations, then activated i, f, o, g  [T*B, 4H]
        final Mem tanhC = Mem.of(tr.tanhC);  // tanh(c_t)                                   [T*B, H]
        final Mem w = Mem.of(wHh.value());   // [4H, H]
        if (a.isDouble()) {
            recurExact(packing, hs, cs, a, tanhC, w);
        } else {
            recurFloat(packing, hs, cs, a, tanhC, w);
        }
        return Ops.rows(tr.hs, 0, (long) (steps + 1) * batch);
    }

    /** The float64 reference: exact activations. */
    private void recurExact(final Packing packing, final Mem hs, final Mem cs, final Mem a, final Mem tanhC,
                            final Mem w) {
        final int batch = packing.batchSize();
        final int hidden = hiddenSize;
        final int g = 4 * hidden;
        final double[] bias = Mem.of(b.value()).toArray(g);  // [4H]
        final double[] as = new double[batch * g];         // one step's gates      [n, 4H]
        final double[] h = new double[batch * hidden];     // h_t                   [n, H]
        final double[] c = new double[batch * hidden];     // c_{t-1}, then c_t     [n, H]
        final double[] tc = new double[batch * hidden];    // tanh(c_t)             [n, H]
        hs.write(0, h, 0, batch * hidden);                 // h_0 = 0
        cs.write(0, c, 0, batch * hidden);                 // c_0 = 0
        for (int t = 0; t < packing.steps(); t++) {
            final int n = packing.activeRows()[t];
            final int row = t * batch;
            Mem.gemm(false, true, n, g, hidden, hs, row * hidden, hidden, w, 0, hidden, 1.0, a, row * g, g);
            a.read(row * g, as, 0, n * g);
            step(n, hidden, as, c, tc, h, bias);
            a.write(row * g, as, 0, n * g);
            cs.write(row * hidden + batch * hidden, c, 0, n * hidden);
            tanhC.write(row * hidden, tc, 0, n * hidden);
            hs.write(row * hidden + batch * hidden, h, 0, n * hidden);
        }
    }

    /**
     * The float32 production path: {@link #step}'s equations on float arrays copied to and from the native buffers
     * without conversion, with the approximate activations ({@link Mem#rationalTanh}).
     */
    private void recurFloat(final Packing packing, final Mem hs, final Mem cs, final Mem a, final Mem tanhC,
                            final Mem w) {
        final int batch = packing.batchSize();
        final int hidden = hiddenSize;
        final int g = 4 * hidden;
        final float[] bias = Mem.of(b.value()).toFloatArray(g);  // [4H]
        final float[] as = new float[batch * g];           // one step's gates      [n, 4H]
        final float[] h = new float[batch * hidden];       // h_t                   [n, H]
        final float[] c = new float[batch * hidden];       // c_{t-1}, then c_t     [n, H]
        final float[] tc = new float[batch * hidden];      // tanh(c_t)             [n, H]
        hs.write(0, h, 0, batch * hidden);                 // h_0 = 0
        cs.write(0, c, 0, batch * hidden);                 // c_0 = 0
        for (int t = 0; t < packing.steps(); t++) {
            final int n = packing.activeRows()[t];
            final int row = t * batch;
            Mem.gemm(false, true, n, g, hidden, hs, row * hidden, hidden, w, 0, hidden, 1.0, a, row * g, g);
            a.read(row * g, as, 0, n * g);
            stepFloat(n, hidden, as, c, tc, h, bias);
            a.write(row * g, as, 0, n * g);
            cs.write(row * hidden + batch * hidden, c, 0, n * hidden);
            tanhC.write(row * hidden, tc, 0, n * hidden);
            hs.write(row * hidden + batch * hidden, h, 0, n * hidden);
        }
    }

    /**
     * One step for n rows, in place: {@code as [n, 4H]} from W_hx x_t + W_hh h_{t-1} to i, f, o, g;
     * {@code c [n, H]} from c_{t-1} to c_t; {@code tc} and {@code h [n, H]} receive tanh(c_t) and h_t.
     */
    private static void step(final int n, final int hidden, final double[] as, final double[] c, final double[] tc,
                             final double[] h, final double[] bias) {
        final int g = 4 * hidden;
        for (int bi = 0; bi < n; bi++) {
            final int ii = bi * g;       // i block of this row; f, o, g follow
            final int fi = ii + hidden;
            final int oi = fi + hidden;
            final int ci = oi + hidden;
            final int hi = bi * hidden;
            for (int j = 0; j < g; j++) {
                as[ii + j] += bias[j];
            }
            Mem.sigmoid(as, ii, ci);                         // i, f, o
            Mem.tanh(as, as, ci, ci + hidden);               // g
            for (int j = 0; j < hidden; j++) {
                c[hi + j] = as[fi + j] * c[hi + j] + as[ii + j] * as[ci + j];  // c_t = f ⊙ c_{t-1} + i ⊙ g
            }
            Mem.tanh(c, tc, hi, hi + hidden);
            for (int j = 0; j < hidden; j++) {
                h[hi + j] = as[oi + j] * tc[hi + j];                 // h_t = o ⊙ tanh(c_t)
            }
        }
    }

    /** {@link #step} in float32 with the approximate activations. */
    private static void stepFloat(final int n, final int hidden, final float[] as, final float[] c, final float[] tc,
                             final float[] h, final float[] bias) {
        final int g = 4 * hidden;
        for (int bi = 0; bi < n; bi++) {
            final int ii = bi * g;       // i block of this row; f, o, g follow
            final int fi = ii + hidden;
            final int oi = fi + hidden;
            final int ci = oi + hidden;
            final int hi = bi * hidden;
            for (int j = 0; j < g; j++) {
                as[ii + j] += bias[j];
            }
            Mem.sigmoid(as, ii, ci);                         // i, f, o
            Mem.tanh(as, as, ci, ci + hidden);               // g
            for (int j = 0; j < hidden; j++) {
                c[hi + j] = as[fi + j] * c[hi + j] + as[ii + j] * as[ci + j];  // c_t = f ⊙ c_{t-1} + i ⊙ g
            }
            Mem.tanh(c, tc, hi, hi + hidden);
            for (int j = 0; j < hidden; j++) {
                h[hi + j] = as[oi + j] * tc[hi + j];                 // h_t = o ⊙ tanh(c_t)
            }
        }
    }

    @Override
    public INDArray backward(final Trace trace, final INDArray x, final INDArray dH, final Packing packing,
                             final int truncateSteps, final double[] dhNorms) {
        final LstmTrace tr = (LstmTrace) trace;
        final int batch = packing.batchSize();
        final int steps = packing.steps();
        final int hidden = hiddenSize;
        final int g = 4 * hidden;
        final long tb = (long) steps * batch;
        final Mem cs = Mem.of(tr.cells);
        final Mem a = Mem.of(tr.gates);
        final Mem tanhC = Mem.of(tr.tanhC);
        final Mem dH0 = Mem.of(dH);              // ∂E/∂h_t from above                 [T*B, H]
        final Mem dA = Mem.of(tr.dGates);        // ∂E/∂(pre-activations)              [T*B, 4H]
        final Mem dhNext = Mem.of(tr.dhNext);    // ∂E/∂h_{t-1} carried backwards      [B, H]
        final Mem w = Mem.of(wHh.value());
        final double[] dB = new double[g];
        final double[] as = new double[batch * g];       // i, f, o, g         [n, 4H]
        final double[] tc = new double[batch * hidden];  // tanh(c_t)          [n, H]
        final double[] cp = new double[batch * hidden];  // c_{t-1}            [n, H]
        final double[] dh = new double[batch * hidden];  // ∂E/∂h_t            [n, H]
        final double[] dn = new double[batch * hidden];  // ∂E/∂h_{t-1}        [n, H]
        final double[] dc = new double[batch * hidden];  // ∂E/∂c_t, ∂E/∂c_{t-1} carried backwards   [n, H]
        final double[] da = new double[batch * g];       // ∂E/∂a_t            [n, 4H]
        dhNext.write(0, dn, 0, batch * hidden);
        for (int t = steps - 1; t >= 0; t--) {
            final int n = packing.activeRows()[t];
            final int row = t * batch;
            final boolean cut = truncateSteps > 0 && t % truncateSteps == 0;
            a.read(row * g, as, 0, n * g);
            tanhC.read(row * hidden, tc, 0, n * hidden);
            cs.read(row * hidden, cp, 0, n * hidden);
            dH0.read(row * hidden, dh, 0, n * hidden);
            dhNext.read(0, dn, 0, n * hidden);
            double norm2 = 0;
            for (int bi = 0; bi < n; bi++) {
                final int gi = bi * g;
                final int hi = bi * hidden;
                for (int j = 0; j < hidden; j++) {
                    final int ii = gi + j;
                    final int fi = ii + hidden;
                    final int oi = fi + hidden;
                    final int ci = oi + hidden;
                    final double d = dh[hi + j] + dn[hi + j];                          // total ∂E/∂h_t
                    norm2 += d * d;
                    final double i = as[ii];
                    final double f = as[fi];
                    final double o = as[oi];
                    final double cand = as[ci];
                    final double tanhCT = tc[hi + j];
                    final double dC = dc[hi + j] + d * o * (1 - tanhCT * tanhCT);      // ∂E/∂c_t
                    final double dI = dC * cand * (i * (1 - i));                       // through σ' = s(1 - s)
                    final double dF = dC * cp[hi + j] * (f * (1 - f));
                    final double dO = d * tanhCT * (o * (1 - o));
                    final double dG = dC * i * (1 - cand * cand);                      // through tanh' = 1 - g²
                    da[ii] = dI;
                    da[fi] = dF;
                    da[oi] = dO;
                    da[ci] = dG;
                    dB[j] += dI;
                    dB[hidden + j] += dF;
                    dB[2 * hidden + j] += dO;
                    dB[3 * hidden + j] += dG;
                    dc[hi + j] = cut ? 0.0 : dC * f;                                  // ∂E/∂c_{t-1} = dc ⊙ f
                }
            }
            dA.write(row * g, da, 0, n * g);
            dA.zero((row + n) * g, (batch - n) * g);                                   // rows of padding add nothing
            if (dhNorms != null) {
                dhNorms[t] = Math.sqrt(norm2);
            }
            if (cut) {
                dhNext.zero(0, n * hidden);
            } else {  // ∂E/∂h_{t-1} = W_hhᵀ dA_t
                Mem.gemm(false, false, n, hidden, g, dA, row * g, g, w, 0, hidden, 0.0, dhNext, 0, hidden);
            }
        }
        final INDArray dX = Ops.rows(tr.dX, 0, tb);
        final INDArray dGates = Ops.rows(tr.dGates, 0, tb);
        accumulateWeightGradients(x, Ops.rows(tr.hs, 0, tb), dGates, dGates, dX);
        accumulateBiasGradient(dB, b);
        return dX;
    }

    static final class LstmTrace extends Trace {
        private INDArray gates;   // [T*B, 4H] activated gates i, f, o, g
        private INDArray cells;   // [(T+1)*B, H] c_0 .. c_T
        private INDArray tanhC;   // [T*B, H] tanh(c_t)
        private INDArray dGates;  // [T*B, 4H]

        LstmTrace(final DataType type, final int input, final int hidden) {
            super(type, input, hidden);
        }

        @Override
        protected INDArray inputProjections() {
            return gates;
        }

        @Override
        protected void ensure(final int steps, final int batch) {
            super.ensure(steps, batch);
            final long tb = (long) steps * batch;
            gates = Ops.ensure(gates, tb, 4L * hidden, type);
            cells = Ops.ensure(cells, tb + batch, hidden, type);
            tanhC = Ops.ensure(tanhC, tb, hidden, type);
            dGates = Ops.ensure(dGates, tb, 4L * hidden, type);
        }
    }
}
