package io.sentimentstreams.app.service;

import java.util.Locale;

/**
 * What one {@code run} process does. Scoring and training are separate Kafka Streams clients, since Kafka Streams
 * runs one topology per consumer group and the trainer must have a stream thread of its own: the scorers form the
 * group {@code application.id}, the one active trainer the group {@code <application.id>-trainer}.
 */
public enum Role {
    /** Decoding, scoring, dead letters and the models it scores with. */
    SCORER,
    /** The online trainer alone, on one stream thread, publishing model snapshots. */
    TRAINER,
    /** Both clients in one JVM: what the demo and a single machine run. */
    ALL;

    public boolean scores() {
        return this != TRAINER;
    }

    public boolean trains() {
        return this != SCORER;
    }

    /** As given on the command line: {@code scorer}, {@code trainer}, {@code all}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
