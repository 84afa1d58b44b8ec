package io.sentimentstreams.stream;

import io.sentimentstreams.nn.NonFinite;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Percentile;
import org.apache.kafka.common.metrics.stats.Percentiles;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.metrics.stats.Value;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * The processor's own metrics, in group {@value #GROUP} of Kafka Streams' metrics registry, so they show in
 * {@code KafkaStreams#metrics()} and over JMX. Sensors are shared by all tasks and threads of an instance.
 */
public final class StreamMetrics {

    /** Metric group of every metric here. */
    public static final String GROUP = "sentiment-streams";

    public static final String DEAD_LETTERS_TOTAL = "dead-letters-total";
    public static final String SCORES_TOTAL = "scores-total";
    public static final String SCORES_RATE = "scores-rate";
    public static final String SCORING_BATCH_SIZE_AVG = "scoring-batch-size-avg";
    public static final String SCORING_BATCH_SIZE_MAX = "scoring-batch-size-max";
    public static final String SCORING_LATENCY_AVG = "scoring-latency-ms-avg";
    public static final String SCORING_LATENCY_MAX = "scoring-latency-ms-max";
    public static final String SCORING_STAGE_AVG = "scoring-stage-ms-avg";
    public static final String SCORING_STAGE_MAX = "scoring-stage-ms-max";
    public static final String SCORING_STAGE_P50 = "scoring-stage-ms-p50";
    public static final String SCORING_STAGE_P99 = "scoring-stage-ms-p99";
    public static final String MODEL_VERSION = "model-version";
    public static final String TRAINING_STEPS = "training-steps";
    public static final String PREQUENTIAL_ACCURACY = "prequential-accuracy";
    public static final String PREQUENTIAL_LOSS = "prequential-loss";
    public static final String TRAINING_STEPS_REJECTED_TOTAL = "training-steps-rejected-total";
    public static final String DRIFT_DETECTED_TOTAL = "drift-detected-total";
    public static final String CANDIDATES_HELD_TOTAL = "candidates-held-total";
    public static final String ROLLBACKS_TOTAL = "rollbacks-total";
    public static final String PROMOTIONS_TOTAL = "promotions-total";
    public static final String SERVING_ACCURACY = "serving-accuracy";
    public static final String LINE_PREQUENTIAL_ACCURACY = "line-prequential-accuracy";
    public static final String UNLABELED_STEPS_TOTAL = "unlabeled-steps-total";
    public static final String UNLABELED_STEPS_REJECTED_TOTAL = "unlabeled-steps-rejected-total";
    public static final String UNLABELED_LOSS = "unlabeled-loss";
    public static final String UNLABELED_DROPPED_TOTAL = "unlabeled-dropped-total";
    public static final String UNLABELED_SKIPPED_TOTAL = "unlabeled-skipped-total";

    /** The online trainer's sensors. */
    record TrainingSensors(Sensor steps, Sensor accuracy, Sensor loss) {
        void record(final long trainingSteps, final double prequentialAccuracy, final double prequentialLoss) {
            steps.record(trainingSteps);
            accuracy.record(prequentialAccuracy);
            loss.record(prequentialLoss);
        }
    }

    private StreamMetrics() {
    }

    /** Counts dead letters of one reason: {@value #DEAD_LETTERS_TOTAL} with tag {@code reason}. */
    static Sensor deadLetters(final StreamsMetrics metrics, final DeadLetterReason reason) {
        final Sensor sensor = metrics.addSensor(GROUP + ".dead-letters." + reason.name(), Sensor.RecordingLevel.INFO);
        sensor.add(name(DEAD_LETTERS_TOTAL, "Records sent to the dead-letter topic, by reason.",
                Map.of("reason", reason.name())), new CumulativeCount());
        return sensor;
    }

    /** Records the size of each scoring batch; counts and rates the scores. */
    static Sensor scoringBatches(final StreamsMetrics metrics) {
        final Sensor sensor = metrics.addSensor(GROUP + ".scoring-batches", Sensor.RecordingLevel.INFO);
        sensor.add(name(SCORES_TOTAL, "Reviews scored.", Map.of()), new CumulativeSum());
        sensor.add(name(SCORES_RATE, "Reviews scored per second.", Map.of()), new Rate());
        sensor.add(name(SCORING_BATCH_SIZE_AVG, "Average number of reviews per scoring forward pass.", Map.of()),
                new Avg());
        sensor.add(name(SCORING_BATCH_SIZE_MAX, "Largest number of reviews in one scoring forward pass.", Map.of()),
                new Max());
        return sensor;
    }

    /** Records the time to score one batch (tokenizing and forward pass), in ms. */
    static Sensor scoringLatency(final StreamsMetrics metrics) {
        final Sensor sensor = metrics.addSensor(GROUP + ".scoring-latency", Sensor.RecordingLevel.INFO);
        sensor.add(name(SCORING_LATENCY_AVG, "Average time to score one batch, in ms.", Map.of()), new Avg());
        sensor.add(name(SCORING_LATENCY_MAX, "Longest time to score one batch, in ms.", Map.of()), new Max());
        return sensor;
    }

    /** Where a review's time in the scorer goes: one sensor per {@link ScoringStage}, each recording ms per review. */
    record ScoringStageSensors(Sensor batchWait, Sensor queue, Sensor score, Sensor forward) {
    }

    /** Longest stage time the percentiles tell apart; longer ones count as this. */
    static final double STAGE_PERCENTILES_MAX_MS = 10_000;

    /** Memory of each stage's percentile histogram per sample window: 2,000 buckets of 5 ms. */
    static final int STAGE_PERCENTILES_BYTES = 8_000;

    /**
     * {@value #SCORING_STAGE_AVG}, {@value #SCORING_STAGE_MAX}, {@value #SCORING_STAGE_P50} and
     * {@value #SCORING_STAGE_P99} with tag {@code stage}: wait, queue, score, forward (see {@link ScoringStage}),
     * over Kafka's metric sample windows ({@code metrics.sample.window.ms} × {@code metrics.num.samples}); the
     * percentiles to 5 ms.
     */
    static ScoringStageSensors scoringStages(final StreamsMetrics metrics) {
        return new ScoringStageSensors(stage(metrics, ScoringStage.WAIT), stage(metrics, ScoringStage.QUEUE),
                stage(metrics, ScoringStage.SCORE), stage(metrics, ScoringStage.FORWARD));
    }

    private static Sensor stage(final StreamsMetrics metrics, final ScoringStage stage) {
        final Map<String, String> tags = Map.of("stage", stage.id());
        final Sensor sensor = metrics.addSensor(GROUP + ".scoring-stage." + stage.id(), Sensor.RecordingLevel.INFO);
        sensor.add(name(SCORING_STAGE_AVG, "Average time a review spent in this stage of scoring, in ms: "
                + stage.meaning(), tags), new Avg());
        sensor.add(name(SCORING_STAGE_MAX, "Longest time a review spent in this stage of scoring, in ms.", tags),
                new Max());
        sensor.add(new Percentiles(STAGE_PERCENTILES_BYTES, STAGE_PERCENTILES_MAX_MS,
                Percentiles.BucketSizing.CONSTANT,
                new Percentile(name(SCORING_STAGE_P50, "Median time a review spent in this stage of scoring, in"
                        + " ms (to 5 ms).", tags), 50),
                new Percentile(name(SCORING_STAGE_P99, "99th percentile of the time a review spent in this stage"
                        + " of scoring, in ms (to 5 ms).", tags), 99)));
        return sensor;
    }

    /** Records the version of the model the instance scores with. */
    static Sensor modelVersion(final StreamsMetrics metrics) {
        final Sensor sensor = metrics.addSensor(GROUP + ".model-version", Sensor.RecordingLevel.INFO);
        sensor.add(name(MODEL_VERSION, "Version of the model this instance scores with.", Map.of()), new Value());
        return sensor;
    }

    /** The online trainer's step count and its prequential accuracy and loss over the sliding window. */
    static TrainingSensors training(final StreamsMetrics metrics) {
        return new TrainingSensors(
                value(metrics, TRAINING_STEPS, "Training steps taken since the initial model."),
                value(metrics, PREQUENTIAL_ACCURACY, "Prequential (test-then-train) accuracy over the last"
                        + " training.window.records labeled reviews."),
                value(metrics, PREQUENTIAL_LOSS, "Prequential mean cross-entropy, in nats, over the same window."));
    }

    /**
     * Counts the training steps refused because something in them was not a finite number:
     * {@value #TRAINING_STEPS_REJECTED_TOTAL} with tag {@code reason} = loss, gradient or weights.
     */
    static Sensor rejectedSteps(final StreamsMetrics metrics, final NonFinite reason) {
        final Sensor sensor = metrics.addSensor(GROUP + ".training-steps-rejected." + reason.id(),
                Sensor.RecordingLevel.INFO);
        sensor.add(name(TRAINING_STEPS_REJECTED_TOTAL, "Training steps undone because their loss, gradient or"
                + " updated weights were not finite, by reason.", Map.of("reason", reason.id())),
                new CumulativeCount());
        return sensor;
    }

    /** The guards' counters and figures: {@link TrainerGuards} and {@link ChallengerLine}. */
    record GuardSensors(Sensor drifts, Sensor held, Sensor rollbacks, Sensor promotions, Sensor servingAccuracy) {
    }

    /**
     * {@value #DRIFT_DETECTED_TOTAL}, {@value #CANDIDATES_HELD_TOTAL}, {@value #ROLLBACKS_TOTAL},
     * {@value #PROMOTIONS_TOTAL} and {@value #SERVING_ACCURACY}.
     */
    static GuardSensors guards(final StreamsMetrics metrics) {
        return new GuardSensors(
                count(metrics, DRIFT_DETECTED_TOTAL, "Drifts of the prequential error signalled by the detector."),
                count(metrics, CANDIDATES_HELD_TOTAL, "Snapshots held back by the promotion gate."),
                count(metrics, ROLLBACKS_TOTAL, "Earlier versions republished because the serving one fell behind."),
                count(metrics, PROMOTIONS_TOTAL, "Challengers that replaced the published model line."),
                value(metrics, SERVING_ACCURACY, "Accuracy of the serving version on the labeled reviews judged"
                        + " since it began serving (at most training.window.records)."));
    }

    /** {@value #LINE_PREQUENTIAL_ACCURACY} with tag {@code line} = champion or challenger. */
    static Sensor lineAccuracy(final StreamsMetrics metrics, final String line) {
        final Sensor sensor = metrics.addSensor(GROUP + ".line-accuracy." + line, Sensor.RecordingLevel.INFO);
        sensor.add(name(LINE_PREQUENTIAL_ACCURACY, "Prequential accuracy of each model line over the last"
                + " challenger.window labeled reviews both lines tested.", Map.of("line", line)), new Value());
        return sensor;
    }

    /** The language-model steps on unlabeled reviews: taken, refused, and their mean loss. */
    record UnlabeledSensors(Sensor steps, Sensor rejected, Sensor loss) {
    }

    /** {@value #UNLABELED_STEPS_TOTAL}, {@value #UNLABELED_STEPS_REJECTED_TOTAL} and {@value #UNLABELED_LOSS}. */
    static UnlabeledSensors unlabeled(final StreamsMetrics metrics) {
        return new UnlabeledSensors(
                count(metrics, UNLABELED_STEPS_TOTAL, "Language-model steps taken on unlabeled reviews."),
                count(metrics, UNLABELED_STEPS_REJECTED_TOTAL, "Language-model steps on unlabeled reviews undone"
                        + " because their loss, gradient or updated weights were not finite."),
                value(metrics, UNLABELED_LOSS, "Mean sampled-softmax loss per predicted token, in nats, of the last"
                        + " " + UnlabeledLearning.LOSS_STEPS + " language-model steps, each before its update."));
    }

    /** {@value #UNLABELED_DROPPED_TOTAL}: unlabeled texts replaced by newer ones before the trainer took them. */
    static Sensor unlabeledDropped(final StreamsMetrics metrics) {
        final Sensor sensor = metrics.addSensor(GROUP + "." + UNLABELED_DROPPED_TOTAL, Sensor.RecordingLevel.INFO);
        sensor.add(name(UNLABELED_DROPPED_TOTAL, "Unlabeled reviews not learned from because a newer full batch"
                + " replaced theirs before the trainer took it.", Map.of()), new CumulativeSum());
        return sensor;
    }

    /** {@value #UNLABELED_SKIPPED_TOTAL}: records of the reviews topic the trainer could not use as text. */
    static Sensor unlabeledSkipped(final StreamsMetrics metrics) {
        return count(metrics, UNLABELED_SKIPPED_TOTAL, "Records of the reviews topic the trainer skipped as"
                + " unlabeled text (undecodable or failing the checks; the scorer dead-letters them).");
    }

    private static Sensor count(final StreamsMetrics metrics, final String name, final String description) {
        final Sensor sensor = metrics.addSensor(GROUP + "." + name, Sensor.RecordingLevel.INFO);
        sensor.add(name(name, description, Map.of()), new CumulativeCount());
        return sensor;
    }

    private static Sensor value(final StreamsMetrics metrics, final String name, final String description) {
        final Sensor sensor = metrics.addSensor(GROUP + "." + name, Sensor.RecordingLevel.INFO);
        sensor.add(name(name, description, Map.of()), new Value());
        return sensor;
    }

    private static MetricName name(final String name, final String description, final Map<String, String> tags) {
        return new MetricName(name, GROUP, description, tags);
    }
}
