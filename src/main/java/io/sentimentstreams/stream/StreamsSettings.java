package io.sentimentstreams.stream;

import io.sentimentstreams.model.InitialModel;
import io.sentimentstreams.nn.CellType;
import io.sentimentstreams.nn.Pooling;
import io.sentimentstreams.text.Truncation;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Every setting of the streaming processor, defined as a Kafka {@link ConfigDef} and validated once at start-up.
 * Sources, each overriding the one before: the defaults of {@link #CONFIG}; a properties file; environment variables
 * ({@code SENTIMENT_} + the key in upper case with {@code _} for {@code .}, e.g.
 * {@code SENTIMENT_SCORING_BATCH_MAX_RECORDS}); explicit overrides (command-line flags). A key that {@link #CONFIG}
 * does not define is a Kafka client setting ({@code security.protocol}, {@code sasl.jaas.config},
 * {@code producer.linger.ms}, ...) and is handed to Kafka Streams unchanged, except that unknown keys in this
 * processor's own namespaces ({@code topics.}, {@code scoring.}, {@code training.}, {@code text.}, {@code model.},
 * {@code http.}, {@code failure.}, {@code drift.}, {@code promotion.}, {@code rollback.}, {@code challenger.}) are
 * rejected as typos.
 */
public final class StreamsSettings extends AbstractConfig {

    /** Prefix of the environment variables read by {@link #load}. */
    public static final String ENV_PREFIX = "SENTIMENT_";

    /** The data cache of {@code download-imdb} and the demo: under the prefix, but not a stream setting. */
    public static final String CACHE_DIR_VARIABLE = "SENTIMENT_CACHE_DIR";

    public static final String APPLICATION_ID = "application.id";
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String STATE_DIR = "state.dir";
    public static final String PROCESSING_GUARANTEE = "processing.guarantee";
    public static final String INSTANCE_ID = "instance.id";
    public static final String TOPICS_REVIEWS = "topics.reviews";
    public static final String TOPICS_LABELED_REVIEWS = "topics.labeled.reviews";
    public static final String TOPICS_SCORES = "topics.scores";
    public static final String TOPICS_MODELS = "topics.models";
    public static final String TOPICS_DEAD_LETTERS = "topics.dead.letters";
    public static final String TOPICS_MODEL_EVENTS = "topics.model.events";
    public static final String SCORING_BATCH_MAX_RECORDS = "scoring.batch.max.records";
    public static final String SCORING_BATCH_MAX_WAIT_MS = "scoring.batch.max.wait.ms";
    public static final String SCORING_THREADS = "scoring.threads";
    public static final String TRAINING_BATCH_SIZE = "training.batch.size";
    public static final String TRAINING_LEARNING_RATE = "training.learning.rate";
    public static final String TRAINING_CLIP_NORM = "training.clip.norm";
    public static final String TRAINING_SNAPSHOT_EVERY_STEPS = "training.snapshot.every.steps";
    public static final String TRAINING_SNAPSHOT_EVERY_MS = "training.snapshot.every.ms";
    public static final String TRAINING_WINDOW_RECORDS = "training.window.records";
    public static final String TRAINING_UNLABELED_WEIGHT = "training.unlabeled.weight";
    public static final String TRAINING_UNLABELED_BATCH_SIZE = "training.unlabeled.batch.size";
    public static final String TEXT_MAX_CHARS = "text.max.chars";
    public static final String TEXT_MAX_TOKENS = "text.max.tokens";
    public static final String TEXT_TRUNCATION = "text.truncation";
    public static final String MODEL_HASHING_BUCKETS = "model.hashing.buckets";
    public static final String MODEL_EMBEDDING = "model.embedding";
    public static final String MODEL_HIDDEN = "model.hidden";
    public static final String MODEL_CELL = "model.cell";
    public static final String MODEL_POOLING = "model.pooling";
    public static final String MODEL_SEED = "model.seed";
    public static final String MODEL_LINE = "model.line";
    public static final String MODEL_MAX_BYTES = "model.max.bytes";
    public static final String TRAINING_ON_DRIFT = "training.on.drift";
    public static final String DRIFT_DELTA = "drift.delta";
    public static final String DRIFT_LAMBDA = "drift.lambda";
    public static final String DRIFT_MIN_REVIEWS = "drift.min.reviews";
    public static final String DRIFT_RAISE_LR_FACTOR = "drift.raise.lr.factor";
    public static final String PROMOTION_MAX_ACCURACY_DROP = "promotion.max.accuracy.drop";
    public static final String PROMOTION_MIN_REVIEWS = "promotion.min.reviews";
    public static final String ROLLBACK_ACCURACY_DROP = "rollback.accuracy.drop";
    public static final String ROLLBACK_MIN_REVIEWS = "rollback.min.reviews";
    public static final String CHALLENGER_ENABLED = "challenger.enabled";
    public static final String CHALLENGER_CELL = "challenger.cell";
    public static final String CHALLENGER_LEARNING_RATE = "challenger.learning.rate";
    public static final String CHALLENGER_MARGIN = "challenger.margin";
    public static final String CHALLENGER_WINDOW = "challenger.window";
    public static final String HTTP_PORT = "http.port";
    public static final String HTTP_READY_BROKER_TIMEOUT_MS = "http.ready.broker.timeout.ms";
    public static final String FAILURE_THREAD_REPLACEMENTS = "failure.thread.replacements";
    public static final String FAILURE_WINDOW_MS = "failure.window.ms";
    public static final String STATIC_MEMBERSHIP = "static.membership";

    private static final String GROUP_INSTANCE_ID = "group.instance.id";
    private static final String GLOBAL_PROCESSING_EXCEPTIONS = "processing.exception.handler.global.enabled";

    /** The Streams producers' {@code retry.backoff.ms} unless a Kafka key sets it (Kafka's default is 100). */
    static final long PRODUCER_RETRY_BACKOFF_MS = 10;

    /** Key prefixes owned by this processor: an unknown key under one of them is a typo, not a Kafka setting. */
    public static final List<String> OWN_PREFIXES = List.of("topics.", "scoring.", "training.", "text.", "model.",
            "http.", "failure.", "drift.", "promotion.", "rollback.", "challenger.");

    /** Every key this processor reads, with its type, default, validator and documentation (unit in the text). */
    public static final ConfigDef CONFIG = new ConfigDef()
            .define(APPLICATION_ID, Type.STRING, "sentiment-streams", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Kafka Streams application id: the consumer group of all instances and the prefix of their"
                            + " internal topics.")
            .define(BOOTSTRAP_SERVERS, Type.STRING, "localhost:9092", new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Kafka brokers to connect to, as host:port[,host:port].")
            .define(STATE_DIR, Type.STRING, "", Importance.MEDIUM, "Folder of the local state stores; empty for"
                    + " Kafka Streams' default (<java.io.tmpdir>/kafka-streams).")
            .define(PROCESSING_GUARANTEE, Type.STRING, StreamsConfig.EXACTLY_ONCE_V2,
                    ConfigDef.ValidString.in(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE),
                    Importance.HIGH, "Kafka Streams processing guarantee: with exactly_once_v2, a score or training"
                            + " step and the state it changes commit together.")
            .define(INSTANCE_ID, Type.STRING, "", Importance.LOW,
                    "Id of this instance, written into every score and snapshot; empty for none.")
            .define(TOPICS_REVIEWS, Type.STRING, "reviews", TopicName.VALID, Importance.HIGH,
                    "Topic of the reviews to score (ReviewEvent).")
            .define(TOPICS_LABELED_REVIEWS, Type.STRING, "labeled-reviews", TopicName.VALID, Importance.HIGH,
                    "Topic of the labeled reviews the online trainer learns from (LabeledReview).")
            .define(TOPICS_SCORES, Type.STRING, "scores", TopicName.VALID, Importance.HIGH,
                    "Topic the scores are written to (SentimentScore).")
            .define(TOPICS_MODELS, Type.STRING, "models", TopicName.VALID, Importance.HIGH,
                    "Compacted topic of the model snapshots (ModelSnapshot).")
            .define(TOPICS_DEAD_LETTERS, Type.STRING, "dead-letters", TopicName.VALID, Importance.HIGH,
                    "Topic of the records that cannot be processed, with the reason in dlq.* headers.")
            .define(TOPICS_MODEL_EVENTS, Type.STRING, "model-events", TopicName.VALID, Importance.MEDIUM,
                    "Topic of what an operator should know about the model line (ModelEvent): a drift, a step"
                            + " rejected, a candidate held back, a rollback, a promotion.")
            .define(SCORING_BATCH_MAX_RECORDS, Type.INT, 64, ConfigDef.Range.between(1, 10_000), Importance.MEDIUM,
                    "Reviews scored together in one forward pass at most, in records; a full buffer is scored at"
                            + " once.")
            .define(SCORING_BATCH_MAX_WAIT_MS, Type.LONG, 50L, ConfigDef.Range.between(1, 3_600_000),
                    Importance.MEDIUM, "Longest a review waits in the scoring buffer before a partial batch is"
                            + " scored, in ms, when a scoring thread is free; while all are busy, reviews gather into"
                            + " larger batches.")
            .define(SCORING_THREADS, Type.INT, 1, ConfigDef.Range.between(0, 1_024), Importance.MEDIUM,
                    "Threads that run scoring's forward passes, shared by the instance's stream threads, so that a"
                            + " stream thread goes on polling, buffering and committing while a batch is scored; 0"
                            + " scores on the stream threads themselves.")
            .define(TRAINING_BATCH_SIZE, Type.INT, 32, ConfigDef.Range.between(1, 10_000), Importance.MEDIUM,
                    "Labeled reviews in one training step (mini-batch).")
            .define(TRAINING_LEARNING_RATE, Type.DOUBLE, 2e-3, Positive.VALID, Importance.MEDIUM,
                    "Step size of the Adam optimizer.")
            .define(TRAINING_CLIP_NORM, Type.DOUBLE, 5.0, ConfigDef.Range.between(0, Double.MAX_VALUE),
                    Importance.MEDIUM, "Gradients are scaled down to this global L2 norm before each step; 0"
                            + " disables clipping.")
            .define(TRAINING_SNAPSHOT_EVERY_STEPS, Type.INT, 50, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                    "A model snapshot is published after this many training steps.")
            .define(TRAINING_SNAPSHOT_EVERY_MS, Type.LONG, 30_000L, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                    "A model snapshot is also published when this many ms have passed since the last one and"
                            + " training steps were taken since.")
            .define(TRAINING_WINDOW_RECORDS, Type.INT, 1_000, ConfigDef.Range.between(1, 10_000_000),
                    Importance.LOW, "Labeled reviews in the sliding window of the prequential accuracy and loss.")
            .define(TRAINING_UNLABELED_WEIGHT, Type.DOUBLE, 0.0, NonNegative.VALID,
                    Importance.LOW, "How far a step of the language-model objective on unlabeled reviews of the"
                            + " reviews topic moves the trainer's embedding and recurrent cell, relative to a labeled"
                            + " step (its Adam steps at this weight times training.learning.rate); 0 turns it off"
                            + " and the trainer does not read the reviews topic.")
            .define(TRAINING_UNLABELED_BATCH_SIZE, Type.INT, 0, ConfigDef.Range.between(0, 10_000),
                    Importance.LOW, "Unlabeled reviews in one language-model step; 0 for training.batch.size.")
            .define(TRAINING_ON_DRIFT, Type.STRING, id(DriftReaction.NONE), Choice.of(DriftReaction.class),
                    Importance.LOW, "What the trainer does when a drift is detected: nothing more than the event,"
                            + " reset its optimizer's moments, or multiply its learning rate by"
                            + " drift.raise.lr.factor until its next snapshot.")
            .define(DRIFT_DELTA, Type.DOUBLE, 0.005, ConfigDef.Range.between(0, 1), Importance.LOW,
                    "Page-Hinkley δ: the rise of the prequential error rate tolerated, in error per review.")
            .define(DRIFT_LAMBDA, Type.DOUBLE, 50.0, Positive.VALID, Importance.LOW,
                    "Page-Hinkley λ: a drift is signalled when the cumulative deviation of the prequential error"
                            + " rises this far above its minimum, in errors.")
            .define(DRIFT_MIN_REVIEWS, Type.INT, 30, ConfigDef.Range.between(1, 100_000_000), Importance.LOW,
                    "Labeled reviews the drift detector sees, after the start or a drift, before it can signal.")
            .define(DRIFT_RAISE_LR_FACTOR, Type.DOUBLE, 5.0, ConfigDef.Range.between(1, 1_000), Importance.LOW,
                    "With training.on.drift=raise-lr, the learning rate is multiplied by this until the next"
                            + " snapshot.")
            .define(PROMOTION_MAX_ACCURACY_DROP, Type.DOUBLE, 0.02, ConfigDef.Range.between(0, 1),
                    Importance.MEDIUM, "A snapshot is served only if its prequential accuracy is at most this much"
                            + " below the serving version's, on the same labeled reviews; otherwise it is held as"
                            + " a candidate.")
            .define(PROMOTION_MIN_REVIEWS, Type.INT, 200, ConfigDef.Range.between(1, 10_000_000),
                    Importance.LOW, "Labeled reviews judged by both the trainer and the serving version before the"
                            + " promotion gate compares their accuracy; until then a finite snapshot is served."
                            + " At most training.window.records are compared.")
            .define(ROLLBACK_ACCURACY_DROP, Type.DOUBLE, 0.1, ConfigDef.Range.between(0, 1), Importance.MEDIUM,
                    "The trainer republishes the best recent version when the serving version's live accuracy"
                            + " falls more than this below that version's, on the same labeled reviews.")
            .define(ROLLBACK_MIN_REVIEWS, Type.INT, 500, ConfigDef.Range.between(1, 10_000_000), Importance.LOW,
                    "Labeled reviews a version must be judged on while serving before it can become the best"
                            + " recent version, or be rolled back. At most training.window.records are compared.")
            .define(CHALLENGER_ENABLED, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Trains a second model line in shadow from the same labeled reviews (the challenger.* keys);"
                            + " it replaces the published line when it does better by challenger.margin.")
            .define(CHALLENGER_CELL, Type.STRING, "", ChallengerCell.VALID, Importance.LOW,
                    "Recurrent cell of the challenger's initial model; empty for model.cell.")
            .define(CHALLENGER_LEARNING_RATE, Type.DOUBLE, 0.0, ConfigDef.Range.between(0, 1_000), Importance.LOW,
                    "Adam step size of the challenger; 0 for training.learning.rate.")
            .define(CHALLENGER_MARGIN, Type.DOUBLE, 0.02, ConfigDef.Range.between(0, 1), Importance.LOW,
                    "The challenger is promoted when its prequential accuracy beats the published line's by at"
                            + " least this much over challenger.window labeled reviews.")
            .define(CHALLENGER_WINDOW, Type.INT, 1_000, ConfigDef.Range.between(1, 10_000_000), Importance.LOW,
                    "Labeled reviews, tested by both lines, over which the challenger is compared.")
            .define(TEXT_MAX_CHARS, Type.INT, 100_000, ConfigDef.Range.between(1, 100_000_000), Importance.MEDIUM,
                    "Longest review text accepted, in UTF-16 chars; longer ones go to the dead-letter topic.")
            .define(TEXT_MAX_TOKENS, Type.INT, 400, ConfigDef.Range.between(1, 100_000), Importance.MEDIUM,
                    "Tokens the initial model reads from a review at most; longer reviews are truncated.")
            .define(TEXT_TRUNCATION, Type.STRING, id(Truncation.HEAD_TAIL), Choice.of(Truncation.class),
                    Importance.LOW, "Which tokens of a longer review the initial model keeps: the head, the tail,"
                            + " or a quarter from the head and the rest from the tail.")
            .define(MODEL_HASHING_BUCKETS, Type.INT, 32_768, ConfigDef.Range.between(1, 10_000_000),
                    Importance.MEDIUM, "Hash buckets of the initial model's tokenizer (its vocabulary is this"
                            + " plus 2).")
            .define(MODEL_EMBEDDING, Type.INT, 64, ConfigDef.Range.between(1, 4_096), Importance.MEDIUM,
                    "Embedding size E of the initial model.")
            .define(MODEL_HIDDEN, Type.INT, 64, ConfigDef.Range.between(1, 4_096), Importance.MEDIUM,
                    "Hidden size H of the initial model.")
            .define(MODEL_CELL, Type.STRING, id(CellType.GRU), Choice.of(CellType.class), Importance.MEDIUM,
                    "Recurrent cell of the initial model.")
            .define(MODEL_POOLING, Type.STRING, id(Pooling.MAX), Choice.of(Pooling.class), Importance.LOW,
                    "How the initial model turns hidden states into features.")
            .define(MODEL_SEED, Type.LONG, 42L, Importance.LOW,
                    "Seed of the initial model's weights; every instance must use the same.")
            .define(MODEL_LINE, Type.STRING, "sentiment", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Key of this model line in the models topic.")
            .define(MODEL_MAX_BYTES, Type.INT, 64 * 1024 * 1024,
                    ConfigDef.Range.between(1024 * 1024, Integer.MAX_VALUE - 1024 * 1024), Importance.MEDIUM,
                    "Largest model snapshot record, in bytes; the models topic needs a max.message.bytes at least"
                            + " as large. Producers' max.request.size and the trainer-state changelog's"
                            + " max.message.bytes are set to three times this (model and optimizer state).")
            .define(HTTP_PORT, Type.INT, 8080, ConfigDef.Range.between(0, 65_535), Importance.MEDIUM,
                    "Port of the HTTP endpoints /health/live, /health/ready, /metrics (Prometheus) and /model;"
                            + " 0 for any free port.")
            .define(HTTP_READY_BROKER_TIMEOUT_MS, Type.LONG, 30_000L, ConfigDef.Range.between(1_000, 86_400_000),
                    Importance.LOW, "/health/ready answers 503 once no broker has answered the instance's checks"
                            + " for this many ms; the brokers are checked every fifth of it (at most every 5 s).")
            .define(FAILURE_THREAD_REPLACEMENTS, Type.INT, 3, ConfigDef.Range.between(0, 1_000), Importance.MEDIUM,
                    "A stream thread that fails is replaced at most this many times within failure.window.ms; the"
                            + " next failure shuts the streams client down, /health/live answers 503 and run exits"
                            + " with status 1.")
            .define(FAILURE_WINDOW_MS, Type.LONG, 600_000L, ConfigDef.Range.between(1_000, 604_800_000),
                    Importance.LOW, "The window, in ms, over which failure.thread.replacements counts the"
                            + " replaced stream threads.")
            .define(STATIC_MEMBERSHIP, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Static group membership: instance.id (which must then be set, and stable across restarts) becomes"
                            + " group.instance.id, so an instance restarted within the consumers' session.timeout.ms"
                            + " gets its tasks back without a rebalance. An explicit group.instance.id wins.");

    private final Map<String, String> kafka;

    private StreamsSettings(final Map<String, String> values) {
        super(CONFIG, values, false);
        final Map<String, String> passThrough = new TreeMap<>(values);
        passThrough.keySet().removeAll(CONFIG.names());
        this.kafka = Map.copyOf(passThrough);
    }

    /**
     * The names of the topics the processor reads and writes.
     *
     * @param reviews        reviews to score
     * @param labeledReviews labeled reviews to learn from
     * @param scores         scores written
     * @param models         model snapshots, compacted
     * @param deadLetters    records that cannot be processed
     * @param modelEvents    what an operator should know about the model line
     */
    public record Topics(String reviews, String labeledReviews, String scores, String models, String deadLetters,
                         String modelEvents) {

        /** Every topic name, inputs first. */
        public List<String> all() {
            return List.of(reviews, labeledReviews, scores, models, deadLetters, modelEvents);
        }
    }

    /** What the online trainer does, beyond the event, when the drift detector signals. */
    public enum DriftReaction {
        /** Only the event and the metric. */
        NONE,
        /** Adam's moments start afresh. */
        RESET_OPTIMIZER,
        /** The learning rate is raised until the next snapshot. */
        RAISE_LR
    }

    /** Every default. */
    public static StreamsSettings defaults() {
        return of(Map.of());
    }

    /** The defaults with the given keys overridden (keys of {@link #CONFIG}, or Kafka client keys). */
    public static StreamsSettings of(final Map<String, String> overrides) {
        return load(null, Map.of(), overrides);
    }

    /**
     * Builds the settings from defaults, then {@code file} (if not null), then the {@code SENTIMENT_*} entries of
     * {@code environment}, then {@code overrides}.
     *
     * @throws InvalidSettingException naming the key, the value, where it came from and what is allowed
     */
    public static StreamsSettings load(final Path file, final Map<String, String> environment,
                                       final Map<String, String> overrides) {
        final Map<String, String> values = new LinkedHashMap<>();
        final Map<String, String> origins = new LinkedHashMap<>();
        if (file != null) {
            final Properties properties = readFile(file);
            for (final String key : new TreeSet<>(properties.stringPropertyNames())) {
                put(values, origins, key, properties.getProperty(key), " (in " + file + ")");
            }
        }
        new TreeMap<>(environment).forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()
                    && !name.equals(CACHE_DIR_VARIABLE)) {
                put(values, origins, environmentKey(name), value, " (from environment variable " + name + ")");
            }
        });
        overrides.forEach((key, value) -> put(values, origins, key, value, ""));
        values.forEach((key, value) -> validate(key, value, origins.get(key)));
        final StreamsSettings settings = new StreamsSettings(values);
        if (settings.staticMembership() && settings.instanceId() == null) {
            throw new InvalidSettingException("Setting " + STATIC_MEMBERSHIP + "=true needs " + INSTANCE_ID
                    + ": a name of the instance that stays the same across its restarts.");
        }
        return settings;
    }

    /** The environment variable that sets {@code key}: {@code SENTIMENT_} and the key in upper case, dots as _. */
    public static String environmentVariable(final String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The key an environment variable sets: {@code SENTIMENT_SCORING_BATCH_MAX_RECORDS → scoring.batch.max.records}. */
    public static String environmentKey(final String variable) {
        for (final String key : CONFIG.names()) {   // known keys with a '-' are matched too
            if (environmentVariable(key).equals(variable)) {
                return key;
            }
        }
        return variable.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    public String applicationId() {
        return getString(APPLICATION_ID);
    }

    public String bootstrapServers() {
        return getString(BOOTSTRAP_SERVERS);
    }

    /** Folder of the local state stores; empty for Kafka Streams' default. */
    public String stateDir() {
        return getString(STATE_DIR);
    }

    public String processingGuarantee() {
        return getString(PROCESSING_GUARANTEE);
    }

    /** Written into every score and snapshot; null when not configured. */
    public String instanceId() {
        final String id = getString(INSTANCE_ID);
        return id.isEmpty() ? null : id;
    }

    public Topics topics() {
        return new Topics(getString(TOPICS_REVIEWS), getString(TOPICS_LABELED_REVIEWS), getString(TOPICS_SCORES),
                getString(TOPICS_MODELS), getString(TOPICS_DEAD_LETTERS), getString(TOPICS_MODEL_EVENTS));
    }

    public int scoringBatchMaxRecords() {
        return getInt(SCORING_BATCH_MAX_RECORDS);
    }

    public long scoringBatchMaxWaitMs() {
        return getLong(SCORING_BATCH_MAX_WAIT_MS);
    }

    /** Threads that run scoring's forward passes; 0 for the stream threads themselves. */
    public int scoringThreads() {
        return getInt(SCORING_THREADS);
    }

    public int trainingBatchSize() {
        return getInt(TRAINING_BATCH_SIZE);
    }

    /** Weight of the language-model objective on unlabeled reviews; 0 when the trainer does not learn it. */
    public double trainingUnlabeledWeight() {
        return getDouble(TRAINING_UNLABELED_WEIGHT);
    }

    /** Unlabeled reviews in one language-model step ({@code training.batch.size} unless set). */
    public int trainingUnlabeledBatchSize() {
        final int size = getInt(TRAINING_UNLABELED_BATCH_SIZE);
        return size == 0 ? trainingBatchSize() : size;
    }

    public double trainingLearningRate() {
        return getDouble(TRAINING_LEARNING_RATE);
    }

    public double trainingClipNorm() {
        return getDouble(TRAINING_CLIP_NORM);
    }

    public int trainingSnapshotEverySteps() {
        return getInt(TRAINING_SNAPSHOT_EVERY_STEPS);
    }

    public long trainingSnapshotEveryMs() {
        return getLong(TRAINING_SNAPSHOT_EVERY_MS);
    }

    public int trainingWindowRecords() {
        return getInt(TRAINING_WINDOW_RECORDS);
    }

    public DriftReaction trainingOnDrift() {
        return Choice.value(DriftReaction.class, getString(TRAINING_ON_DRIFT));
    }

    public double driftDelta() {
        return getDouble(DRIFT_DELTA);
    }

    public double driftLambda() {
        return getDouble(DRIFT_LAMBDA);
    }

    public int driftMinReviews() {
        return getInt(DRIFT_MIN_REVIEWS);
    }

    public double driftRaiseLrFactor() {
        return getDouble(DRIFT_RAISE_LR_FACTOR);
    }

    public double promotionMaxAccuracyDrop() {
        return getDouble(PROMOTION_MAX_ACCURACY_DROP);
    }

    public int promotionMinReviews() {
        return getInt(PROMOTION_MIN_REVIEWS);
    }

    public double rollbackAccuracyDrop() {
        return getDouble(ROLLBACK_ACCURACY_DROP);
    }

    public int rollbackMinReviews() {
        return getInt(ROLLBACK_MIN_REVIEWS);
    }

    public boolean challengerEnabled() {
        return getBoolean(CHALLENGER_ENABLED);
    }

    /** The challenger's cell: {@code challenger.cell}, or {@code model.cell} when empty. */
    public CellType challengerCell() {
        final String cell = getString(CHALLENGER_CELL);
        return cell.isBlank() ? modelCell() : Choice.value(CellType.class, cell);
    }

    /** The challenger's learning rate: {@code challenger.learning.rate}, or {@code training.learning.rate} when 0. */
    public double challengerLearningRate() {
        final double rate = getDouble(CHALLENGER_LEARNING_RATE);
        return rate > 0 ? rate : trainingLearningRate();
    }

    public double challengerMargin() {
        return getDouble(CHALLENGER_MARGIN);
    }

    public int challengerWindow() {
        return getInt(CHALLENGER_WINDOW);
    }

    /** The challenger's untrained model: the initial model with {@link #challengerCell}. */
    public InitialModel challengerInitialModel() {
        return new InitialModel(challengerCell(), modelHashingBuckets(), modelEmbedding(), modelHidden(),
                modelPooling(), textMaxTokens(), textTruncation(), modelSeed());
    }

    public int textMaxChars() {
        return getInt(TEXT_MAX_CHARS);
    }

    public int textMaxTokens() {
        return getInt(TEXT_MAX_TOKENS);
    }

    public Truncation textTruncation() {
        return Choice.value(Truncation.class, getString(TEXT_TRUNCATION));
    }

    public int modelHashingBuckets() {
        return getInt(MODEL_HASHING_BUCKETS);
    }

    public int modelEmbedding() {
        return getInt(MODEL_EMBEDDING);
    }

    public int modelHidden() {
        return getInt(MODEL_HIDDEN);
    }

    public CellType modelCell() {
        return Choice.value(CellType.class, getString(MODEL_CELL));
    }

    public Pooling modelPooling() {
        return Choice.value(Pooling.class, getString(MODEL_POOLING));
    }

    public long modelSeed() {
        return getLong(MODEL_SEED);
    }

    public String modelLine() {
        return getString(MODEL_LINE);
    }

    public int modelMaxBytes() {
        return getInt(MODEL_MAX_BYTES);
    }

    public int httpPort() {
        return getInt(HTTP_PORT);
    }

    /** /health/ready fails once no broker has answered for this long, in ms. */
    public long httpReadyBrokerTimeoutMs() {
        return getLong(HTTP_READY_BROKER_TIMEOUT_MS);
    }

    /** Failed stream threads replaced at most within {@link #failureWindowMs()}. */
    public int failureThreadReplacements() {
        return getInt(FAILURE_THREAD_REPLACEMENTS);
    }

    /** The window over which failed stream threads are counted, in ms. */
    public long failureWindowMs() {
        return getLong(FAILURE_WINDOW_MS);
    }

    /** Whether {@code instance.id} is used as {@code group.instance.id}. */
    public boolean staticMembership() {
        return getBoolean(STATIC_MEMBERSHIP);
    }

    /** The untrained model a stream starts from, as the model.* and text.* keys describe it. */
    public InitialModel initialModel() {
        return new InitialModel(modelCell(), modelHashingBuckets(), modelEmbedding(), modelHidden(), modelPooling(),
                textMaxTokens(), textTruncation(), modelSeed());
    }

    /** Every key {@link #CONFIG} does not define, passed to Kafka Streams unchanged. */
    public Map<String, String> kafka() {
        return kafka;
    }

    /** Equal when every parsed value and every pass-through key is, wherever each came from. */
    @Override
    public boolean equals(final Object other) {
        return other instanceof StreamsSettings that && values().equals(that.values()) && kafka.equals(that.kafka);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values(), kafka);
    }

    /** Every parsed value, and only the names of the pass-through keys: they may hold secrets. */
    @Override
    public String toString() {
        return "StreamsSettings" + new TreeMap<>(values()) + " + Kafka keys " + new TreeSet<>(kafka.keySet());
    }

    /** The properties for {@code KafkaStreams}: this processor's Kafka settings and every pass-through key. */
    public Properties streamsProperties() {
        final Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId());
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee());
        if (!stateDir().isEmpty()) {
            properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir());
        }
        properties.put(StreamsConfig.producerPrefix("max.request.size"), Integer.toString(trainerStateMaxBytes()));
        // Under exactly-once each commit sends the consumed offsets into the transaction; while the coordinator is
        // still completing the previous transaction it answers CONCURRENT_TRANSACTIONS, and the producer retries
        // after retry.backoff.ms. With Kafka's 100 ms, a scorer committing after every batch stalled its stream
        // thread (no polling, no scores forwarded) for about 100 ms a few times every 20 s; 10 ms retries promptly,
        // and repeated failures still back off exponentially up to retry.backoff.max.ms.
        properties.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG),
                Long.toString(PRODUCER_RETRY_BACKOFF_MS));
        properties.put(GLOBAL_PROCESSING_EXCEPTIONS, "true");   // the default from Kafka 5.0
        // the partition assignor builds its own StreamsConfig from the main consumer's settings, and warns without it
        properties.put(StreamsConfig.mainConsumerPrefix(GLOBAL_PROCESSING_EXCEPTIONS), "true");
        if (staticMembership() && instanceId() != null) {
            properties.put(GROUP_INSTANCE_ID, instanceId());
        }
        properties.putAll(kafka);
        return properties;
    }

    /**
     * Largest record the processor produces: a trainer checkpoint holds the model and Adam's two moments, about
     * three times {@code model.max.bytes}.
     */
    public int trainerStateMaxBytes() {
        return (int) Math.min(Integer.MAX_VALUE, 3L * modelMaxBytes() + 1024 * 1024);
    }

    /** A markdown table of every key, its default, what is allowed and its documentation (for the README). */
    public static String markdownTable() {
        final StringBuilder table = new StringBuilder("| key | default | allowed | meaning |\n"
                + "| --- | --- | --- | --- |\n");
        for (final ConfigDef.ConfigKey key : CONFIG.configKeys().values()) {
            final String defaultValue = String.valueOf(key.defaultValue);
            table.append("| `").append(key.name).append("` | ")
                    .append(defaultValue.isEmpty() ? "(empty)" : "`" + defaultValue + "`").append(" | ")
                    .append(allowed(key)).append(" | ").append(key.documentation).append(" |\n");
        }
        return table.toString();
    }

    /** What a key accepts, in words: {@code an integer in [1,...,100000]}. */
    public static String allowed(final ConfigDef.ConfigKey key) {
        final String type = switch (key.type) {
            case INT, LONG, SHORT -> "an integer";
            case DOUBLE -> "a number";
            case BOOLEAN -> "true or false";
            default -> "a text";
        };
        if (key.validator == null) {
            return type;
        }
        if (key.validator instanceof ConfigDef.Range) {
            return type + " in " + key.validator;
        }
        return key.validator.toString();
    }

    private static void validate(final String key, final String value, final String origin) {
        final ConfigDef.ConfigKey definition = CONFIG.configKeys().get(key);
        if (definition == null) {
            return;
        }
        try {
            final Object parsed = ConfigDef.parseType(key, value, definition.type);
            if (definition.validator != null) {
                definition.validator.ensureValid(key, parsed);
            }
        } catch (final ConfigException e) {
            throw new InvalidSettingException("Invalid value '" + value + "' for " + key + origin + ": expected "
                    + allowed(definition) + ".", e);
        }
    }

    private static void put(final Map<String, String> values, final Map<String, String> origins, final String key,
                            final String value, final String origin) {
        final String trimmed = key.trim();
        if (!CONFIG.names().contains(trimmed) && OWN_PREFIXES.stream().anyMatch(trimmed::startsWith)) {
            throw new InvalidSettingException("Unknown setting '" + trimmed + "'" + origin + ": the known keys are "
                    + String.join(", ", CONFIG.configKeys().keySet()) + ".");
        }
        if (value == null) {
            throw new InvalidSettingException("Setting " + trimmed + origin + " has no value.");
        }
        values.put(trimmed, value.trim());
        origins.put(trimmed, origin);
    }

    private static Properties readFile(final Path file) {
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot read the settings file " + file + ": " + e.getMessage(), e);
        }
        return properties;
    }

    private static String id(final Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** A Kafka topic name: 1 to 249 of a-z, A-Z, 0-9, '.', '_' and '-', not "." or "..". */
    private enum TopicName implements ConfigDef.Validator {
        VALID;

        private static final Pattern PATTERN = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

        @Override
        public void ensureValid(final String name, final Object value) {
            final String text = (String) value;
            if (!PATTERN.matcher(text).matches() || text.equals(".") || text.equals("..")) {
                throw new ConfigException(name, value, "not a Kafka topic name");
            }
        }

        @Override
        public String toString() {
            return "a Kafka topic name: 1 to 249 of a-z, A-Z, 0-9, '.', '_' and '-'";
        }
    }

    /** A finite number above 0. */
    private enum NonNegative implements ConfigDef.Validator {
        VALID;

        @Override
        public void ensureValid(final String name, final Object value) {
            final double number = (Double) value;
            if (!(number >= 0) || !Double.isFinite(number)) {
                throw new ConfigException(name, value, "must be a finite number of at least 0");
            }
        }

        @Override
        public String toString() {
            return "a finite number of at least 0";
        }
    }

    private enum Positive implements ConfigDef.Validator {
        VALID;

        @Override
        public void ensureValid(final String name, final Object value) {
            final double number = (Double) value;
            if (!(number > 0) || !Double.isFinite(number)) {
                throw new ConfigException(name, value, "must be a finite number above 0");
            }
        }

        @Override
        public String toString() {
            return "a finite number above 0";
        }
    }

    /** Empty, or one of the cells. */
    private enum ChallengerCell implements ConfigDef.Validator {
        VALID;

        @Override
        public void ensureValid(final String name, final Object value) {
            if (!((String) value).isBlank()) {
                Choice.of(CellType.class).ensureValid(name, value);
            }
        }

        @Override
        public String toString() {
            return "empty, or " + Choice.of(CellType.class);
        }
    }

    /** One of an enum's constants, by its lower-case name; case and '-' for '_' are forgiven. */
    private record Choice(Class<? extends Enum<?>> type) implements ConfigDef.Validator {

        static Choice of(final Class<? extends Enum<?>> type) {
            return new Choice(type);
        }

        static <E extends Enum<E>> E value(final Class<E> type, final String text) {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        @Override
        public void ensureValid(final String name, final Object value) {
            final String wanted = ((String) value).trim().toUpperCase(Locale.ROOT).replace('-', '_');
            if (Arrays.stream(type.getEnumConstants()).noneMatch(e -> e.name().equals(wanted))) {
                throw new ConfigException(name, value, "must be " + this);
            }
        }

        @Override
        public String toString() {
            return "one of " + String.join(", ", Arrays.stream(type.getEnumConstants()).map(StreamsSettings::id)
                    .toList());
        }
    }
}
