package io.sentimentstreams.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sentimentstreams.app.demo.LexiconBaseline;
import io.sentimentstreams.app.demo.SyntheticReviews;
import io.sentimentstreams.nn.CellType;
import io.sentimentstreams.nn.Param;
import io.sentimentstreams.text.corpus.Review;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
