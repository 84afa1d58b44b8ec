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
    protected INDArray recur(final Trace trace, final Packing packing) {
        final GruTrace tr = (GruTrace) trace;
        final int batch = packing.batchSize();
        final int steps = packing.steps();
        final Mem hs = Mem.of(tr.hs);    // h_0 .. h_T                           [(T+1)*B, H]
        final Mem xg = Mem.of(tr.xg);    // W_x· x_t, then activated r, z, n     [T*B, 3H]
        final Mem hg = Mem.of(tr.hg);    // W_h· h_{t-1}, then b_hn added         [T*B, 3H]
        final Mem w = Mem.of(wHh.value());                 // [3H, H]
        if (xg.isDouble()) {
            recurExact(packing, hs, xg, hg, w);
        } else {
            recurFloat(packing, hs, xg, hg, w);
        }
        return Ops.rows(tr.hs, 0, (long) (steps + 1) * batch);
    }

    /** The float64 reference: exact activations. */
    private void recurExact(final Packing packing, final Mem hs, final Mem xg, final Mem hg, final Mem w) {
        final int batch = packing.batchSize();
        final int hidden = hiddenSize;
        final int g = 3 * hidden;
        final double[] bx = Mem.of(bX.value()).toArray(g);  // [3H]
        final double[] bh = Mem.of(bH.value()).toArray(g);  // [3H]
        final double[] xs = new double[batch * g];         // one step's rows of xg   [n, 3H]
        final double[] rs = new double[batch * g];         // one step's rows of hg   [n, 3H]
        final double[] h = new double[batch * hidden];     // h_{t-1}, then h_t       [n, H]
        hs.write(0, h, 0, batch * hidden);                 // h_0 = 0
        for (int t = 0; t < packing.steps(); t++) {
            final int n = packing.activeRows()[t];
            final int row = t * batch;
            Mem.gemm(false, true, n, g, hidden, hs, row * hidden, hidden, w, 0, hidden, 0.0, hg, row * g, g);
            xg.read(row * g, xs, 0, n * g);
            hg.read(row * g, rs, 0, n * g);
            step(n, hidden, xs, rs, h, bx, bh);
            xg.write(row * g, xs, 0, n * g);
            hg.write(row * g, rs, 0, n * g);
            hs.write(row * hidden + batch * hidden, h, 0, n * hidden);
        }
    }

    /**
     * The float32 production path: {@link #step}'s equations on float arrays copied to and from the native buffers
     * without conversion, with the approximate activations ({@link Mem#rationalTanh}).
     */
    private void recurFloat(final Packing packing, final Mem hs, final Mem xg, final Mem hg, final Mem w) {
        final int batch = packing.batchSize();
        final int hidden = hiddenSize;
        final int g = 3 * hidden;
        final float[] bx = Mem.of(bX.value()).toFloatArray(g);  // [3H]
        final float[] bh = Mem.of(bH.value()).toFloatArray(g);  // [3H]
        final float[] xs = new float[batch * g];          // one step's rows of xg   [n, 3H]
        final float[] rs = new float[batch * g];          // one step's rows of hg   [n, 3H]
        final float[] h = new float[batch * hidden];      // h_{t-1}, then h_t       [n, H]
        hs.write(0, h, 0, batch * hidden);                // h_0 = 0
        for (int t = 0; t < packing.steps(); t++) {
            final int n = packing.activeRows()[t];
            final int row = t * batch;
            Mem.gemm(false, true, n, g, hidden, hs, row * hidden, hidden, w, 0, hidden, 0.0, hg, row * g, g);
            xg.read(row * g, xs, 0, n * g);
            hg.read(row * g, rs, 0, n * g);
            stepFloat(n, hidden, xs, rs, h, bx, bh);
            xg.write(row * g, xs, 0, n * g);
            hg.write(row * g, rs, 0, n * g);
            hs.write(row * hidden + batch * hidden, h, 0, n * hidden);
        }
    }

    /**
     * One step's gates for n rows, in place: {@code xs [n, 3H]} from W_x· x_t to r, z, n; the n block of
     * {@code rs [n, 3H]} from W_hn h_{t-1} to W_hn h_{t-1} + b_hn; {@code h [n, H]} from h_{t-1} to h_t.
     */
    private static void step(final int n, final int hidden, final double[] xs, final double[] rs, final double[] h,
                             final double[] bx, final double[] bh) {
        final int g = 3 * hidden;
        for (int b = 0; b < n; b++) {
            final int ir = b * g;          // r block of this row; z follows, then n
            final int in = ir + 2 * hidden;
            final int hi = b * hidden;
            for (int j = 0; j < 2 * hidden; j++) {
                xs[ir + j] += bx[j] + rs[ir + j] + bh[j];             // a_r, a_z
            }
            Mem.sigmoid(xs, ir, in);                           // r, z
            for (int j = 0; j < hidden; j++) {
                final double hn = rs[in + j] + bh[2 * hidden + j];    // W_hn h + b_hn
                rs[in + j] = hn;
                xs[in + j] += bx[2 * hidden + j] + xs[ir + j] * hn;   // a_n = W_xn x + b_xn + r ⊙ (W_hn h + b_hn)
            }
            Mem.tanh(xs, xs, in, in + hidden);                 // n
            for (int j = 0; j < hidden; j++) {
                final double z = xs[ir + hidden + j];
                final double cand = xs[in + j];
                h[hi + j] = cand + z * (h[hi + j] - cand);            // h_t = (1 - z) ⊙ n + z ⊙ h_{t-1}
            }
        }
    }

    /** {@link #step} in float32 with the approximate activations. */
    private static void stepFloat(final int n, final int hidden, final float[] xs, final float[] rs, final float[] h,
                             final float[] bx, final float[] bh) {
        final int g = 3 * hidden;
        for (int b = 0; b < n; b++) {
            final int ir = b * g;          // r block of this row; z follows, then n
            final int in = ir + 2 * hidden;
            final int hi = b * hidden;
            for (int j = 0; j < 2 * hidden; j++) {
                xs[ir + j] += bx[j] + rs[ir + j] + bh[j];             // a_r, a_z
            }
            Mem.sigmoid(xs, ir, in);                           // r, z
            for (int j = 0; j < hidden; j++) {
                final float hn = rs[in + j] + bh[2 * hidden + j];    // W_hn h + b_hn
                rs[in + j] = hn;
                xs[in + j] += bx[2 * hidden + j] + xs[ir + j] * hn;   // a_n = W_xn x + b_xn + r ⊙ (W_hn h + b_hn)
            }
            Mem.tanh(xs, xs, in, in + hidden);                 // n
            for (int j = 0; j < hidden; j++) {
                final float z = xs[ir + hidden + j];
                final float cand = xs[in + j];
                h[hi + j] = cand + z * (h[hi + j] - cand);            // h_t = (1 - z) ⊙ n + z ⊙ h_{t-1}
            }
        }
    }

    @Override
    public INDArray backward(final Trace trace, final INDArray x, final INDArray dH, final Packing packing,
                             final int truncateSteps, final double[] dhNorms) {
        final GruTrace tr = (GruTrace) trace;
        final int batch = packing.batchSize();
        final int steps = packing.steps();
        final int hidden = hiddenSize;
        final int g = 3 * hidden;
        final long tb = (long) steps * batch;
        final Mem hs = Mem.of(tr.hs);
        final Mem xg = Mem.of(tr.xg);
        final Mem hg = Mem.of(tr.hg);
        final Mem dH0 = Mem.of(dH);          // ∂E/∂h_t from above                      [T*B, H]
        final Mem dXg = Mem.of(tr.dXg);      // ∂E/∂(input-side pre-activations)      [T*B, 3H]
        final Mem dHg = Mem.of(tr.dHg);      // ∂E/∂(recurrent-side pre-activations)  [T*B, 3H]
        final Mem dhNext = Mem.of(tr.dhNext);  // ∂E/∂h_{t-1} carried backwards       [B, H]
        final Mem w = Mem.of(wHh.value());
        final double[] dbX = new double[g];
        final double[] dbH = new double[g];
        final double[] xs = new double[batch * g];       // r, z, n          [n, 3H]
        final double[] hns = new double[batch * g];      // W_hn h + b_hn    [n, 3H] (n block)
        final double[] hp = new double[batch * hidden];  // h_{t-1}          [n, H]
        final double[] dh = new double[batch * hidden];  // ∂E/∂h_t          [n, H]
        final double[] dn = new double[batch * hidden];  // ∂E/∂h_{t-1}      [n, H]
        final double[] dx = new double[batch * g];       // ∂E/∂a_x          [n, 3H]
        final double[] dr = new double[batch * g];       // ∂E/∂a_h          [n, 3H]
        dhNext.write(0, dn, 0, batch * hidden);
        for (int t = steps - 1; t >= 0; t--) {
            final int n = packing.activeRows()[t];
            final int row = t * batch;
            final boolean cut = truncateSteps > 0 && t % truncateSteps == 0;
            xg.read(row * g, xs, 0, n * g);
            hg.read(row * g, hns, 0, n * g);
            hs.read(row * hidden, hp, 0, n * hidden);
            dH0.read(row * hidden, dh, 0, n * hidden);
            dhNext.read(0, dn, 0, n * hidden);
            double norm2 = 0;
            for (int b = 0; b < n; b++) {
                final int gi = b * g;
                final int hi = b * hidden;
                for (int j = 0; j < hidden; j++) {
                    final int ir = gi + j;
                    final int iz = ir + hidden;
                    final int in = iz + hidden;
                    final double d = dh[hi + j] + dn[hi + j];                      // total ∂E/∂h_t
                    norm2 += d * d;
                    final double r = xs[ir];
                    final double z = xs[iz];
                    final double cand = xs[in];
                    final double dCand = d * (1 - z) * (1 - cand * cand);         // ∂E/∂a_n
                    final double dR = dCand * hns[in] * (r * (1 - r));            // through σ' = s(1 - s)
                    final double dZ = d * (hp[hi + j] - cand) * (z * (1 - z));
                    dx[ir] = dR;
                    dx[iz] = dZ;
                    dx[in] = dCand;
                    dr[ir] = dR;                                                  // r, z pre-activations are shared
                    dr[iz] = dZ;
                    dr[in] = dCand * r;                                           // ∂E/∂(W_hn h + b_hn)
                    dbX[j] += dR;
                    dbX[hidden + j] += dZ;
                    dbX[2 * hidden + j] += dCand;
                    dbH[j] += dR;
                    dbH[hidden + j] += dZ;
                    dbH[2 * hidden + j] += dCand * r;
                    dn[hi + j] = cut ? 0.0 : d * z;                               // direct path: dh ⊙ z
                }
            }
            dXg.write(row * g, dx, 0, n * g);
            dHg.write(row * g, dr, 0, n * g);
            dhNext.write(0, dn, 0, n * hidden);
            dXg.zero((row + n) * g, (batch - n) * g);                              // rows of padding add nothing
            dHg.zero((row + n) * g, (batch - n) * g);
            if (dhNorms != null) {
                dhNorms[t] = Math.sqrt(norm2);
            }
            if (!cut) {  // + W_hhᵀ ∂E/∂(W_h· h + b_h·)
                Mem.gemm(false, false, n, hidden, g, dHg, row * g, g, w, 0, hidden, 1.0, dhNext, 0, hidden);
            }
        }
        final INDArray dX = Ops.rows(tr.dX, 0, tb);
        accumulateWeightGradients(x, Ops.rows(tr.hs, 0, tb), Ops.rows(tr.dXg, 0, tb), Ops.rows(tr.dHg, 0, tb), dX);
        accumulateBiasGradient(dbX, bX);
        accumulateBiasGradient(dbH, bH);
        return dX;
    }

    static final class GruTrace extends Trace {
        private INDArray xg;     // [T*B, 3H] input side W_x· x_t, then activated r, z and n
        private INDArray hg;     // [T*B, 3H] recurrent side W_h· h_{t-1}, the n block with b_hn added
        private INDArray dXg;    // [T*B, 3H]
        private INDArray dHg;    // [T*B, 3H]

        GruTrace(final DataType type, final int input, final int hidden) {
            super(type, input, hidden);
        }

        @Override
        protected INDArray inputProjections() {
            return xg;
        }

        @Override
        protected void ensure(final int steps, final int batch) {
            super.ensure(steps, batch);
            final long tb = (long) steps * batch;
            xg = Ops.ensure(xg, tb, 3L * hidden, type);
            hg = Ops.ensure(hg, tb, 3L * hidden, type);
            dXg = Ops.ensure(dXg, tb, 3L * hidden, type);
            dHg = Ops.ensure(dHg, tb, 3L * hidden, type);
        }
    }
}
