package io.sentimentstreams.app.demo;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The vocabulary of {@link SyntheticReviews}. Polar words (the adjectives, adverbs, verbs and nouns below that
 * carry sentiment) are listed in {@link #POSITIVE_WORDS} and {@link #NEGATIVE_WORDS}; every other word the
 * generator writes is neutral. Word lists are immutable.
 */
public final class SyntheticLexicon {

    /** A film aspect that a sentence can judge, with its grammatical number. */
    record Aspect(String name, boolean plural) {
    }

    static final List<Aspect> ASPECTS = Stream.concat(
            Stream.of("acting", "plot", "script", "story", "direction", "cinematography", "soundtrack", "score",
                    "dialogue", "pacing", "ending", "cast", "camera work", "editing", "screenplay", "atmosphere",
                    "music", "finale", "lead actor", "lead actress", "villain", "photography", "opening scene",
                    "climax", "production design").map(name -> new Aspect(name, false)),
            Stream.of("special effects", "characters", "performances", "visuals", "costumes", "action scenes",
                    "jokes", "songs", "supporting actors", "fight scenes").map(name -> new Aspect(name, true)))
            .toList();

    static final List<String> FILM_NOUNS = List.of("film", "movie", "picture", "flick", "drama", "thriller",
            "comedy", "story");

    static final List<String> INTENSIFIERS = List.of("very", "really", "truly", "extremely", "incredibly",
            "remarkably", "genuinely", "quite", "rather", "so", "absolutely", "surprisingly");

    static final List<String> POSITIVE_ADJECTIVES = List.of("good", "great", "excellent", "superb", "brilliant",
            "wonderful", "fantastic", "outstanding", "memorable", "moving", "gripping", "clever", "witty",
            "charming", "beautiful", "stunning", "engaging", "compelling", "powerful", "delightful", "masterful",
            "fresh", "touching", "thrilling", "impressive", "solid", "enjoyable", "funny", "entertaining",
            "haunting", "inventive", "heartfelt", "riveting", "elegant", "smart", "strong", "perfect", "lovely",
            "captivating", "unforgettable", "absorbing", "convincing", "original", "sharp", "satisfying");

    static final List<String> NEGATIVE_ADJECTIVES = List.of("bad", "awful", "terrible", "boring", "dull", "weak",
            "poor", "clumsy", "predictable", "tedious", "lifeless", "bland", "forgettable", "silly", "painful",
            "pointless", "messy", "confusing", "flat", "stiff", "wooden", "lazy", "cheap", "annoying", "shallow",
            "uninspired", "ridiculous", "horrible", "dreadful", "laughable", "overlong", "pretentious",
            "incoherent", "mediocre", "sloppy", "stale", "hollow", "amateurish", "disappointing", "unconvincing",
            "clunky", "tiresome", "muddled", "generic", "forced");

    static final List<String> POSITIVE_ADVERBS = List.of("beautifully", "brilliantly", "wonderfully", "superbly",
            "skillfully", "expertly", "cleverly", "lovingly", "masterfully", "gorgeously");

    static final List<String> NEGATIVE_ADVERBS = List.of("poorly", "badly", "clumsily", "awkwardly", "lazily",
            "sloppily", "terribly", "horribly", "carelessly", "ineptly");

    static final List<String> PARTICIPLES = List.of("directed", "acted", "written", "shot", "edited", "paced",
            "made", "scored", "staged", "photographed");

    static final List<String> POSITIVE_VERBS_PAST = List.of("loved", "enjoyed", "adored", "admired", "liked",
            "appreciated");

    static final List<String> NEGATIVE_VERBS_PAST = List.of("hated", "disliked", "loathed", "despised",
            "detested");

    static final List<String> POSITIVE_VERBS = List.of("love", "enjoy", "like", "admire", "appreciate");

    static final List<String> NEGATIVE_VERBS = List.of("hate", "dislike", "despise", "detest");

    /** Uncountable: "there was no charm", "the script had real charm". */
    static final List<String> POSITIVE_NOUNS = List.of("charm", "heart", "wit", "energy", "suspense", "warmth",
            "style", "depth", "tension", "originality", "soul", "beauty");

    /** Plural: "there were no flaws", "the script had too many flaws". */
    static final List<String> NEGATIVE_NOUNS = List.of("flaws", "problems", "cliches", "missteps", "mistakes",
            "weaknesses", "annoyances", "contrivances");

    /** Nouns for a whole film: "it is a gem", "it is no masterpiece". */
    static final List<String> POSITIVE_FILM_NOUNS = List.of("gem", "masterpiece", "triumph", "treat");

    static final List<String> NEGATIVE_FILM_NOUNS = List.of("mess", "disaster", "failure", "letdown");

    /** Verdict words, used only in the closing sentence. */
    static final List<String> POSITIVE_VERDICT_WORDS = List.of("recommend", "worth");

    static final List<String> NEGATIVE_VERDICT_WORDS = List.of("waste", "regret", "avoid", "disappointed",
            "disappointment");

    /** Closing verdicts that mean positive in plain words: "I would recommend it". */
    static final List<String> POSITIVE_VERDICTS = List.of("I would recommend it", "I highly recommend it",
            "it is well worth watching", "it is worth every minute", "I would recommend it to anyone");

    /** Closing verdicts that mean positive through a negated negative word: "I do not regret watching it". */
    static final List<String> POSITIVE_VERDICTS_NEGATED = List.of("I do not regret watching it",
            "you will not be disappointed", "it is never boring", "it is not a waste of time",
            "there is no reason to avoid it");

    static final List<String> NEGATIVE_VERDICTS = List.of("avoid it", "it is a waste of time",
            "I regret watching it", "what a disappointment", "I was disappointed");

    static final List<String> NEGATIVE_VERDICTS_NEGATED = List.of("I would not recommend it",
            "it is not worth watching", "it is not worth your time", "I cannot recommend it",
            "I would never recommend it");

    /** How a verdict may open; the empty string means the verdict starts the sentence. */
    static final List<String> VERDICT_OPENERS = List.of("", "", "Overall, ", "In the end, ", "All in all, ",
            "To sum up, ", "Bottom line: ");

    /** How the last sentence of a hard review turns against what came before: "But in the end, ...". */
    static final List<String> TURNS = List.of("in the end", "all in all", "overall", "when all is said and done");

    /** Negating words that the generator writes ({@code n't} and "cannot" aside). */
    static final List<String> NEGATING_ADVERBS = List.of("never", "hardly", "far from");

    static final List<String> LINKING_VERBS = List.of("felt", "seemed", "got", "became");

    static final List<String> PLENTY = List.of("real", "so much", "plenty of", "a lot of");

    static final List<String> MANY = List.of("many", "so many", "too many", "countless");

    static final List<String> CHARACTERS = List.of("a young detective", "an old farmer", "a retired teacher",
            "two brothers", "a struggling musician", "a small-town lawyer", "a widow", "a group of students",
            "a former soldier", "a journalist", "a family of five", "a pilot", "an aging boxer", "a nurse",
            "a con artist", "a teenage girl", "a police officer", "a painter", "a shy librarian", "a chef");

    static final List<String> ACTIONS = List.of("tries to find her missing sister", "returns to his home town",
            "falls for a stranger", "has to protect a witness", "plans a robbery", "uncovers a secret",
            "travels across the country", "starts a new job", "loses everything", "searches for the truth",
            "takes care of an old friend", "joins a band", "moves to a big city", "investigates a murder",
            "meets a mysterious woman", "runs away from home", "opens a restaurant", "writes a novel",
            "trains for a big fight", "gets lost");

    static final List<String> PLACES = List.of("in a small town", "in New York", "on a remote island",
            "in the desert", "in London", "on a farm", "in a hospital", "in a quiet village", "aboard a ship",
            "in the mountains", "in Paris", "in a suburb", "near the border", "in an old hotel");

    static final List<String> TIMES = List.of("during the war", "in the sixties", "over one summer",
            "in the near future", "around Christmas", "after the crash", "in the eighties", "over a single night");

    static final List<String> OCCASIONS = List.of("on a rainy Sunday", "with my family", "at a festival",
            "on cable last night", "on a long flight", "after reading the book", "with a few friends",
            "at the cinema", "on a weeknight", "with my brother");

    /** Neutral phrases appended to a judgement: "The acting was superb, especially in the second half." */
    static final List<String> DETAILS = List.of("especially in the second half", "from start to finish",
            "in almost every scene", "for most of the running time", "at least for me",
            "as far as I am concerned", "compared to the book", "right up to the last scene",
            "considering the budget", "for a film of this kind", "in the scenes set in the city",
            "from the first minute");

    static final List<String> SOURCES = List.of("novel", "true story", "play", "comic book", "short story");

    static final List<String> RELATIVES = List.of("friend", "sister", "father", "wife", "roommate");

    static final List<String> LINKERS = List.of("and then", "while", "after", "and later", "so", "until");

    /** Every positive word the generator writes. */
    static final Set<String> POSITIVE_WORDS = words(List.of(POSITIVE_ADJECTIVES, POSITIVE_ADVERBS,
            POSITIVE_VERBS_PAST, POSITIVE_VERBS, POSITIVE_NOUNS, POSITIVE_FILM_NOUNS, POSITIVE_VERDICT_WORDS));

    /** Every negative word the generator writes. */
    static final Set<String> NEGATIVE_WORDS = words(List.of(NEGATIVE_ADJECTIVES, NEGATIVE_ADVERBS,
            NEGATIVE_VERBS_PAST, NEGATIVE_VERBS, NEGATIVE_NOUNS, NEGATIVE_FILM_NOUNS, NEGATIVE_VERDICT_WORDS));

    private SyntheticLexicon() {
    }

    private static Set<String> words(final List<List<String>> lists) {
        return lists.stream().flatMap(List::stream).collect(Collectors.toUnmodifiableSet());
    }
}
