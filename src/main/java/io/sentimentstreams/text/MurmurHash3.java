package io.sentimentstreams.text;

/**
 * MurmurHash3 x86_32 (Austin Appleby, public domain), written out here so that token hashes are
 * identical on every JVM and library version. Little-endian blocks, as in the reference
 * {@code MurmurHash3_x86_32}.
 */
final class MurmurHash3 {

    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private MurmurHash3() {
    }

    /** Returns the 32-bit hash of {@code data} with the given seed. */
    static int hash32(final byte[] data, final int seed) {
        final int length = data.length;
        final int blockEnd = length & ~3;
        int h1 = seed;
        for (int i = 0; i < blockEnd; i += 4) {
            final int k1 = (data[i] & 0xff)
                    | (data[i + 1] & 0xff) << 8
                    | (data[i + 2] & 0xff) << 16
                    | (data[i + 3] & 0xff) << 24;
            h1 ^= mixK1(k1);
            h1 = Integer.rotateLeft(h1, 13);
            h1 = h1 * 5 + 0xe6546b64;
        }
        final int tail = length & 3;
        if (tail > 0) {
            int k1 = data[blockEnd] & 0xff;
            if (tail >= 2) {
                k1 |= (data[blockEnd + 1] & 0xff) << 8;
            }
            if (tail == 3) {
                k1 |= (data[blockEnd + 2] & 0xff) << 16;
            }
            h1 ^= mixK1(k1);
        }
        h1 ^= length;
        return fmix32(h1);
    }

    private static int mixK1(final int k1) {
        return Integer.rotateLeft(k1 * C1, 15) * C2;
    }

    private static int fmix32(final int h) {
        int f = h;
        f ^= f >>> 16;
        f *= 0x85ebca6b;
        f ^= f >>> 13;
        f *= 0xc2b2ae35;
        f ^= f >>> 16;
        return f;
    }
}
