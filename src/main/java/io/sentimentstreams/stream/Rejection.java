package io.sentimentstreams.stream;

import java.util.Objects;

/**
 * Why one record cannot be processed.
 *
 * @param code   the reason, for machines
 * @param reason the reason in a sentence, for the operator
 */
public record Rejection(DeadLetterReason code, String reason) {

    public Rejection {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
    }
}
