package io.sentimentstreams.text;

import java.util.Arrays;
import java.util.Objects;

/**
 * Caps the number of ids per sequence.
 *
 * @param maxTokens the longest sequence kept, at least 1
 * @param mode      which part of a longer sequence to keep
 */
public record TruncationPolicy(int maxTokens, Truncation mode) {

    public TruncationPolicy {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, got " + maxTokens);
        }
        Objects.requireNonNull(mode, "mode must not be null");
    }

    /**
     * Returns {@code ids} itself when it has at most {@link #maxTokens} ids, otherwise a new array of
     * exactly {@link #maxTokens} ids chosen by {@link #mode}.
     */
    public int[] apply(final int[] ids) {
        Objects.requireNonNull(ids, "ids must not be null");
        if (ids.length <= maxTokens) {
            return ids;
        }
        return switch (mode) {
            case HEAD -> Arrays.copyOf(ids, maxTokens);
            case TAIL -> Arrays.copyOfRange(ids, ids.length - maxTokens, ids.length);
            case HEAD_TAIL -> headAndTail(ids);
        };
    }

    private int[] headAndTail(final int[] ids) {
        final int head = maxTokens / 4;
        final int tail = maxTokens - head;
        final int[] kept = new int[maxTokens];
        System.arraycopy(ids, 0, kept, 0, head);
        System.arraycopy(ids, ids.length - tail, kept, head, tail);
        return kept;
    }
}
