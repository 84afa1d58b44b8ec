package io.sentimentstreams.nn;

/**
 * The architecture of a {@link SentimentNetwork}: everything needed to rebuild it from saved weights.
 *
 * @param cell           ELMAN, LSTM or GRU
 * @param vocabularySize V (including padding and unknown)
 * @param embeddingSize  E
 * @param hiddenSize     H
 * @param classes        K
 * @param pooling        how hidden states become features
 * @param dropout        drop probability on embeddings and features while training, in [0, 1)
 * @param bidirectional  a second cell of the same kind reads each review backwards; features are the two poolings
 *                       side by side
 */
public record NetworkConfig(CellType cell, int vocabularySize, int embeddingSize, int hiddenSize, int classes,
                            Pooling pooling, double dropout, boolean bidirectional) {

    /** A network that reads forwards only. */
    public NetworkConfig(final CellType cell, final int vocabularySize, final int embeddingSize, final int hiddenSize,
                         final int classes, final Pooling pooling, final double dropout) {
        this(cell, vocabularySize, embeddingSize, hiddenSize, classes, pooling, dropout, false);
    }

    /** Size of the features the classifier layer reads: H per direction and per pooled statistic. */
    public int featureSize() {
        return (bidirectional ? 2 : 1) * pooling.width() * hiddenSize;
    }

    public NetworkConfig {
        if (vocabularySize < 3 || embeddingSize < 1 || hiddenSize < 1 || classes < 2) {
            throw new IllegalArgumentException(String.format(
                    "expected V >= 3, E >= 1, H >= 1, K >= 2, got V=%d E=%d H=%d K=%d",
                    vocabularySize, embeddingSize, hiddenSize, classes));
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }
}
