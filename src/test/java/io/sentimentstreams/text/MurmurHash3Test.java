package io.sentimentstreams.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MurmurHash3Test {

    /** Published MurmurHash3_x86_32 vectors; the 1-, 2- and 3-byte tails agree with Guava's murmur3_32_fixed. */
    @ParameterizedTest
    @CsvSource({
        "'', 00000000, 00000000",
        "'', 00000001, 514e28b7",
        "'', ffffffff, 81f16f39",
        "hello, 00000000, 248bfa47",
        "aaaa, 9747b28c, 5a97808a",
        "The quick brown fox jumps over the lazy dog, 9747b28c, 2fa826cd",
        "a, 00000000, 3c2569b2",
        "ab, 00000000, 9bbfd75f",
        "abc, 00000000, b3dd93fa",
    })
    void shouldMatchReferenceVectors(final String text, final String seedHex, final String hashHex) {
        final int seed = Integer.parseUnsignedInt(seedHex, 16);
        final int expected = Integer.parseUnsignedInt(hashHex, 16);
        assertEquals(expected, MurmurHash3.hash32(text.getBytes(StandardCharsets.UTF_8), seed));
    }
}
