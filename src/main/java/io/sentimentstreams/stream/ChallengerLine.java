package io.sentimentstreams.stream;

import io.sentimentstreams.model.ModelFile;
import io.sentimentstreams.model.OnlineTrainer;
import io.sentimentstreams.model.SentimentModel;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The challenger: a second model line trained online in shadow from the same labeled reviews as the published
 * line (the champion), with another cell or learning rate ({@code challenger.*}). Each mini-batch is tested by both
 * before either trains on it, so their prequential accuracies compare on the same reviews over the last
 * {@code challenger.window} of them. Nothing it learns is served until it is promoted. Not thread-safe.
 */
final class ChallengerLine {

    static final int CHAMPION = 0;
    static final int CHALLENGER = 1;

    private final OnlineTrainer trainer;
    private final double learningRate;
    private final PairedWindow compared;
    private long trainingSteps;

    /**
     * @param trainer      the challenger's trainer; its model is the challenger's
     * @param learningRate its Adam step size
     * @param window       reviews compared, {@code challenger.window}
     */
    ChallengerLine(final OnlineTrainer trainer, final double learningRate, final int window) {
        this.trainer = trainer;
        this.learningRate = learningRate;
        this.compared = new PairedWindow(window);
    }

    /** Tests the mini-batch with the challenger, compares with the champion's test of it, then trains on it. */
    void testThenTrain(final List<String> texts, final int[] labels, final double[] championProbabilities) {
        final OnlineTrainer.Outcome outcome = trainer.testThenTrain(texts, labels);
        for (int i = 0; i < labels.length; i++) {
            compared.add(PairedWindow.correct(CHAMPION, championProbabilities[i], labels[i])
                    | PairedWindow.correct(CHALLENGER, outcome.probabilities()[i], labels[i]));
        }
        if (outcome.rejected().isEmpty()) {
            trainingSteps++;
        }
    }

    /** Whether the window is full and the challenger beats the champion in it by at least {@code margin}. */
    boolean beats(final double margin) {
        return compared.count() >= compared.capacity() && compared.accuracy(CHALLENGER)
                - compared.accuracy(CHAMPION) >= margin && trainer.model().network().hasFiniteWeights();
    }

    double accuracy(final int line) {
        return compared.accuracy(line);
    }

    int compared() {
        return compared.count();
    }

    OnlineTrainer trainer() {
        return trainer;
    }

    SentimentModel model() {
        return trainer.model();
    }

    double learningRate() {
        return learningRate;
    }

    long trainingSteps() {
        return trainingSteps;
    }

    /** Writes the challenger's weights, optimizer, steps and comparison window. */
    void write(final DataOutput out) throws IOException {
        final byte[] model = ModelFile.toBytes(trainer.model());
        out.writeInt(model.length);
        out.write(model);
        out.writeDouble(learningRate);
        out.writeLong(trainingSteps);
        out.writeLong(trainer.optimizer().steps());
        final List<float[]> state = trainer.optimizerState();
        out.writeInt(state.size());
        for (final float[] array : state) {
            out.writeInt(array.length);
            for (final float value : array) {
                out.writeFloat(value);
            }
        }
        compared.write(out);
    }

    /**
     * A challenger as {@link #write} wrote it.
     *
     * @param newTrainer   makes a trainer for a model and a learning rate
     * @param learningRate the line's learning rate as the settings give it now
     */
    static ChallengerLine read(final DataInput in, final int window, final TrainerFactory newTrainer,
                               final double learningRate) throws IOException {
        final byte[] model = new byte[in.readInt()];
        in.readFully(model);
        in.readDouble();   // the learning rate when written: the settings' one wins
        final ChallengerLine line = new ChallengerLine(newTrainer.create(ModelFile.fromBytes(model), learningRate),
                learningRate, window);
        line.trainingSteps = in.readLong();
        final long adamSteps = in.readLong();
        final int arrays = in.readInt();
        final List<float[]> state = new ArrayList<>(arrays);
        for (int a = 0; a < arrays; a++) {
            final float[] values = new float[in.readInt()];
            for (int i = 0; i < values.length; i++) {
                values[i] = in.readFloat();
            }
            state.add(values);
        }
        line.trainer.restoreOptimizer(adamSteps, state);
        line.compared.read(in);
        return line;
    }

    /** Makes an online trainer for a model at a learning rate. */
    @FunctionalInterface
    interface TrainerFactory {
        OnlineTrainer create(SentimentModel model, double learningRate);
    }
}
