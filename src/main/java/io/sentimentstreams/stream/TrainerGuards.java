package io.sentimentstreams.stream;

import io.sentimentstreams.model.ModelFile;
import io.sentimentstreams.model.Scorer;
import io.sentimentstreams.model.SentimentModel;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What keeps a bad model from the fleet, judged by the online trainer on the labeled reviews it learns from. Every
 * tested mini-batch is also scored by the <em>serving</em> version (the one the instances score with) and by the
 * <em>reference</em> (the best recent version), so the three accuracies compare on the same reviews:
 * <ul>
 *   <li>drift: the trainer's prequential error (1 wrong, 0 right) feeds a {@link PageHinkley} test;</li>
 *   <li>promotion gate: a snapshot is served only if its weights are finite and, once {@code promotion.min.reviews}
 *       reviews are judged, the trainer's accuracy is at most {@code promotion.max.accuracy.drop} below the serving
 *       version's ({@link #gate});</li>
 *   <li>rollback: when, after {@code rollback.min.reviews}, the serving version's accuracy is more than
 *       {@code rollback.accuracy.drop} below the reference's on the same reviews ({@link #rollbackDue}).</li>
 * </ul>
 * The reference is the version that did best while it served: when a version stops serving after being judged on
 * {@code rollback.min.reviews} reviews, it becomes the reference if its accuracy was at least the reference's. At a
 * drift the reference's figure is refreshed to its accuracy on the reviews judged lately, since the older figure
 * describes data that no longer come. The window of judged reviews starts afresh whenever the serving version
 * changes. Not thread-safe: one trainer owns it.
 */
final class TrainerGuards {

    /** Name of the drift detector, as events carry it. */
    static final String DETECTOR = "page-hinkley";

    static final int TRAINER = 0;
    static final int SERVING = 1;
    static final int REFERENCE = 2;

    private static final Logger LOG = LoggerFactory.getLogger(TrainerGuards.class);
    private static final int FORMAT = 1;

    /**
     * Why a snapshot is not served.
     *
     * @param reason   one sentence for the operator
     * @param accuracy the trainer's accuracy on the judged reviews, NaN if none
     */
    record Held(String reason, double accuracy) {
    }

    private final StreamsSettings settings;
    private final PageHinkley detector;
    private final PairedWindow judged;
    private ModelRegistry.LoadedModel serving;
    private Scorer servingScorer;
    private ModelRegistry.LoadedModel reference;
    private double referenceAccuracy = Double.NaN;
    private Scorer referenceScorer;
    private byte[] referenceBytes;

    TrainerGuards(final StreamsSettings settings) {
        this.settings = settings;
        this.detector = new PageHinkley(settings.driftDelta(), settings.driftLambda(), settings.driftMinReviews());
        this.judged = new PairedWindow(settings.trainingWindowRecords());
    }

    /**
     * Judges one tested mini-batch: scores it with the serving version ({@code current}) and the reference, and
     * feeds the trainer's errors to the drift detector.
     *
     * @param trainerProbabilities the trainer's probabilities of positive, before its step on these reviews
     * @return the detector's statistic when it signalled a drift on this batch
     */
    OptionalDouble judge(final ModelRegistry.LoadedModel current, final List<String> texts, final int[] labels,
                         final double[] trainerProbabilities) {
        follow(current);
        final double[] served = servingScorer.positiveProbabilities(texts);
        final double[] referred = reference == null ? null : referenceScorer.positiveProbabilities(texts);
        boolean drifted = false;
        for (int i = 0; i < labels.length; i++) {
            final int mask = PairedWindow.correct(TRAINER, trainerProbabilities[i], labels[i])
                    | PairedWindow.correct(SERVING, served[i], labels[i])
                    | (referred == null ? 0 : PairedWindow.correct(REFERENCE, referred[i], labels[i]));
            judged.add(mask);
            drifted |= detector.add((mask >> TRAINER & 1) == 1 ? 0 : 1);
        }
        if (!drifted) {
            return OptionalDouble.empty();
        }
        if (reference != null && judged.count() > 0) {
            referenceAccuracy = judged.accuracy(REFERENCE);
        }
        return OptionalDouble.of(detector.signalledStatistic());
    }

    /** Starts judging {@code current} when it is not the serving version judged so far, retiring that one. */
    private void follow(final ModelRegistry.LoadedModel current) {
        if (serving != null && current.version() == serving.version()
                && current.createdTimeMs() == serving.createdTimeMs()) {
            return;
        }
        if (serving != null && judged.count() >= settings.rollbackMinReviews()) {
            final double accuracy = judged.accuracy(SERVING);
            if (reference == null || accuracy >= referenceAccuracy) {
                LOG.info("Model version {} is now the reference for rollbacks: accuracy {} on the {} labeled reviews"
                        + " judged while it served.", serving.version(), format(accuracy), judged.count());
                setReference(serving, accuracy, null);
            }
        }
        serving = current;
        servingScorer = current.model().newScorer(settings.trainingBatchSize());
        judged.clear();
    }

    private void setReference(final ModelRegistry.LoadedModel model, final double accuracy, final byte[] bytes) {
        reference = model;
        referenceAccuracy = accuracy;
        referenceBytes = bytes;
        referenceScorer = model.model().newScorer(settings.trainingBatchSize());
    }

    /** Why the trainer's {@code candidate} weights must not be served now; empty when they may. */
    Optional<Held> gate(final SentimentModel candidate) {
        final double accuracy = judged.accuracy(TRAINER);
        if (!candidate.network().hasFiniteWeights()) {
            return Optional.of(new Held("its weights are not all finite numbers", accuracy));
        }
        if (serving == null || judged.count() < settings.promotionMinReviews()) {
            return Optional.empty();
        }
        final double servingAccuracy = judged.accuracy(SERVING);
        if (accuracy < servingAccuracy - settings.promotionMaxAccuracyDrop()) {
            return Optional.of(new Held(String.format(Locale.ROOT, "its prequential accuracy %.3f is more than %.3f"
                    + " below the %.3f of serving version %d on the same %d labeled reviews", accuracy,
                    settings.promotionMaxAccuracyDrop(), servingAccuracy, serving.version(), judged.count()),
                    accuracy));
        }
        return Optional.empty();
    }

    /** The reference, when the serving version has fallen more than {@code rollback.accuracy.drop} below it. */
    Optional<ModelRegistry.LoadedModel> rollbackDue() {
        if (reference == null || serving == null || judged.count() < settings.rollbackMinReviews()) {
            return Optional.empty();
        }
        return judged.accuracy(REFERENCE) - judged.accuracy(SERVING) > settings.rollbackAccuracyDrop()
                ? Optional.of(reference) : Optional.empty();
    }

    /** The serving version's accuracy on the reviews judged since it began serving; NaN when none. */
    double servingAccuracy() {
        return judged.accuracy(SERVING);
    }

    /** The reference's accuracy on the same reviews; NaN when there is none or no review was judged. */
    double referenceAccuracy() {
        return reference == null ? Double.NaN : judged.accuracy(REFERENCE);
    }

    /** Reviews judged since the serving version began serving (at most {@code training.window.records}). */
    int judgedReviews() {
        return judged.count();
    }

    /** The serving version judged; -1 before the first batch. */
    long servingVersion() {
        return serving == null ? -1 : serving.version();
    }

    /** The reference's version; -1 when there is none. */
    long referenceVersion() {
        return reference == null ? -1 : reference.version();
    }

    /**
     * Writes what survives a restart: the detector's state, the judged window with the serving version it belongs
     * to, and the reference with its weights.
     */
    void write(final DataOutput out) throws IOException {
        out.writeInt(FORMAT);
        detector.write(out);
        out.writeLong(serving == null ? -1 : serving.version());
        out.writeLong(serving == null ? -1 : serving.createdTimeMs());
        judged.write(out);
        out.writeBoolean(reference != null);
        if (reference != null) {
            if (referenceBytes == null) {
                referenceBytes = ModelFile.toBytes(reference.model());
            }
            out.writeLong(reference.version());
            out.writeLong(reference.parentVersion());
            out.writeLong(reference.createdTimeMs());
            out.writeDouble(referenceAccuracy);
            out.writeInt(referenceBytes.length);
            out.write(referenceBytes);
        }
    }

    /** Continues from what {@link #write} wrote; the judged window is kept if {@code current} is its version. */
    void read(final DataInput in, final ModelRegistry.LoadedModel current) throws IOException {
        final int format = in.readInt();
        if (format != FORMAT) {
            throw new IllegalStateException("The trainer-state store holds guards of format " + format
                    + ", this program reads format " + FORMAT + ".");
        }
        detector.read(in);
        final long servingVersion = in.readLong();
        final long servingCreated = in.readLong();
        judged.read(in);
        serving = current;
        servingScorer = current.model().newScorer(settings.trainingBatchSize());
        if (current.version() != servingVersion || current.createdTimeMs() != servingCreated) {
            judged.clear();
        }
        if (in.readBoolean()) {
            final long version = in.readLong();
            final long parent = in.readLong();
            final long created = in.readLong();
            final double accuracy = in.readDouble();
            final byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            setReference(new ModelRegistry.LoadedModel(ModelFile.fromBytes(bytes), version, parent, created),
                    accuracy, bytes);
        }
    }

    static String format(final double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
