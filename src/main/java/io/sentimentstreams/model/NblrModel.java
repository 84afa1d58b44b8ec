package io.sentimentstreams.model;

import io.sentimentstreams.text.Ngrams;
import io.sentimentstreams.text.Tokenizer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A trained NB-weighted logistic regression over binarized word n-grams: {@code P(positive) = σ(b + Σ_f v_f)} over
 * the distinct n-grams f of the text that were features in training, where {@code v_f = w_f r_f} folds the
 * log-count ratio into the weight. Immutable and thread-safe.
 */
public final class NblrModel implements TextScorer {

    private static final Tokenizer TOKENIZER = new Tokenizer();

    private final int maxN;
    private final long[] keys;      // [F] n-gram keys, ascending
    private final float[] weights;  // [F] v_f = w_f r_f
    private final double bias;
    private final Map<String, Object> facts;

    public NblrModel(final int maxN, final long[] keys, final float[] weights, final double bias,
                     final Map<String, Object> facts) {
        if (keys.length != weights.length) {
            throw new IllegalArgumentException("expected one weight per n-gram key, got " + keys.length + " keys and "
                    + weights.length + " weights");
        }
        for (int f = 1; f < keys.length; f++) {
            if (keys[f] <= keys[f - 1]) {
                throw new IllegalArgumentException("n-gram keys must be strictly ascending (at " + f + ")");
            }
        }
        this.maxN = maxN;
        this.keys = keys;
        this.weights = weights;
        this.bias = bias;
        this.facts = Map.copyOf(facts);
    }

    /** The logit {@code b + Σ_f v_f} of a text. */
    public double logit(final String text) {
        double z = bias;
        for (final long key : Ngrams.distinctKeys(TOKENIZER.tokenize(text), maxN)) {
            final int f = Arrays.binarySearch(keys, key);
            if (f >= 0) {
                z += weights[f];
            }
        }
        return z;
    }

    @Override
    public double[] positiveProbabilities(final List<String> texts) {
        final double[] result = new double[texts.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = NbLogisticLoss.sigmoid(logit(texts.get(i)));
        }
        return result;
    }

    public int maxN() {
        return maxN;
    }

    /** The n-gram keys, ascending (a copy). */
    public long[] keys() {
        return keys.clone();
    }

    /** The folded weights {@code v_f}, in key order (a copy). */
    public float[] weights() {
        return weights.clone();
    }

    public int features() {
        return keys.length;
    }

    public double bias() {
        return bias;
    }

    public Map<String, Object> facts() {
        return facts;
    }
}
