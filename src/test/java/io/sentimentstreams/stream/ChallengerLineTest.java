package io.sentimentstreams.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sentimentstreams.app.demo.SyntheticReviews;
import io.sentimentstreams.model.ModelFile;
import io.sentimentstreams.model.OnlineTrainer;
import io.sentimentstreams.model.SentimentModel;
import io.sentimentstreams.text.corpus.Review;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The challenger line on its own: fixed seeds, a champion whose answers are given, and its state across a restart. */
class ChallengerLineTest {

    private static final int BATCH = 16;
    private static final int WINDOW = 64;
    private static final List<Review> REVIEWS = SyntheticReviews.generate(256, 9);

    @TempDir
    Path stateDir;

    private ChallengerLine line() {
        final StreamsSettings settings = StreamFixture.tinySettings(stateDir, Map.of());
        return new ChallengerLine(trainer(settings.initialModel().create(), 0.02), 0.02, WINDOW);
    }

    private static OnlineTrainer trainer(final SentimentModel model, final double learningRate) {
        return new OnlineTrainer(model, learningRate, 5.0, 7);
    }

    /** Feeds {@code REVIEWS[from, to)}; the champion is right on all of them, or wrong on all of them. */
    private static double[] feed(final ChallengerLine line, final int from, final int to, final boolean championRight) {
        double[] last = null;
        for (int start = from; start < to; start += BATCH) {
            final List<Review> batch = REVIEWS.subList(start, start + BATCH);
            final int[] labels = batch.stream().mapToInt(Review::label).toArray();
            final double[] champion = new double[labels.length];
            for (int i = 0; i < labels.length; i++) {
                champion[i] = (labels[i] == 1) == championRight ? 0.8 : 0.2;
            }
            line.testThenTrain(batch.stream().map(Review::text).toList(), labels, champion);
            last = line.trainer().positiveProbabilities(List.of(new int[] {1, 2, 3}));
        }
        return last;
    }

    @Test
    void shouldNotBeatTheChampionBeforeItsWindowIsFull() {
        final ChallengerLine line = line();

        feed(line, 0, WINDOW - BATCH, false);

        assertEquals(WINDOW - BATCH, line.compared());
        assertFalse(line.beats(0.0), "the champion was wrong on every review, but the window is not full");
    }

    @Test
    void shouldBeatAChampionThatIsWrongOnEveryReview() {
        final ChallengerLine line = line();

        feed(line, 0, WINDOW, false);

        assertEquals(0.0, line.accuracy(ChallengerLine.CHAMPION));
        assertTrue(line.accuracy(ChallengerLine.CHALLENGER) > 0.2, "the challenger is right on some");
        assertTrue(line.beats(0.2));
        assertEquals(WINDOW / BATCH, line.trainingSteps());
    }

    @Test
    void shouldNotBeatAChampionThatIsRightOnEveryReview() {
        final ChallengerLine line = line();

        feed(line, 0, 2 * WINDOW, true);

        assertEquals(1.0, line.accuracy(ChallengerLine.CHAMPION));
        assertFalse(line.beats(0.0));
    }

    @Test
    void shouldContinueExactlyAsWithoutARestartAfterWriteAndRead() throws IOException {
        final ChallengerLine uninterrupted = line();
        final ChallengerLine interrupted = line();
        feed(uninterrupted, 0, 96, false);
        feed(interrupted, 0, 96, false);

        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            interrupted.write(out);
        }
        final ChallengerLine restored = ChallengerLine.read(new DataInputStream(
                new ByteArrayInputStream(bytes.toByteArray())), WINDOW, ChallengerLineTest::trainer, 0.02);

        assertEquals(uninterrupted.compared(), restored.compared());
        assertEquals(uninterrupted.accuracy(ChallengerLine.CHALLENGER), restored.accuracy(ChallengerLine.CHALLENGER));
        assertEquals(uninterrupted.trainingSteps(), restored.trainingSteps());
        assertArrayEquals(feed(uninterrupted, 96, 160, false), feed(restored, 96, 160, false),
                "the same predictions after more steps: weights and Adam's moments came back");
        assertArrayEquals(ModelFile.toBytes(uninterrupted.model()), ModelFile.toBytes(restored.model()));
        assertEquals(uninterrupted.accuracy(ChallengerLine.CHALLENGER), restored.accuracy(ChallengerLine.CHALLENGER));
    }
}
