package io.sentimentstreams.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A fixed token-to-id table built from a corpus. Id 0 is {@value #PAD_TOKEN}, id 1 is
 * {@value #UNK_TOKEN}, and the kept tokens follow, most frequent first. Immutable and thread-safe.
 */
public final class Vocabulary implements TokenEncoder {

    /** The token saved at id {@link #PAD}. */
    public static final String PAD_TOKEN = "<pad>";

    /** The token saved at id {@link #UNK}. */
    public static final String UNK_TOKEN = "<unk>";

    private static final Comparator<Map.Entry<String, Integer>> MOST_FREQUENT_FIRST =
            Map.Entry.<String, Integer>comparingByValue().reversed()
                    .thenComparing(Map.Entry.comparingByKey());

    private final List<String> tokens;
    private final Map<String, Integer> ids;

    private Vocabulary(final List<String> tokensInIdOrder) {
        this.tokens = Collections.unmodifiableList(new ArrayList<>(tokensInIdOrder));
        this.ids = new HashMap<>(tokensInIdOrder.size() * 2);
        for (int id = 0; id < tokensInIdOrder.size(); id++) {
            final String token = Objects.requireNonNull(tokensInIdOrder.get(id),
                    () -> "tokens must not contain null");
            if (ids.putIfAbsent(token, id) != null) {
                throw new IllegalArgumentException(String.format(
                        "duplicate token \"%s\" at ids %d and %d", token, ids.get(token), id));
            }
        }
    }

    /**
     * Counts the tokens of {@code documents} and keeps those seen at least {@code minCount} times,
     * most frequent first, ties in the tokens' natural {@link String} order, so the result is
     * deterministic. The reserved strings {@value #PAD_TOKEN} and {@value #UNK_TOKEN} are not
     * counted.
     *
     * @param documents tokenized documents
     * @param minCount  minimum number of occurrences for a token to be kept, at least 1
     * @param maxSize   maximum number of ids including {@link #PAD} and {@link #UNK}, at least 2
     */
    public static Vocabulary build(final Iterable<? extends List<String>> documents, final int minCount,
                                   final int maxSize) {
        Objects.requireNonNull(documents, "documents must not be null");
        if (minCount < 1) {
            throw new IllegalArgumentException("minCount must be at least 1, got " + minCount);
        }
        if (maxSize < 2) {
            throw new IllegalArgumentException(
                    "maxSize must be at least 2 (room for " + PAD_TOKEN + " and " + UNK_TOKEN + "), got " + maxSize);
        }
        final List<Map.Entry<String, Integer>> kept = new ArrayList<>();
        for (final Map.Entry<String, Integer> entry : count(documents).entrySet()) {
            if (entry.getValue() >= minCount) {
                kept.add(entry);
            }
        }
        kept.sort(MOST_FREQUENT_FIRST);
        final int size = Math.min(maxSize, kept.size() + 2);
        final List<String> tokens = new ArrayList<>(size);
        tokens.add(PAD_TOKEN);
        tokens.add(UNK_TOKEN);
        for (int i = 0; tokens.size() < size; i++) {
            tokens.add(kept.get(i).getKey());
        }
        return new Vocabulary(tokens);
    }

    /**
     * Rebuilds a vocabulary from its saved token list ({@link #tokens()}).
     *
     * @param tokensInIdOrder {@value #PAD_TOKEN}, {@value #UNK_TOKEN}, then the tokens; no nulls, no
     *                        duplicates
     */
    public static Vocabulary of(final List<String> tokensInIdOrder) {
        Objects.requireNonNull(tokensInIdOrder, "tokensInIdOrder must not be null");
        if (tokensInIdOrder.size() < 2
                || !PAD_TOKEN.equals(tokensInIdOrder.get(PAD))
                || !UNK_TOKEN.equals(tokensInIdOrder.get(UNK))) {
            throw new IllegalArgumentException(String.format(
                    "tokens must start with [%s, %s], got %s", PAD_TOKEN, UNK_TOKEN,
                    tokensInIdOrder.subList(0, Math.min(2, tokensInIdOrder.size()))));
        }
        return new Vocabulary(tokensInIdOrder);
    }

    private static Map<String, Integer> count(final Iterable<? extends List<String>> documents) {
        final Map<String, Integer> counts = new HashMap<>();
        for (final List<String> document : documents) {
            Objects.requireNonNull(document, "documents must not contain null");
            for (final String token : document) {
                Objects.requireNonNull(token, "documents must not contain null tokens");
                if (!PAD_TOKEN.equals(token) && !UNK_TOKEN.equals(token)) {
                    counts.merge(token, 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    /** All tokens in id order, starting with {@value #PAD_TOKEN} and {@value #UNK_TOKEN}; unmodifiable. */
    public List<String> tokens() {
        return tokens;
    }

    /** Returns the token with the given id. */
    public String token(final int id) {
        if (id < 0 || id >= tokens.size()) {
            throw new IllegalArgumentException(String.format("id must be in [0, %d), got %d", tokens.size(), id));
        }
        return tokens.get(id);
    }

    @Override
    public int size() {
        return tokens.size();
    }

    @Override
    public int id(final String token) {
        Objects.requireNonNull(token, "token must not be null");
        final Integer id = ids.get(token);
        return id == null ? UNK : id;
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof Vocabulary that && tokens.equals(that.tokens);
    }

    @Override
    public int hashCode() {
        return tokens.hashCode();
    }

    @Override
    public String toString() {
        return "Vocabulary[size=" + tokens.size() + "]";
    }
}
