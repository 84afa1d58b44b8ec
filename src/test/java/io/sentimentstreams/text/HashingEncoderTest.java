package io.sentimentstreams.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HashingEncoderTest {

    @Test
    void shouldReportSizeAsBucketsPlusTwo() {
        assertEquals(1002, new HashingEncoder(1000).size());
    }

    @Test
    void shouldReportBuckets() {
        assertEquals(1000, new HashingEncoder(1000).buckets());
    }

    @Test
    void shouldComputeIdFromSeededMurmurHash() {
        // murmur3_x86_32("great", 0x5eed) = 0x7b0294e0 = 2063766752; 2 + 2063766752 mod 1000 = 754
        assertEquals(754, new HashingEncoder(1000).id("great"));
    }

    @Test
    void shouldFloorNegativeHashIntoRange() {
        // murmur3_x86_32("terrible", 0x5eed) = 0x82a44dd6 = -2103161386; 2 + floorMod(-2103161386, 1000) = 616
        assertEquals(616, new HashingEncoder(1000).id("terrible"));
    }

    @Test
    void shouldHashUtf8BytesOfNonAsciiToken() {
        // murmur3_x86_32(UTF-8 "café", 0x5eed) = 0x548aca87 = 1418381959; 2 + 1418381959 mod 1000 = 961
        assertEquals(961, new HashingEncoder(1000).id("caf\u00e9"));
    }

    @Test
    void shouldKeepIdsInsideTheRangeOfRealTokens() {
        final HashingEncoder encoder = new HashingEncoder(7);
        final Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            final int id = encoder.id(Long.toString(random.nextLong(), 36));
            assertTrue(id >= 2 && id < encoder.size(), "id " + id);
        }
    }

    @Test
    void shouldNeverProducePadOrUnkWithOneBucket() {
        final HashingEncoder encoder = new HashingEncoder(1);
        assertArrayEquals(new int[] {2, 2, 2}, encoder.encode(List.of("", "<pad>", "<unk>")));
    }

    @Test
    void shouldEncodeEmptyListAsSingleUnk() {
        assertArrayEquals(new int[] {TokenEncoder.UNK}, new HashingEncoder(10).encode(List.of()));
    }

    @Test
    void shouldRejectZeroBuckets() {
        final IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> new HashingEncoder(0));
        assertTrue(error.getMessage().contains("buckets"), error.getMessage());
    }

    @Test
    void shouldBeEqualForSameBucketCount() {
        assertEquals(new HashingEncoder(100), new HashingEncoder(100));
        assertEquals(new HashingEncoder(100).hashCode(), new HashingEncoder(100).hashCode());
    }

    @Test
    void shouldDifferForDifferentBucketCount() {
        assertNotEquals(new HashingEncoder(100), new HashingEncoder(101));
    }
}
