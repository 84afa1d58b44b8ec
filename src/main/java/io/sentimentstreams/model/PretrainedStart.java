package io.sentimentstreams.model;

import io.sentimentstreams.nn.NetworkConfig;
import io.sentimentstreams.nn.Param;
import io.sentimentstreams.nn.SentimentNetwork;
import java.util.Arrays;
import java.util.List;

/** Starts a classifier from a pretrained one: every parameter but the classifier layer (wYh, bY) is copied. */
final class PretrainedStart {

    private PretrainedStart() {
    }

    static void copyEncoder(final SentimentNetwork from, final SentimentNetwork to) {
        final NetworkConfig a = from.config();
        final NetworkConfig b = to.config();
        if (a.cell() != b.cell() || a.vocabularySize() != b.vocabularySize()
                || a.embeddingSize() != b.embeddingSize() || a.hiddenSize() != b.hiddenSize()
                || a.bidirectional() != b.bidirectional()) {
            throw new IllegalArgumentException(String.format(
                    "the pretrained model is a %s%s with V=%d E=%d H=%d, the classifier a %s%s with V=%d E=%d H=%d",
                    a.bidirectional() ? "bidirectional " : "", a.cell().id(), a.vocabularySize(), a.embeddingSize(),
                    a.hiddenSize(), b.bidirectional() ? "bidirectional " : "", b.cell().id(), b.vocabularySize(),
                    b.embeddingSize(), b.hiddenSize()));
        }
        final List<Param> source = from.params();
        final List<Param> target = to.params();
        for (int i = 0; i < target.size() - 2; i++) {   // wE and the cells' parameters
            if (!source.get(i).name().equals(target.get(i).name())
                    || !Arrays.equals(source.get(i).value().shape(), target.get(i).value().shape())) {
                throw new IllegalArgumentException("pretrained parameter " + source.get(i).name()
                        + " does not match " + target.get(i).name());
            }
            target.get(i).value().assign(source.get(i).value());
        }
    }
}
