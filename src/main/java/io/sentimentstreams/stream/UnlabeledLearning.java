package io.sentimentstreams.stream;

import io.sentimentstreams.model.OnlineLanguageModel;
import io.sentimentstreams.model.SentimentModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.StreamsMetrics;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The online trainer's language-model objective on unlabeled reviews ({@code training.unlabeled.weight} &gt; 0): an
 * {@link OnlineLanguageModel} on the embedding and cell(s) of whatever model the trainer currently learns, fed the
 * newest full batch of {@link UnlabeledBatches}. The trainer calls {@link #step} on its stream thread after a labeled
 * step and at its punctuations, never during one.
 * <p>When the trainer continues from another model (published by someone else, a rollback, a promoted challenger),
 * the objective moves to that model's arrays: its output layer is kept if the new model has the same vocabulary and
 * hidden size (and directions), else it starts afresh; its Adam starts afresh either way, as the trainer's does.
 * <p>Its state is written beside the trainer's checkpoint, under key {@value #STATE_KEY} of the {@code trainer-state}
 * store:
 * <pre>
 *   format     int32    {@value #FORMAT}
 *   head       int32 count, then per array: int32 length + float32 values (wO, bO of each direction)
 *   adamSteps  int64
 *   adamState  int32 count, then per array: int32 length + float32 values (m of each parameter, then v)
 * </pre>
 * The language-model steps taken since the last checkpoint are not replayed after a crash, nor are the texts
 * waiting in {@link UnlabeledBatches}.
 */
final class UnlabeledLearning {

    /** Key of this state in the trainer-state store. */
    static final String STATE_KEY = "unlabeled";
    static final int FORMAT = 1;
    /** Steps whose losses {@value StreamMetrics#UNLABELED_LOSS} averages. */
    static final int LOSS_STEPS = 20;

    private static final Logger LOG = LoggerFactory.getLogger(UnlabeledLearning.class);

    private final StreamsSettings settings;
    private final UnlabeledBatches batches;
    private final StreamMetrics.UnlabeledSensors sensors;
    private final double[] losses = new double[LOSS_STEPS];
    private int lossCount;
    private OnlineLanguageModel languageModel;

    UnlabeledLearning(final StreamsSettings settings, final UnlabeledBatches batches, final StreamsMetrics metrics) {
        this.settings = settings;
        this.batches = batches;
        this.sensors = StreamMetrics.unlabeled(metrics);
    }

    /**
     * One language-model step on {@code model} with the full batch waiting, if one waits.
     *
     * @param learningRate the trainer's learning rate (the step's is {@code training.unlabeled.weight} times it)
     * @return whether a batch was waiting
     */
    boolean step(final SentimentModel model, final double learningRate) {
        final Optional<List<String>> texts = batches.take();
        if (texts.isEmpty()) {
            return false;
        }
        final OnlineLanguageModel.Step step = on(model, learningRate).step(texts.get());
        if (step.rejected().isPresent()) {
            sensors.rejected().record();
            LOG.warn("Rejected a language-model step on {} unlabeled reviews: {}. The weights and the optimizer"
                    + " state stay as they were before it.", texts.get().size(), step.rejected().get().description());
            return true;
        }
        if (Double.isNaN(step.loss())) {
            return true;   // nothing to predict: no step
        }
        losses[lossCount++ % LOSS_STEPS] = step.loss();
        double sum = 0;
        final int n = Math.min(lossCount, LOSS_STEPS);
        for (int i = 0; i < n; i++) {
            sum += losses[i];
        }
        sensors.steps().record();
        sensors.loss().record(sum / n);
        return true;
    }

    /** The state to checkpoint, of the objective on {@code model}. */
    byte[] toBytes(final SentimentModel model, final double learningRate) {
        final OnlineLanguageModel lm = on(model, learningRate);
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            final List<INDArray> head = lm.head();
            out.writeInt(head.size());
            for (final INDArray array : head) {
                writeFloats(out, array.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat());
            }
            out.writeLong(lm.steps());
            final List<float[]> state = lm.optimizerState();
            out.writeInt(state.size());
            for (final float[] array : state) {
                writeFloats(out, array);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Restores the state written by {@link #toBytes} on {@code model}, the model the trainer resumed from; a state
     * of other sizes (or none) leaves the objective starting afresh.
     */
    void restore(final byte[] saved, final SentimentModel model, final double learningRate) {
        languageModel = newModel(model, learningRate);
        if (saved == null) {
            return;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved))) {
            final int format = in.readInt();
            if (format != FORMAT) {
                throw new IllegalStateException("The trainer-state store holds unlabeled state of format " + format
                        + ", this program reads format " + FORMAT + ".");
            }
            final List<float[]> head = readArrays(in);
            final long steps = in.readLong();
            final List<float[]> state = readArrays(in);
            final List<INDArray> current = languageModel.head();
            if (!sameLengths(head, current)) {
                LOG.info("The checkpointed output layer of the language-model objective does not fit model version"
                        + " {}; the objective starts afresh.", model.metadata().version());
                return;
            }
            for (int i = 0; i < head.size(); i++) {
                final INDArray array = current.get(i);
                array.assign(Nd4j.create(head.get(i), array.shape(), 'c').castTo(array.dataType()));
            }
            languageModel.restoreOptimizer(steps, state);
            LOG.info("The language-model objective on unlabeled reviews resumes after {} steps.", steps);
        } catch (final IOException e) {
            throw new UncheckedIOException("The trainer-state store holds truncated unlabeled state", e);
        }
    }

    /** The output layer of the objective, live (none before the first step or restore). */
    List<INDArray> head() {
        return languageModel == null ? List.of() : languageModel.head();
    }

    /** The size of the state {@link #toBytes} writes for the objective on {@code model}, after its first step. */
    static long stateBytes(final SentimentModel model, final StreamsSettings settings) {
        final OnlineLanguageModel lm = new OnlineLanguageModel(model, settings.trainingUnlabeledWeight(),
                settings.trainingLearningRate(), settings.trainingClipNorm(), settings.modelSeed());
        long head = 0;
        for (final INDArray array : lm.head()) {
            head += Integer.BYTES + Float.BYTES * array.length();
        }
        final var params = model.network().params();
        long shared = 0;
        for (int i = 0; i < params.size() - 2; i++) {
            shared += Integer.BYTES + Float.BYTES * params.get(i).value().length();
        }
        return Integer.BYTES + Integer.BYTES + head + Long.BYTES + Integer.BYTES + 2 * (shared + head);
    }

    /** The objective on {@code model}, moved there (keeping its output layer if it fits) if it was elsewhere. */
    private OnlineLanguageModel on(final SentimentModel model, final double learningRate) {
        if (languageModel != null && languageModel.model().network() == model.network()) {
            return languageModel;
        }
        final OnlineLanguageModel moved = newModel(model, learningRate);
        if (languageModel != null) {
            final boolean kept = moved.takeHeadOf(languageModel);
            LOG.info("The language-model objective moves to the model the trainer continues from; its output layer"
                    + " is {} and its optimizer starts afresh.", kept ? "kept" : "initialised afresh (other sizes)");
        }
        languageModel = moved;
        return moved;
    }

    private OnlineLanguageModel newModel(final SentimentModel model, final double learningRate) {
        return new OnlineLanguageModel(model, settings.trainingUnlabeledWeight(), learningRate,
                settings.trainingClipNorm(), settings.modelSeed());
    }

    private static boolean sameLengths(final List<float[]> saved, final List<INDArray> current) {
        if (saved.size() != current.size()) {
            return false;
        }
        for (int i = 0; i < saved.size(); i++) {
            if (saved.get(i).length != current.get(i).length()) {
                return false;
            }
        }
        return true;
    }

    private static void writeFloats(final DataOutputStream out, final float[] values) throws IOException {
        out.writeInt(values.length);
        for (final float value : values) {
            out.writeFloat(value);
        }
    }

    private static List<float[]> readArrays(final DataInputStream in) throws IOException {
        final int count = in.readInt();
        final List<float[]> arrays = new ArrayList<>(count);
        for (int a = 0; a < count; a++) {
            final float[] values = new float[in.readInt()];
            for (int i = 0; i < values.length; i++) {
                values[i] = in.readFloat();
            }
            arrays.add(values);
        }
        return arrays;
    }
}
