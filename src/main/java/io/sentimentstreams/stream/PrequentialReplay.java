package io.sentimentstreams.stream;

import io.sentimentstreams.model.OnlineLanguageModel;
import io.sentimentstreams.model.OnlineTrainer;
import io.sentimentstreams.model.Scorer;
import io.sentimentstreams.model.SentimentModel;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The online trainer's test-then-train loop run over labeled texts in order, without Kafka: the same
 * {@link OnlineTrainer}, initial model and settings as the {@code online-trainer} processor. Each mini-batch is
 * first scored with the current weights (the prequential test), then trained on, exactly as the processor does, so
 * the accuracy it reports is what the stream's prequential metric would show after the same labeled reviews.
 */
public final class PrequentialReplay {

    /** Correct/incorrect prequential predictions in arrival order, and the training steps taken. */
    public record Result(boolean[] correct, int trainingSteps) {

        /** Accuracy over the last {@code n} predictions (all when fewer). */
        public double accuracyOfLast(final int n) {
            final int from = Math.max(0, correct.length - n);
            int hits = 0;
            for (int i = from; i < correct.length; i++) {
                hits += correct[i] ? 1 : 0;
            }
            return correct.length == from ? Double.NaN : (double) hits / (correct.length - from);
        }
    }

    private PrequentialReplay() {
    }

    /**
     * @param texts    labeled texts in stream order
     * @param labels   0/1 labels
     * @param progress receives the number of reviews done after each step
     */
    public static Result run(final StreamsSettings settings, final List<String> texts, final int[] labels,
                             final IntConsumer progress) {
        return run(settings, settings.initialModel().create(), true, texts, labels, progress);
    }

    /**
     * As {@link #run(StreamsSettings, List, int[], IntConsumer)} from a given model (say one trained offline) instead
     * of the initial one; with {@code learn} false the model is only tested, never trained (frozen).
     */
    public static Result run(final StreamsSettings settings, final SentimentModel start, final boolean learn,
                             final List<String> texts, final int[] labels, final IntConsumer progress) {
        return run(settings, start, learn, 0.0, texts, labels, progress);
    }

    /**
     * As {@link #run(StreamsSettings, SentimentModel, boolean, List, int[], IntConsumer)}; when learning with
     * {@code unlabeledWeight > 0}, each mini-batch's texts are first learned as unlabeled reviews, with the
     * language-model objective ({@link OnlineLanguageModel}) at that weight, as if each review had arrived unlabeled
     * before its label: then tested, then trained on with their labels.
     */
    public static Result run(final StreamsSettings settings, final SentimentModel start, final boolean learn,
                             final double unlabeledWeight, final List<String> texts, final int[] labels,
                             final IntConsumer progress) {
        final OnlineTrainer trainer = new OnlineTrainer(start, settings.trainingLearningRate(),
                settings.trainingClipNorm(), settings.modelSeed());
        final OnlineLanguageModel unlabeled = learn && unlabeledWeight > 0 ? new OnlineLanguageModel(start,
                unlabeledWeight, settings.trainingLearningRate(), settings.trainingClipNorm(), settings.modelSeed())
                : null;
        final Scorer frozen = start.forScoring().newScorer(settings.trainingBatchSize());
        final boolean[] correct = new boolean[texts.size()];
        final int batch = settings.trainingBatchSize();
        int steps = 0;
        for (int from = 0; from + batch <= texts.size(); from += batch) {
            final int[] batchLabels = Arrays.copyOfRange(labels, from, from + batch);
            final double[] probabilities;
            if (unlabeled != null) {
                unlabeled.step(texts.subList(from, from + batch));
            }
            if (learn) {
                final OnlineTrainer.Outcome outcome = trainer.testThenTrain(texts.subList(from, from + batch),
                        batchLabels);
                probabilities = outcome.probabilities();
                steps += outcome.rejected().isEmpty() ? 1 : 0;
            } else {
                probabilities = frozen.positiveProbabilities(texts.subList(from, from + batch));
            }
            for (int i = 0; i < batch; i++) {
                correct[from + i] = (probabilities[i] >= 0.5 ? 1 : 0) == batchLabels[i];
            }
            progress.accept(from + batch);
        }
        final int used = texts.size() / batch * batch;
        return new Result(Arrays.copyOf(correct, used), steps);
    }
}
