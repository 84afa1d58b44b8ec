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
 * Weights live here and may be shared by threads for scoring; each thread brings its own {@link Workspace}.
 */
public final class SentimentNetwork {

    private final NetworkConfig config;
    private final Embedding embedding;
    private final RecurrentCell cell;
    private final Param wYh;  // [K, H]
    private final Param bY;   // [K]

    private SentimentNetwork(final NetworkConfig config, final Embedding embedding, final RecurrentCell cell,
                             final Param wYh, final Param bY) {
        this.config = config;
        this.embedding = embedding;
        this.cell = cell;
        this.wYh = wYh;
        this.bY = bY;
    }

    /** A freshly initialised network (see {@link Init}). */
    public static SentimentNetwork create(final NetworkConfig config, final Init.Recurrent recurrentInit,
                                         final double identityScale, final long seed, final DataType type) {
        final SplittableRandom random = new SplittableRandom(seed);
        final int e = config.embeddingSize();
        final int h = config.hiddenSize();
        final int gates = config.cell().gates();
        final List<INDArray> values = new ArrayList<>();
        final INDArray wE = Init.normal(random, type, 0.1, config.vocabularySize(), e);  // [V, E]
        wE.getRow(0).assign(0);                                                          // padding
        values.add(wE);
        values.add(Init.xavier(random, type, gates, h, e));
        values.add(Init.recurrent(random, type, gates, h, recurrentInit, identityScale));
        values.add(Nd4j.zeros(type, (long) gates * h));
        if (config.cell() == CellType.GRU) {
            values.add(Nd4j.zeros(type, 3L * h));
        } else if (config.cell() == CellType.LSTM) {
            values.get(3).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(h, 2L * h)).assign(1.0);  // forget bias
        }
        values.add(Init.xavier(random, type, 1, config.classes(), h));
        values.add(Nd4j.zeros(type, config.classes()));
        return fromValues(config, values);
    }

    /**
     * Rebuilds a network around existing weights, in the order of {@link #params()}: wE, the cell's parameters,
     * wYh, bY. The arrays are used as they are (not copied).
     */
    public static SentimentNetwork fromValues(final NetworkConfig config, final List<INDArray> values) {
        final int expected = 3 + (config.cell() == CellType.GRU ? 4 : 3);
        if (values.size() != expected) {
            throw new IllegalArgumentException("expected " + expected + " parameter arrays for a "
                    + config.cell().id() + " network, got " + values.size());
        }
        final Embedding embedding = new Embedding(Param.of("wE", values.get(0)));
        Shapes.check(values.get(0), "wE", config.vocabularySize(), config.embeddingSize());
        final RecurrentCell cell = switch (config.cell()) {
            case ELMAN -> new ElmanCell(Param.of("wHx", values.get(1)), Param.of("wHh", values.get(2)),
                    Param.of("bH", values.get(3)));
            case LSTM -> new LstmCell(Param.of("wHx", values.get(1)), Param.of("wHh", values.get(2)),
                    Param.of("b", values.get(3)));
            case GRU -> new GruCell(Param.of("wHx", values.get(1)), Param.of("wHh", values.get(2)),
                    Param.of("bX", values.get(3)), Param.of("bH", values.get(4)));
        };
        if (cell.hiddenSize() != config.hiddenSize() || cell.inputSize() != config.embeddingSize()) {
            throw new IllegalArgumentException("cell weights do not match E=" + config.embeddingSize()
                    + " H=" + config.hiddenSize());
        }
        final Param wYh = Param.of("wYh", values.get(expected - 2));
        final Param bY = Param.of("bY", values.get(expected - 1));
        Shapes.check(wYh.value(), "wYh", config.classes(), config.hiddenSize());
        Shapes.check(bY.value(), "bY", config.classes());
        return new SentimentNetwork(config, embedding, cell, wYh, bY);
    }

    public NetworkConfig config() {
        return config;
    }

    public DataType dataType() {
        return wYh.value().dataType();
    }

    /** Every trainable parameter in a stable order: wE, the cell's, wYh, bY. */
    public List<Param> params() {
        final List<Param> all = new ArrayList<>(embedding.params());
        all.addAll(cell.params());
        all.add(wYh);
        all.add(bY);
        return List.copyOf(all);
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
        final INDArray x = Ops.rows(ws.x, 0, tb);                        // [T*B, E]
        embedding.forward(tokenIds, x);
        if (training && config.dropout() > 0) {
            dropoutMask(Ops.rows(ws.xMask, 0, tb));
            x.muli(Ops.rows(ws.xMask, 0, tb));
        }
        final INDArray hs = cell.forward(ws.trace, x, packing);          // [(T+1)*B, H]
        final INDArray f = Ops.rows(ws.features, 0, batch);              // [B, H]
        config.pooling().forward(hs, packing, f, ws.argmax);
        if (training && config.dropout() > 0) {
            dropoutMask(Ops.rows(ws.fMask, 0, batch));
            f.muli(Ops.rows(ws.fMask, 0, batch));
        }
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
        final Packing packing = ws.packing;
        final int batch = packing.batchSize();
        final long tb = (long) packing.steps() * batch;
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
        final INDArray dF = Ops.rows(ws.dFeatures, 0, batch);            // [B, H]
        Ops.gemm(dLogits, false, wYh.value(), false, dF, 0.0);
        if (ws.training && config.dropout() > 0) {
            dF.muli(Ops.rows(ws.fMask, 0, batch));
        }
        final INDArray dH = Ops.rows(ws.dH, 0, tb);                      // [T*B, H]
        config.pooling().backward(dF, packing, dH, ws.argmax);
        final INDArray x = Ops.rows(ws.x, 0, tb);
        final INDArray dX = cell.backward(ws.trace, x, dH, packing, truncateSteps, dhNorms);
        if (ws.training && config.dropout() > 0) {
            dX.muli(Ops.rows(ws.xMask, 0, tb));
        }
        embedding.backward(ws.tokenIds, dX, packing);
        return loss;
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
        private INDArray x;              // [T*B, E]
        private INDArray xMask;          // [T*B, E]
        private INDArray dH;             // [T*B, H]
        private INDArray features;       // [B, H]
        private INDArray fMask;          // [B, H]
        private INDArray dFeatures;      // [B, H]
        private INDArray probabilities;  // [B, K]
        private INDArray dLogits;        // [B, K]
        private int[] argmax = new int[0];
        private int[] tokenIds;
        private Packing packing;
        private boolean training;

        private Workspace(final SentimentNetwork network) {
            this.network = network;
            this.trace = network.cell.newTrace();
        }

        private void ensure(final Packing packing) {
            final DataType type = network.dataType();
            final NetworkConfig c = network.config;
            final int batch = packing.batchSize();
            final long tb = (long) packing.steps() * batch;
            x = Ops.ensure(x, tb, c.embeddingSize(), type);
            dH = Ops.ensure(dH, tb, c.hiddenSize(), type);
            features = Ops.ensure(features, batch, c.hiddenSize(), type);
            dFeatures = Ops.ensure(dFeatures, batch, c.hiddenSize(), type);
            probabilities = Ops.ensure(probabilities, batch, c.classes(), type);
            dLogits = Ops.ensure(dLogits, batch, c.classes(), type);
            if (c.dropout() > 0) {
                xMask = Ops.ensure(xMask, tb, c.embeddingSize(), type);
                fMask = Ops.ensure(fMask, batch, c.hiddenSize(), type);
            }
            if (argmax.length < batch * c.hiddenSize()) {
                argmax = new int[batch * c.hiddenSize()];
            }
        }
    }
}
