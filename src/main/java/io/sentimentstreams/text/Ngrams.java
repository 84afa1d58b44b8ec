package io.sentimentstreams.text;

import java.util.Arrays;
import java.util.List;

/**
 * Word n-grams of a token list as 64-bit keys, for bag-of-n-grams models.
 *
 * <p>A token's key is FNV-1a over its UTF-16 code units, finished with the SplitMix64 mixer; the key of an n-gram
 * extends the key of its first n-1 tokens: {@code key(t_1..t_n) = mix(key(t_1..t_{n-1}) * P + key(t_n) + n)}.
 * Keys are computed here, so they are the same on every JVM; at 64 bits, two of a few million n-grams collide
 * with a chance of about 1e-6. Stateless and thread-safe.
 */
public final class Ngrams {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long EXTEND = 0x9e3779b97f4a7c15L;

    private Ngrams() {
    }

    /**
     * The distinct keys of every n-gram of {@code tokens} for n = 1 .. {@code maxN}, sorted ascending: the
     * binarized bag of n-grams of one document.
     */
    public static long[] distinctKeys(final List<String> tokens, final int maxN) {
        if (maxN < 1) {
            throw new IllegalArgumentException("n-gram order must be >= 1, got " + maxN);
        }
        final int count = tokens.size();
        final long[] tokenKeys = new long[count];
        for (int i = 0; i < count; i++) {
            tokenKeys[i] = tokenKey(tokens.get(i));
        }
        final long[] keys = new long[count * maxN];
        int k = 0;
        for (int i = 0; i < count; i++) {
            long key = tokenKeys[i];
            keys[k++] = key;
            for (int n = 2; n <= maxN && i + n - 1 < count; n++) {
                key = extend(key, tokenKeys[i + n - 1], n);
                keys[k++] = key;
            }
        }
        final long[] all = Arrays.copyOf(keys, k);
        Arrays.sort(all);
        return distinct(all);
    }

    /** The key of one token (a unigram). */
    public static long tokenKey(final String token) {
        long hash = FNV_OFFSET;
        for (int i = 0; i < token.length(); i++) {
            hash = (hash ^ token.charAt(i)) * FNV_PRIME;
        }
        return mix(hash);
    }

    /** The key of an n-gram from the key of its first n-1 tokens and the key of its last token. */
    static long extend(final long prefix, final long last, final int n) {
        return mix(prefix * EXTEND + last + n);
    }

    /** The values of a sorted array without repeats. */
    private static long[] distinct(final long[] sorted) {
        int k = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                sorted[k++] = sorted[i];
            }
        }
        return Arrays.copyOf(sorted, k);
    }

    /** The finalizer of SplitMix64. */
    private static long mix(final long value) {
        final long z1 = (value ^ (value >>> 30)) * 0xbf58476d1ce4e5b9L;
        final long z2 = (z1 ^ (z1 >>> 27)) * 0x94d049bb133111ebL;
        return z2 ^ (z2 >>> 31);
    }
}
