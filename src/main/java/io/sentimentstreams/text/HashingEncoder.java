package io.sentimentstreams.text;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Encodes tokens by hashing them into a fixed number of buckets, for models born in the stream
 * where no vocabulary can be fixed in advance.
 *
 * <p>{@code id(token) = 2 + floorMod(murmur3_x86_32(utf8(token), seed 0x5eed), buckets)}. The hash
 * is implemented here, so ids are stable across JVMs and library versions. {@link #PAD} and
 * {@link #UNK} are never produced for a token. Immutable and thread-safe.
 */
public final class HashingEncoder implements TokenEncoder {

    /** Seed of the token hash; part of the saved model format, never change it. */
    static final int SEED = 0x5eed;

    private static final int RESERVED = 2;

    private final int buckets;

    /**
     * @param buckets number of hash buckets, at least 1; {@link #size()} is {@code buckets + 2}
     */
    public HashingEncoder(final int buckets) {
        if (buckets < 1 || buckets > Integer.MAX_VALUE - RESERVED) {
            throw new IllegalArgumentException(String.format(
                    "buckets must be in [1, %d], got %d", Integer.MAX_VALUE - RESERVED, buckets));
        }
        this.buckets = buckets;
    }

    /** Number of hash buckets. */
    public int buckets() {
        return buckets;
    }

    @Override
    public int size() {
        return buckets + RESERVED;
    }

    @Override
    public int id(final String token) {
        Objects.requireNonNull(token, "token must not be null");
        final int hash = MurmurHash3.hash32(token.getBytes(StandardCharsets.UTF_8), SEED);
        return RESERVED + Math.floorMod(hash, buckets);
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof HashingEncoder that && buckets == that.buckets;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(buckets);
    }

    @Override
    public String toString() {
        return "HashingEncoder[buckets=" + buckets + "]";
    }
}
