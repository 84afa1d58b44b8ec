package io.sentimentstreams.app.demo;

import static io.sentimentstreams.app.demo.SyntheticLexicon.ACTIONS;
import static io.sentimentstreams.app.demo.SyntheticLexicon.ASPECTS;
import static io.sentimentstreams.app.demo.SyntheticLexicon.CHARACTERS;
import static io.sentimentstreams.app.demo.SyntheticLexicon.DETAILS;
import static io.sentimentstreams.app.demo.SyntheticLexicon.FILM_NOUNS;
import static io.sentimentstreams.app.demo.SyntheticLexicon.INTENSIFIERS;
import static io.sentimentstreams.app.demo.SyntheticLexicon.LINKERS;
import static io.sentimentstreams.app.demo.SyntheticLexicon.LINKING_VERBS;
import static io.sentimentstreams.app.demo.SyntheticLexicon.MANY;
import static io.sentimentstreams.app.demo.SyntheticLexicon.NEGATING_ADVERBS;
import static io.sentimentstreams.app.demo.SyntheticLexicon.NEGATIVE_ADJECTIVES;
import static io.sentimentstreams.app.demo.SyntheticLexicon.NEGATIVE_ADVERBS;
import static io.sentimentstreams.app.demo.SyntheticLexicon.NEGATIVE_FILM_NOUNS;
import static io.sentimentstreams.app.demo.SyntheticLexicon.NEGATIVE_NOUNS;
import static io.sentimentstreams.app.demo.SyntheticLexicon.NEGATIVE_VERBS;
import static io.sentimentstreams.app.demo.SyntheticLexicon.NEGATIVE_VERBS_PAST;
import static io.sentimentstreams.app.demo.SyntheticLexicon.NEGATIVE_VERDICTS;
import static io.sentimentstreams.app.demo.SyntheticLexicon.NEGATIVE_VERDICTS_NEGATED;
import static io.sentimentstreams.app.demo.SyntheticLexicon.OCCASIONS;
import static io.sentimentstreams.app.demo.SyntheticLexicon.PARTICIPLES;
import static io.sentimentstreams.app.demo.SyntheticLexicon.PLACES;
import static io.sentimentstreams.app.demo.SyntheticLexicon.PLENTY;
import static io.sentimentstreams.app.demo.SyntheticLexicon.POSITIVE_ADJECTIVES;
import static io.sentimentstreams.app.demo.SyntheticLexicon.POSITIVE_ADVERBS;
import static io.sentimentstreams.app.demo.SyntheticLexicon.POSITIVE_FILM_NOUNS;
import static io.sentimentstreams.app.demo.SyntheticLexicon.POSITIVE_NOUNS;
import static io.sentimentstreams.app.demo.SyntheticLexicon.POSITIVE_VERBS;
import static io.sentimentstreams.app.demo.SyntheticLexicon.POSITIVE_VERBS_PAST;
import static io.sentimentstreams.app.demo.SyntheticLexicon.POSITIVE_VERDICTS;
import static io.sentimentstreams.app.demo.SyntheticLexicon.POSITIVE_VERDICTS_NEGATED;
import static io.sentimentstreams.app.demo.SyntheticLexicon.RELATIVES;
import static io.sentimentstreams.app.demo.SyntheticLexicon.SOURCES;
import static io.sentimentstreams.app.demo.SyntheticLexicon.TIMES;
import static io.sentimentstreams.app.demo.SyntheticLexicon.TURNS;
import static io.sentimentstreams.app.demo.SyntheticLexicon.VERDICT_OPENERS;

import io.sentimentstreams.app.demo.SyntheticLexicon.Aspect;
import io.sentimentstreams.text.corpus.Review;
import io.sentimentstreams.text.corpus.Splits;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Synthetic movie reviews, so that the product can train and run with no data set and no network. The texts
 * are English-like, deterministic for a seed, and built so that the sentiment is learnable but not from single
 * words: a bag-of-words model does clearly better than chance and clearly worse than a model that reads the
 * word order.
 *
 * <h2>Grammar</h2>
 * Each review has a hidden sentiment {@code p} (its label) and a tense (past 70 %, present 30 %). Rates are
 * per draw; {@code not p} is the opposite sentiment.
 * <pre>
 * review       := regular (92 %) | hard (8 %)
 * regular      := body* verdict(p)? (70 %) rating(p)? (20 %)        2 to 8 sentences in all
 * body         := filler (25 %; 60 % for the first sentence) | contrast(p) (25 % of the rest)
 *               | judgement(p) (90 % of the rest) | judgement(not p) (10 %: a mixed remark)
 *                 without a verdict, the last body sentence is a contrast(p) or a judgement(p)
 * hard         := (direct(not p) "." | filler){2..6} "But" TURN "," verdictClause(p) "."
 *                 mixed sentiment: everything before the last sentence says the opposite of the label
 * filler       := a neutral sentence about the plot, setting, source, running time or viewing, such as
 *                 "The film follows a nurse who uncovers a secret in Paris, and then a pilot gets lost near
 *                 the border."; plot clauses chain (65 % each), which makes some reviews long
 * judgement(m) := clause(m) ("and" clause(m))? ("," DETAIL)? ("." | "!")
 * contrast(p)  := clause(not p) ", but" clause(p) "."  |  "Although" clause(not p) "," clause(p) "."
 *                 the clause after "but" (the main clause after "although") carries the sentiment
 * clause(m)    := direct(m) (75 %) | negated(m) (25 %)
 * direct(m)    := "the ASPECT was" INTENSIFIER? ADJ(m)  |  "the FILM was" ADVERB(m) PARTICIPLE
 *               | "I" "really"? VERBED(m) "the ASPECT"  |  "it was a(n)" INTENSIFIER? ADJ(m) FILM
 *               | "the ASPECT had" ("real" | "plenty of" | ...) NOUN(m)  |  "the ASPECT had" ("too many" | ...) NOUN(m)
 * negated(m)   := "the ASPECT was not" "very"? ADJ(not m)  |  "the ASPECT wasn't" ADJ(not m)
 *               | "the ASPECT was" ("never" | "hardly" | "far from") ADJ(not m)
 *               | "the ASPECT never" ("felt" | "seemed" | ...) ADJ(not m)  |  "I did not" VERB(not m) "the ASPECT"
 *               | "there was no" NOUN(not m)  |  "it was no" FILMNOUN(not m)
 *                 so "not good" is negative and "never boring" is positive
 * verdict(p)   := OPENER? verdictClause(p) ("." | "!")      OPENER: "Overall," "In the end," ...
 * verdictClause(m) := clause(m) (60 %) | a verdict phrase: "I would recommend it", "it is a waste of time",
 *                 or negated (25 %): "I would not recommend it", "I do not regret watching it"
 * rating(p)    := "7/10" ... "10/10" if positive, "1/10" ... "4/10" if negative (also "N out of 10")
 * </pre>
 * Sentences are separated by a space or, now and then (8 %), by {@code <br /><br />} as in IMDB. Reviews are
 * 20 to 300 whitespace-separated tokens long (median about 50; drafts outside the range are drawn again). The
 * words come from {@code SyntheticLexicon}: about 580 distinct words, of which 165 are polar.
 *
 * <h2>Difficulty</h2>
 * Measured on generated data: counting lexicon words (positive minus negative, ignoring negation) is right on
 * about 70 % of reviews, a unigram logistic regression on about 82 %, a bigram one on about 89 %, while a
 * reader that applies the grammar's negation and contrast rules is right on over 99 %. Labels are never
 * flipped at random: every review's label follows from its text.
 *
 * <p>Review {@code i} of a seed depends only on the seed and {@code i}, so {@code generate(n, seed)} is a
 * prefix of {@code generate(m, seed)} for {@code n < m}. Labels come in pairs, one positive and one negative
 * in random order, so every prefix is balanced to within one review.
 */
public final class SyntheticReviews {

    static final int MIN_TOKENS = 20;
    static final int MAX_TOKENS = 300;

    private static final double HARD_FRACTION = 0.08;
    private static final double NEGATION_RATE = 0.25;
    private static final double MIXED_REMARK_RATE = 0.1;
    private static final double CONTRAST_RATE = 0.25;
    private static final double FILLER_RATE = 0.25;
    private static final double VERDICT_RATE = 0.7;
    private static final double RATING_RATE = 0.2;
    private static final double PARAGRAPH_BREAK_RATE = 0.08;
    private static final int FILLER_KINDS = 7;
    private static final long PAIR_STREAM = 0x5deece66dL;

    private SyntheticReviews() {
    }

    /**
     * Generates labeled reviews: half positive, half negative (the extra one of an odd count is either),
     * deterministic for the seed.
     *
     * @param count how many reviews, >= 0
     * @param seed  the seed
     */
    public static List<Review> generate(final int count, final long seed) {
        return generate(count, seed, true);
    }

    /** Generates reviews like {@link #generate} with their labels withheld ({@link Review#UNLABELED}). */
    public static List<Review> generateUnlabeled(final int count, final long seed) {
        return generate(count, seed, false);
    }

    private static List<Review> generate(final int count, final long seed, final boolean labeled) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        final List<Review> reviews = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            final boolean positive = isPositive(seed, i);
            final String text = new Writer(new Random(Splits.hash(seed, "review " + i)), positive).review();
            reviews.add(new Review(text, labeled ? (positive ? Review.POSITIVE : Review.NEGATIVE) : Review.UNLABELED));
        }
        return reviews;
    }

    /** Review 2k and 2k+1 have opposite sentiments; a seeded coin decides which one is positive. */
    private static boolean isPositive(final long seed, final int index) {
        final boolean firstIsPositive = (Splits.hash(seed ^ PAIR_STREAM, "pair " + index / 2) & 1L) == 0;
        return (index % 2 == 0) == firstIsPositive;
    }

    /** Writes one review; holds the review's random source, hidden sentiment and tense. */
    private static final class Writer {

        private final Random random;
        private final boolean positive;
        private final boolean past;
        private final Set<Integer> fillersUsed = new HashSet<>();

        Writer(final Random random, final boolean positive) {
            this.random = random;
            this.positive = positive;
            this.past = random.nextDouble() < 0.7;
        }

        String review() {
            while (true) {
                fillersUsed.clear();
                final List<String> sentences = random.nextDouble() < HARD_FRACTION ? hard() : regular();
                final String text = join(sentences);
                final int tokens = text.split("\\s+").length;
                if (tokens >= MIN_TOKENS && tokens <= MAX_TOKENS) {
                    return text;
                }
            }
        }

        private List<String> regular() {
            final int count = between(2, 8);
            final boolean verdict = chance(VERDICT_RATE);
            final boolean rating = chance(RATING_RATE);
            final int body = count - (verdict ? 1 : 0) - (rating ? 1 : 0);
            final List<String> sentences = new ArrayList<>();
            for (int i = 0; i < body; i++) {
                final boolean mustCarryLabel = !verdict && i == body - 1;
                sentences.add(bodySentence(i == 0, mustCarryLabel));
            }
            if (verdict) {
                sentences.add(verdict());
            }
            if (rating) {
                sentences.add(rating());
            }
            return sentences;
        }

        private String bodySentence(final boolean first, final boolean mustCarryLabel) {
            if (!mustCarryLabel && (first ? chance(0.6) : chance(FILLER_RATE))) {
                return filler();
            }
            if (chance(CONTRAST_RATE)) {
                return contrast();
            }
            return judgement(mustCarryLabel || !chance(MIXED_REMARK_RATE) ? positive : !positive);
        }

        private List<String> hard() {
            final int count = between(3, 7);
            final List<String> sentences = new ArrayList<>();
            for (int i = 0; i < count - 1; i++) {
                sentences.add(i > 0 && chance(0.2) ? filler() : sentence(direct(!positive)));
            }
            sentences.add("But " + pick(TURNS) + ", " + verdictClause(positive) + ".");
            return sentences;
        }

        // ---- sentences ----

        private String judgement(final boolean meaning) {
            final String clause = chance(0.25) ? clause(meaning) + " and " + clause(meaning) : clause(meaning);
            final String detail = chance(0.3) ? ", " + pick(DETAILS) : "";
            return capitalize(clause) + detail + (chance(0.1) ? "!" : ".");
        }

        private String contrast() {
            if (chance(0.7)) {
                return capitalize(clause(!positive)) + ", but " + clause(positive) + ".";
            }
            return "Although " + clause(!positive) + ", " + clause(positive) + ".";
        }

        private String verdict() {
            final String prefix = pick(VERDICT_OPENERS);
            final String clause = verdictClause(positive);
            return (prefix.isEmpty() ? capitalize(clause) : prefix + clause) + (chance(0.15) ? "!" : ".");
        }

        private String rating() {
            final int score = positive ? between(7, 10) : between(1, 4);
            return pick(List.of(score + "/10.", score + " out of 10.", "My rating: " + score + "/10.",
                    "Rating: " + score + "/10."));
        }

        private String filler() {
            int kind = random.nextInt(FILLER_KINDS);
            while (fillersUsed.size() < FILLER_KINDS && !fillersUsed.add(kind)) {
                kind = random.nextInt(FILLER_KINDS);
            }
            return switch (kind) {
                case 0 -> "The " + pick(FILM_NOUNS) + " follows " + pick(CHARACTERS) + " who " + pick(ACTIONS) + " "
                        + pick(PLACES) + chain() + ".";
                case 1 -> "The story takes place " + pick(PLACES) + " " + pick(TIMES) + chain() + ".";
                case 2 -> "I watched it " + pick(OCCASIONS) + ".";
                case 3 -> "It runs about " + between(80, 160) + " minutes.";
                case 4 -> "It " + was() + " based on a " + pick(SOURCES) + ".";
                case 5 -> "My " + pick(RELATIVES) + " suggested we watch it " + pick(OCCASIONS) + ".";
                default -> "Most of it was filmed " + pick(PLACES) + " " + pick(TIMES) + ".";
            };
        }

        /** Zero or more extra plot clauses, each about eight words, to make some reviews long. */
        private String chain() {
            final StringBuilder more = new StringBuilder();
            while (chance(0.65)) {
                more.append(", ").append(pick(LINKERS)).append(' ').append(pick(CHARACTERS)).append(' ')
                        .append(pick(ACTIONS)).append(' ').append(pick(PLACES));
            }
            return more.toString();
        }

        // ---- clauses: lower case, no final punctuation ----

        private String clause(final boolean meaning) {
            return chance(NEGATION_RATE) ? negated(meaning) : direct(meaning);
        }

        private String direct(final boolean meaning) {
            final Aspect aspect = pick(ASPECTS);
            return switch (random.nextInt(6)) {
                case 0, 1 -> "the " + aspect.name() + " " + be(aspect) + " " + intensifier() + adjective(meaning);
                case 2 -> "the " + pick(FILM_NOUNS) + " " + was() + " "
                        + pick(meaning ? POSITIVE_ADVERBS : NEGATIVE_ADVERBS) + " " + pick(PARTICIPLES);
                case 3 -> "I " + (chance(0.3) ? "really " : "")
                        + pick(meaning ? POSITIVE_VERBS_PAST : NEGATIVE_VERBS_PAST) + " the " + aspect.name();
                case 4 -> "it " + was() + " " + article(intensifier() + adjective(meaning)) + " "
                        + pick(FILM_NOUNS);
                default -> "the " + aspect.name() + " " + (past ? "had" : "has") + " " + (meaning
                        ? pick(PLENTY) + " " + pick(POSITIVE_NOUNS)
                        : pick(MANY) + " " + pick(NEGATIVE_NOUNS));
            };
        }

        /** A clause that means {@code meaning} through a negated word of the opposite polarity. */
        private String negated(final boolean meaning) {
            final Aspect aspect = pick(ASPECTS);
            final String opposite = adjective(!meaning);
            return switch (random.nextInt(8)) {
                case 0, 1 -> "the " + aspect.name() + " " + be(aspect) + " not " + (chance(0.3) ? "very " : "")
                        + opposite;
                case 2 -> "the " + aspect.name() + " " + be(aspect) + "n't " + opposite;
                case 3 -> "the " + aspect.name() + " " + be(aspect) + " " + pick(NEGATING_ADVERBS)
                        + " " + opposite;
                case 4 -> "the " + aspect.name() + " never " + pick(LINKING_VERBS) + " "
                        + opposite;
                case 5 -> "I " + (past ? "did" : "do") + " not " + pick(meaning ? NEGATIVE_VERBS : POSITIVE_VERBS)
                        + " the " + aspect.name();
                case 6 -> meaning
                        ? "there " + (past ? "were" : "are") + " no " + pick(NEGATIVE_NOUNS)
                        : "there " + was() + " no " + pick(POSITIVE_NOUNS);
                default -> "it " + was() + " no " + pick(meaning ? NEGATIVE_FILM_NOUNS
                        : POSITIVE_FILM_NOUNS);
            };
        }

        private String verdictClause(final boolean meaning) {
            if (chance(0.6)) {
                return clause(meaning);
            }
            final boolean negated = chance(NEGATION_RATE);
            if (meaning) {
                return pick(negated ? POSITIVE_VERDICTS_NEGATED : POSITIVE_VERDICTS);
            }
            return pick(negated ? NEGATIVE_VERDICTS_NEGATED : NEGATIVE_VERDICTS);
        }

        // ---- words ----

        private String adjective(final boolean meaning) {
            return pick(meaning ? POSITIVE_ADJECTIVES : NEGATIVE_ADJECTIVES);
        }

        private String intensifier() {
            return chance(0.35) ? pick(INTENSIFIERS) + " " : "";
        }

        /** "was" or "is", by the review's tense. */
        private String was() {
            return past ? "was" : "is";
        }

        /** "was", "were", "is" or "are", by the review's tense and the aspect's number. */
        private String be(final Aspect aspect) {
            if (past) {
                return aspect.plural() ? "were" : "was";
            }
            return aspect.plural() ? "are" : "is";
        }

        private String join(final List<String> sentences) {
            final StringBuilder text = new StringBuilder(sentences.get(0));
            for (int i = 1; i < sentences.size(); i++) {
                text.append(chance(PARAGRAPH_BREAK_RATE) ? "<br /><br />" : " ").append(sentences.get(i));
            }
            return text.toString();
        }

        private static String article(final String phrase) {
            return ("aeiou".indexOf(phrase.charAt(0)) >= 0 ? "an " : "a ") + phrase;
        }

        private static String capitalize(final String clause) {
            return Character.toUpperCase(clause.charAt(0)) + clause.substring(1);
        }

        private String sentence(final String clause) {
            return capitalize(clause) + ".";
        }

        private <T> T pick(final List<T> choices) {
            return choices.get(random.nextInt(choices.size()));
        }

        private int between(final int low, final int high) {
            return low + random.nextInt(high - low + 1);
        }

        private boolean chance(final double probability) {
            return random.nextDouble() < probability;
        }
    }
}
