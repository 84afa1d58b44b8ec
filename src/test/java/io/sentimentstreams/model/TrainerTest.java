package io.sentimentstreams.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sentimentstreams.app.demo.LexiconBaseline;
import io.sentimentstreams.app.demo.SyntheticReviews;
import io.sentimentstreams.nn.CellType;
import io.sentimentstreams.nn.Param;
import io.sentimentstreams.nn.SentimentNetwork;
import io.sentimentstreams.text.corpus.Review;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class TrainerTest {

    private static final List<Review> TRAIN = SyntheticReviews.generate(800, 1);
    private static final List<Review> VALIDATION = SyntheticReviews.generate(200, 2);

    @Test
    void shouldLearnSyntheticReviewsBetterThanCountingTheirWords() {
        final SentimentModel model = new Trainer(TestModels.tiny(CellType.GRU, 3, 1), TrainingListener.SILENT)
                .train(TRAIN, VALIDATION, Map.of());
        final double accuracy = ((Number) model.metadata().facts().get("validationAccuracy")).doubleValue();
        final double counting = LexiconBaseline.accuracy(VALIDATION);
        assertTrue(accuracy > counting + 0.05, "validation accuracy " + accuracy + ", word counting " + counting);
    }

    @Test
    void shouldProduceIdenticalWeightsForTheSameSeed() {
        final SentimentModel first = new Trainer(TestModels.tiny(CellType.LSTM, 1, 2), TrainingListener.SILENT)
                .train(TRAIN.subList(0, 200), List.of(), Map.of());
        final SentimentModel second = new Trainer(TestModels.tiny(CellType.LSTM, 1, 2), TrainingListener.SILENT)
                .train(TRAIN.subList(0, 200), List.of(), Map.of());
        final List<Param> a = first.network().params();
        final List<Param> b = second.network().params();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).value().data().asFloat(), b.get(i).value().data().asFloat(), 0f,
                    a.get(i).name());
        }
    }

    @Test
    void shouldLearnSyntheticReviewsWithAdversarialTraining() {
        final SentimentModel model = new Trainer(TestModels.tiny(CellType.GRU, 3, 1).withAdversarial(0.1),
                TrainingListener.SILENT).train(TRAIN, VALIDATION, Map.of());
        final double accuracy = ((Number) model.metadata().facts().get("validationAccuracy")).doubleValue();
        final double counting = LexiconBaseline.accuracy(VALIDATION);
        assertTrue(accuracy > counting + 0.05, "validation accuracy " + accuracy + ", word counting " + counting);
    }

    @Test
    void shouldGiveTheSameAdversarialStepWithOneOrTwoWorkersAndADifferentOneWithout() {
        final List<Param> one = new Trainer(TestModels.tinySgd(CellType.GRU, 1).withAdversarial(0.5),
                TrainingListener.SILENT).train(TRAIN.subList(0, 64), List.of(), Map.of()).network().params();
        final List<Param> two = new Trainer(TestModels.tinySgd(CellType.GRU, 2).withAdversarial(0.5),
                TrainingListener.SILENT).train(TRAIN.subList(0, 64), List.of(), Map.of()).network().params();
        final List<Param> clean = new Trainer(TestModels.tinySgd(CellType.GRU, 1), TrainingListener.SILENT)
                .train(TRAIN.subList(0, 64), List.of(), Map.of()).network().params();
        double moved = 0;
        for (int i = 0; i < one.size(); i++) {
            assertArrayEquals(one.get(i).value().data().asFloat(), two.get(i).value().data().asFloat(), 2e-4f,
                    one.get(i).name());
            moved = Math.max(moved, one.get(i).value().sub(clean.get(i).value()).amaxNumber().doubleValue());
        }
        assertTrue(moved > 1e-3, "the adversarial loss changes the step: largest difference " + moved);
    }

    @Test
    void shouldRefuseANegativeAdversarialEpsilon() {
        final IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> TestModels.tiny(CellType.GRU, 1, 1).withAdversarial(-1));
        assertTrue(e.getMessage().contains("adversarial epsilon must be >= 0"), e.getMessage());
    }

    @Test
    void shouldGiveTheSameGradientStepWithOneOrTwoWorkers() {
        final SentimentModel one = new Trainer(TestModels.tinySgd(CellType.ELMAN, 1), TrainingListener.SILENT)
                .train(TRAIN.subList(0, 64), List.of(), Map.of());
        final SentimentModel two = new Trainer(TestModels.tinySgd(CellType.ELMAN, 2), TrainingListener.SILENT)
                .train(TRAIN.subList(0, 64), List.of(), Map.of());
        final List<Param> a = one.network().params();
        final List<Param> b = two.network().params();
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).value().data().asFloat(), b.get(i).value().data().asFloat(), 2e-4f,
                    a.get(i).name());
        }
    }

    @Test
    void shouldKeepTheAverageOfTheStartAndTheStepAfterOneStep() {
        final TrainingConfig config = TestModels.tinySgd(CellType.GRU, 1);
        final List<Review> oneBatch = TRAIN.subList(0, config.batchSize());
        final List<Param> stepped = new Trainer(config, TrainingListener.SILENT)
                .train(oneBatch, List.of(), Map.of()).network().params();
        final SentimentModel averaged = new Trainer(config.withWeightAverage(0.5), TrainingListener.SILENT)
                .train(oneBatch, List.of(), Map.of());
        final List<Param> start = SentimentNetwork.create(averaged.network().config(), config.recurrentInit(),
                config.identityScale(), config.seed(), DataType.FLOAT).params();
        final double d = 2.0 / 11;   // the first step's decay: min(0.5, (1 + 1) / (10 + 1))
        double moved = 0;
        for (int i = 0; i < start.size(); i++) {
            final float[] expected = start.get(i).value().mul(d).addi(stepped.get(i).value().mul(1 - d))
                    .data().asFloat();
            assertArrayEquals(expected, averaged.network().params().get(i).value().data().asFloat(), 1e-6f,
                    start.get(i).name());
            moved = Math.max(moved, stepped.get(i).value().sub(start.get(i).value()).amaxNumber().doubleValue());
        }
        assertTrue(moved > 1e-3, "the step moves the weights: largest change " + moved);
    }

    @Test
    void shouldValidateAndKeepTheAveragedWeights() {
        final SentimentModel model = new Trainer(TestModels.tiny(CellType.GRU, 3, 1).withWeightAverage(0.9),
                TrainingListener.SILENT).train(TRAIN, VALIDATION, Map.of());
        final double accuracy = ((Number) model.metadata().facts().get("validationAccuracy")).doubleValue();
        final Metrics again = Metrics.of(model.newScorer(64).positiveProbabilities(
                VALIDATION.stream().map(Review::text).toList()), VALIDATION.stream().mapToInt(Review::label).toArray());
        assertEquals(accuracy, again.accuracy(), 0.0, "the kept weights are the validated ones");
        final double counting = LexiconBaseline.accuracy(VALIDATION);
        assertTrue(accuracy > counting + 0.05, "validation accuracy " + accuracy + ", word counting " + counting);
    }

    @Test
    void shouldRefuseAWeightAverageDecayOfOneOrMore() {
        final IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> TestModels.tiny(CellType.GRU, 1, 1).withWeightAverage(1));
        assertTrue(e.getMessage().contains("weight-average decay must be in [0, 1)"), e.getMessage());
    }
}
