package io.sentimentstreams.model;

import io.sentimentstreams.nn.Adam;
import io.sentimentstreams.nn.NonFinite;
import io.sentimentstreams.nn.Packing;
import io.sentimentstreams.nn.Param;
import io.sentimentstreams.nn.SentimentNetwork;
import io.sentimentstreams.text.Batch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The numeric side of online training: a model whose weights this trainer alone changes, its Adam optimizer and
 * buffers. Per mini-batch, {@link #testThenTrain}: {@link #positiveProbabilities} first (the prequential test),
 * then {@link #step} (forward, full BPTT, clipping and the Adam update). The stream's {@code online-trainer} processor
 * and its prequential replay both learn through it. Not thread-safe.
 */
public final class OnlineTrainer {

    /**
     * One mini-batch, tested then trained on.
     *
     * @param probabilities probability of positive of each review before the step, in input order
     * @param rejected      empty if the step was taken, else what was not finite
     */
    public record Outcome(double[] probabilities, Optional<NonFinite> rejected) {
    }

    private final SentimentModel model;
    private final Adam optimizer;
    private final SentimentNetwork.Workspace workspace;
    private final long seed;

    /**
     * @param model        the model to train; this trainer alone changes its weights
     * @param learningRate Adam's step size
     * @param clipNorm     global gradient-norm clipping threshold, 0 for none
     * @param seed         seeds the dropout masks, with the step number
     */
    public OnlineTrainer(final SentimentModel model, final double learningRate, final double clipNorm,
                         final long seed) {
        this.model = model;
        this.optimizer = new Adam(learningRate, clipNorm);
        this.workspace = model.network().newWorkspace();
        this.seed = seed;
    }

    public SentimentModel model() {
        return model;
    }

    public Adam optimizer() {
        return optimizer;
    }

    /** Scores the texts with the current weights (the prequential test), then takes a training step on them. */
    public Outcome testThenTrain(final List<String> texts, final int[] labels) {
        final List<int[]> sequences = new ArrayList<>(texts.size());
        for (final String text : texts) {
            sequences.add(model.pipeline().encode(text));
        }
        final double[] probabilities = positiveProbabilities(sequences);   // test ...
        return new Outcome(probabilities, step(sequences, labels));        // ... then train
    }

    /** Probability of positive for each sequence, in input order, with the current weights. */
    public double[] positiveProbabilities(final List<int[]> sequences) {
        final Batch batch = Batch.of(sequences, null, null);
        final INDArray probabilities = model.network().forward(workspace, batch.tokenIds(),
                Packing.of(batch.lengths()), false);
        final double[] result = new double[sequences.size()];
        for (int b = 0; b < batch.batchSize(); b++) {
            result[batch.rows()[b]] = probabilities.getDouble(b, 1);
        }
        return result;
    }

    /**
     * One training step on a mini-batch; the dropout masks depend only on the seed and the step number, so a
     * replayed step gives the same weights. A step whose loss, gradient or updated weights are not finite is
     * refused (see {@link Adam#stepIfFinite}): weights and optimizer state stay exactly as they were.
     *
     * @return empty if the step was taken, else what was not finite
     */
    public Optional<NonFinite> step(final List<int[]> sequences, final int[] labels) {
        final Batch batch = Batch.of(sequences, labels, null);
        Nd4j.getRandom().setSeed(seed + optimizer.steps());
        model.network().forward(workspace, batch.tokenIds(), Packing.of(batch.lengths()), true);
        final double loss = model.network().backward(workspace, batch.labels(), 0, null);
        return optimizer.stepIfFinite(model.network().params(), loss);
    }

    /** Adam's moments as float arrays, m of every parameter then v of every parameter; empty before any step. */
    public List<float[]> optimizerState() {
        final List<float[]> state = new ArrayList<>();
        for (final INDArray array : optimizer.state()) {
            state.add(array.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat());
        }
        return state;
    }

    /** Restores Adam's moments written by {@link #optimizerState}. */
    public void restoreOptimizer(final long steps, final List<float[]> state) {
        if (state.isEmpty()) {
            return;
        }
        final List<Param> params = model.network().params();
        final List<INDArray> arrays = new ArrayList<>();
        for (int i = 0; i < state.size(); i++) {
            final INDArray like = params.get(i % params.size()).value();
            arrays.add(Nd4j.create(state.get(i), like.shape(), 'c').castTo(like.dataType()));
        }
        optimizer.restore(steps, arrays);
    }
}
