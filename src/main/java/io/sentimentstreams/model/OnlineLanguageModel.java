package io.sentimentstreams.model;

import io.sentimentstreams.nn.Adam;
import io.sentimentstreams.nn.NonFinite;
import io.sentimentstreams.text.Batch;
import io.sentimentstreams.nn.Param;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The language-model objective learned online on unlabeled reviews, beside the classifier it shares its embedding
 * and recurrent cell(s) with: each {@link #step} predicts every next token of the reviews (and, for a bidirectional
 * classifier, every previous one) with a sampled softmax, backpropagates through time and moves the shared weights
 * and its own output layer with an Adam of its own, at {@code weight × learningRate}. A weight of 0.1 makes an
 * unlabeled review move the shared weights a tenth as far as a labeled one. The vocabulary of a stream's model is
 * hash buckets whose frequencies are unknown in advance, so the softmax's candidates are drawn uniformly.
 * Not thread-safe; the classifier's trainer and this one take turns on the same arrays.
 */
public final class OnlineLanguageModel {

    /**
     * One step on unlabeled texts.
     *
     * @param loss     the mean sampled-softmax loss per predicted token before the step (NaN: nothing to predict)
     * @param rejected empty if the step was taken (or there was nothing to predict), else what was not finite
     */
    public record Step(double loss, Optional<NonFinite> rejected) {
    }

    /** Longest piece of a review predicted in one go, in tokens: longer reviews are cut into several. */
    static final int CHUNK_TOKENS = 200;
    /** Candidates of the sampled softmax per step. */
    static final int CANDIDATES = 256;

    private final SentimentModel model;
    private final LanguageModelObjective objective;
    private final Adam optimizer;
    private final long seed;
    private final double[] logExpectedCount;
    private final double[] cumulative;

    /**
     * @param model        the classifier whose embedding and cell(s) learn the objective too
     * @param weight       how far an unlabeled step moves the weights relative to a labeled one, > 0
     * @param learningRate the classifier's Adam step size
     * @param clipNorm     global gradient-norm clipping threshold, 0 for none
     * @param seed         seeds the output layer and the candidates
     */
    public OnlineLanguageModel(final SentimentModel model, final double weight, final double learningRate,
                               final double clipNorm, final long seed) {
        if (!(weight > 0) || !Double.isFinite(weight)) {
            throw new IllegalArgumentException("the unlabeled weight must be a finite number > 0, got " + weight);
        }
        this.model = model;
        this.objective = LanguageModelObjective.sharing(model.network(), seed);
        this.optimizer = new Adam(weight * learningRate, clipNorm);
        this.seed = seed;
        final int vocabulary = model.network().config().vocabularySize();
        final double[] uniform = new double[vocabulary];
        Arrays.fill(uniform, 1, vocabulary, 1.0 / (vocabulary - 1));
        this.logExpectedCount = new double[vocabulary];
        this.cumulative = Pretrainer.proposal(uniform, logExpectedCount, CANDIDATES);
    }

    /**
     * One step on the texts: forward, BPTT, clipping and the Adam update of the shared weights and the output layer,
     * refused like {@link Adam#stepIfFinite} when anything is not finite.
     *
     * @return the loss before the step, and whether it was refused
     */
    public Step step(final List<String> texts) {
        final List<int[]> sequences = new ArrayList<>(texts.size());
        for (final String text : texts) {
            sequences.add(model.pipeline().encode(text));
        }
        final List<int[]> chunks = Pretrainer.chunks(sequences, CHUNK_TOKENS);
        if (chunks.isEmpty()) {
            return new Step(Double.NaN, Optional.empty());
        }
        final Batch batch = Batch.of(chunks, null, null);
        final Random random = new Random(seed * 0x9E3779B97F4A7C15L + optimizer.steps());   // resumes exactly
        final int[] candidates = Pretrainer.sample(cumulative, CANDIDATES, random);
        final double loss = objective.lossAndGradients(batch, candidates, logExpectedCount);
        return new Step(loss, optimizer.stepIfFinite(objective.params(), loss));
    }

    /** Steps taken so far. */
    public long steps() {
        return optimizer.steps();
    }

    /** The classifier whose embedding and cell(s) this objective moves. */
    public SentimentModel model() {
        return model;
    }

    /**
     * The objective's own output layer, the live arrays (wO then bO; for a bidirectional classifier, of each
     * direction): every parameter of the objective that is not the classifier's.
     */
    public List<INDArray> head() {
        final Set<INDArray> shared = Collections.newSetFromMap(new IdentityHashMap<>());
        model.network().params().forEach(p -> shared.add(p.value()));
        return objective.params().stream().map(Param::value).filter(v -> !shared.contains(v)).toList();
    }

    /**
     * Takes over the output layer of {@code other} (its values, not its optimizer state) if it has the same shapes,
     * as when the trainer continues from another model of the same sizes; returns whether it did.
     */
    public boolean takeHeadOf(final OnlineLanguageModel other) {
        final List<INDArray> mine = head();
        final List<INDArray> theirs = other.head();
        if (mine.size() != theirs.size()) {
            return false;
        }
        for (int i = 0; i < mine.size(); i++) {
            if (!Arrays.equals(mine.get(i).shape(), theirs.get(i).shape())
                    || mine.get(i).dataType() != theirs.get(i).dataType()) {
                return false;
            }
        }
        for (int i = 0; i < mine.size(); i++) {
            mine.get(i).assign(theirs.get(i));
        }
        return true;
    }

    /** Adam's moments of every parameter of the objective as float arrays (m then v); empty before any step. */
    public List<float[]> optimizerState() {
        final List<float[]> state = new ArrayList<>();
        for (final INDArray array : optimizer.state()) {
            state.add(array.castTo(DataType.FLOAT).dup('c').data().asFloat());
        }
        return state;
    }

    /** Restores Adam's step count and moments written by {@link #optimizerState}. */
    public void restoreOptimizer(final long steps, final List<float[]> state) {
        if (state.isEmpty()) {
            return;
        }
        final List<Param> params = objective.params();
        if (state.size() != 2 * params.size()) {
            throw new IllegalArgumentException("expected Adam moments of " + params.size() + " parameters, got "
                    + state.size() + " arrays");
        }
        final List<INDArray> arrays = new ArrayList<>();
        for (int i = 0; i < state.size(); i++) {
            final INDArray like = params.get(i % params.size()).value();
            if (state.get(i).length != like.length()) {
                throw new IllegalArgumentException(String.format("expected %d values for the moment of %s, got %d",
                        like.length(), params.get(i % params.size()).name(), state.get(i).length));
            }
            arrays.add(Nd4j.create(state.get(i), like.shape(), 'c').castTo(like.dataType()));
        }
        optimizer.restore(steps, arrays);
    }
}
