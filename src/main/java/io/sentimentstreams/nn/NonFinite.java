package io.sentimentstreams.nn;

import java.util.Locale;

/**
 * What made a training step unusable: the part of it that was not a finite number (NaN or infinite). See
 * {@link Adam#stepIfFinite}.
 */
public enum NonFinite {
    /** The mini-batch's loss. */
    LOSS("loss"),
    /** The gradient: some element NaN or infinite (its global norm is not finite). */
    GRADIENT("gradient"),
    /** The weights or Adam's moments as the update would leave them. */
    WEIGHTS("updated weights or optimizer moments");

    private final String description;

    NonFinite(final String description) {
        this.description = description;
    }

    /** Lower-case name, for metric tags. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What was not finite, for messages: "loss", "gradient", "updated weights or optimizer moments". */
    public String description() {
        return description;
    }
}
