package io.sentimentstreams.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyTest {

    /** Counts: the 4, a 3, film 2, good 2, bad 1. */
    private static final List<List<String>> DOCUMENTS = List.of(
            List.of("the", "good", "film", "a"),
            List.of("the", "bad", "film", "the", "a"),
            List.of("good", "the", "a"));

    private static List<String> withReserved(final String... tokens) {
        final List<String> all = new ArrayList<>(List.of(Vocabulary.PAD_TOKEN, Vocabulary.UNK_TOKEN));
        all.addAll(Arrays.asList(tokens));
        return all;
    }

    @Test
    void shouldReservePadAndUnkAsFirstIds() {
        final Vocabulary vocabulary = Vocabulary.build(DOCUMENTS, 1, 100);
        assertEquals(List.of("<pad>", "<unk>"), vocabulary.tokens().subList(0, 2));
    }

    @Test
    void shouldOrderTokensByDescendingCountWithTiesInStringOrder() {
        final Vocabulary vocabulary = Vocabulary.build(DOCUMENTS, 1, 100);
        assertEquals(withReserved("the", "a", "film", "good", "bad"), vocabulary.tokens());
    }

    @Test
    void shouldBuildTheSameVocabularyWhateverTheDocumentOrder() {
        final List<List<String>> reversed = new ArrayList<>(DOCUMENTS);
        Collections.reverse(reversed);
        assertEquals(Vocabulary.build(DOCUMENTS, 1, 100), Vocabulary.build(reversed, 1, 100));
    }

    @Test
    void shouldDropTokensBelowMinCount() {
        final Vocabulary vocabulary = Vocabulary.build(DOCUMENTS, 3, 100);
        assertEquals(withReserved("the", "a"), vocabulary.tokens());
    }

    @Test
    void shouldCapSizeAtMaxSizeIncludingReservedIds() {
        final Vocabulary vocabulary = Vocabulary.build(DOCUMENTS, 1, 4);
        assertEquals(withReserved("the", "a"), vocabulary.tokens());
    }

    @Test
    void shouldKeepOnlyReservedTokensWhenMaxSizeIsTwo() {
        assertEquals(2, Vocabulary.build(DOCUMENTS, 1, 2).size());
    }

    @Test
    void shouldNotCountReservedTokenStrings() {
        final Vocabulary vocabulary = Vocabulary.build(List.of(List.of("<unk>", "<pad>", "ok")), 1, 10);
        assertEquals(withReserved("ok"), vocabulary.tokens());
    }

    @Test
    void shouldMapKnownTokenToItsId() {
        final Vocabulary vocabulary = Vocabulary.build(DOCUMENTS, 1, 100);
        assertEquals(4, vocabulary.id("film"));
    }

    @Test
    void shouldMapUnknownTokenToUnk() {
        final Vocabulary vocabulary = Vocabulary.build(DOCUMENTS, 1, 100);
        assertEquals(TokenEncoder.UNK, vocabulary.id("masterpiece"));
    }

    @Test
    void shouldReturnTokenForId() {
        final Vocabulary vocabulary = Vocabulary.build(DOCUMENTS, 1, 100);
        assertEquals("good", vocabulary.token(5));
    }

    @Test
    void shouldEncodeTokensToIdsInOrder() {
        final Vocabulary vocabulary = Vocabulary.build(DOCUMENTS, 1, 100);
        assertArrayEquals(new int[] {3, 5, 1, 4}, vocabulary.encode(List.of("a", "good", "new", "film")));
    }

    @Test
    void shouldEncodeEmptyListAsSingleUnk() {
        assertArrayEquals(new int[] {TokenEncoder.UNK}, Vocabulary.build(DOCUMENTS, 1, 100).encode(List.of()));
    }

    @Test
    void shouldRoundTripThroughTokenList() {
        final Vocabulary vocabulary = Vocabulary.build(DOCUMENTS, 1, 100);
        assertEquals(vocabulary, Vocabulary.of(vocabulary.tokens()));
    }

    @Test
    void shouldAssignIdsInListOrderWhenRebuilt() {
        final Vocabulary vocabulary = Vocabulary.of(withReserved("zebra", "apple"));
        assertEquals(3, vocabulary.id("apple"));
    }

    @Test
    void shouldReturnUnmodifiableTokens() {
        final List<String> tokens = Vocabulary.build(DOCUMENTS, 1, 100).tokens();
        assertThrows(UnsupportedOperationException.class, () -> tokens.add("new"));
    }

    @Test
    void shouldRejectListNotStartingWithPadAndUnk() {
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Vocabulary.of(List.of("<unk>", "<pad>", "film")));
        assertTrue(error.getMessage().contains("must start with [<pad>, <unk>]"), error.getMessage());
    }

    @Test
    void shouldRejectListShorterThanTwo() {
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.of(List.of("<pad>")));
    }

    @Test
    void shouldRejectDuplicateTokens() {
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Vocabulary.of(withReserved("film", "good", "film")));
        assertTrue(error.getMessage().contains("duplicate token \"film\" at ids 2 and 4"), error.getMessage());
    }

    @Test
    void shouldRejectNullToken() {
        assertThrows(NullPointerException.class, () -> Vocabulary.of(withReserved("film", null)));
    }

    @Test
    void shouldRejectMinCountBelowOne() {
        final IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> Vocabulary.build(DOCUMENTS, 0, 100));
        assertEquals("minCount must be at least 1, got 0", error.getMessage());
    }

    @Test
    void shouldRejectMaxSizeBelowTwo() {
        final IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> Vocabulary.build(DOCUMENTS, 1, 1));
        assertEquals("maxSize must be at least 2 (room for <pad> and <unk>), got 1", error.getMessage());
    }

    @Test
    void shouldRejectOutOfRangeId() {
        final Vocabulary vocabulary = Vocabulary.build(DOCUMENTS, 1, 100);
        assertThrows(IllegalArgumentException.class, () -> vocabulary.token(vocabulary.size()));
    }
}
