package io.sentimentstreams.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sentimentstreams.model.OnlineLanguageModel;
import io.sentimentstreams.model.SentimentModel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The language-model objective when the trainer continues from another model. */
class UnlabeledLearningTest {

    private static final List<String> TEXTS = List.of("the film was a delight from start to end",
            "the plot was thin and the acting wooden");

    @TempDir
    Path stateDir;

    private StreamsSettings settings(final String hidden) {
        final Map<String, String> values = new HashMap<>(Map.of(StreamsSettings.TRAINING_UNLABELED_WEIGHT, "0.5",
                StreamsSettings.TRAINING_UNLABELED_BATCH_SIZE, "2", StreamsSettings.MODEL_HIDDEN, hidden));
        return StreamFixture.tinySettings(stateDir, values);
    }

    private static List<INDArray> copies(final List<INDArray> arrays) {
        return arrays.stream().map(INDArray::dup).toList();
    }

    private UnlabeledLearning stepped(final SentimentModel model, final StreamsSettings settings) {
        final UnlabeledBatches batches = new UnlabeledBatches(2);
        final UnlabeledLearning learning = new UnlabeledLearning(settings, batches,
                new MockProcessorContext<>(settings.streamsProperties()).metrics());
        TEXTS.forEach(batches::offer);
        assertTrue(learning.step(model, settings.trainingLearningRate()));
        return learning;
    }

    @Test
    void shouldKeepTheOutputLayerWhenTheTrainerContinuesFromAModelOfTheSameSizes() {
        final StreamsSettings settings = settings("8");
        final UnlabeledLearning learning = stepped(settings.initialModel().create(), settings);
        final List<INDArray> learned = copies(learning.head());
        final SentimentModel other = settings.initialModel().create();
        final List<INDArray> fresh = new OnlineLanguageModel(other, 0.5, 1e-3, 5, settings.modelSeed()).head();
        assertNotEquals(fresh, learned, "the step moved the output layer");

        learning.toBytes(other, settings.trainingLearningRate());   // moves to the other model

        assertEquals(learned, learning.head());
    }

    @Test
    void shouldStartTheOutputLayerAfreshWhenTheOtherModelHasOtherSizes() {
        final StreamsSettings settings = settings("8");
        final UnlabeledLearning learning = stepped(settings.initialModel().create(), settings);
        final SentimentModel other = settings("4").initialModel().create();

        learning.toBytes(other, settings.trainingLearningRate());

        assertEquals(new OnlineLanguageModel(other, 0.5, 1e-3, 5, settings.modelSeed()).head(), learning.head());
    }

    @Test
    void shouldTellTheStartUpChecksTheSizeOfItsCheckpointedState() {
        final StreamsSettings settings = settings("8");
        final SentimentModel model = settings.initialModel().create();
        final UnlabeledLearning learning = stepped(model, settings);
        final long written = learning.toBytes(model, settings.trainingLearningRate()).length;

        assertEquals(written, UnlabeledLearning.stateBytes(model, settings));
        assertTrue(TrainerStateSize.of(settings).checkpointBytes() >= written);
    }
}
