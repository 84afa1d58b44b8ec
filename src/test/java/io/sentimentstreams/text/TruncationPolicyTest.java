package io.sentimentstreams.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TruncationPolicyTest {

    /** 2, 3, ..., 21: twenty ids. */
    private static int[] twentyIds() {
        final int[] ids = new int[20];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i + 2;
        }
        return ids;
    }

    @Test
    void shouldReturnSameArrayWhenShorterThanMaxTokens() {
        final int[] ids = {5, 6, 7};
        assertSame(ids, new TruncationPolicy(4, Truncation.HEAD).apply(ids));
    }

    @Test
    void shouldReturnSameArrayWhenExactlyMaxTokens() {
        final int[] ids = {5, 6, 7, 8};
        assertSame(ids, new TruncationPolicy(4, Truncation.HEAD_TAIL).apply(ids));
    }

    @Test
    void shouldKeepFirstTokensForHead() {
        assertArrayEquals(new int[] {2, 3, 4, 5},
                new TruncationPolicy(4, Truncation.HEAD).apply(twentyIds()));
    }

    @Test
    void shouldKeepLastTokensForTail() {
        assertArrayEquals(new int[] {18, 19, 20, 21},
                new TruncationPolicy(4, Truncation.TAIL).apply(twentyIds()));
    }

    @Test
    void shouldKeepQuarterFromHeadAndRestFromTailForHeadTail() {
        // maxTokens 8: head 8 / 4 = 2, tail 6
        assertArrayEquals(new int[] {2, 3, 16, 17, 18, 19, 20, 21},
                new TruncationPolicy(8, Truncation.HEAD_TAIL).apply(twentyIds()));
    }

    @Test
    void shouldRoundHeadDownForHeadTail() {
        // maxTokens 7: head 7 / 4 = 1, tail 6
        assertArrayEquals(new int[] {2, 16, 17, 18, 19, 20, 21},
                new TruncationPolicy(7, Truncation.HEAD_TAIL).apply(twentyIds()));
    }

    @Test
    void shouldKeepOnlyTailForHeadTailBelowFourTokens() {
        assertArrayEquals(new int[] {19, 20, 21},
                new TruncationPolicy(3, Truncation.HEAD_TAIL).apply(twentyIds()));
    }

    @Test
    void shouldKeepSingleTokenWhenMaxTokensIsOne() {
        assertArrayEquals(new int[] {2}, new TruncationPolicy(1, Truncation.HEAD).apply(twentyIds()));
    }

    @Test
    void shouldNotModifyInput() {
        final int[] ids = twentyIds();
        new TruncationPolicy(8, Truncation.HEAD_TAIL).apply(ids);
        assertArrayEquals(twentyIds(), ids);
    }

    @Test
    void shouldRejectMaxTokensBelowOne() {
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new TruncationPolicy(0, Truncation.TAIL));
        assertEquals("maxTokens must be at least 1, got 0", error.getMessage());
    }

    @Test
    void shouldRejectNullMode() {
        assertThrows(NullPointerException.class, () -> new TruncationPolicy(10, null));
    }
}
