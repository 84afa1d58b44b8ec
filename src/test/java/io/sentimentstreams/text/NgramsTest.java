package io.sentimentstreams.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NgramsTest {

    private static final long PINNED_GOOD = 0xf70a82b6c2693f3fL;
    private static final long PINNED_NOT_GOOD = 0xd345f8fc5feaeba8L;

    @Test
    void shouldGiveEveryDistinctNgramUpToTheOrderOnce() {
        // a b a b: unigrams {a, b}, bigrams {a b, b a}, trigrams {a b a, b a b}
        assertEquals(6, Ngrams.distinctKeys(List.of("a", "b", "a", "b"), 3).length);
        assertEquals(4, Ngrams.distinctKeys(List.of("a", "b", "a", "b"), 2).length);
        assertEquals(2, Ngrams.distinctKeys(List.of("a", "b", "a", "b"), 1).length);
    }

    @Test
    void shouldReturnSortedKeys() {
        final long[] keys = Ngrams.distinctKeys(List.of("the", "film", "was", "not", "good", "at", "all"), 3);
        final long[] sorted = keys.clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, keys);
    }

    @Test
    void shouldTellWordOrderApart() {
        final long[] notGood = Ngrams.distinctKeys(List.of("not", "good"), 2);
        final long[] goodNot = Ngrams.distinctKeys(List.of("good", "not"), 2);
        assertNotEquals(Arrays.toString(notGood), Arrays.toString(goodNot));
        assertEquals(2, Arrays.stream(notGood).filter(k -> Arrays.binarySearch(goodNot, k) >= 0).count(),
                "the two unigrams are shared, the bigrams are not");
    }

    @Test
    void shouldKeepTheKeysOfTokensAndNgramsFixed() {
        // keys are saved in NBLR model files: a change here must change the file format version
        assertEquals(PINNED_GOOD, Ngrams.tokenKey("good"));
        assertEquals(PINNED_NOT_GOOD, Ngrams.extend(Ngrams.tokenKey("not"), Ngrams.tokenKey("good"), 2));
    }

    @Test
    void shouldRejectAnOrderBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> Ngrams.distinctKeys(List.of("a"), 0));
    }

    @Test
    void shouldGiveNoKeysForNoTokens() {
        assertEquals(0, Ngrams.distinctKeys(List.of(), 3).length);
    }
}
