package io.sentimentstreams.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TokenizerTest {

    private final Tokenizer tokenizer = new Tokenizer();

    private List<String> tokens(final String text) {
        return tokenizer.tokenize(text);
    }

    @Test
    void shouldReturnEmptyListForNull() {
        assertEquals(List.of(), tokens(null));
    }

    @Test
    void shouldReturnEmptyListForEmptyText() {
        assertEquals(List.of(), tokens(""));
    }

    @Test
    void shouldReturnEmptyListForBlankText() {
        assertEquals(List.of(), tokens(" \t\n\r "));
    }

    @Test
    void shouldReturnEmptyListForTextWithOnlyTags() {
        assertEquals(List.of(), tokens("<br /><br />"));
    }

    @Test
    void shouldSplitOnWhitespace() {
        assertEquals(List.of("a", "good", "film"), tokens("a  good\tfilm\n"));
    }

    @Test
    void shouldLowerCaseWords() {
        assertEquals(List.of("great", "movie"), tokens("GREAT Movie"));
    }

    @Test
    void shouldLowerCaseNonAsciiLetters() {
        assertEquals(List.of("été", "σοφος"), tokens("ÉTÉ ΣΟΦΟΣ"));
    }

    @Test
    void shouldReturnUnmodifiableList() {
        final List<String> tokens = tokens("good");
        assertThrows(UnsupportedOperationException.class, () -> tokens.add("bad"));
    }

    // ---- punctuation

    @Test
    void shouldSplitPunctuationOffWords() {
        assertEquals(List.of("great", "!"), tokens("great!"));
    }

    @Test
    void shouldSplitBracketsOffWords() {
        assertEquals(List.of("(", "really", ")"), tokens("(really)"));
    }

    @Test
    void shouldKeepRunOfSamePunctuationAsOneToken() {
        assertEquals(List.of("wow", "!!!"), tokens("wow!!!"));
    }

    @Test
    void shouldKeepEllipsisAsOneToken() {
        assertEquals(List.of("well", "...", "no"), tokens("well...no"));
    }

    @Test
    void shouldKeepDoubleHyphenAsOneToken() {
        assertEquals(List.of("good", "--", "not", "great"), tokens("good--not great"));
    }

    @Test
    void shouldSplitMixedPunctuationIntoOneTokenPerCharacter() {
        assertEquals(List.of("what", "?", "!"), tokens("what?!"));
    }

    @Test
    void shouldKeepHyphenatedWordWhole() {
        assertEquals(List.of("a", "well-made", "film"), tokens("a well-made film"));
    }

    @Test
    void shouldSplitOffHyphenAtWordEdge() {
        assertEquals(List.of("pre", "-", "and", "post", "-"), tokens("pre- and post-"));
    }

    @Test
    void shouldKeepDecimalNumberWhole() {
        assertEquals(List.of("3.5", "stars"), tokens("3.5 stars"));
    }

    @Test
    void shouldKeepThousandsSeparatorInsideNumber() {
        assertEquals(List.of("1,000", "extras"), tokens("1,000 extras"));
    }

    @Test
    void shouldSplitSentenceFullStopAfterNumber() {
        assertEquals(List.of("in", "1993", "."), tokens("in 1993."));
    }

    @Test
    void shouldSplitRatingAtSlash() {
        assertEquals(List.of("7", "/", "10"), tokens("7/10"));
    }

    // ---- contractions and quotes

    static Stream<Arguments> contractions() {
        return Stream.of(
                Arguments.of("don't", List.of("do", "n't")),
                Arguments.of("can't", List.of("ca", "n't")),
                Arguments.of("won't", List.of("wo", "n't")),
                Arguments.of("it's", List.of("it", "'s")),
                Arguments.of("i'm", List.of("i", "'m")),
                Arguments.of("they're", List.of("they", "'re")),
                Arguments.of("we've", List.of("we", "'ve")),
                Arguments.of("i'll", List.of("i", "'ll")),
                Arguments.of("i'd", List.of("i", "'d")),
                Arguments.of("movie's", List.of("movie", "'s")));
    }

    @ParameterizedTest
    @MethodSource("contractions")
    void shouldSplitContractionsAsPennTreebank(final String text, final List<String> expected) {
        assertEquals(expected, tokens(text));
    }

    @Test
    void shouldSplitTwoCliticsOffOneWord() {
        assertEquals(List.of("would", "n't", "'ve"), tokens("wouldn't've"));
    }

    @Test
    void shouldKeepInnerApostropheThatIsNoClitic() {
        assertEquals(List.of("o'clock", "rock'n'roll"), tokens("o'clock rock'n'roll"));
    }

    @Test
    void shouldTreatCurlyApostropheAsApostrophe() {
        assertEquals(List.of("it", "'s", "do", "n't"), tokens("it\u2019s don\u2019t"));
    }

    @Test
    void shouldTreatAcuteAccentUsedAsApostropheAsApostrophe() {
        assertEquals(List.of("do", "n't"), tokens("don\u00b4t"));
    }

    @Test
    void shouldSplitOffQuotesUsedAsQuotation() {
        assertEquals(List.of("'", "hello", "'"), tokens("'hello'"));
    }

    @Test
    void shouldSplitOffCurlySingleQuotesAsApostrophes() {
        assertEquals(List.of("'", "hello", "'"), tokens("\u2018hello\u2019"));
    }

    @Test
    void shouldSplitOffTrailingApostropheOfPluralPossessive() {
        assertEquals(List.of("the", "actors", "'", "work"), tokens("the actors' work"));
    }

    @Test
    void shouldMapCurlyDoubleQuotesToAsciiQuote() {
        assertEquals(List.of("\"", "fun", "\""), tokens("\u201cfun\u201d"));
    }

    // ---- HTML

    @Test
    void shouldReplaceBreakTagsBySpace() {
        assertEquals(List.of("end", ".", "next"), tokens("end.<br /><br />next"));
    }

    @Test
    void shouldReplaceBreakTagWithoutSpaceBySpace() {
        assertEquals(List.of("a", "b"), tokens("a<br/>b"));
    }

    @Test
    void shouldRemoveItalicTags() {
        assertEquals(List.of("see", "psycho", "now"), tokens("see <i>Psycho</i> now"));
    }

    @Test
    void shouldRemoveUpperCaseParagraphTag() {
        assertEquals(List.of("one", "two"), tokens("one<P>two"));
    }

    @Test
    void shouldKeepAngleBracketTextThatIsNoHtmlTag() {
        assertEquals(List.of("<", "3", "<", "sigh", ">"), tokens("<3 <sigh>"));
    }

    @Test
    void shouldDecodeNamedEntities() {
        assertEquals(List.of("&", "\"", "<", ">"), tokens("&amp; &quot; &lt; &gt;"));
    }

    @Test
    void shouldNotTreatDecodedAngleBracketsAsTag() {
        assertEquals(List.of("<", "br", ">"), tokens("&lt;br&gt;"));
    }

    @Test
    void shouldDecodeNumericEntities() {
        assertEquals(List.of("it", "'s", "it", "'s"), tokens("it&#39;s it&#x27;s"));
    }

    @Test
    void shouldDecodeNonBreakingSpaceAsSpace() {
        assertEquals(List.of("a", "b"), tokens("a&nbsp;b"));
    }

    @Test
    void shouldDecodeNumericEntityInC1RangeAsWindows1252() {
        assertEquals(List.of("a", "-", "b"), tokens("a&#150;b"));
    }

    @Test
    void shouldLeaveUnknownEntityAsText() {
        assertEquals(List.of("&", "h", ";"), tokens("&H;"));
    }

    // ---- control characters and normalisation

    @Test
    void shouldMapNextLineControlToEllipsis() {
        assertEquals(List.of("wait", "...", "what"), tokens("wait\u0085what"));
    }

    @Test
    void shouldMapC1EnDashToHyphenTokenThatDoesNotJoinWords() {
        assertEquals(List.of("slow", "-", "boring"), tokens("slow\u0096boring"));
    }

    @Test
    void shouldMapC1EmDashToHyphenToken() {
        assertEquals(List.of("trial", "-", "at"), tokens("trial\u0097at"));
    }

    @Test
    void shouldMapC1QuotesToAsciiQuotes() {
        assertEquals(List.of("'", "x", "'", "\"", "y", "\""), tokens("\u0091x\u0092 \u0093y\u0094"));
    }

    @Test
    void shouldMapC1ApostropheInsideWordToApostrophe() {
        assertEquals(List.of("do", "n't"), tokens("don\u0092t"));
    }

    @Test
    void shouldMapC1BulletToSpace() {
        assertEquals(List.of("wall", "e"), tokens("Wall\u0095E"));
    }

    @Test
    void shouldMapUndefinedC1ControlToSpace() {
        assertEquals(List.of("a", "b"), tokens("a\u0081b"));
    }

    @Test
    void shouldMapC0ControlToSpace() {
        assertEquals(List.of("a", "b"), tokens("a\u0008b"));
    }

    @Test
    void shouldFoldFullWidthLetters() {
        assertEquals(List.of("good"), tokens("\uff27\uff2f\uff2f\uff24"));
    }

    @Test
    void shouldExpandLigature() {
        assertEquals(List.of("film"), tokens("\ufb01lm"));
    }

    @Test
    void shouldMapEllipsisCharacterToThreeDots() {
        assertEquals(List.of("so", "..."), tokens("so\u2026"));
    }

    @Test
    void shouldComposeCombiningAccent() {
        assertEquals(List.of("caf\u00e9"), tokens("cafe\u0301"));
    }

    @Test
    void shouldDropSoftHyphen() {
        assertEquals(List.of("wonderful"), tokens("won\u00adderful"));
    }

    @Test
    void shouldNotJoinWordsAcrossEnDash() {
        assertEquals(List.of("1990", "-", "2000"), tokens("1990\u20132000"));
    }
}
