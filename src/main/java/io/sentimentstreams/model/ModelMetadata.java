package io.sentimentstreams.model;

import java.util.Map;

/**
 * What is known about how a model came to be: free-form facts written at training time (data, seed, epochs,
 * validation figures), kept in the model file. Values are strings or numbers.
 *
 * @param version  model version (0 for a model never published to a stream)
 * @param parent   the version it was trained from, or -1
 * @param facts    training facts, e.g. {@code "validationAccuracy" -> 0.89}
 */
public record ModelMetadata(long version, long parent, Map<String, Object> facts) {

    public ModelMetadata {
        facts = Map.copyOf(facts);
    }

    public static ModelMetadata fresh(final Map<String, Object> facts) {
        return new ModelMetadata(0, -1, facts);
    }
}
