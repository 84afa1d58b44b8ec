package io.sentimentstreams.app.offline;

import io.sentimentstreams.model.NblrConfig;
import io.sentimentstreams.model.NblrModel;
import io.sentimentstreams.model.NblrModelFile;
import io.sentimentstreams.model.NblrTrainer;
import io.sentimentstreams.text.corpus.Split;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code train --cell nblr}: the bag-of-n-grams baseline, on the same validation split as the networks. */
final class NblrTraining {

    private static final int REPORT_EVERY = 25;

    private NblrTraining() {
    }

    static int run(final Split split, final NblrConfig config, final Path data,
                   final Path modelOut, final long seed, final PrintWriter out, final PrintWriter err) {
        err.printf(Locale.ROOT, "training NB-weighted logistic regression (n-grams up to %d, seen in >= %d reviews, "
                        + "alpha %s, L2 %s) on %d reviews, validating on %d%n", config.maxN(), config.minCount(),
                config.alpha(), config.l2(), split.train().size(), split.validation().size());
        err.flush();
        final Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("data", data.getFileName().toString());
        facts.put("seed", seed);
        final long start = System.nanoTime();
        final NblrModel model = new NblrTrainer(config, (iteration, max, loss, gradientNorm) -> {
            if (iteration % REPORT_EVERY == 0) {
                err.printf(Locale.ROOT, "L-BFGS iteration %d/%d: loss %.5f, gradient norm %.2e, %.0f s%n",
                        iteration, max, loss, gradientNorm, (System.nanoTime() - start) / 1e9);
                err.flush();
            }
        }).train(split.train(), split.validation(), facts);
        final double minutes = (System.nanoTime() - start) / 60e9;
        NblrModelFile.save(model, modelOut);
        final Object accuracy = model.facts().get("validationAccuracy");
        out.printf(Locale.ROOT, "saved %s (nblr, %d features, %s L-BFGS iterations) after %.1f min%s%n", modelOut,
                model.features(), model.facts().get("iterations"), minutes, accuracy == null ? ""
                        : String.format(Locale.ROOT, "; validation accuracy %.2f%%, AUC %.4f",
                        100 * ((Number) accuracy).doubleValue(),
                        ((Number) model.facts().get("validationAuc")).doubleValue()));
        return 0;
    }
}
