package io.sentimentstreams.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The classifier: embedding → recurrent cell over T → pooling → linear → softmax over K classes, trained with
 * cross-entropy:
 * <pre>
 *   x_t = wE[token_t]                      h_t = cell(x_t, h_{t-1})              f = pool(h_1 .. h_T)
 *   y = softmax(W_yh f + b_y)              E = -(1/B) Σ_b Σ_c y*_{b,c} log y_{b,c}
 * </pre>
 * Bidirectional ({@link NetworkConfig#bidirectional()}): a second cell reads each review from its last token to its
 * first, {@code f = [pool(h_1 .. h_T); pool(h'_1 .. h'_T)]} and {@code W_yh} is {@code [K, 2H]}.
 * Weights live here and may be shared by threads for scoring; each thread brings its own {@link Workspace}.
 */
public final class SentimentNetwork {

    private final NetworkConfig config;
    private final Embedding embedding;
    private final RecurrentCell cell;
    private final RecurrentCell backwardCell;  // null unless bidirectional
    private final Param wYh;  // [K, H], or [K, 2H] bidirectional
    private final Param bY;   // [K]
    private final boolean frozen;             // see frozenCopy()
    private final INDArray inputTable;        // [V, G] W_hx·wE[v]; frozen and small enough only, else null
    private final INDArray backwardInputTable;  // [V, G] the backward cell's; bidirectional only

    private SentimentNetwork(final NetworkConfig config, final Embedding embedding, final RecurrentCell cell,
                             final RecurrentCell backwardCell, final Param wYh, final Param bY,
                             final boolean frozen) {
        this.config = config;
        this.embedding = embedding;
        this.cell = cell;
        this.backwardCell = backwardCell;
        this.wYh = wYh;
        this.bY = bY;
        this.frozen = frozen;
        final boolean tables = frozen && (long) config.vocabularySize() * config.cell().gates()
                * config.hiddenSize() <= MAX_INPUT_TABLE_ELEMENTS;
        final INDArray wE = embedding.params().get(0).value();
        this.inputTable = tables ? cell.projectVocabulary(wE) : null;
        this.backwardInputTable = tables && backwardCell != null ? backwardCell.projectVocabulary(wE) : null;
    }

    /**
     * Largest input table ({@code V·G} elements, 128 MiB in float32) that {@link #frozenCopy} computes; a larger
     * vocabulary is scored through the input GEMM.
     */
    public static final long MAX_INPUT_TABLE_ELEMENTS = 1L << 25;

    /** A freshly initialised network (see {@link Init}). */
    public static SentimentNetwork create(final NetworkConfig config, final Init.Recurrent recurrentInit,
                                         final double identityScale, final long seed, final DataType type) {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<INDArray> values = new ArrayList<>();
        final INDArray wE = Init.normal(random, type, 0.1, config.vocabularySize(), config.embeddingSize());  // [V, E]
        wE.getRow(0).assign(0);                                                          // padding
        values.add(wE);
        addCell(values, config, recurrentInit, identityScale, random, type);
        if (config.bidirectional()) {
            addCell(values, config, recurrentInit, identityScale, random, type);
        }
        values.add(Init.xavier(random, type, 1, config.classes(), config.featureSize()));
        values.add(Nd4j.zeros(type, config.classes()));
        return fromValues(config, values);
    }

    /** A cell's fresh parameters: wHx Xavier, wHh per the scheme, biases zero (LSTM forget bias 1). */
    private static void addCell(final List<INDArray> values, final NetworkConfig config,
                                final Init.Recurrent recurrentInit, final double identityScale,
                                final SplittableRandom random, final DataType type) {
        final int e = config.embeddingSize();
        final int h = config.hiddenSize();
        final int gates = config.cell().gates();
        values.add(Init.xavier(random, type, gates, h, e));
        values.add(Init.recurrent(random, type, gates, h, recurrentInit, identityScale));
        final INDArray bias = Nd4j.zeros(type, (long) gates * h);
        values.add(bias);
        if (config.cell() == CellType.GRU) {
            values.add(Nd4j.zeros(type, 3L * h));
        } else if (config.cell() == CellType.LSTM) {
            bias.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(h, 2L * h)).assign(1.0);  // forget bias
        }
    }

    /**
     * Rebuilds a network around existing weights, in the order of {@link #params()}: wE, the cell's parameters,
     * (bidirectional: the backward cell's,) wYh, bY. The arrays are used as they are (not copied).
     */
    public static SentimentNetwork fromValues(final NetworkConfig config, final List<INDArray> values) {
        final int cellParams = config.cell() == CellType.GRU ? 4 : 3;
        final int expected = 3 + cellParams * (config.bidirectional() ? 2 : 1);
        if (values.size() != expected) {
            throw new IllegalArgumentException("expected " + expected + " parameter arrays for a "
                    + (config.bidirectional() ? "bidirectional " : "") + config.cell().id() + " network, got "
                    + values.size());
        }
        final Embedding embedding = new Embedding(Param.of("wE", values.get(0)));
        Shapes.check(values.get(0), "wE", config.vocabularySize(), config.embeddingSize());
        final RecurrentCell cell = cell(config, values.subList(1, 1 + cellParams), "");
        final RecurrentCell backwardCell = config.bidirectional()
                ? cell(config, values.subList(1 + cellParams, 1 + 2 * cellParams), "backward.") : null;
        final Param wYh = Param.of("wYh", values.get(expected - 2));
        final Param bY = Param.of("bY", values.get(expected - 1));
        Shapes.check(wYh.value(), "wYh", config.classes(), config.featureSize());
        Shapes.check(bY.value(), "bY", config.classes());
        return new SentimentNetwork(config, embedding, cell, backwardCell, wYh, bY, false);
    }

    /**
     * A copy of this network for scoring only, whose weights never change: it cannot train ({@link #backward}
     * refuses), so it keeps each cell's input projection of the whole vocabulary, {@code W_hx·wE[v]} for every
     * token v ({@link RecurrentCell#projectVocabulary}), and its forward pass looks the projections of a batch's
     * tokens up instead of computing the input GEMM. The scores are those of this network to float rounding.
     * Its weights are copies: training this network later does not change it.
     */
    public SentimentNetwork frozenCopy() {
        final List<INDArray> copies = new ArrayList<>();
        for (final Param p : params()) {
            copies.add(p.value().dup());
        }
        final SentimentNetwork copy = fromValues(config, copies);
        return new SentimentNetwork(config, copy.embedding, copy.cell, copy.backwardCell, copy.wYh, copy.bY, true);
    }

    /** Whether this is a {@link #frozenCopy()}, which scores but does not train. */
    public boolean isFrozen() {
        return frozen;
    }

    private static RecurrentCell cell(final NetworkConfig config, final List<INDArray> v, final String prefix) {
        final RecurrentCell cell = switch (config.cell()) {
            case ELMAN -> new ElmanCell(Param.of(prefix + "wHx", v.get(0)), Param.of(prefix + "wHh", v.get(1)),
                    Param.of(prefix + "bH", v.get(2)));
            case LSTM -> new LstmCell(Param.of(prefix + "wHx", v.get(0)), Param.of(prefix + "wHh", v.get(1)),
                    Param.of(prefix + "b", v.get(2)));
            case GRU -> new GruCell(Param.of(prefix + "wHx", v.get(0)), Param.of(prefix + "wHh", v.get(1)),
                    Param.of(prefix + "bX", v.get(2)), Param.of(prefix + "bH", v.get(3)));
        };
        if (cell.hiddenSize() != config.hiddenSize() || cell.inputSize() != config.embeddingSize()) {
            throw new IllegalArgumentException("cell weights do not match E=" + config.embeddingSize()
                    + " H=" + config.hiddenSize());
        }
        return cell;
    }

    public NetworkConfig config() {
        return config;
    }

    public DataType dataType() {
        return wYh.value().dataType();
    }

    /** Every trainable parameter in a stable order: wE, the cell's, (the backward cell's,) wYh, bY. */
    public List<Param> params() {
        final List<Param> all = new ArrayList<>(embedding.params());
        all.addAll(cell.params());
        if (backwardCell != null) {
            all.addAll(backwardCell.params());
        }
        all.add(wYh);
        all.add(bY);
        return List.copyOf(all);
    }

    /**
     * The parameters layer by layer from the bottom: the embedding, the recurrent cell (both directions), the
     * classifier (W_yh, b_y); concatenated, they are {@link #params()} in the same order.
     */
    public List<List<Param>> layers() {
        final List<Param> recurrent = new ArrayList<>(cell.params());
        if (backwardCell != null) {
            recurrent.addAll(backwardCell.params());
        }
        return List.of(List.copyOf(embedding.params()), List.copyOf(recurrent), List.of(wYh, bY));
    }

    public RecurrentCell cell() {
        return cell;
    }

    /** Whether every weight is a finite number (no NaN, no infinity). One pass over all parameters. */
    public boolean hasFiniteWeights() {
        for (final Param p : params()) {
            final Mem value = Mem.of(p.value());
            final int length = Math.toIntExact(p.value().length());
            for (int i = 0; i < length; i++) {
                if (!Double.isFinite(value.get(i))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** New per-thread buffers. */
    public Workspace newWorkspace() {
        return new Workspace(this);
    }

    /**
     * Forward pass over a packed batch.
     *
     * @param tokenIds [T*B] time-major token ids (padding positions are ignored)
     * @param training true applies dropout (and keeps what backward needs)
     * @return [B, K] class probabilities, a view into the workspace valid until the next call
     */
    public INDArray forward(final Workspace ws, final int[] tokenIds, final Packing packing, final boolean training) {
        return forward(ws, tokenIds, packing, training, null);
    }

    /**
     * Forward pass with every input moved: {@code x_t + r_t}, with r added after the embedding's dropout (the
     * second pass of adversarial training, see {@link #adversarialPerturbation}).
     *
     * @param perturbation [T*B, E] time-major like the token ids, or null for none
     */
    public INDArray forward(final Workspace ws, final int[] tokenIds, final Packing packing, final boolean training,
                            final INDArray perturbation) {
        final int batch = packing.batchSize();
        final long tb = (long) packing.steps() * batch;
        if (tokenIds.length != tb) {
            throw new IllegalArgumentException("expected " + tb + " token ids for T=" + packing.steps() + " B="
                    + batch + ", got " + tokenIds.length);
        }
        ws.ensure(packing);
        ws.tokenIds = tokenIds;
        ws.packing = packing;
        ws.training = training;
        ws.hasInputGradient = false;
        final boolean lookUp = inputTable != null && !training;  // frozen, scoring: projections looked up
        final INDArray x = Ops.rows(ws.x, 0, tb);                        // [T*B, E]
        if (lookUp) {
            embedding.checkIds(tokenIds);
        } else {
            embedding.forward(tokenIds, x);
        }
        if (training && config.dropout() > 0) {
            dropoutMask(Ops.rows(ws.xMask, 0, tb));
            x.muli(Ops.rows(ws.xMask, 0, tb));
        }
        if (perturbation != null) {
            if (lookUp) {
                throw new IllegalStateException("a network frozen for scoring takes no perturbation");
            }
            Shapes.check(perturbation, "perturbation", tb, config.embeddingSize());
            x.addi(perturbation);
        }
        final INDArray hs = lookUp ? cell.forward(ws.trace, inputTable, tokenIds, packing)
                : cell.forward(ws.trace, x, packing);                    // [(T+1)*B, H]
        final INDArray f = Ops.rows(ws.features, 0, batch);              // [B, H] or [B, 2H]
        final int[] argmax = lookUp ? null : ws.argmax;                 // frozen: no backward follows
        if (backwardCell == null) {
            config.pooling().forward(hs, packing, f, argmax);
        } else {
            final INDArray half = Ops.rows(ws.half, 0, batch);           // [B, H] (MEAN_MAX [B, 2H])
            config.pooling().forward(hs, packing, half, argmax);
            Bidirectional.putHalf(half, f, 0);
            ws.reversed = Bidirectional.reversedRows(packing);
            final INDArray hsr = lookUp
                    ? backwardCell.forward(ws.backwardTrace, backwardInputTable, reversed(tokenIds, ws.reversed),
                            packing)
                    : backwardCell.forward(ws.backwardTrace, reversed(x, ws, tb), packing);
            config.pooling().forward(hsr, packing, half, lookUp ? null : ws.backwardArgmax);
            Bidirectional.putHalf(half, f, 1);
        }
        if (training && config.dropout() > 0) {
            dropoutMask(Ops.rows(ws.fMask, 0, batch));
            f.muli(Ops.rows(ws.fMask, 0, batch));
        }
        return classify(ws, f, batch);
    }

    /** x with each sequence's rows in reverse order, into the workspace: [T*B, E]. */
    private static INDArray reversed(final INDArray x, final Workspace ws, final long tb) {
        final INDArray xr = Ops.rows(ws.xReversed, 0, tb);
        RowOps.gather(x, ws.reversed, xr);
        return xr;
    }

    /** The token ids of each sequence in reverse order: {@code ids[rows[r]]} for every row r. */
    private static int[] reversed(final int[] tokenIds, final int[] rows) {
        final int[] ids = new int[tokenIds.length];
        for (int r = 0; r < ids.length; r++) {
            ids[r] = tokenIds[rows[r]];
        }
        return ids;
    }

    /** {@code y = softmax(W_yh f + b_y)} into the workspace: [B, K]. */
    private INDArray classify(final Workspace ws, final INDArray f, final int batch) {
        final INDArray logits = Ops.rows(ws.probabilities, 0, batch);    // [B, K]
        Ops.gemm(f, false, wYh.value(), true, logits, 0.0);
        logits.addiRowVector(bY.value());
        softmaxRows(logits);
        return logits;
    }

    /**
     * Cross-entropy of the last forward pass against {@code labels [B]} (in batch-row order), and its gradient
     * accumulated into every parameter by backpropagation through time.
     *
     * @param truncateSteps 0 for full BPTT, k for k-step truncation (see {@link RecurrentCell#backward})
     * @param dhNorms       optional [T] receiver of ‖∂E/∂h_t‖ for the diagnostic
     * @return the mean loss over the batch
     */
    public double backward(final Workspace ws, final int[] labels, final int truncateSteps, final double[] dhNorms) {
        final double loss = backwardClassifier(ws, labels);
        final Packing packing = ws.packing;
        final int batch = packing.batchSize();
        final long tb = (long) packing.steps() * batch;
        final INDArray dF = Ops.rows(ws.dFeatures, 0, batch);            // [B, H] or [B, 2H]
        if (ws.training && config.dropout() > 0) {
            dF.muli(Ops.rows(ws.fMask, 0, batch));
        }
        final INDArray dH = Ops.rows(ws.dH, 0, tb);                      // [T*B, H]
        final INDArray x = Ops.rows(ws.x, 0, tb);
        if (backwardCell == null) {
            config.pooling().backward(dF, packing, dH, ws.argmax);
            final INDArray dX = cell.backward(ws.trace, x, dH, packing, truncateSteps, dhNorms);
            finishBackward(ws, dX, packing, tb);
            return loss;
        }
        final INDArray half = Ops.rows(ws.half, 0, batch);               // [B, H]
        Bidirectional.getHalf(dF, half, 1);
        config.pooling().backward(half, packing, dH, ws.backwardArgmax);
        final INDArray xr = Ops.rows(ws.xReversed, 0, tb);
        final INDArray dXr = backwardCell.backward(ws.backwardTrace, xr, dH, packing, truncateSteps, null);
        Bidirectional.getHalf(dF, half, 0);
        config.pooling().backward(half, packing, dH, ws.argmax);
        final INDArray dX = cell.backward(ws.trace, x, dH, packing, truncateSteps, dhNorms);
        RowOps.scatterAdd(dXr, Bidirectional.realRows(packing), dX, Bidirectional.realRows(ws.reversed, packing));
        finishBackward(ws, dX, packing, tb);
        return loss;
    }

    /**
     * The classifier layer's part of {@link #backward}: the cross-entropy of the last forward pass against
     * {@code labels [B]}, its gradient accumulated into W_yh and b_y only, and ∂E/∂f (before the features'
     * dropout) left in the workspace. Alone, it trains the classifier on a frozen encoder (the first epochs of
     * fine-tuning a pretrained network) at the cost of the forward pass.
     *
     * @return the mean loss over the batch
     */
    public double backwardClassifier(final Workspace ws, final int[] labels) {
        if (frozen) {
            throw new IllegalStateException("a network frozen for scoring does not train");
        }
        final int batch = ws.packing.batchSize();
        final INDArray probabilities = Ops.rows(ws.probabilities, 0, batch);
        final double loss = crossEntropy(probabilities, labels);
        final INDArray dLogits = Ops.rows(ws.dLogits, 0, batch);         // (ŷ - y) / B   [B, K]
        dLogits.assign(probabilities);
        for (int b = 0; b < batch; b++) {
            dLogits.putScalar(b, labels[b], dLogits.getDouble(b, labels[b]) - 1.0);
        }
        dLogits.divi(batch);
        final INDArray f = Ops.rows(ws.features, 0, batch);
        Ops.gemm(dLogits, true, f, false, wYh.grad(), 1.0);              // [K, B]·[B, H]
        bY.grad().addi(dLogits.sum(0));
        final INDArray dF = Ops.rows(ws.dFeatures, 0, batch);            // [B, H] or [B, 2H]
        Ops.gemm(dLogits, false, wYh.value(), false, dF, 0.0);
        return loss;
    }

    /**
     * The adversarial perturbation of the inputs (Miyato, Dai &amp; Goodfellow 2017) from the last {@link #backward}
     * on this workspace: for each review b, the direction in which its loss rises fastest, scaled to length ε,
     * <pre>
     *   g_b = ∂E/∂x_{1..T_b, b}        r_b = ε g_b / ‖g_b‖₂        (‖·‖ over all of b's steps and units)
     * </pre>
     * Adversarial training adds {@code E(x + r)} to the loss: {@link #forward(Workspace, int[], Packing, boolean,
     * INDArray) forward} with r, then {@link #backward} again, which adds its gradient to the clean one. r is a
     * constant of that second pass (no gradient flows through it). Padding rows and reviews whose gradient is
     * zero get no perturbation.
     *
     * @return [T*B, E] time-major, a view into the workspace valid until the next call
     */
    public INDArray adversarialPerturbation(final Workspace ws, final double epsilon) {
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("the perturbation's length must be a positive number, got " + epsilon);
        }
        if (!ws.hasInputGradient) {
            throw new IllegalStateException("no backward pass to take the input gradient from");
        }
        final Packing packing = ws.packing;
        final int batch = packing.batchSize();
        final int e = config.embeddingSize();
        final long tb = (long) packing.steps() * batch;
        final INDArray g = ws.inputGradient;                             // ∂E/∂x      [T*B, E]
        ws.perturbation = Ops.ensure(ws.perturbation, tb, e, dataType());
        final INDArray r = Ops.rows(ws.perturbation, 0, tb);             // r          [T*B, E]
        final Mem gm = Mem.of(g);
        final Mem rm = Mem.of(r);
        final double[] squares = new double[batch];                      // ‖g_b‖²
        final double[] row = new double[e];
        for (int t = 0; t < packing.steps(); t++) {
            for (int b = 0; b < packing.activeRows()[t]; b++) {
                gm.read((t * batch + b) * e, row, 0, e);
                for (int i = 0; i < e; i++) {
                    squares[b] += row[i] * row[i];
                }
            }
        }
        rm.zero(0, Math.toIntExact(tb * e));
        for (int t = 0; t < packing.steps(); t++) {
            for (int b = 0; b < packing.activeRows()[t]; b++) {
                if (squares[b] == 0 || !Double.isFinite(squares[b])) {
                    continue;
                }
                final double scale = epsilon / Math.sqrt(squares[b]);
                gm.read((t * batch + b) * e, row, 0, e);
                for (int i = 0; i < e; i++) {
                    row[i] *= scale;
                }
                rm.write((t * batch + b) * e, row, 0, e);
            }
        }
        return r;
    }

    /**
     * Embedding gradient from ∂E/∂x through the dropout mask; ∂E/∂x itself (after the dropout) stays as it is for
     * the adversarial perturbation, at no extra pass: the mask is applied into a buffer of its own.
     */
    private void finishBackward(final Workspace ws, final INDArray dX, final Packing packing, final long tb) {
        ws.inputGradient = dX;
        ws.hasInputGradient = true;
        if (ws.training && config.dropout() > 0) {
            final INDArray masked = Ops.rows(ws.dXMasked, 0, tb);
            dX.mul(Ops.rows(ws.xMask, 0, tb), masked);
            embedding.backward(ws.tokenIds, masked, packing);
        } else {
            embedding.backward(ws.tokenIds, dX, packing);
        }
    }

    /** Mean of {@code -log p[b, label_b]}. */
    public static double crossEntropy(final INDArray probabilities, final int[] labels) {
        double sum = 0;
        for (int b = 0; b < labels.length; b++) {
            sum -= Math.log(Math.max(probabilities.getDouble(b, labels[b]), 1e-300));
        }
        return sum / labels.length;
    }

    private void dropoutMask(final INDArray mask) {
        final double keep = 1.0 - config.dropout();
        Nd4j.exec(new BernoulliDistribution(mask, keep));
        mask.divi(keep);
    }

    private static void softmaxRows(final INDArray logits) {
        final INDArray max = logits.max(1);
        logits.subiColumnVector(max);
        org.nd4j.linalg.ops.transforms.Transforms.exp(logits, false);
        logits.diviColumnVector(logits.sum(1));
    }

    /** One thread's buffers: activations kept for backward, gradients of activations, dropout masks. */
    public static final class Workspace {
        private final SentimentNetwork network;
        private final RecurrentCell.Trace trace;
        private final RecurrentCell.Trace backwardTrace;  // bidirectional only
        private INDArray x;              // [T*B, E]
        private INDArray xReversed;      // [T*B, E] bidirectional: each sequence's rows in reverse order
        private INDArray half;           // [B, H] bidirectional: one direction's pooled features
        private int[] backwardArgmax = new int[0];
        private int[] reversed;
        private INDArray xMask;          // [T*B, E]
        private INDArray inputGradient;  // [T*B, E] ∂E/∂x of the last backward (after the dropout), a cell's view
        private boolean hasInputGradient;  // inputGradient is of the last forward pass
        private INDArray dXMasked;       // [T*B, E] ∂E/∂x through the dropout mask
        private INDArray perturbation;   // [T*B, E] adversarial r
        private INDArray dH;             // [T*B, H]
        private INDArray features;       // [B, F] F = H, or 2H bidirectional
        private INDArray fMask;          // [B, F]
        private INDArray dFeatures;      // [B, F]
        private INDArray probabilities;  // [B, K]
        private INDArray dLogits;        // [B, K]
        private int[] argmax = new int[0];
        private int[] tokenIds;
        private Packing packing;
        private boolean training;

        private Workspace(final SentimentNetwork network) {
            this.network = network;
            this.trace = network.cell.newTrace();
            this.backwardTrace = network.backwardCell == null ? null : network.backwardCell.newTrace();
        }

        private void ensure(final Packing packing) {
            final DataType type = network.dataType();
            final NetworkConfig c = network.config;
            final int batch = packing.batchSize();
            final long tb = (long) packing.steps() * batch;
            x = Ops.ensure(x, tb, c.embeddingSize(), type);
            dH = Ops.ensure(dH, tb, c.hiddenSize(), type);
            features = Ops.ensure(features, batch, c.featureSize(), type);
            dFeatures = Ops.ensure(dFeatures, batch, c.featureSize(), type);
            probabilities = Ops.ensure(probabilities, batch, c.classes(), type);
            dLogits = Ops.ensure(dLogits, batch, c.classes(), type);
            if (c.dropout() > 0) {
                xMask = Ops.ensure(xMask, tb, c.embeddingSize(), type);
                if (!network.frozen) {
                    dXMasked = Ops.ensure(dXMasked, tb, c.embeddingSize(), type);
                }
                fMask = Ops.ensure(fMask, batch, c.featureSize(), type);
            }
            if (argmax.length < batch * c.hiddenSize()) {
                argmax = new int[batch * c.hiddenSize()];
            }
            if (c.bidirectional()) {
                xReversed = Ops.ensure(xReversed, tb, c.embeddingSize(), type);
                half = Ops.ensure(half, batch, c.pooling().width() * c.hiddenSize(), type);
                if (backwardArgmax.length < batch * c.hiddenSize()) {
                    backwardArgmax = new int[batch * c.hiddenSize()];
                }
            }
        }
    }
}
