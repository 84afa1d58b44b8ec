package io.sentimentstreams.model;

/**
 * Everything that decides the training of an NB-weighted logistic regression ({@link NblrTrainer}).
 *
 * @param maxN          longest n-gram: 1 unigrams, 2 adds bigrams, 3 adds trigrams
 * @param minCount      least number of training documents an n-gram must occur in to become a feature
 * @param alpha         smoothing α of the log-count ratio {@code r = log((p/‖p‖₁) / (q/‖q‖₁))}, p = α + positive counts
 * @param l2            λ of the L2 penalty {@code (λ/2)‖w‖²} on the weights
 * @param maxIterations L-BFGS iterations at most
 * @param tolerance     L-BFGS stops when {@code ‖∇L‖ <= tolerance · max(1, ‖θ‖)}
 */
public record NblrConfig(int maxN, int minCount, double alpha, double l2, int maxIterations, double tolerance) {

    public NblrConfig {
        require(maxN >= 1 && maxN <= 5, "n-gram order must be from 1 to 5, got " + maxN);
        require(minCount >= 1, "min count must be >= 1, got " + minCount);
        require(alpha > 0 && Double.isFinite(alpha), "NB smoothing alpha must be a finite number > 0, got " + alpha);
        require(l2 >= 0 && Double.isFinite(l2), "L2 penalty must be a finite number >= 0, got " + l2);
        require(maxIterations >= 1, "iterations must be >= 1, got " + maxIterations);
        require(tolerance >= 0, "tolerance must be >= 0, got " + tolerance);
    }

    /**
     * Uni-, bi- and trigrams seen in at least two training reviews, α = 1, λ = 1e-4: the best of the set-ups
     * measured in the README.
     */
    public static NblrConfig defaults() {
        return new NblrConfig(3, 2, 1.0, 1e-4, 300, 1e-6);
    }

    private static void require(final boolean condition, final String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
