package io.sentimentstreams.text.corpus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Divides reviews into training and validation parts.
 *
 * <p>The method of {@link #trainValidation}:
 * <ol>
 *   <li>Group the reviews by exact text: all copies of a text form one group and always land on the same side,
 *       so a duplicated review cannot be trained on and then "validated" (aclImdb train holds 96 extra copies
 *       of 92 texts). A group belongs to the stratum of its first copy's label.</li>
 *   <li>Within each label stratum, order the groups by a 64-bit hash of (seed, text), ties broken by the text:
 *       a seeded random permutation of the distinct texts that does not depend on input order.</li>
 *   <li>Walk that order and move each group to validation if it still fits, until the stratum's validation
 *       part holds {@code round(validationFraction * stratumSize)} reviews. Without duplicates the target is met
 *       exactly; a group too large to fit is left in training, so a stratum can fall short by less than its
 *       largest group.</li>
 *   <li>Both parts keep the input order of the reviews; shuffle per epoch when training.</li>
 * </ol>
 * Unlabeled reviews form a stratum of their own. The result depends only on the multiset of (text, label)
 * and the seed, not on the order of the input.
 */
public final class Splits {

    private static final long FNV_PRIME = 0x100000001b3L;

    private Splits() {
    }

    /**
     * Splits reviews into training and validation parts, stratified by label, with all copies of a text on one
     * side; see the class documentation for the method.
     *
     * @param reviews            the reviews to split
     * @param validationFraction the fraction of each label that goes to validation, in [0, 1)
     * @param seed               the seed of the permutation; the same seed gives the same split
     */
    public static Split trainValidation(final List<Review> reviews, final double validationFraction,
                                        final long seed) {
        Objects.requireNonNull(reviews, "reviews must not be null");
        if (!(validationFraction >= 0.0 && validationFraction < 1.0)) {
            throw new IllegalArgumentException("validationFraction must be in [0, 1), got " + validationFraction);
        }
        final boolean[] inValidation = new boolean[reviews.size()];
        for (final List<TextGroup> stratum : strata(reviews, seed).values()) {
            fillValidation(stratum, validationFraction, inValidation);
        }
        final List<Review> train = new ArrayList<>();
        final List<Review> validation = new ArrayList<>();
        for (int i = 0; i < reviews.size(); i++) {
            (inValidation[i] ? validation : train).add(reviews.get(i));
        }
        return new Split(train, validation);
    }

    /** All copies of one text: the text, its seeded hash and the positions of the copies. */
    private record TextGroup(String text, long hash, List<Integer> positions) {
    }

    private static Map<Integer, List<TextGroup>> strata(final List<Review> reviews, final long seed) {
        final Map<String, List<Integer>> positionsByText = new LinkedHashMap<>();
        final Map<String, Integer> labelByText = new LinkedHashMap<>();
        for (int i = 0; i < reviews.size(); i++) {
            final Review review = Objects.requireNonNull(reviews.get(i), "reviews must not contain null");
            positionsByText.computeIfAbsent(review.text(), text -> new ArrayList<>()).add(i);
            labelByText.putIfAbsent(review.text(), review.label());
        }
        final Map<Integer, List<TextGroup>> strata = new TreeMap<>();
        positionsByText.forEach((text, positions) -> strata
                .computeIfAbsent(labelByText.get(text), label -> new ArrayList<>())
                .add(new TextGroup(text, hash(seed, text), positions)));
        return strata;
    }

    private static void fillValidation(final List<TextGroup> stratum, final double validationFraction,
                                       final boolean[] inValidation) {
        final int size = stratum.stream().mapToInt(group -> group.positions().size()).sum();
        final long target = Math.round(validationFraction * size);
        final List<TextGroup> order = new ArrayList<>(stratum);
        order.sort(Comparator.comparingLong(TextGroup::hash).thenComparing(TextGroup::text));
        long taken = 0;
        for (final TextGroup group : order) {
            if (taken == target) {
                return;
            }
            if (taken + group.positions().size() <= target) {
                group.positions().forEach(position -> inValidation[position] = true);
                taken += group.positions().size();
            }
        }
    }

    /** FNV-1a over the UTF-16 code units of the text, starting from a mixed seed, then mixed again. */
    public static long hash(final long seed, final String text) {
        long hash = mix(seed);
        for (int i = 0; i < text.length(); i++) {
            hash = (hash ^ text.charAt(i)) * FNV_PRIME;
        }
        return mix(hash);
    }

    /** The finalizer of SplitMix64: spreads every input bit over the whole word. */
    private static long mix(final long value) {
        final long z1 = value + 0x9e3779b97f4a7c15L;
        final long z2 = (z1 ^ (z1 >>> 30)) * 0xbf58476d1ce4e5b9L;
        final long z3 = (z2 ^ (z2 >>> 27)) * 0x94d049bb133111ebL;
        return z3 ^ (z3 >>> 31);
    }
}
