package io.sentimentstreams.app.offline;

import io.sentimentstreams.app.console.LinePlot;
import io.sentimentstreams.model.ModelFile;
import io.sentimentstreams.model.SentimentModel;
import io.sentimentstreams.nn.NetworkConfig;
import io.sentimentstreams.stream.PrequentialReplay;
import io.sentimentstreams.stream.StreamsSettings;
import io.sentimentstreams.text.corpus.Review;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code prequential --model FILE}: a model trained offline meets a stream of labeled reviews, as it is (frozen),
 * learning online with the stream trainer's settings (adapting), and beside it the stream's initial model learning
 * from scratch. Prints the prequential accuracy of each per window of reviews and, if asked, plots it.
 */
final class PrequentialComparison {

    private PrequentialComparison() {
    }

    /** The three runs' correct/incorrect predictions, in arrival order. */
    record Runs(boolean[] frozen, boolean[] adapting, boolean[] scratch) {
    }

    static Runs run(final StreamsSettings settings, final Path modelFile, final double unlabeledWeight,
                    final List<Review> reviews, final PrintWriter err) {
        final List<String> texts = reviews.stream().map(Review::text).toList();
        final int[] labels = reviews.stream().mapToInt(Review::label).toArray();
        err.println("frozen: scoring with " + modelFile + " as it is ...");
        err.flush();
        final boolean[] frozen = PrequentialReplay.run(settings, ModelFile.load(modelFile), false, texts, labels,
                done -> { }).correct();
        err.println("adapting: " + modelFile + " tested, then trained on each mini-batch ...");
        err.flush();
        final boolean[] adapting = PrequentialReplay.run(settings, ModelFile.load(modelFile), true,
                unlabeledWeight, texts, labels, done -> { }).correct();
        err.println("from scratch: the stream's initial model tested, then trained on each mini-batch ...");
        err.flush();
        final boolean[] scratch = PrequentialReplay.run(settings, settings.initialModel().create(), true,
                unlabeledWeight, texts, labels, done -> { }).correct();
        return new Runs(frozen, adapting, scratch);
    }

    /** The table: one row per window of {@code window} reviews, then the whole stream. */
    static void print(final Runs runs, final int window, final Path modelFile, final StreamsSettings settings,
                      final double unlabeledWeight, final PrintWriter out) {
        final NetworkConfig model = ModelFile.load(modelFile).network().config();
        out.printf(Locale.ROOT, "frozen and adapting: %s (%s%s, E=%d, H=%d); from scratch: %s %s, hashing %d "
                        + "buckets, E=%d, H=%d; online: batch %d, lr %s%s%n", modelFile.getFileName(),
                model.bidirectional() ? "bidirectional " : "", model.cell().id(), model.embeddingSize(),
                model.hiddenSize(), settings.modelCell().id(), settings.modelPooling().id(),
                settings.modelHashingBuckets(), settings.modelEmbedding(), settings.modelHidden(),
                settings.trainingBatchSize(), settings.trainingLearningRate(),
                unlabeledWeight > 0 ? ", unlabeled weight " + unlabeledWeight : "");
        out.printf(Locale.ROOT, "%-17s %8s %9s %13s%n", "reviews", "frozen", "adapting", "from scratch");
        final int n = runs.frozen().length;
        for (int from = 0; from < n; from += window) {
            final int to = Math.min(n, from + window);
            out.printf(Locale.ROOT, "%6d..%-9d %7.2f%% %8.2f%% %12.2f%%%n", from + 1, to,
                    100 * accuracy(runs.frozen(), from, to), 100 * accuracy(runs.adapting(), from, to),
                    100 * accuracy(runs.scratch(), from, to));
        }
        out.printf(Locale.ROOT, "%-17s %7.2f%% %8.2f%% %12.2f%%%n", "all " + n, 100 * accuracy(runs.frozen(), 0, n),
                100 * accuracy(runs.adapting(), 0, n), 100 * accuracy(runs.scratch(), 0, n));
    }

    /** A PNG of the three accuracy curves over the windows. */
    static void plot(final Runs runs, final int window, final Path png, final String title) {
        final List<LinePlot.Series> series = new ArrayList<>();
        series.add(new LinePlot.Series("frozen", windows(runs.frozen(), window)));
        series.add(new LinePlot.Series("adapting", windows(runs.adapting(), window)));
        series.add(new LinePlot.Series("from scratch", windows(runs.scratch(), window)));
        LinePlot.write(png, title, "window of " + window + " reviews", "prequential accuracy", series, false);
    }

    private static double[] windows(final boolean[] correct, final int window) {
        final int count = (correct.length + window - 1) / window;
        final double[] accuracy = new double[count];
        for (int w = 0; w < count; w++) {
            accuracy[w] = accuracy(correct, w * window, Math.min(correct.length, (w + 1) * window));
        }
        return accuracy;
    }

    static double accuracy(final boolean[] correct, final int from, final int to) {
        int hits = 0;
        for (int i = from; i < to; i++) {
            hits += correct[i] ? 1 : 0;
        }
        return to > from ? (double) hits / (to - from) : Double.NaN;
    }
}
