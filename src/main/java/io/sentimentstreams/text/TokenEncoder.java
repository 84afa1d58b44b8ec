package io.sentimentstreams.text;

import java.util.List;
import java.util.Objects;

/**
 * Maps tokens to integer ids for the embedding layer.
 *
 * <p>Id {@link #PAD} is reserved for padding in batches and id {@link #UNK} for tokens the encoder
 * does not know; real tokens get ids from 2 to {@code size() - 1}.
 */
public sealed interface TokenEncoder permits Vocabulary, HashingEncoder {

    /** Id used for positions past the end of a sequence in a batch. Never produced by {@link #id}. */
    int PAD = 0;

    /** Id of an unknown token, and the single id of an empty document. */
    int UNK = 1;

    /** Total number of ids, including {@link #PAD} and {@link #UNK}: the embedding table's row count. */
    int size();

    /** Returns the id of {@code token}, or {@link #UNK} if the encoder does not know it. */
    int id(String token);

    /**
     * Encodes a token list into ids, one per token, in order.
     *
     * <p>Never returns an empty array: an empty token list encodes as {@code {UNK}}, because a
     * recurrent network needs at least one step per sequence.
     */
    default int[] encode(final List<String> tokens) {
        Objects.requireNonNull(tokens, "tokens must not be null");
        if (tokens.isEmpty()) {
            return new int[] {UNK};
        }
        final int[] ids = new int[tokens.size()];
        int i = 0;
        for (final String token : tokens) {
            ids[i++] = id(token);
        }
        return ids;
    }
}
