package io.sentimentstreams.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sentimentstreams.app.demo.SyntheticReviews;
import io.sentimentstreams.model.ModelFile;
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
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guards on their own, with models whose answers are known: {@code flipped} is {@code good} with its output
 * layer negated, so it gets wrong exactly the reviews {@code good} gets right, and the labels are {@code good}'s
 * own predictions. Times are the fixed creation times of the versions; nothing depends on the clock.
 */
class TrainerGuardsTest {

    private static final int BATCH = 16;
    private static final long CREATED = 1_700_000_000_000L;

    @TempDir
    Path stateDir;

    private StreamsSettings settings() {
        return StreamFixture.tinySettings(stateDir, Map.of(
                StreamsSettings.TRAINING_BATCH_SIZE, Integer.toString(BATCH),
                StreamsSettings.TRAINING_WINDOW_RECORDS, "160",
                StreamsSettings.PROMOTION_MIN_REVIEWS, "64",
                StreamsSettings.PROMOTION_MAX_ACCURACY_DROP, "0.02",
                StreamsSettings.ROLLBACK_MIN_REVIEWS, "64",
                StreamsSettings.ROLLBACK_ACCURACY_DROP, "0.1",
                StreamsSettings.DRIFT_LAMBDA, "20",
                StreamsSettings.DRIFT_MIN_REVIEWS, "30"));
    }

    private static final List<String> TEXTS = SyntheticReviews.generate(320, 3).stream().map(Review::text).toList();

    private static ModelRegistry.LoadedModel version(final SentimentModel model, final long version) {
        return new ModelRegistry.LoadedModel(model, version, version - 1, CREATED + version);
    }

    /** {@code model} with its output layer negated: its probability of positive is 1 minus the original's. */
    private static SentimentModel flipped(final SentimentModel model) {
        final SentimentModel copy = ModelFile.fromBytes(ModelFile.toBytes(model));
        copy.network().params().stream().filter(p -> p.name().equals("wYh") || p.name().equals("bY"))
                .forEach(p -> p.value().negi());
        return copy;
    }

    /** The labels {@code model} predicts for {@code texts}. */
    private static int[] predictions(final SentimentModel model, final List<String> texts) {
        final double[] probabilities = model.newScorer(BATCH).positiveProbabilities(texts);
        final int[] labels = new int[probabilities.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = probabilities[i] >= 0.5 ? 1 : 0;
        }
        return labels;
    }

    /** The trainer's probabilities: right on every review, or wrong on every one. */
    private static double[] trainer(final int[] labels, final boolean right) {
        final double[] probabilities = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            probabilities[i] = (labels[i] == 1) == right ? 0.9 : 0.1;
        }
        return probabilities;
    }

    /** Judges {@code TEXTS[from, to)} in mini-batches, labeled as {@code teacher} predicts them. */
    private static OptionalDouble judge(final TrainerGuards guards, final ModelRegistry.LoadedModel current,
                                        final SentimentModel teacher, final int from, final int to,
                                        final boolean trainerRight) {
        OptionalDouble drift = OptionalDouble.empty();
        for (int start = from; start < to; start += BATCH) {
            final List<String> texts = TEXTS.subList(start, start + BATCH);
            final int[] labels = predictions(teacher, texts);
            final OptionalDouble signalled = guards.judge(current, texts, labels, trainer(labels, trainerRight));
            if (signalled.isPresent()) {
                drift = signalled;
            }
        }
        return drift;
    }

    @Test
    void shouldHoldACandidateWhoseWeightsAreNotAllFinite() {
        final StreamsSettings settings = settings();
        final SentimentModel good = settings.initialModel().create();
        final TrainerGuards guards = new TrainerGuards(settings);
        judge(guards, version(good, 1), good, 0, 32, true);
        final SentimentModel broken = ModelFile.fromBytes(ModelFile.toBytes(good));
        broken.network().params().get(0).value().putScalar(0, Float.NaN);

        final Optional<TrainerGuards.Held> held = guards.gate(broken);

        assertTrue(held.isPresent());
        assertTrue(held.get().reason().contains("not all finite"), held.get().reason());
    }

    @Test
    void shouldServeACandidateBeforeEnoughReviewsAreJudged() {
        final StreamsSettings settings = settings();
        final SentimentModel good = settings.initialModel().create();
        final TrainerGuards guards = new TrainerGuards(settings);

        judge(guards, version(good, 1), good, 0, 48, false);   // 48 < promotion.min.reviews

        assertEquals(Optional.empty(), guards.gate(good));
    }

    @Test
    void shouldHoldACandidateThatFallsBelowTheServingVersion() {
        final StreamsSettings settings = settings();
        final SentimentModel good = settings.initialModel().create();
        final TrainerGuards guards = new TrainerGuards(settings);

        judge(guards, version(good, 1), good, 0, 64, false);

        final Optional<TrainerGuards.Held> held = guards.gate(good);
        assertTrue(held.isPresent());
        assertEquals(0.0, held.get().accuracy(), "the trainer was wrong on every review");
        assertTrue(held.get().reason().contains("below the 1.000 of serving version 1 on the same 64"),
                held.get().reason());
    }

    @Test
    void shouldServeACandidateAsGoodAsTheServingVersion() {
        final StreamsSettings settings = settings();
        final SentimentModel good = settings.initialModel().create();
        final TrainerGuards guards = new TrainerGuards(settings);

        judge(guards, version(good, 1), good, 0, 64, true);

        assertEquals(Optional.empty(), guards.gate(good));
    }

    @Test
    void shouldRollBackToTheVersionThatDidBestWhenTheServingOneFallsBehind() {
        final StreamsSettings settings = settings();
        final SentimentModel good = settings.initialModel().create();
        final TrainerGuards guards = new TrainerGuards(settings);
        judge(guards, version(good, 1), good, 0, 64, true);            // version 1 judged on 64 reviews
        final ModelRegistry.LoadedModel bad = version(flipped(good), 2);

        judge(guards, bad, good, 64, 112, true);
        assertEquals(Optional.empty(), guards.rollbackDue(), "48 reviews are fewer than rollback.min.reviews");
        judge(guards, bad, good, 112, 128, true);

        assertEquals(1, guards.referenceVersion());
        assertEquals(1, guards.rollbackDue().orElseThrow().version());
        assertEquals(0.0, guards.servingAccuracy());
        assertEquals(1.0, guards.referenceAccuracy());
    }

    @Test
    void shouldNotRollBackWhenTheReferenceDoesNoBetterOnTheNewReviews() {
        final StreamsSettings settings = settings();
        final SentimentModel good = settings.initialModel().create();
        final TrainerGuards guards = new TrainerGuards(settings);
        judge(guards, version(good, 1), good, 0, 64, true);
        final SentimentModel other = flipped(good);

        judge(guards, version(other, 2), other, 64, 192, true);   // the data changed: now the new version is right

        assertEquals(1, guards.referenceVersion());
        assertEquals(Optional.empty(), guards.rollbackDue());
    }

    @Test
    void shouldSignalADriftWhenTheTrainersErrorsRise() {
        final StreamsSettings settings = settings();
        final SentimentModel good = settings.initialModel().create();
        final TrainerGuards guards = new TrainerGuards(settings);
        final ModelRegistry.LoadedModel serving = version(good, 1);

        assertFalse(judge(guards, serving, good, 0, 160, true).isPresent(), "no drift while the trainer is right");
        final OptionalDouble drift = judge(guards, serving, good, 160, 320, false);

        assertTrue(drift.isPresent(), "160 errors in a row after 160 right answers");
        assertTrue(drift.getAsDouble() > 20, "PH_T above lambda: " + drift.getAsDouble());
    }

    @Test
    void shouldContinueFromWhatItWroteWhenTheSameVersionServes() throws IOException {
        final StreamsSettings settings = settings();
        final SentimentModel good = settings.initialModel().create();
        final TrainerGuards guards = new TrainerGuards(settings);
        judge(guards, version(good, 1), good, 0, 64, true);
        final ModelRegistry.LoadedModel bad = version(flipped(good), 2);
        judge(guards, bad, good, 64, 112, true);

        final TrainerGuards restored = new TrainerGuards(settings);
        restored.read(in(guards), bad);

        assertEquals(1, restored.referenceVersion());
        assertEquals(48, restored.judgedReviews(), "the judged window belongs to the serving version: kept");
        assertEquals(Optional.empty(), restored.rollbackDue());
        judge(restored, bad, good, 112, 128, true);
        assertEquals(1, restored.rollbackDue().orElseThrow().version(), "as without the restart");
        assertEquals(1.0, restored.referenceAccuracy(), "the reference's weights came back");
    }

    @Test
    void shouldStartTheJudgedWindowAfreshWhenAnotherVersionServesAfterARestart() throws IOException {
        final StreamsSettings settings = settings();
        final SentimentModel good = settings.initialModel().create();
        final TrainerGuards guards = new TrainerGuards(settings);
        judge(guards, version(good, 1), good, 0, 64, true);
        judge(guards, version(flipped(good), 2), good, 64, 112, true);

        final TrainerGuards restored = new TrainerGuards(settings);
        restored.read(in(guards), version(good, 3));

        assertEquals(0, restored.judgedReviews());
        assertEquals(3, restored.servingVersion());
        assertEquals(1, restored.referenceVersion());
    }

    private static DataInputStream in(final TrainerGuards guards) throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            guards.write(out);
        }
        return new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    }
}
