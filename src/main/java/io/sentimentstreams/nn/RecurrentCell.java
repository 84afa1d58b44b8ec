package io.sentimentstreams.nn;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A recurrent cell run over a packed, time-major batch, with backpropagation through time written out by hand.
 *
 * <p>Every cell has an input projection {@code wHx [G, E]} and a recurrent matrix {@code wHh [G, H]} whose G rows
 * stack the cell's gate blocks. The input projection of <em>all</em> time steps is one GEMM
 * {@code [T*B, E]·[E, G]}; per step run only the recurrent GEMM (straight through CBLAS, see {@link Mem}) and one
 * Java loop that does all the element-wise work of the step on the preallocated buffers. Backward walks {@code t = T-1 .. 0} carrying {@code dhNext}, stores the gradient of every
 * step's pre-activations, and then forms the weight gradients with one GEMM each over all steps.
 *
 * <p>Order of use: {@link #forward}, then (training) {@link #backward} with the same trace, input and packing.
 * Gradients are accumulated into {@link Param#grad()}; clearing them is the optimizer's job.
 * A trace holds one thread's activations: share a cell between threads, never a trace.
 */
public abstract sealed class RecurrentCell permits ElmanCell, LstmCell, GruCell {

    protected final int inputSize;   // E
    protected final int hiddenSize;  // H
    protected final Param wHx;       // [G, E]
    protected final Param wHh;       // [G, H]

    protected RecurrentCell(final int inputSize, final int hiddenSize, final Param wHx, final Param wHh) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.wHx = wHx;
        this.wHh = wHh;
        Shapes.check(wHx.value(), "wHx", type().gates() * (long) hiddenSize, inputSize);
        Shapes.check(wHh.value(), "wHh", type().gates() * (long) hiddenSize, hiddenSize);
    }

    public abstract CellType type();

    /** All trainable parameters, in a stable order (saved models and optimizer state rely on it). */
    public abstract List<Param> params();

    /** New, empty per-thread buffers for this cell. */
    public abstract Trace newTrace();

    /**
     * Runs the cell over the batch from {@code h_0 = 0}.
     *
     * @param x [T*B, E] time-major inputs (rows of padding are ignored)
     * @return [(T+1)*B, H] hidden states, a view into the trace: block {@code t+1} holds {@code h_t} of step t
     *     (valid for the rows active at step t), block 0 holds {@code h_0 = 0}
     */
    public final INDArray forward(final Trace trace, final INDArray x, final Packing packing) {
        final long tb = (long) packing.steps() * packing.batchSize();
        trace.ensure(packing.steps(), packing.batchSize());
        projectInputs(x, Ops.rows(trace.inputProjections(), 0, tb));  // W_hx x_t   [T*B, G]
        return recur(trace, packing);
    }

    /**
     * As {@link #forward(Trace, INDArray, Packing)} for inputs that are embedding rows, with their projections
     * looked up in {@code table} (see {@link #projectVocabulary}) instead of computed: scoring only, as
     * {@link #backward} needs the inputs themselves.
     *
     * @param table    [V, G] {@code W_hx·wE[v]} for every token v
     * @param tokenIds [T*B] time-major token ids
     */
    public final INDArray forward(final Trace trace, final INDArray table, final int[] tokenIds,
                                  final Packing packing) {
        final long tb = (long) packing.steps() * packing.batchSize();
        trace.ensure(packing.steps(), packing.batchSize());
        RowOps.gather(table, tokenIds, Ops.rows(trace.inputProjections(), 0, tb));  // W_hx x_t   [T*B, G]
        return recur(trace, packing);
    }

    /**
     * The recurrence over T steps, from the input projections already in the trace: one recurrent GEMM and the
     * element-wise gate equations per step.
     */
    protected abstract INDArray recur(Trace trace, Packing packing);

    /**
     * {@code table [V, G] = wE·W_hxᵀ}: the input projection of every row of an embedding {@code wE [V, E]}, so that
     * a network whose weights no longer change can look its inputs' projections up (one row copy per token)
     * instead of computing them (a GEMM of {@code T*B·E·G} multiply-adds per batch).
     */
    public final INDArray projectVocabulary(final INDArray wE) {
        final int vocabulary = (int) wE.size(0);
        final int gates = (int) wHx.value().size(0);
        final INDArray table = Nd4j.create(wE.dataType(), vocabulary, gates);  // [V, G]
        projectInputs(wE, table);
        return table;
    }

    /**
     * Backpropagation through time.
     *
     * @param dH            [T*B, H] ∂E/∂h_t arriving from above at each step (rows of padding are never read)
     * @param truncateSteps 0 for full BPTT; k &gt; 0 cuts the gradient carried from step t to t-1 whenever
     *                      t is a multiple of k (k-step truncated BPTT over fixed windows)
     * @param dhNorms       if not null, receives at [t] the L2 norm of the total ∂E/∂h_t (over the whole batch)
     * @return [T*B, E] ∂E/∂x, a view into the trace
     */
    public abstract INDArray backward(Trace trace, INDArray x, INDArray dH, Packing packing, int truncateSteps,
                                      double[] dhNorms);

    public int inputSize() {
        return inputSize;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    public DataType dataType() {
        return wHx.value().dataType();
    }

    /**
     * Computes {@code pre [T*B, G] = x·wHxᵀ} for all steps in one GEMM. The cells add their biases in the step
     * loop, where the pre-activations are read anyway.
     */
    protected final void projectInputs(final INDArray x, final INDArray pre) {
        final int rows = (int) pre.size(0);
        final int gates = (int) pre.size(1);
        Mem.gemm(false, true, rows, gates, inputSize, Mem.of(x), 0, inputSize, Mem.of(wHx.value()), 0, inputSize,
                0.0, Mem.of(pre), 0, gates);  // [T*B, E]·[E, G]
    }

    /**
     * Weight gradients over all steps at once, and the input gradient:
     * {@code dwHx += dPreXᵀ·x}, {@code dwHh += dPreHᵀ·hPrev}, {@code dX = dPreX·wHx}.
     * Rows of padding in {@code dPreX}/{@code dPreH} are zero, so they add nothing.
     */
    protected final void accumulateWeightGradients(final INDArray x, final INDArray hPrev, final INDArray dPreX,
                                                   final INDArray dPreH, final INDArray dX) {
        final int rows = (int) dPreX.size(0);
        final int gates = (int) dPreX.size(1);
        final Mem dx = Mem.of(dPreX);
        final Mem dh = Mem.of(dPreH);
        final Mem w = Mem.of(wHx.value());
        Mem.gemm(true, false, gates, inputSize, rows, dx, 0, gates, Mem.of(x), 0, inputSize, 1.0,
                Mem.of(wHx.grad()), 0, inputSize);                    // [G, T*B]·[T*B, E] = [G, E]
        Mem.gemm(true, false, gates, hiddenSize, rows, dh, 0, gates, Mem.of(hPrev), 0, hiddenSize, 1.0,
                Mem.of(wHh.grad()), 0, hiddenSize);                   // [G, T*B]·[T*B, H] = [G, H]
        Mem.gemm(false, false, rows, inputSize, gates, dx, 0, gates, w, 0, inputSize, 0.0,
                Mem.of(dX), 0, inputSize);                            // [T*B, G]·[G, E] = [T*B, E]
    }

    /** Adds {@code d [G]}, the column sums of a pre-activation gradient summed in the step loop, to a bias gradient. */
    protected static void accumulateBiasGradient(final double[] d, final Param bias) {
        final Mem grad = Mem.of(bias.grad());
        for (int i = 0; i < d.length; i++) {
            grad.add(i, d[i]);
        }
    }

    /**
     * One thread's buffers for a cell, grown on demand and reused across batches. Subclasses add the cell's own
     * caches of gate activations.
     */
    public abstract static class Trace {
        protected final DataType type;
        protected final int hidden;
        protected final int input;
        protected INDArray hs;      // [(T+1)*B, H] h_0 .. h_T
        protected INDArray dX;      // [T*B, E]
        protected INDArray dhNext;  // [B, H] ∂E/∂h_{t-1} carried backwards

        protected Trace(final DataType type, final int input, final int hidden) {
            this.type = type;
            this.input = input;
            this.hidden = hidden;
        }

        /** [≥T*B, G] the input projections {@code W_hx x_t}, where {@link #recur} finds them. */
        protected abstract INDArray inputProjections();

        /** Makes every buffer large enough for B sequences of T steps. */
        protected void ensure(final int steps, final int batch) {
            final long tb = (long) steps * batch;
            hs = Ops.ensure(hs, tb + batch, hidden, type);
            dX = Ops.ensure(dX, tb, input, type);
            dhNext = Ops.ensure(dhNext, batch, hidden, type);
        }
    }
}
