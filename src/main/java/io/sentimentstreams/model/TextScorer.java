package io.sentimentstreams.model;

import java.util.List;

/** Anything that gives texts a probability of being positive: a network's {@link Scorer} or an {@link NblrModel}. */
public interface TextScorer {

    /** Probability of the positive class for each text, in input order. */
    double[] positiveProbabilities(List<String> texts);
}
