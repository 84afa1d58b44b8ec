package io.sentimentstreams.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sentimentstreams.nn.CellType;
import io.sentimentstreams.nn.Init;
import io.sentimentstreams.nn.NetworkConfig;
import io.sentimentstreams.nn.NonFinite;
import io.sentimentstreams.nn.Param;
import io.sentimentstreams.nn.Pooling;
import io.sentimentstreams.nn.SentimentNetwork;
import io.sentimentstreams.text.Truncation;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The language-model objective learned online on unlabeled reviews, on the weights of a classifier. */
class OnlineLanguageModelTest {

    private static final List<String> TEXTS = List.of(
            "the film was a delight from the first scene to the last",
            "the plot was thin and the acting was wooden",
            "a delight of a film with a plot that holds together",
            "the acting was the best part of the film");

    private static SentimentModel model(final boolean bidirectional) {
        final InitialModel initial = new InitialModel(CellType.GRU, 64, 8, 8, Pooling.MAX, 50, Truncation.HEAD, 3);
        final SentimentModel model = initial.create();
        if (!bidirectional) {
            return model;
        }
        final NetworkConfig config = model.network().config();
        return new SentimentModel(SentimentNetwork.create(new NetworkConfig(config.cell(), config.vocabularySize(),
                8, 8, 2, Pooling.MAX, 0.0, true), Init.Recurrent.ORTHOGONAL, 1.0, 3, DataType.FLOAT),
                model.pipeline(), model.metadata());
    }

    private static List<INDArray> copies(final List<Param> params) {
        return params.stream().map(p -> p.value().dup()).toList();
    }

    @Test
    void shouldMoveTheSharedEmbeddingAndCellButNotTheClassifierLayer() {
        final SentimentModel model = model(false);
        final List<INDArray> before = copies(model.network().params());
        final OnlineLanguageModel lm = new OnlineLanguageModel(model, 0.5, 2e-3, 5.0, 1);

        assertEquals(Optional.empty(), lm.step(TEXTS).rejected());

        final List<Param> after = model.network().params();
        for (int i = 0; i < after.size() - 2; i++) {
            assertNotEquals(before.get(i), after.get(i).value(), after.get(i).name() + " learns the objective");
        }
        assertEquals(before.get(after.size() - 2), after.get(after.size() - 2).value(), "wYh is the classifier's");
        assertEquals(before.get(after.size() - 1), after.get(after.size() - 1).value(), "bY is the classifier's");
    }

    @Test
    void shouldLowerTheLossOfTextItKeepsSeeing() {
        for (final boolean bidirectional : new boolean[] {false, true}) {
            final OnlineLanguageModel lm = new OnlineLanguageModel(model(bidirectional), 1.0, 1e-2, 5.0, 2);
            final double first = lm.step(TEXTS).loss();
            double last = first;
            for (int i = 0; i < 60; i++) {
                last = lm.step(TEXTS).loss();
            }
            assertTrue(last < 0.7 * first, (bidirectional ? "bidirectional: " : "") + first + " -> " + last);
            assertEquals(61, lm.steps());
        }
    }

    @Test
    void shouldRefuseAStepThatOverflowsAndLeaveEveryWeightAsItWas() {
        final SentimentModel model = model(false);
        model.network().params().get(0).value().muli(1e30f);            // wE huge, and wHx: finite weights whose
        model.network().params().get(1).value().muli(1e10f);            // products overflow float arithmetic
        final List<INDArray> before = copies(model.network().params());
        final OnlineLanguageModel lm = new OnlineLanguageModel(model, 1.0, 2e-3, 5.0, 1);

        final Optional<NonFinite> rejected = lm.step(TEXTS).rejected();

        assertTrue(rejected.isPresent(), "the step is refused");
        assertEquals(before, copies(model.network().params()), "no weight moved");
        assertEquals(0, lm.steps());
    }

    @Test
    void shouldSkipTextsWithNothingToPredict() {
        final OnlineLanguageModel lm = new OnlineLanguageModel(model(false), 1.0, 2e-3, 5.0, 1);
        final OnlineLanguageModel.Step step = lm.step(List.of("one", ""));
        assertTrue(Double.isNaN(step.loss()));
        assertEquals(0, lm.steps());
    }

    @Test
    void shouldRefuseAWeightThatIsNotPositive() {
        assertThrows(IllegalArgumentException.class, () -> new OnlineLanguageModel(model(false), 0, 2e-3, 5.0, 1));
    }
}
