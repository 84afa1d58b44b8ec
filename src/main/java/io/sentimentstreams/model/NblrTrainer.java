package io.sentimentstreams.model;

import io.sentimentstreams.text.Ngrams;
import io.sentimentstreams.text.Tokenizer;
import io.sentimentstreams.text.corpus.Review;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains the bag-of-n-grams baseline: NB-weighted logistic regression (Wang and Manning 2012, "NBSVM", with the
 * logistic loss):
 * <ol>
 *   <li>tokenize each training review and take the distinct n-grams up to {@code maxN} (binarized features);</li>
 *   <li>the n-grams found in at least {@code minCount} training reviews become the features f = 0 .. F-1;</li>
 *   <li>the log-count ratio {@code r_f = log((p_f/‖p‖₁) / (q_f/‖q‖₁))} with {@code p = α + Σ_{y=1} x},
 *       {@code q = α + Σ_{y=0} x};</li>
 *   <li>L2-regularised logistic regression on the features {@code x ∘ r} by L-BFGS from zero
 *       ({@link NbLogisticLoss});</li>
 *   <li>the model keeps {@code v = w ∘ r} and b.</li>
 * </ol>
 * Deterministic: no randomness anywhere, the same reviews give the same model.
 */
public final class NblrTrainer {

    /** Receives the L-BFGS progress. */
    public interface Listener {
        void iterationDone(int iteration, int maxIterations, double loss, double gradientNorm);

        Listener SILENT = (iteration, maxIterations, loss, gradientNorm) -> { };
    }

    private static final Tokenizer TOKENIZER = new Tokenizer();

    private final NblrConfig config;
    private final Listener listener;

    public NblrTrainer(final NblrConfig config, final Listener listener) {
        this.config = config;
        this.listener = listener;
    }

    /** Trains on {@code train}; validation figures (if {@code validation} is not empty) go into the facts. */
    public NblrModel train(final List<Review> train, final List<Review> validation, final Map<String, Object> facts) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no labeled training reviews");
        }
        final List<long[]> documents = train.parallelStream()
                .map(r -> Ngrams.distinctKeys(TOKENIZER.tokenize(r.text()), config.maxN())).toList();
        final long[] dictionary = dictionary(documents, config.minCount());
        final int[] offsets = new int[documents.size() + 1];
        final int[] columns = columns(documents, dictionary, offsets);
        final int[] labels = train.stream().mapToInt(Review::label).toArray();
        final double[] ratios = logCountRatios(offsets, columns, labels, dictionary.length, config.alpha());
        final NbLogisticLoss loss = new NbLogisticLoss(offsets, columns, labels, ratios, config.l2());
        final Lbfgs.Result result = new Lbfgs(10, config.maxIterations(), config.tolerance())
                .minimize(loss, new double[loss.size()], (iteration, value, gradientNorm) ->
                        listener.iterationDone(iteration, config.maxIterations(), value, gradientNorm));
        final float[] weights = new float[dictionary.length];
        for (int f = 0; f < weights.length; f++) {
            weights[f] = (float) (result.x()[f] * ratios[f]);
        }
        final double bias = result.x()[dictionary.length];
        final Map<String, Object> allFacts = new LinkedHashMap<>(facts);
        allFacts.put("model", "nblr");
        allFacts.put("ngrams", config.maxN());
        allFacts.put("minCount", config.minCount());
        allFacts.put("alpha", config.alpha());
        allFacts.put("l2", config.l2());
        allFacts.put("features", dictionary.length);
        allFacts.put("iterations", result.iterations());
        allFacts.put("trainLoss", result.value());
        allFacts.put("trainExamples", train.size());
        allFacts.put("validationExamples", validation.size());
        final NblrModel unvalidated = new NblrModel(config.maxN(), dictionary, weights, bias, allFacts);
        if (validation.isEmpty()) {
            return unvalidated;
        }
        final Metrics metrics = Metrics.of(unvalidated.positiveProbabilities(
                validation.stream().map(Review::text).toList()), validation.stream().mapToInt(Review::label).toArray());
        allFacts.put("validationAccuracy", metrics.accuracy());
        allFacts.put("validationLoss", metrics.loss());
        allFacts.put("validationAuc", metrics.auc());
        return new NblrModel(config.maxN(), dictionary, weights, bias, allFacts);
    }

    /** The keys found in at least {@code minCount} documents, ascending. */
    static long[] dictionary(final List<long[]> documents, final int minCount) {
        long total = 0;
        for (final long[] keys : documents) {
            total += keys.length;
        }
        final long[] all = new long[Math.toIntExact(total)];
        int k = 0;
        for (final long[] keys : documents) {
            System.arraycopy(keys, 0, all, k, keys.length);
            k += keys.length;
        }
        Arrays.parallelSort(all);
        int kept = 0;
        for (int i = 0; i < all.length; ) {
            int j = i;
            while (j < all.length && all[j] == all[i]) {
                j++;
            }
            if (j - i >= minCount) {          // each document holds a key once: the run length is its count
                all[kept++] = all[i];
            }
            i = j;
        }
        return Arrays.copyOf(all, kept);
    }

    /** The feature indices of each document (ascending), as rows of a sparse matrix; fills {@code offsets}. */
    static int[] columns(final List<long[]> documents, final long[] dictionary, final int[] offsets) {
        final int[][] rows = new int[documents.size()][];
        int total = 0;
        for (int i = 0; i < rows.length; i++) {
            rows[i] = indices(documents.get(i), dictionary);
            total += rows[i].length;
        }
        final int[] columns = new int[total];
        int k = 0;
        for (int i = 0; i < rows.length; i++) {
            offsets[i] = k;
            System.arraycopy(rows[i], 0, columns, k, rows[i].length);
            k += rows[i].length;
        }
        offsets[rows.length] = k;
        return columns;
    }

    private static int[] indices(final long[] keys, final long[] dictionary) {
        final int[] found = new int[keys.length];
        int k = 0;
        for (final long key : keys) {
            final int f = Arrays.binarySearch(dictionary, key);
            if (f >= 0) {
                found[k++] = f;
            }
        }
        return Arrays.copyOf(found, k);
    }

    /** {@code r_f = log((p_f/‖p‖₁) / (q_f/‖q‖₁))}, {@code p = α + Σ_{y=1} x}, {@code q = α + Σ_{y=0} x}. */
    static double[] logCountRatios(final int[] offsets, final int[] columns, final int[] labels, final int features,
                                   final double alpha) {
        final double[] p = new double[features];
        final double[] q = new double[features];
        Arrays.fill(p, alpha);
        Arrays.fill(q, alpha);
        for (int i = 0; i < labels.length; i++) {
            final double[] counts = labels[i] == 1 ? p : q;
            for (int k = offsets[i]; k < offsets[i + 1]; k++) {
                counts[columns[k]] += 1;
            }
        }
        double pSum = 0;
        double qSum = 0;
        for (int f = 0; f < features; f++) {
            pSum += p[f];
            qSum += q[f];
        }
        final double[] r = new double[features];
        for (int f = 0; f < features; f++) {
            r[f] = Math.log(p[f] / pSum) - Math.log(q[f] / qSum);
        }
        return r;
    }
}
