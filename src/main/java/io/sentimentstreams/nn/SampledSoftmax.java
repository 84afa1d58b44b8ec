package io.sentimentstreams.nn;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The output layer of a language model over a large vocabulary, trained with a sampled softmax (Jean et al. 2015,
 * the estimator of TensorFlow's {@code sampled_softmax_loss}): instead of all V classes, each row is scored against
 * its target and S candidate classes drawn (with replacement) from a proposal q, shared by the whole batch, with
 * the logits corrected by the log of each class's expected count {@code S q(c)}:
 * <pre>
 *   u_n   = w_{y_n}·h_n + b_{y_n} - log(S q(y_n))                        the target            (N)
 *   v_nj  = w_{s_j}·h_n + b_{s_j} - log(S q(s_j)),  -∞ where s_j = y_n     the candidates       (N, S)
 *   E     = (1/N) Σ_n [ -u_n + log(e^{u_n} + Σ_j e^{v_nj}) ]
 *   ∂E/∂u_n = (p_n0 - 1)/N      ∂E/∂v_nj = p_nj / N      (p: the softmax over [u_n, v_n·])
 * </pre>
 * Legend: N rows (real time steps of a batch), H hidden, V vocabulary, S candidates. Parameters
 * {@code wO [V, H]} and {@code bO [V]}; their gradients are accumulated only in the rows of the target and
 * candidate classes. Order of use: {@link #forward}, then {@link #backward} with the same workspace.
 */
public final class SampledSoftmax {

    private final Param wO;  // [V, H]
    private final Param bO;  // [V]

    public SampledSoftmax(final Param wO, final Param bO) {
        this.wO = wO;
        this.bO = bO;
        Shapes.check(bO.value(), "bO", wO.value().size(0));
    }

    public int vocabularySize() {
        return (int) wO.value().size(0);
    }

    public int hiddenSize() {
        return (int) wO.value().size(1);
    }

    public List<Param> params() {
        return List.of(wO, bO);
    }

    public Workspace newWorkspace() {
        return new Workspace(wO.value().dataType(), hiddenSize());
    }

    /**
     * @param h                   [N, H] hidden states, one row per predicted position
     * @param targets             [N] class of each row
     * @param candidates          [S] sampled classes, shared by all rows
     * @param logExpectedCount    [V] {@code log(S q(c))} for every class c
     * @return the mean loss over the N rows
     */
    public double forward(final Workspace ws, final INDArray h, final int[] targets, final int[] candidates,
                          final double[] logExpectedCount) {
        final int rows = targets.length;
        final int samples = candidates.length;
        final int hidden = hiddenSize();
        if (h.size(0) != rows || h.size(1) != hidden) {
            throw new IllegalArgumentException(String.format("expected h [N, H] = [%d, %d], got %s", rows, hidden,
                    java.util.Arrays.toString(h.shape())));
        }
        ws.ensure(rows, samples);
        ws.h = h;
        ws.targets = targets;
        ws.candidates = candidates;
        final INDArray wS = Ops.rows(ws.wS, 0, samples);                 // w_{s_j}      [S, H]
        final INDArray wY = Ops.rows(ws.wY, 0, rows);                    // w_{y_n}      [N, H]
        RowOps.gather(wO.value(), candidates, wS);
        RowOps.gather(wO.value(), targets, wY);
        final INDArray v = Ops.rows(ws.logits, 0, rows);                 // v            [N, S]
        Ops.gemm(h, false, wS, true, v, 0.0);                            // [N, H]·[H, S]
        final Mem bias = Mem.of(bO.value());
        final double[] candidateShift = new double[samples];             // b_{s_j} - log(S q(s_j))
        for (int j = 0; j < samples; j++) {
            candidateShift[j] = bias.get(candidates[j]) - logExpectedCount[candidates[j]];
        }
        final Mem hm = Mem.of(h);
        final Mem wy = Mem.of(wY);
        final Mem vm = Mem.of(v);
        final double[] hRow = new double[hidden];
        final double[] wRow = new double[hidden];
        final double[] vRow = new double[samples];
        double loss = 0;
        for (int n = 0; n < rows; n++) {
            hm.read(n * hidden, hRow, 0, hidden);
            wy.read(n * hidden, wRow, 0, hidden);
            double u = bias.get(targets[n]) - logExpectedCount[targets[n]];
            for (int k = 0; k < hidden; k++) {
                u += hRow[k] * wRow[k];
            }
            vm.read(n * samples, vRow, 0, samples);
            double max = u;
            for (int j = 0; j < samples; j++) {
                vRow[j] = candidates[j] == targets[n] ? Double.NEGATIVE_INFINITY : vRow[j] + candidateShift[j];
                max = Math.max(max, vRow[j]);
            }
            final double eu = Math.exp(u - max);
            double z = eu;
            for (int j = 0; j < samples; j++) {
                vRow[j] = Math.exp(vRow[j] - max);
                z += vRow[j];
            }
            loss += Math.log(z) - (u - max);
            for (int j = 0; j < samples; j++) {
                vRow[j] /= z;                                            // p_nj
            }
            ws.targetProbability[n] = eu / z;                            // p_n0
            vm.write(n * samples, vRow, 0, samples);
        }
        return loss / rows;
    }

    /**
     * Accumulates ∂E/∂wO and ∂E/∂bO and writes ∂E/∂h into {@code dH [N, H]}.
     */
    public void backward(final Workspace ws, final INDArray dH) {
        final int rows = ws.targets.length;
        final int samples = ws.candidates.length;
        final int hidden = hiddenSize();
        final INDArray dV = Ops.rows(ws.logits, 0, rows);               // p_nj / N     [N, S]
        dV.divi(rows);
        final INDArray wS = Ops.rows(ws.wS, 0, samples);
        final INDArray wY = Ops.rows(ws.wY, 0, rows);
        Ops.gemm(dV, false, wS, false, dH, 0.0);                         // [N, S]·[S, H]
        final Mem dh = Mem.of(dH);
        final Mem wy = Mem.of(wY);
        final Mem hm = Mem.of(ws.h);
        final Mem dwY = Mem.of(Ops.rows(ws.dwY, 0, rows));
        final Mem dBias = Mem.of(bO.grad());
        final double[] row = new double[hidden];
        final double[] hRow = new double[hidden];
        for (int n = 0; n < rows; n++) {
            final double du = (ws.targetProbability[n] - 1) / rows;      // ∂E/∂u_n
            wy.read(n * hidden, row, 0, hidden);
            hm.read(n * hidden, hRow, 0, hidden);
            for (int k = 0; k < hidden; k++) {
                dh.add(n * hidden + k, du * row[k]);                     // ∂E/∂h_n += ∂E/∂u_n · w_{y_n}
                hRow[k] *= du;                                           // ∂E/∂w_{y_n} = ∂E/∂u_n · h_n
            }
            dwY.write(n * hidden, hRow, 0, hidden);
            dBias.add(ws.targets[n], du);
        }
        final INDArray dwS = Ops.rows(ws.wS, 0, samples);                // reuses w_S's buffer   [S, H]
        Ops.gemm(dV, true, ws.h, false, dwS, 0.0);                       // [S, N]·[N, H]
        final Mem dv = Mem.of(dV);
        final double[] columnSums = new double[samples];
        final double[] vRow = new double[samples];
        for (int n = 0; n < rows; n++) {
            dv.read(n * samples, vRow, 0, samples);
            for (int j = 0; j < samples; j++) {
                columnSums[j] += vRow[j];
            }
        }
        for (int j = 0; j < samples; j++) {
            dBias.add(ws.candidates[j], columnSums[j]);
        }
        RowOps.scatterAdd(dwS, identity(samples), wO.grad(), ws.candidates);
        RowOps.scatterAdd(Ops.rows(ws.dwY, 0, rows), identity(rows), wO.grad(), ws.targets);
    }

    /**
     * The exact loss with the full softmax over all V classes, {@code (1/N) Σ_n -log softmax(wO h_n + bO)[y_n]},
     * for evaluation (perplexity = e^loss); computed in blocks of rows, without gradients.
     */
    public double fullLoss(final INDArray h, final int[] targets) {
        final int rows = targets.length;
        final int vocabulary = vocabularySize();
        final int block = Math.max(1, Math.min(rows, (1 << 22) / vocabulary));
        final INDArray logits = org.nd4j.linalg.factory.Nd4j.create(h.dataType(), block, vocabulary);
        final double[] bias = Mem.of(bO.value()).toArray(vocabulary);
        final double[] row = new double[vocabulary];
        double loss = 0;
        for (int from = 0; from < rows; from += block) {
            final int n = Math.min(block, rows - from);
            final INDArray out = Ops.rows(logits, 0, n);
            Ops.gemm(Ops.rows(h, from, from + n), false, wO.value(), true, out, 0.0);   // [n, H]·[H, V]
            final Mem m = Mem.of(out);
            for (int r = 0; r < n; r++) {
                m.read(r * vocabulary, row, 0, vocabulary);
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < vocabulary; c++) {
                    row[c] += bias[c];
                    max = Math.max(max, row[c]);
                }
                double z = 0;
                for (int c = 0; c < vocabulary; c++) {
                    z += Math.exp(row[c] - max);
                }
                loss += Math.log(z) + max - row[targets[from + r]];
            }
        }
        return loss / rows;
    }

    private static int[] identity(final int n) {
        final int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }

    /** One thread's buffers, grown on demand. */
    public static final class Workspace {
        private final DataType type;
        private final int hidden;
        private INDArray wS;       // [S, H] w_{s_j}, then ∂E/∂w_{s_j}
        private INDArray wY;       // [N, H] w_{y_n}
        private INDArray dwY;      // [N, H] ∂E/∂w_{y_n}
        private INDArray logits;   // [N, S] v, then p, then ∂E/∂v
        private double[] targetProbability = new double[0];  // [N] p_n0
        private INDArray h;
        private int[] targets;
        private int[] candidates;

        private Workspace(final DataType type, final int hidden) {
            this.type = type;
            this.hidden = hidden;
        }

        private void ensure(final int rows, final int samples) {
            wS = Ops.ensure(wS, samples, hidden, type);
            wY = Ops.ensure(wY, rows, hidden, type);
            dwY = Ops.ensure(dwY, rows, hidden, type);
            logits = Ops.ensure(logits, rows, samples, type);
            if (targetProbability.length < rows) {
                targetProbability = new double[rows];
            }
        }
    }
}
