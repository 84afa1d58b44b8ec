package io.sentimentstreams.text.corpus;

import java.util.List;
import java.util.Objects;

/**
 * Reviews divided into a training and a validation part; see {@link Splits#trainValidation}.
 *
 * @param train      the training reviews (an immutable copy)
 * @param validation the validation reviews (an immutable copy)
 */
public record Split(List<Review> train, List<Review> validation) {

    public Split {
        Objects.requireNonNull(train, "train must not be null");
        Objects.requireNonNull(validation, "validation must not be null");
        train = List.copyOf(train);
        validation = List.copyOf(validation);
    }
}
