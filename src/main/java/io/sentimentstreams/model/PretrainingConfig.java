package io.sentimentstreams.model;

import io.sentimentstreams.nn.CellType;

/**
 * Everything that decides a language-model pretraining run ({@link Pretrainer}).
 *
 * @param cell           recurrent cell
 * @param embeddingSize  E
 * @param hiddenSize     H
 * @param vocabularySize largest vocabulary (ids, including padding and unknown)
 * @param minCount       least occurrences for a token to get its own id
 * @param chunkTokens    reviews are cut into pieces of at most this many predicted tokens (BPTT length)
 * @param batchSize      pieces per mini-batch
 * @param learningRate   Adam's step size
 * @param clipNorm       global gradient-norm clipping threshold (0 = off)
 * @param candidates     S, candidate classes of the sampled softmax per mini-batch
 * @param epochs         passes over the pieces at most
 * @param minutes        training stops at the first step boundary after this many minutes (0 = no limit)
 * @param seed           seeds initialisation, shuffling and sampling
 * @param threads        data-parallel workers
 * @param bidirectional  also a backward language model (sharing the embedding) for a bidirectional classifier
 * @param weightAverage  decay of a moving average of the weights, which is then what is measured and saved (see
 *                       {@link io.sentimentstreams.nn.WeightAverage}); 0 = off
 */
public record PretrainingConfig(CellType cell, int embeddingSize, int hiddenSize, int vocabularySize, int minCount,
                                int chunkTokens, int batchSize, double learningRate, double clipNorm, int candidates,
                                int epochs, double minutes, long seed, int threads, boolean bidirectional,
                                double weightAverage) {

    /** A forward language model only. */
    public PretrainingConfig(final CellType cell, final int embeddingSize, final int hiddenSize,
                             final int vocabularySize, final int minCount, final int chunkTokens, final int batchSize,
                             final double learningRate, final double clipNorm, final int candidates, final int epochs,
                             final double minutes, final long seed, final int threads) {
        this(cell, embeddingSize, hiddenSize, vocabularySize, minCount, chunkTokens, batchSize, learningRate,
                clipNorm, candidates, epochs, minutes, seed, threads, false);
    }

    /** Without a weight average. */
    public PretrainingConfig(final CellType cell, final int embeddingSize, final int hiddenSize,
                             final int vocabularySize, final int minCount, final int chunkTokens, final int batchSize,
                             final double learningRate, final double clipNorm, final int candidates, final int epochs,
                             final double minutes, final long seed, final int threads, final boolean bidirectional) {
        this(cell, embeddingSize, hiddenSize, vocabularySize, minCount, chunkTokens, batchSize, learningRate,
                clipNorm, candidates, epochs, minutes, seed, threads, bidirectional, 0.0);
    }

    /** The same run keeping, measuring and saving a moving average of the weights with this decay (0 = off). */
    public PretrainingConfig withWeightAverage(final double decay) {
        return new PretrainingConfig(cell, embeddingSize, hiddenSize, vocabularySize, minCount, chunkTokens,
                batchSize, learningRate, clipNorm, candidates, epochs, minutes, seed, threads, bidirectional, decay);
    }

    public PretrainingConfig {
        require(embeddingSize >= 1 && hiddenSize >= 1, "embedding and hidden sizes must be >= 1");
        require(vocabularySize >= 3, "vocabulary size must be >= 3, got " + vocabularySize);
        require(minCount >= 1, "min count must be >= 1, got " + minCount);
        require(chunkTokens >= 1, "chunk length must be >= 1 token, got " + chunkTokens);
        require(batchSize >= 1, "batch must be >= 1, got " + batchSize);
        require(learningRate > 0, "learning rate must be > 0, got " + learningRate);
        require(clipNorm >= 0, "clip norm must be >= 0 (0 disables clipping), got " + clipNorm);
        require(candidates >= 1, "sampled-softmax candidates must be >= 1, got " + candidates);
        require(epochs >= 1, "epochs must be >= 1, got " + epochs);
        require(minutes >= 0 && Double.isFinite(minutes), "minutes must be a finite number >= 0, got " + minutes);
        require(threads >= 1, "threads must be >= 1, got " + threads);
        require(weightAverage >= 0 && weightAverage < 1,
                "weight-average decay must be in [0, 1) (0 = off), got " + weightAverage);
    }

    /** The set-up measured in the README: a GRU of the classifier's default sizes. */
    public static PretrainingConfig defaults() {
        return new PretrainingConfig(CellType.GRU, 128, 128, 30_000, 2, 200, 64, 2e-3, 5.0, 512, 1, 0, 42, 2);
    }

    private static void require(final boolean condition, final String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
