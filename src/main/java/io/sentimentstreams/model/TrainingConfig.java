package io.sentimentstreams.model;

import io.sentimentstreams.nn.CellType;
import io.sentimentstreams.nn.Init;
import io.sentimentstreams.nn.Pooling;
import io.sentimentstreams.text.Truncation;

/**
 * Everything that decides an offline training run. {@link #defaultsFor} gives, per cell, the set-up that works
 * best for it within the time budget (see the README for the measured figures).
 *
 * @param cell               recurrent cell
 * @param embeddingSize      E
 * @param hiddenSize         H
 * @param pooling            features from the hidden states
 * @param dropout            on embeddings and features
 * @param epochs             passes over the training data
 * @param batchSize          sequences per mini-batch
 * @param learningRate       optimizer step size
 * @param learningRateDecay  multiplies the learning rate after every epoch
 * @param clipNorm           global gradient-norm clipping threshold (0 = none)
 * @param optimizer          "adam" or "sgd"
 * @param maxTokens          longest sequence kept
 * @param truncation         which part of longer reviews is kept
 * @param vocabularySize     largest vocabulary (ids, including padding and unknown)
 * @param minCount           least occurrences for a token to get its own id
 * @param hashingBuckets     0 builds a vocabulary; N &gt; 0 hashes tokens into N buckets instead
 * @param bpttSteps          0 for full BPTT, k for k-step truncated BPTT
 * @param recurrentInit      initialisation of W_hh
 * @param identityScale      scale of the identity initialisation
 * @param seed               seeds initialisation, shuffling and dropout
 * @param threads            data-parallel workers (each with one native thread)
 * @param bidirectional      a second cell reads each review backwards
 * @param layerRate          discriminative fine-tuning: each layer is stepped at this share of the rate of the
 *                           layer above it (classifier 1, recurrent cell layerRate, embedding layerRate²); 1 = all
 *                           at the same rate
 * @param freezeEpochs       the first this many epochs train only the classifier on the frozen embedding and cell
 * @param adversarial        ε of adversarial training on the embedded inputs (each step adds the loss of the
 *                           inputs moved by ε along their loss gradient, see
 *                           {@link io.sentimentstreams.nn.SentimentNetwork#adversarialPerturbation}); 0 = off
 * @param weightAverage      decay of an exponential moving average of the weights, which is then what is
 *                           evaluated and kept (see {@link io.sentimentstreams.nn.WeightAverage}); 0 = off
 */
public record TrainingConfig(CellType cell, int embeddingSize, int hiddenSize, Pooling pooling, double dropout,
                             int epochs, int batchSize, double learningRate, double learningRateDecay,
                             double clipNorm, String optimizer, int maxTokens, Truncation truncation,
                             int vocabularySize, int minCount, int hashingBuckets, int bpttSteps, Init.Recurrent recurrentInit,
                             double identityScale, long seed, int threads, boolean bidirectional,
                             double layerRate, int freezeEpochs, double adversarial,
                             double weightAverage) {

    /** A network that reads forwards only. */
    public TrainingConfig(final CellType cell, final int embeddingSize, final int hiddenSize, final Pooling pooling,
                          final double dropout, final int epochs, final int batchSize, final double learningRate,
                          final double learningRateDecay, final double clipNorm, final String optimizer,
                          final int maxTokens, final Truncation truncation, final int vocabularySize,
                          final int minCount, final int hashingBuckets, final int bpttSteps,
                          final Init.Recurrent recurrentInit, final double identityScale, final long seed,
                          final int threads) {
        this(cell, embeddingSize, hiddenSize, pooling, dropout, epochs, batchSize, learningRate, learningRateDecay,
                clipNorm, optimizer, maxTokens, truncation, vocabularySize, minCount, hashingBuckets, bpttSteps,
                recurrentInit, identityScale, seed, threads, false);
    }

    /** Every layer trained at the same rate from the first epoch. */
    public TrainingConfig(final CellType cell, final int embeddingSize, final int hiddenSize, final Pooling pooling,
                          final double dropout, final int epochs, final int batchSize, final double learningRate,
                          final double learningRateDecay, final double clipNorm, final String optimizer,
                          final int maxTokens, final Truncation truncation, final int vocabularySize,
                          final int minCount, final int hashingBuckets, final int bpttSteps,
                          final Init.Recurrent recurrentInit, final double identityScale, final long seed,
                          final int threads, final boolean bidirectional) {
        this(cell, embeddingSize, hiddenSize, pooling, dropout, epochs, batchSize, learningRate, learningRateDecay,
                clipNorm, optimizer, maxTokens, truncation, vocabularySize, minCount, hashingBuckets, bpttSteps,
                recurrentInit, identityScale, seed, threads, bidirectional, 1.0, 0, 0.0, 0.0);
    }

    /** The same set-up with a backward cell or without. */
    public TrainingConfig withBidirectional(final boolean value) {
        return new TrainingConfig(cell, embeddingSize, hiddenSize, pooling, dropout, epochs, batchSize, learningRate,
                learningRateDecay, clipNorm, optimizer, maxTokens, truncation, vocabularySize, minCount,
                hashingBuckets, bpttSteps, recurrentInit, identityScale, seed, threads, value, layerRate,
                freezeEpochs, adversarial, weightAverage);
    }

    /** The same set-up fine-tuned with these layer rates and frozen epochs (see the parameters above). */
    public TrainingConfig withFineTuning(final double layerRate, final int freezeEpochs) {
        return new TrainingConfig(cell, embeddingSize, hiddenSize, pooling, dropout, epochs, batchSize, learningRate,
                learningRateDecay, clipNorm, optimizer, maxTokens, truncation, vocabularySize, minCount,
                hashingBuckets, bpttSteps, recurrentInit, identityScale, seed, threads, bidirectional, layerRate,
                freezeEpochs, adversarial, weightAverage);
    }

    /** The same set-up with adversarial training of this ε (0 = off). */
    public TrainingConfig withAdversarial(final double epsilon) {
        return new TrainingConfig(cell, embeddingSize, hiddenSize, pooling, dropout, epochs, batchSize, learningRate,
                learningRateDecay, clipNorm, optimizer, maxTokens, truncation, vocabularySize, minCount,
                hashingBuckets, bpttSteps, recurrentInit, identityScale, seed, threads, bidirectional, layerRate,
                freezeEpochs, epsilon, weightAverage);
    }

    /** The same set-up keeping and evaluating a moving average of the weights with this decay (0 = off). */
    public TrainingConfig withWeightAverage(final double decay) {
        return new TrainingConfig(cell, embeddingSize, hiddenSize, pooling, dropout, epochs, batchSize, learningRate,
                learningRateDecay, clipNorm, optimizer, maxTokens, truncation, vocabularySize, minCount,
                hashingBuckets, bpttSteps, recurrentInit, identityScale, seed, threads, bidirectional, layerRate,
                freezeEpochs, adversarial, decay);
    }

    /**
     * The share of the learning rate of each layer of {@link io.sentimentstreams.nn.SentimentNetwork#layers()}
     * (from the bottom) in the given epoch (from 1): 0 below the classifier while frozen, else layerRate to the
     * power of the layer's distance from the classifier.
     */
    public double[] layerRates(final int layers, final int epoch) {
        final double[] rates = new double[layers];
        for (int layer = 0; layer < layers; layer++) {
            final int below = layers - 1 - layer;
            rates[layer] = below == 0 ? 1.0 : epoch <= freezeEpochs ? 0.0 : Math.pow(layerRate, below);
        }
        return rates;
    }

    public TrainingConfig {
        require(embeddingSize >= 1 && hiddenSize >= 1, "embedding and hidden sizes must be >= 1");
        require(epochs >= 1, "epochs must be >= 1, got " + epochs);
        require(batchSize >= 1, "batch must be >= 1, got " + batchSize);
        require(learningRate > 0, "learning rate must be > 0, got " + learningRate);
        require(learningRateDecay > 0 && learningRateDecay <= 1, "learning-rate decay must be in (0, 1]");
        require(clipNorm >= 0, "clip norm must be >= 0 (0 disables clipping), got " + clipNorm);
        require(optimizer.equals("adam") || optimizer.equals("sgd"), "optimizer must be adam or sgd");
        require(maxTokens >= 1, "max tokens must be >= 1, got " + maxTokens);
        require(vocabularySize >= 3, "vocabulary size must be >= 3, got " + vocabularySize);
        require(minCount >= 1, "min count must be >= 1, got " + minCount);
        require(hashingBuckets >= 0, "hashing buckets must be >= 0 (0 = vocabulary), got " + hashingBuckets);
        require(bpttSteps >= 0, "bptt steps must be >= 0 (0 = full), got " + bpttSteps);
        require(threads >= 1, "threads must be >= 1, got " + threads);
        require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got " + dropout);
        require(layerRate > 0 && layerRate <= 1, "layer rate must be in (0, 1], got " + layerRate);
        require(adversarial >= 0 && Double.isFinite(adversarial),
                "adversarial epsilon must be >= 0 (0 = off), got " + adversarial);
        require(weightAverage >= 0 && weightAverage < 1,
                "weight-average decay must be in [0, 1) (0 = off), got " + weightAverage);
        require(freezeEpochs >= 0 && freezeEpochs <= epochs,
                "frozen epochs must be >= 0 and at most the epochs (" + epochs + "), got " + freezeEpochs);
    }

    /** The best known set-up for each cell on IMDB-like reviews. */
    public static TrainingConfig defaultsFor(final CellType cell) {
        return switch (cell) {
            case GRU -> new TrainingConfig(cell, 128, 128, Pooling.MAX, 0.3, 4, 32, 2e-3, 0.7, 5.0, "adam",
                    400, Truncation.HEAD_TAIL, 30_000, 2, 0, 0, Init.Recurrent.ORTHOGONAL, 1.0, 42, 2);
            case LSTM -> new TrainingConfig(cell, 128, 128, Pooling.MAX, 0.3, 4, 32, 2e-3, 0.7, 5.0, "adam",
                    400, Truncation.HEAD_TAIL, 30_000, 2, 0, 0, Init.Recurrent.ORTHOGONAL, 1.0, 42, 2);
            case ELMAN -> new TrainingConfig(cell, 128, 128, Pooling.MAX, 0.3, 4, 32, 1e-3, 0.7, 1.0, "adam",
                    400, Truncation.HEAD_TAIL, 30_000, 2, 0, 0, Init.Recurrent.IDENTITY, 0.5, 42, 2);
        };
    }

    private static void require(final boolean condition, final String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
