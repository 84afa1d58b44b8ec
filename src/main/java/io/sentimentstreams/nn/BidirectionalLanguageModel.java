package io.sentimentstreams.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Two language models that share one embedding, for pretraining a bidirectional classifier: the forward one
 * predicts each next token, the backward one, whose cell reads the text from its end, each previous token.
 * {@code E = E_forward + E_backward}. Parameters, in the order of {@link #params()}: wE, the forward cell's, the
 * backward cell's, wO and bO of the forward model, wO and bO of the backward model. The gradient of the shared
 * embedding is the sum of both models' (folded into the forward model's wE by {@link #backward}).
 */
public final class BidirectionalLanguageModel {

    private final LanguageModel forward;
    private final LanguageModel backward;
    private final List<Param> params;

    private BidirectionalLanguageModel(final LanguageModel forward, final LanguageModel backward) {
        this.forward = forward;
        this.backward = backward;
        final List<Param> f = forward.params();
        final List<Param> b = backward.params();
        final List<Param> all = new ArrayList<>(f.subList(0, f.size() - 2));   // wE, forward cell
        all.addAll(b.subList(1, b.size() - 2));                                  // backward cell
        all.addAll(f.subList(f.size() - 2, f.size()));
        all.addAll(b.subList(b.size() - 2, b.size()));
        this.params = List.copyOf(all);
    }

    /** Embedding and both cells initialised as a bidirectional {@link SentimentNetwork#create}; wO Xavier, bO zero. */
    public static BidirectionalLanguageModel create(final CellType type, final int vocabularySize,
                                                    final int embeddingSize, final int hiddenSize,
                                                    final Init.Recurrent recurrentInit, final double identityScale,
                                                    final long seed, final DataType dataType) {
        final SentimentNetwork classifier = SentimentNetwork.create(new NetworkConfig(type, vocabularySize,
                embeddingSize, hiddenSize, 2, Pooling.MAX, 0.0, true), recurrentInit, identityScale, seed, dataType);
        final List<INDArray> values = new ArrayList<>();
        final List<Param> classifierParams = classifier.params();
        for (int i = 0; i < classifierParams.size() - 2; i++) {
            values.add(classifierParams.get(i).value());
        }
        final SplittableRandom random = new SplittableRandom(seed ^ 0x6c6d6f7574L);
        for (int direction = 0; direction < 2; direction++) {
            values.add(Init.xavier(random, dataType, 1, vocabularySize, hiddenSize));
            values.add(Nd4j.zeros(dataType, vocabularySize));
        }
        return fromValues(type, values);
    }

    /** Rebuilds around existing weights in the order of {@link #params()} (used as they are). */
    public static BidirectionalLanguageModel fromValues(final CellType type, final List<INDArray> values) {
        final int cellParams = type == CellType.GRU ? 4 : 3;
        final int expected = 1 + 2 * cellParams + 4;
        if (values.size() != expected) {
            throw new IllegalArgumentException("expected " + expected + " parameter arrays for a bidirectional "
                    + type.id() + " language model, got " + values.size());
        }
        final List<INDArray> f = new ArrayList<>(values.subList(0, 1 + cellParams));
        f.addAll(values.subList(1 + 2 * cellParams, 3 + 2 * cellParams));
        final List<INDArray> b = new ArrayList<>(values.subList(0, 1));
        b.addAll(values.subList(1 + cellParams, 1 + 2 * cellParams));
        b.addAll(values.subList(3 + 2 * cellParams, 5 + 2 * cellParams));
        return new BidirectionalLanguageModel(LanguageModel.fromValues(type, f), LanguageModel.fromValues(type, b));
    }

    public LanguageModel forwardModel() {
        return forward;
    }

    public LanguageModel backwardModel() {
        return backward;
    }

    public List<Param> params() {
        return params;
    }

    /** wE, the forward cell's and the backward cell's values: what a bidirectional classifier takes over. */
    public List<INDArray> encoderValues() {
        final List<INDArray> values = new ArrayList<>(forward.encoderValues());
        values.addAll(backward.encoderValues().subList(1, backward.encoderValues().size()));
        return values;
    }

    /** Sets both output biases. */
    public void setOutputBias(final double[] bias) {
        forward.setOutputBias(bias);
        backward.setOutputBias(bias);
    }

    public Workspace newWorkspace() {
        return new Workspace(forward.newWorkspace(), backward.newWorkspace());
    }

    /**
     * @param inputIds          [T*B] the pieces, time-major
     * @param targetIds         [T*B] their next tokens
     * @param reversedInputIds  [T*B] the same pieces reversed (same lengths, same packing)
     * @param reversedTargetIds [T*B] their next tokens, i.e. the previous tokens of the original
     * @return {@code E_forward + E_backward}
     */
    public double forward(final Workspace ws, final int[] inputIds, final int[] targetIds,
                          final int[] reversedInputIds, final int[] reversedTargetIds, final Packing packing,
                          final int[] candidates, final double[] logExpectedCount) {
        return forward.forward(ws.forward, inputIds, targetIds, packing, candidates, logExpectedCount)
                + backward.forward(ws.backward, reversedInputIds, reversedTargetIds, packing, candidates,
                logExpectedCount);
    }

    /** Both models' gradients; the backward model's embedding gradient is added to the shared one and cleared. */
    public void backward(final Workspace ws) {
        forward.backward(ws.forward);
        backward.backward(ws.backward);
        final Param shared = forward.params().get(0);
        final Param other = backward.params().get(0);
        shared.grad().addi(other.grad());
        other.zeroGrad();
    }

    /** One thread's buffers. */
    public static final class Workspace {
        private final LanguageModel.Workspace forward;
        private final LanguageModel.Workspace backward;

        private Workspace(final LanguageModel.Workspace forward, final LanguageModel.Workspace backward) {
            this.forward = forward;
            this.backward = backward;
        }
    }
}
