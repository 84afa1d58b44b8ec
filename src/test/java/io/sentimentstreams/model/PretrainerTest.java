package io.sentimentstreams.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sentimentstreams.nn.CellType;
import io.sentimentstreams.nn.Param;
import io.sentimentstreams.text.Vocabulary;
import io.sentimentstreams.text.corpus.Review;
import io.sentimentstreams.app.demo.SyntheticReviews;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PretrainerTest {

    private static final List<String> TEXTS = SyntheticReviews.generate(400, 9).stream().map(Review::text).toList();
    private static final long STEADY = 0;

    private static PretrainingConfig tiny(final int epochs, final double minutes, final int threads) {
        return new PretrainingConfig(CellType.GRU, 16, 16, 2_000, 1, 40, 16, 1e-2, 5.0, 64, epochs, minutes, 5,
                threads);
    }

    /** Records the mean training loss of every epoch. */
    private static final class EpochLosses implements TrainingListener {
        private final List<Double> losses = new ArrayList<>();

        @Override
        public void batchDone(final int epoch, final int epochs, final long done, final long total, final double loss,
                              final double rate) {
        }

        @Override
        public void epochDone(final int epoch, final int epochs, final double trainLoss, final Metrics validation,
                              final double seconds) {
            losses.add(trainLoss);
        }
    }

    @Test
    void shouldLowerTheLanguageModelLossFromEpochToEpoch() {
        final EpochLosses listener = new EpochLosses();
        final SentimentModel model = new Pretrainer(tiny(3, 0, 1), listener, () -> STEADY).pretrain(TEXTS, Map.of());
        assertEquals(3, listener.losses.size());
        assertTrue(listener.losses.get(2) < listener.losses.get(0) - 0.3, listener.losses.toString());
        final double perplexity = ((Number) model.metadata().facts().get("heldOutPerplexity")).doubleValue();
        assertTrue(perplexity < model.network().config().vocabularySize() / 4.0,
                "held-out perplexity " + perplexity + " of a vocabulary of "
                        + model.network().config().vocabularySize());
    }

    @Test
    void shouldGiveIdenticalWeightsForTheSameSeed() {
        final SentimentModel first = new Pretrainer(tiny(1, 0, 2), TrainingListener.SILENT, () -> STEADY)
                .pretrain(TEXTS.subList(0, 100), Map.of());
        final SentimentModel second = new Pretrainer(tiny(1, 0, 2), TrainingListener.SILENT, () -> STEADY)
                .pretrain(TEXTS.subList(0, 100), Map.of());
        final List<Param> a = first.network().params();
        final List<Param> b = second.network().params();
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).value().data().asFloat(), b.get(i).value().data().asFloat(), 0f,
                    a.get(i).name());
        }
    }

    @Test
    void shouldStopAtTheFirstStepAfterTheTimeLimit() {
        final AtomicLong clock = new AtomicLong();
        final SentimentModel model = new Pretrainer(tiny(5, 1.0, 1), TrainingListener.SILENT,
                () -> clock.getAndAdd(20_000_000_000L)).pretrain(TEXTS, Map.of());   // 20 s a reading
        final long steps = ((Number) model.metadata().facts().get("pretrainingSteps")).longValue();
        assertTrue(steps >= 1 && steps <= 2, "steps " + steps);
        assertEquals(0, ((Number) model.metadata().facts().get("pretrainingEpochsCompleted")).intValue());
    }

    @Test
    void shouldCutReviewsIntoOverlappingPiecesThatPredictEveryTokenOnce() {
        final List<int[]> chunks = Pretrainer.chunks(List.of(new int[] {2, 3, 4, 5, 6, 7}, new int[] {9}), 2);
        assertEquals(3, chunks.size());
        assertArrayEquals(new int[] {2, 3, 4}, chunks.get(0));
        assertArrayEquals(new int[] {4, 5, 6}, chunks.get(1));
        assertArrayEquals(new int[] {6, 7}, chunks.get(2));
    }

    @Test
    void shouldSampleCandidatesInProportionToTheProposal() {
        final double[] unigram = {0, 0.5, 0.25, 0.25};
        final double[] logExpectedCount = new double[4];
        final double[] cumulative = Pretrainer.proposal(unigram, logExpectedCount, 10);
        final int[] counts = new int[4];
        for (final int c : Pretrainer.sample(cumulative, 100_000, new Random(1))) {
            counts[c]++;
        }
        assertEquals(0, counts[0], "padding is never a candidate");
        final double q1 = Math.pow(0.5, 0.75) / (Math.pow(0.5, 0.75) + 2 * Math.pow(0.25, 0.75));
        assertEquals(q1, counts[1] / 100_000.0, 0.01);
        assertEquals(Math.log(10 * q1), logExpectedCount[1], 1e-6);
    }

    @Test
    void shouldFineTuneFromThePretrainedVocabularyAndWeights() {
        final SentimentModel pretrained = new Pretrainer(tiny(1, 0, 1), TrainingListener.SILENT, () -> STEADY)
                .pretrain(TEXTS, Map.of());
        final List<Review> train = SyntheticReviews.generate(800, 1);
        final List<Review> validation = SyntheticReviews.generate(200, 2);
        final TrainingConfig config = new TrainingConfig(CellType.GRU, 16, 16, io.sentimentstreams.nn.Pooling.MEAN,
                0.0, 3, 16, 1e-2, 1.0, 5.0, "adam", 120, io.sentimentstreams.text.Truncation.HEAD_TAIL, 2_000, 1, 0,
                0, io.sentimentstreams.nn.Init.Recurrent.ORTHOGONAL, 1.0, 3, 1);
        final SentimentModel model = new Trainer(config, TrainingListener.SILENT, pretrained)
                .train(train, validation, Map.of());
        assertEquals(((Vocabulary) pretrained.pipeline().encoder()).tokens(),
                ((Vocabulary) model.pipeline().encoder()).tokens());
        final double accuracy = ((Number) model.metadata().facts().get("validationAccuracy")).doubleValue();
        assertTrue(accuracy > 0.6, "validation accuracy " + accuracy);
    }

    @Test
    void shouldTrainOnlyTheClassifierWhileTheEncoderIsFrozen() {
        final SentimentModel pretrained = new Pretrainer(tiny(1, 0, 1), TrainingListener.SILENT, () -> STEADY)
                .pretrain(TEXTS, Map.of());
        final TrainingConfig config = fineTuning(1.0, 2);
        final List<Double> losses = new ArrayList<>();
        final SentimentModel model = new Trainer(config, epochLosses(losses), pretrained)
                .train(SyntheticReviews.generate(800, 1), SyntheticReviews.generate(200, 2), Map.of());
        assertEquals(0.0, largestMove(pretrained, model), 0.0, "embedding and cell frozen for both epochs");
        assertTrue(losses.get(1) < losses.get(0), "the classifier learns on the frozen features: " + losses);
        assertArrayEquals(new double[] {0, 0, 1}, config.layerRates(3, 2), 0.0);
    }

    @Test
    void shouldStepEachLayerAtItsShareOfTheRateOfTheLayerAbove() {
        final SentimentModel pretrained = new Pretrainer(tiny(1, 0, 1), TrainingListener.SILENT, () -> STEADY)
                .pretrain(TEXTS, Map.of());
        final TrainingConfig config = fineTuning(1e-6, 0);
        final List<Double> losses = new ArrayList<>();
        final SentimentModel model = new Trainer(config, epochLosses(losses), pretrained)
                .train(SyntheticReviews.generate(800, 1), SyntheticReviews.generate(200, 2), Map.of());
        final double moved = largestMove(pretrained, model);
        assertTrue(moved > 0 && moved < 1e-5, "the cell at 1e-6 and the embedding at 1e-12 of the rate moved " + moved);
        assertTrue(losses.get(1) < losses.get(0), "the classifier learns: " + losses);
        assertArrayEquals(new double[] {1e-12, 1e-6, 1}, config.layerRates(3, 1), 1e-20);
    }

    private static TrainingConfig fineTuning(final double layerRate, final int freezeEpochs) {
        return new TrainingConfig(CellType.GRU, 16, 16, io.sentimentstreams.nn.Pooling.MEAN, 0.0, 2, 16, 1e-2, 1.0,
                5.0, "adam", 120, io.sentimentstreams.text.Truncation.HEAD_TAIL, 2_000, 1, 0, 0,
                io.sentimentstreams.nn.Init.Recurrent.ORTHOGONAL, 1.0, 3, 1).withFineTuning(layerRate, freezeEpochs);
    }

    /** The largest change of any embedding or cell weight from the pretrained model to the fine-tuned one. */
    private static double largestMove(final SentimentModel pretrained, final SentimentModel model) {
        final List<io.sentimentstreams.nn.Param> before = pretrained.network().params();
        final List<io.sentimentstreams.nn.Param> after = model.network().params();
        double largest = 0;
        for (int i = 0; i < after.size() - 2; i++) {
            largest = Math.max(largest, after.get(i).value().sub(before.get(i).value()).amaxNumber().doubleValue());
        }
        return largest;
    }

    private static TrainingListener epochLosses(final List<Double> losses) {
        return new TrainingListener() {
            @Override
            public void batchDone(final int epoch, final int epochs, final long done, final long total,
                                  final double loss, final double rate) {
            }

            @Override
            public void epochDone(final int epoch, final int epochs, final double trainLoss, final Metrics validation,
                                  final double seconds) {
                losses.add(trainLoss);
            }
        };
    }

    @Test
    void shouldPretrainBothDirectionsForABidirectionalClassifier() {
        final PretrainingConfig forward = tiny(2, 0, 2);
        final PretrainingConfig both = new PretrainingConfig(forward.cell(), 16, 16, 2_000, 1, 40, 16, 1e-2, 5.0, 64,
                2, 0, 5, 2, true);
        final SentimentModel pretrained = new Pretrainer(both, TrainingListener.SILENT, () -> STEADY)
                .pretrain(TEXTS, Map.of());
        assertTrue(pretrained.network().config().bidirectional());
        final Map<String, Object> facts = pretrained.metadata().facts();
        final double backward = ((Number) facts.get("heldOutPerplexityBackward")).doubleValue();
        assertTrue(backward < pretrained.network().config().vocabularySize() / 4.0, "backward perplexity " + backward);

        final TrainingConfig config = new TrainingConfig(CellType.GRU, 16, 16, io.sentimentstreams.nn.Pooling.MEAN,
                0.0, 1, 16, 1e-2, 1.0, 5.0, "adam", 120, io.sentimentstreams.text.Truncation.HEAD_TAIL, 2_000, 1, 0,
                0, io.sentimentstreams.nn.Init.Recurrent.ORTHOGONAL, 1.0, 3, 1, true);
        final SentimentModel model = new Trainer(config, TrainingListener.SILENT, pretrained)
                .train(SyntheticReviews.generate(64, 1), List.of(), Map.of());
        assertEquals(pretrained.network().params().size(), model.network().params().size());
        assertThrows(IllegalArgumentException.class, () -> new Trainer(config.withBidirectional(false),
                TrainingListener.SILENT, pretrained).train(SyntheticReviews.generate(32, 1), List.of(), Map.of()));
    }

    @Test
    void shouldRefuseAPretrainedModelOfOtherSizes() {
        final SentimentModel pretrained = new Pretrainer(tiny(1, 0, 1), TrainingListener.SILENT, () -> STEADY)
                .pretrain(TEXTS.subList(0, 50), Map.of());
        final TrainingConfig wider = new TrainingConfig(CellType.GRU, 16, 32, io.sentimentstreams.nn.Pooling.MAX,
                0.0, 1, 16, 1e-2, 1.0, 5.0, "adam", 120, io.sentimentstreams.text.Truncation.HEAD_TAIL, 2_000, 1, 0,
                0, io.sentimentstreams.nn.Init.Recurrent.ORTHOGONAL, 1.0, 3, 1);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(wider, TrainingListener.SILENT, pretrained).train(
                        SyntheticReviews.generate(32, 1), List.of(), Map.of()));
        assertTrue(e.getMessage().contains("H=16") && e.getMessage().contains("H=32"), e.getMessage());
    }

    @Test
    void shouldMeasureAndSaveTheAveragedWeights() {
        final SentimentModel raw = new Pretrainer(tiny(2, 0, 1), TrainingListener.SILENT, () -> STEADY)
                .pretrain(TEXTS, Map.of());
        final SentimentModel nearlyRaw = new Pretrainer(tiny(2, 0, 1).withWeightAverage(1e-9),
                TrainingListener.SILENT, () -> STEADY).pretrain(TEXTS, Map.of());
        final SentimentModel averaged = new Pretrainer(tiny(2, 0, 1).withWeightAverage(0.9),
                TrainingListener.SILENT, () -> STEADY).pretrain(TEXTS, Map.of());
        double apart = 0;
        for (int i = 0; i < raw.network().params().size(); i++) {
            final Param p = raw.network().params().get(i);
            assertArrayEquals(p.value().data().asFloat(), nearlyRaw.network().params().get(i).value().data().asFloat(),
                    1e-6f, "an average that keeps almost nothing of the past is the last step: " + p.name());
            apart = Math.max(apart, p.value().sub(averaged.network().params().get(i).value())
                    .amaxNumber().doubleValue());
        }
        assertTrue(apart > 1e-4, "the saved weights are the average: largest difference " + apart);
        assertEquals(0.9, ((Number) averaged.metadata().facts().get("pretrainingWeightAverage")).doubleValue());
        final double rawPerplexity = ((Number) raw.metadata().facts().get("heldOutPerplexity")).doubleValue();
        final double averagedPerplexity = ((Number) averaged.metadata().facts().get("heldOutPerplexity"))
                .doubleValue();
        assertTrue(Math.abs(rawPerplexity - averagedPerplexity) > 1e-6,
                "the perplexity is that of the average: " + rawPerplexity + " and " + averagedPerplexity);
    }

    @Test
    void shouldRefuseAWeightAverageDecayOfOneOrMore() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tiny(1, 0, 1).withWeightAverage(1.5));
        assertTrue(e.getMessage().contains("weight-average decay must be in [0, 1)"), e.getMessage());
    }
}
