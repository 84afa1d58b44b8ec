package io.sentimentstreams.app.demo;

import io.sentimentstreams.app.console.ProgressBar;
import io.sentimentstreams.app.offline.TrainCommand;
import io.sentimentstreams.model.Metrics;
import io.sentimentstreams.model.ModelFile;
import io.sentimentstreams.model.SentimentModel;
import io.sentimentstreams.model.Trainer;
import io.sentimentstreams.model.TrainingConfig;
import io.sentimentstreams.nn.CellType;
import io.sentimentstreams.nn.Init;
import io.sentimentstreams.nn.Pooling;
import io.sentimentstreams.text.Truncation;
import io.sentimentstreams.text.corpus.Review;
import io.sentimentstreams.text.corpus.Split;
import io.sentimentstreams.text.corpus.Splits;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code demo --offline}: trains a small model, evaluates it on held-out reviews, saves it and scores a few
 * sentences, without any broker; ends by itself in about a minute. Takes its reviews from {@link DemoData}:
 * {@code --data}, else the cached IMDB copy, else built-in synthetic reviews.
 */
public final class OfflineDemo {

    private static final List<String> EXAMPLES = List.of(
            "A wonderful film: the acting is superb and the story kept me hooked until the end.",
            "Dull, predictable and far too long. I wanted my money back.",
            "Not bad at all, though the ending was weak.");

    private OfflineDemo() {
    }

    /** Runs the offline demo on up to {@code reviews} reviews of {@code data} and returns the exit code. */
    static int run(final DemoData.Source data, final int reviews, final int epochs, final Path modelOut,
                   final PrintWriter out, final PrintWriter err) {
        final List<Review> used = reviews(data, reviews, out, err);
        final Split split = Splits.trainValidation(used, 0.2, 7);
        final TrainingConfig config = new TrainingConfig(CellType.GRU, 32, 32, Pooling.MAX, 0.1, epochs, 32, 5e-3,
                0.8, 5.0, "adam", 200, Truncation.HEAD_TAIL, 10_000, 2, 0, 0, Init.Recurrent.ORTHOGONAL, 1.0, 7, 2);
        out.printf(Locale.ROOT, "training a GRU (E=32, H=32) on %d reviews for %d epochs, holding out %d%n",
                split.train().size(), epochs, split.validation().size());
        out.flush();
        final SentimentModel model = new Trainer(config, new ProgressBar(err)).train(split.train(),
                split.validation(), Map.of("data", data.synthetic() ? "synthetic"
                        : String.valueOf(data.path().getFileName())));
        final double[] positive = model.newScorer(64).positiveProbabilities(
                split.validation().stream().map(Review::text).toList());
        final Metrics metrics = Metrics.of(positive, split.validation().stream().mapToInt(Review::label).toArray());
        out.println("held-out: " + TrainCommand.describe(metrics));
        ModelFile.save(model, modelOut);
        out.printf(Locale.ROOT, "model saved to %s (%d bytes)%n", modelOut, fileSize(modelOut));
        final double[] examples = model.newScorer(8).positiveProbabilities(EXAMPLES);
        for (int i = 0; i < EXAMPLES.size(); i++) {
            out.printf(Locale.ROOT, "  p(positive) = %.3f  %s%n", examples[i], EXAMPLES.get(i));
        }
        return 0;
    }

    private static List<Review> reviews(final DemoData.Source data, final int reviews, final PrintWriter out,
                                        final PrintWriter err) {
        if (data.synthetic()) {
            out.printf(Locale.ROOT, "data: %d built-in synthetic reviews (%s)%n", reviews, data.syntheticReason());
            return SyntheticReviews.generate(reviews, 7);
        }
        final List<Review> used = DemoData.labeled(data, reviews, err);
        out.printf(Locale.ROOT, "data: %s (%d reviews)%n", data.describe(), used.size());
        return used;
    }

    private static long fileSize(final Path file) {
        try {
            return Files.size(file);
        } catch (final java.io.IOException e) {
            return -1;
        }
    }
}
