package io.sentimentstreams.nn;

import java.util.Locale;

/**
 * What made a training step unusable: the part of it that was not a finite number (NaN or infinite). See
 * {@link Adam#stepIfFinite}.
 */
public enum NonFinite {
    /** The mini-batch's loss. */
    LOSS("its loss is not a finite number"),
    /** The gradient: some element NaN or infinite (its global norm is not finite). */
    GRADIENT("its gradient holds a value that is not a finite number"),
    /** The weights or Adam's moments as the update would leave them. */
    WEIGHTS("its update would make a weight or an optimizer moment not a finite number");

    private final String description;

    NonFinite(final String description) {
        this.description = description;
    }

    /** Lower-case name, for metric tags. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What was not finite, as a clause about the step: "its loss is not a finite number", ... */
    public String description() {
        return description;
    }
}
