package io.sentimentstreams.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The next-token language model used to pretrain a classifier's embedding and recurrent cell on unlabeled text:
 * <pre>
 *   x_t = wE[w_t]          h_t = cell(x_t, h_{t-1})          E = sampled softmax of w_{t+1} given h_t
 * </pre>
 * (see {@link SampledSoftmax}). A batch is packed like the classifier's: {@code inputIds [T*B]} time-major
 * holds w_1 .. w_T of each sequence and {@code targetIds [T*B]} holds w_2 .. w_{T+1} at the same positions; the
 * loss is the mean over the real positions. Embedding and cell are built exactly as {@link SentimentNetwork}
 * builds its own, so a classifier can take them over unchanged ({@link #encoderValues()}).
 */
public final class LanguageModel {

    private final CellType type;
    private final Embedding embedding;
    private final RecurrentCell cell;
    private final SampledSoftmax output;
    private final List<Param> params;

    private LanguageModel(final CellType type, final Embedding embedding, final RecurrentCell cell,
                          final SampledSoftmax output) {
        this.type = type;
        this.embedding = embedding;
        this.cell = cell;
        this.output = output;
        final List<Param> all = new ArrayList<>(embedding.params());
        all.addAll(cell.params());
        all.addAll(output.params());
        this.params = List.copyOf(all);
    }

    /**
     * A fresh model: embedding and cell initialised as {@link SentimentNetwork#create} does, {@code wO} Xavier
     * uniform, {@code bO} zero.
     */
    public static LanguageModel create(final CellType type, final int vocabularySize, final int embeddingSize,
                                       final int hiddenSize, final Init.Recurrent recurrentInit,
                                       final double identityScale, final long seed, final DataType dataType) {
        final SentimentNetwork classifier = SentimentNetwork.create(new NetworkConfig(type, vocabularySize,
                embeddingSize, hiddenSize, 2, Pooling.MAX, 0.0), recurrentInit, identityScale, seed, dataType);
        final List<INDArray> values = new ArrayList<>();
        final List<Param> classifierParams = classifier.params();
        for (int i = 0; i < classifierParams.size() - 2; i++) {            // wE and the cell's; not wYh, bY
            values.add(classifierParams.get(i).value());
        }
        values.add(Init.xavier(new SplittableRandom(seed ^ 0x6c6d6f7574L), dataType, 1, vocabularySize,
                hiddenSize));
        values.add(Nd4j.zeros(dataType, vocabularySize));
        return fromValues(type, values);
    }

    /** Rebuilds a model around existing weights in the order of {@link #params()} (used as they are). */
    public static LanguageModel fromValues(final CellType type, final List<INDArray> values) {
        final int expected = 1 + (type == CellType.GRU ? 4 : 3) + 2;
        if (values.size() != expected) {
            throw new IllegalArgumentException("expected " + expected + " parameter arrays for a " + type.id()
                    + " language model, got " + values.size());
        }
        final Embedding embedding = new Embedding(Param.of("wE", values.get(0)));
        final RecurrentCell cell = switch (type) {
            case ELMAN -> new ElmanCell(Param.of("wHx", values.get(1)), Param.of("wHh", values.get(2)),
                    Param.of("bH", values.get(3)));
            case LSTM -> new LstmCell(Param.of("wHx", values.get(1)), Param.of("wHh", values.get(2)),
                    Param.of("b", values.get(3)));
            case GRU -> new GruCell(Param.of("wHx", values.get(1)), Param.of("wHh", values.get(2)),
                    Param.of("bX", values.get(3)), Param.of("bH", values.get(4)));
        };
        final SampledSoftmax output = new SampledSoftmax(Param.of("wO", values.get(expected - 2)),
                Param.of("bO", values.get(expected - 1)));
        if (cell.inputSize() != embedding.embeddingSize() || output.hiddenSize() != cell.hiddenSize()
                || output.vocabularySize() != embedding.vocabularySize()) {
            throw new IllegalArgumentException("language model weights do not fit together: V=" +
                    embedding.vocabularySize() + " E=" + embedding.embeddingSize() + " H=" + cell.hiddenSize()
                    + ", wO " + output.vocabularySize() + "x" + output.hiddenSize());
        }
        return new LanguageModel(type, embedding, cell, output);
    }

    public CellType cellType() {
        return type;
    }

    public int vocabularySize() {
        return embedding.vocabularySize();
    }

    public int embeddingSize() {
        return embedding.embeddingSize();
    }

    public int hiddenSize() {
        return cell.hiddenSize();
    }

    /** Every trainable parameter in a stable order: wE, the cell's, wO, bO. */
    public List<Param> params() {
        return params;
    }

    /** The values of wE and the cell's parameters, in the order {@link SentimentNetwork#fromValues} takes them. */
    public List<INDArray> encoderValues() {
        return params.subList(0, params.size() - 2).stream().map(Param::value).toList();
    }

    /** Sets the output bias, e.g. to the log unigram frequencies, so training starts from the unigram model. */
    public void setOutputBias(final double[] bias) {
        final INDArray bO = params.get(params.size() - 1).value();
        Shapes.check(bO, "bO", bias.length);
        bO.assign(Nd4j.createFromArray(bias).castTo(bO.dataType()));
    }

    public Workspace newWorkspace() {
        return new Workspace(this);
    }

    /**
     * Forward pass and loss.
     *
     * @param inputIds         [T*B] time-major input tokens
     * @param targetIds        [T*B] time-major next tokens (read at real positions only)
     * @param candidates       [S] sampled candidate classes
     * @param logExpectedCount [V] log(S q(c))
     * @return the mean sampled-softmax loss over the real positions
     */
    public double forward(final Workspace ws, final int[] inputIds, final int[] targetIds, final Packing packing,
                          final int[] candidates, final double[] logExpectedCount) {
        final int batch = packing.batchSize();
        final long tb = (long) packing.steps() * batch;
        if (inputIds.length != tb || targetIds.length != tb) {
            throw new IllegalArgumentException("expected " + tb + " input and target ids for T=" + packing.steps()
                    + " B=" + batch + ", got " + inputIds.length + " and " + targetIds.length);
        }
        ws.ensure(packing);
        ws.inputIds = inputIds;
        ws.packing = packing;
        final INDArray x = Ops.rows(ws.x, 0, tb);                          // [T*B, E]
        embedding.forward(inputIds, x);
        final INDArray hs = cell.forward(ws.trace, x, packing);            // [(T+1)*B, H]
        final int real = (int) packing.realSteps();
        ws.stateRows = new int[real];                                      // row of h_t in hs, per real position
        ws.stepRows = new int[real];                                       // row t*B+b, per real position
        final int[] targets = new int[real];
        int n = 0;
        for (int t = 0; t < packing.steps(); t++) {
            for (int b = 0; b < packing.activeRows()[t]; b++) {
                ws.stateRows[n] = (t + 1) * batch + b;
                ws.stepRows[n] = t * batch + b;
                targets[n] = targetIds[t * batch + b];
                n++;
            }
        }
        final INDArray h = Ops.rows(ws.h, 0, real);                        // [N, H] real positions only
        RowOps.gather(hs, ws.stateRows, h);
        ws.targets = targets;
        return output.forward(ws.output, h, targets, candidates, logExpectedCount);
    }

    /** Backpropagation through the softmax, the cell (full BPTT) and the embedding; gradients accumulate. */
    public void backward(final Workspace ws) {
        final Packing packing = ws.packing;
        final long tb = (long) packing.steps() * packing.batchSize();
        final int real = ws.stateRows.length;
        final INDArray dHReal = Ops.rows(ws.dHReal, 0, real);              // [N, H]
        output.backward(ws.output, dHReal);
        final INDArray dH = Ops.rows(ws.dH, 0, tb);                        // [T*B, H]
        dH.assign(0);
        RowOps.scatterAdd(dHReal, identity(real), dH, ws.stepRows);
        final INDArray x = Ops.rows(ws.x, 0, tb);
        final INDArray dX = cell.backward(ws.trace, x, dH, packing, 0, null);
        embedding.backward(ws.inputIds, dX, packing);
    }

    /** Mean full-softmax loss (log perplexity) of a batch, without gradients. */
    public double fullLoss(final Workspace ws, final int[] inputIds, final int[] targetIds, final Packing packing) {
        final int batch = packing.batchSize();
        final long tb = (long) packing.steps() * batch;
        ws.ensure(packing);
        final INDArray x = Ops.rows(ws.x, 0, tb);
        embedding.forward(inputIds, x);
        final INDArray hs = cell.forward(ws.trace, x, packing);
        final int real = (int) packing.realSteps();
        final int[] rows = new int[real];
        final int[] targets = new int[real];
        int n = 0;
        for (int t = 0; t < packing.steps(); t++) {
            for (int b = 0; b < packing.activeRows()[t]; b++) {
                rows[n] = (t + 1) * batch + b;
                targets[n] = targetIds[t * batch + b];
                n++;
            }
        }
        final INDArray h = Ops.rows(ws.h, 0, real);
        RowOps.gather(hs, rows, h);
        return output.fullLoss(h, targets);
    }

    private static int[] identity(final int n) {
        final int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }

    /** One thread's buffers. */
    public static final class Workspace {
        private final LanguageModel model;
        private final RecurrentCell.Trace trace;
        private final SampledSoftmax.Workspace output;
        private INDArray x;        // [T*B, E]
        private INDArray dH;       // [T*B, H]
        private INDArray h;        // [N, H]
        private INDArray dHReal;   // [N, H]
        private int[] inputIds;
        private int[] targets;
        private int[] stateRows;
        private int[] stepRows;
        private Packing packing;

        private Workspace(final LanguageModel model) {
            this.model = model;
            this.trace = model.cell.newTrace();
            this.output = model.output.newWorkspace();
        }

        private void ensure(final Packing packing) {
            final DataType type = model.cell.dataType();
            final long tb = (long) packing.steps() * packing.batchSize();
            x = Ops.ensure(x, tb, model.embeddingSize(), type);
            dH = Ops.ensure(dH, tb, model.hiddenSize(), type);
            h = Ops.ensure(h, tb, model.hiddenSize(), type);
            dHReal = Ops.ensure(dHReal, tb, model.hiddenSize(), type);
        }
    }
}
