package io.sentimentstreams.model;

import io.sentimentstreams.nn.BidirectionalLanguageModel;
import io.sentimentstreams.nn.Init;
import io.sentimentstreams.nn.LanguageModel;
import io.sentimentstreams.nn.Packing;
import io.sentimentstreams.nn.Param;
import io.sentimentstreams.nn.SentimentNetwork;
import io.sentimentstreams.text.Batch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The next-token language-model objective of a classifier's embedding and cell(s), forward-only or, for a
 * bidirectional classifier, forward and backward ({@link BidirectionalLanguageModel}), with one thread's buffers.
 * {@link Pretrainer} learns it offline before the classifier exists; {@link OnlineLanguageModel} learns it online on
 * unlabeled reviews, on the very arrays of a classifier ({@link #sharing}).
 */
final class LanguageModelObjective {

    private final LanguageModel forward;
    private final BidirectionalLanguageModel both;   // null when forward-only
    private final LanguageModel.Workspace forwardWorkspace;
    private final BidirectionalLanguageModel.Workspace bothWorkspace;

    private LanguageModelObjective(final LanguageModel forward, final BidirectionalLanguageModel both) {
        this.forward = forward;
        this.both = both;
        this.forwardWorkspace = both == null ? forward.newWorkspace() : null;
        this.bothWorkspace = both == null ? null : both.newWorkspace();
    }

    static LanguageModelObjective create(final PretrainingConfig config, final int vocabularySize) {
        if (config.bidirectional()) {
            final BidirectionalLanguageModel model = BidirectionalLanguageModel.create(config.cell(),
                    vocabularySize, config.embeddingSize(), config.hiddenSize(), Init.Recurrent.ORTHOGONAL, 1.0,
                    config.seed(), DataType.FLOAT);
            return new LanguageModelObjective(model.forwardModel(), model);
        }
        return new LanguageModelObjective(LanguageModel.create(config.cell(), vocabularySize, config.embeddingSize(),
                config.hiddenSize(), Init.Recurrent.ORTHOGONAL, 1.0, config.seed(), DataType.FLOAT), null);
    }

    /** Another model on the same weights, with its own gradients and buffers. */
    LanguageModelObjective replica() {
        final List<INDArray> values = params().stream().map(Param::value).toList();
        if (both != null) {
            final BidirectionalLanguageModel model = BidirectionalLanguageModel.fromValues(forward.cellType(),
                    values);
            return new LanguageModelObjective(model.forwardModel(), model);
        }
        return new LanguageModelObjective(LanguageModel.fromValues(forward.cellType(), values), null);
    }

    List<Param> params() {
        return both == null ? forward.params() : both.params();
    }

    LanguageModel forwardModel() {
        return forward;
    }

    LanguageModel backwardModel() {
        return both.backwardModel();
    }

    List<INDArray> encoderValues() {
        return both == null ? forward.encoderValues() : both.encoderValues();
    }

    void setOutputBias(final double[] bias) {
        if (both == null) {
            forward.setOutputBias(bias);
        } else {
            both.setOutputBias(bias);
        }
    }

    /** Forward and backward of a batch of pieces; returns the loss (both directions' summed). */
    double lossAndGradients(final Batch batch, final int[] candidates, final double[] logExpectedCount) {
        final LmBatch lm = LmBatch.of(batch);
        if (both == null) {
            final double loss = forward.forward(forwardWorkspace, lm.inputs(), lm.targets(), lm.packing(),
                    candidates, logExpectedCount);
            forward.backward(forwardWorkspace);
            return loss;
        }
        final LmBatch back = LmBatch.of(reversed(batch));
        final double loss = both.forward(bothWorkspace, lm.inputs(), lm.targets(), back.inputs(), back.targets(),
                lm.packing(), candidates, logExpectedCount);
        both.backward(bothWorkspace);
        return loss;
    }

    /** The batch with every sequence reversed in place (lengths and rows unchanged). */
    private static Batch reversed(final Batch batch) {
        final int b = batch.batchSize();
        final int[] ids = new int[batch.tokenIds().length];
        for (int row = 0; row < b; row++) {
            final int length = batch.lengths()[row];
            for (int t = 0; t < length; t++) {
                ids[t * b + row] = batch.tokenIds()[(length - 1 - t) * b + row];
            }
        }
        return new Batch(b, batch.steps(), ids, batch.lengths(), batch.labels(), batch.rows());
    }

    /**
     * The objective on the embedding and cell arrays of {@code classifier} themselves (a step on it changes the
     * classifier), with output layers of its own: wO Xavier uniform, bO zero.
     */
    static LanguageModelObjective sharing(final SentimentNetwork classifier, final long seed) {
        final List<Param> params = classifier.params();
        final List<INDArray> values = new ArrayList<>();
        for (int i = 0; i < params.size() - 2; i++) {                    // wE and the cell(s); not wYh, bY
            values.add(params.get(i).value());
        }
        final int vocabulary = classifier.config().vocabularySize();
        final int hidden = classifier.config().hiddenSize();
        final DataType type = params.get(0).value().dataType();
        final SplittableRandom random = new SplittableRandom(seed ^ 0x6c6d6f7574L);
        final int directions = classifier.config().bidirectional() ? 2 : 1;
        for (int direction = 0; direction < directions; direction++) {
            values.add(Init.xavier(random, type, 1, vocabulary, hidden));
            values.add(Nd4j.zeros(type, vocabulary));
        }
        if (directions == 2) {
            final BidirectionalLanguageModel both = BidirectionalLanguageModel.fromValues(classifier.config().cell(),
                    values);
            return new LanguageModelObjective(both.forwardModel(), both);
        }
        return new LanguageModelObjective(LanguageModel.fromValues(classifier.config().cell(), values), null);
    }

    /** A batch of pieces as language-model input: steps 0 .. T-2 in, steps 1 .. T-1 to predict. */
    record LmBatch(int[] inputs, int[] targets, Packing packing) {

        static LmBatch of(final Batch batch) {
            final int b = batch.batchSize();
            final int t = batch.steps() - 1;
            final int[] lengths = new int[b];
            for (int i = 0; i < b; i++) {
                lengths[i] = batch.lengths()[i] - 1;
            }
            return new LmBatch(Arrays.copyOfRange(batch.tokenIds(), 0, t * b),
                    Arrays.copyOfRange(batch.tokenIds(), b, (t + 1) * b), Packing.of(lengths));
        }
    }

    /** The ids in reverse order. */
    static int[] reverse(final int[] ids) {
        final int[] reversed = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            reversed[i] = ids[ids.length - 1 - i];
        }
        return reversed;
    }
}
