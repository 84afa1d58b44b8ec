package io.sentimentstreams.app.service;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;

/**
 * When an instance counts as alive (keep it) and as ready (send it work), from its streams state, its model and
 * whether the brokers answer.
 */
public final class Health {

    private Health() {
    }

    /**
     * Alive unless the streams client failed ({@code ERROR}) or is going away ({@code PENDING_SHUTDOWN},
     * {@code NOT_RUNNING}, {@code PENDING_ERROR}): starting and rebalancing are normal life.
     */
    static boolean isLive(final KafkaStreams.State state) {
        return switch (state) {
            case CREATED, REBALANCING, RUNNING -> true;
            case PENDING_SHUTDOWN, NOT_RUNNING, PENDING_ERROR, ERROR -> false;
        };
    }

    /**
     * Ready when the streams client is {@code RUNNING} and the brokers answer ({@code brokerProblem} empty). A model
     * is always there to score with: the registry starts from the initial model.
     */
    static boolean isReady(final KafkaStreams.State state, final Optional<String> brokerProblem) {
        return state == KafkaStreams.State.RUNNING && brokerProblem.isEmpty();
    }

    /** The states of an instance's clients in a phrase: {@code scorer RUNNING; trainer REBALANCING}. */
    static String describe(final Map<String, KafkaStreams.State> states) {
        return states.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining("; "));
    }
}
