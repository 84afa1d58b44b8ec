package io.sentimentstreams.stream;

import io.sentimentstreams.nn.CellType;
import io.sentimentstreams.nn.Pooling;
import io.sentimentstreams.text.Truncation;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Every setting of the streaming processor, validated once at start-up. Sources, each overriding the one before:
 * the defaults of {@link #SETTINGS}; a properties file; environment variables ({@code SENTIMENT_} + the key in
 * upper case with {@code _} for {@code .}, e.g. {@code SENTIMENT_SCORING_BATCH_MAX_RECORDS}); explicit overrides
 * (command-line flags). A key that is not one of {@link #SETTINGS} is a Kafka client setting
 * ({@code security.protocol}, {@code sasl.jaas.config}, {@code producer.linger.ms}, ...) and is handed to Kafka
 * Streams unchanged, except that unknown keys in this processor's own namespaces ({@code topics.}, {@code scoring.},
 * {@code training.}, {@code text.}, {@code model.}, {@code http.}) are rejected as typos.
 *
 * @param applicationId          Kafka Streams application id: consumer group and prefix of internal topics
 * @param bootstrapServers       Kafka brokers to connect to
 * @param stateDir               where local state lives; empty for Kafka Streams' default
 * @param processingGuarantee    Kafka Streams processing guarantee
 * @param instanceId             written into every score and snapshot; null when not configured
 * @param topics                 names of the topics read and written
 * @param scoringBatchMaxRecords reviews scored in one forward pass at most
 * @param scoringBatchMaxWaitMs  longest a review waits in the scoring buffer while a scoring thread is free
 * @param scoringThreads         threads that run scoring's forward passes; 0 for the stream threads themselves
 * @param trainingBatchSize      labeled reviews per training step
 * @param trainingLearningRate   Adam's step size
 * @param trainingClipNorm       global gradient-norm clipping threshold, 0 for none
 * @param trainingSnapshotEverySteps publish a snapshot after this many training steps
 * @param trainingSnapshotEveryMs    ... or after this much wall-clock time with new steps
 * @param trainingWindowRecords  labeled reviews in the prequential accuracy and loss window
 * @param textMaxChars           longest accepted review text; longer ones go to the dead-letter topic
 * @param textMaxTokens          tokens the model reads at most; longer reviews are truncated
 * @param textTruncation         which part of a longer review is kept
 * @param modelHashingBuckets    hash buckets of the initial model's tokenizer
 * @param modelEmbedding         embedding size E of the initial model
 * @param modelHidden            hidden size H of the initial model
 * @param modelCell              recurrent cell of the initial model
 * @param modelPooling           pooling of the initial model
 * @param modelSeed              seed of the initial model, the same on every instance
 * @param modelLine              key of the model line in the models topic
 * @param modelMaxBytes          largest model snapshot record
 * @param httpPort               port of the health, metrics and model HTTP endpoints; 0 for any free port
 * @param kafka                  every other key, passed to Kafka Streams unchanged
 */
public record StreamsSettings(String applicationId, String bootstrapServers, String stateDir,
                              String processingGuarantee, String instanceId, Topics topics,
                              int scoringBatchMaxRecords, long scoringBatchMaxWaitMs, int scoringThreads,
                              int trainingBatchSize, double trainingLearningRate, double trainingClipNorm,
                              int trainingSnapshotEverySteps, long trainingSnapshotEveryMs,
                              int trainingWindowRecords,
                              int textMaxChars, int textMaxTokens, Truncation textTruncation,
                              int modelHashingBuckets, int modelEmbedding, int modelHidden, CellType modelCell,
                              Pooling modelPooling, long modelSeed, String modelLine, int modelMaxBytes,
                              int httpPort, Map<String, String> kafka) {

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
    public static final String SCORING_BATCH_MAX_RECORDS = "scoring.batch.max.records";
    public static final String SCORING_BATCH_MAX_WAIT_MS = "scoring.batch.max.wait.ms";
    public static final String SCORING_THREADS = "scoring.threads";
    public static final String TRAINING_BATCH_SIZE = "training.batch.size";
    private static final String GLOBAL_PROCESSING_EXCEPTIONS = "processing.exception.handler.global.enabled";
    public static final String TRAINING_LEARNING_RATE = "training.learning.rate";
    public static final String TRAINING_CLIP_NORM = "training.clip.norm";
    public static final String TRAINING_SNAPSHOT_EVERY_STEPS = "training.snapshot.every.steps";
    public static final String TRAINING_SNAPSHOT_EVERY_MS = "training.snapshot.every.ms";
    public static final String TRAINING_WINDOW_RECORDS = "training.window.records";
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
    public static final String HTTP_PORT = "http.port";

    /** Key prefixes owned by this processor: an unknown key under one of them is a typo, not a Kafka setting. */
    public static final List<String> OWN_PREFIXES = List.of("topics.", "scoring.", "training.", "text.", "model.",
            "http.");

    /** Every key this processor reads, with its default, unit, documentation and validation. */
    public static final List<Setting> SETTINGS = List.of(
            Setting.text(APPLICATION_ID, "sentiment-streams",
                    "Kafka Streams application id: the consumer group of all instances and the prefix of their"
                            + " internal topics."),
            Setting.text(BOOTSTRAP_SERVERS, "localhost:9092", "Kafka brokers to connect to, as host:port[,host:port]."),
            Setting.optionalText(STATE_DIR, "Folder of the local state stores; empty for Kafka Streams' default"
                    + " (<java.io.tmpdir>/kafka-streams)."),
            Setting.oneOf(PROCESSING_GUARANTEE, StreamsConfig.EXACTLY_ONCE_V2,
                    List.of(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE),
                    "Kafka Streams processing guarantee: with exactly_once_v2, a score or training step and the"
                            + " state it changes commit together."),
            Setting.optionalText(INSTANCE_ID, "Id of this instance, written into every score and snapshot;"
                    + " empty for none."),
            Setting.topic(TOPICS_REVIEWS, "reviews", "Topic of the reviews to score (ReviewEvent)."),
            Setting.topic(TOPICS_LABELED_REVIEWS, "labeled-reviews",
                    "Topic of the labeled reviews the online trainer learns from (LabeledReview)."),
            Setting.topic(TOPICS_SCORES, "scores", "Topic the scores are written to (SentimentScore)."),
            Setting.topic(TOPICS_MODELS, "models", "Compacted topic of the model snapshots (ModelSnapshot)."),
            Setting.topic(TOPICS_DEAD_LETTERS, "dead-letters",
                    "Topic of the records that cannot be processed, with the reason in dlq.* headers."),
            Setting.integer(SCORING_BATCH_MAX_RECORDS, 64, 1, 10_000, "records",
                    "Reviews scored together in one forward pass at most; a full buffer is scored at once."),
            Setting.longInteger(SCORING_BATCH_MAX_WAIT_MS, 50, 1, 3_600_000, "ms",
                    "Longest a review waits in the scoring buffer before a partial batch is scored, when a scoring"
                            + " thread is free; while all are busy, reviews gather into larger batches."),
            Setting.integer(SCORING_THREADS, 1, 0, 1_024, "threads",
                    "Threads that run scoring's forward passes, shared by the instance's stream threads, so that a"
                            + " stream thread goes on polling, buffering and committing while a batch is scored; 0"
                            + " scores on the stream threads themselves."),
            Setting.integer(TRAINING_BATCH_SIZE, 32, 1, 10_000, "records",
                    "Labeled reviews in one training step (mini-batch)."),
            Setting.positiveDecimal(TRAINING_LEARNING_RATE, 2e-3, "", "Step size of the Adam optimizer."),
            Setting.nonNegativeDecimal(TRAINING_CLIP_NORM, 5.0, "",
                    "Gradients are scaled down to this global L2 norm before each step; 0 disables clipping."),
            Setting.integer(TRAINING_SNAPSHOT_EVERY_STEPS, 50, 1, Integer.MAX_VALUE, "steps",
                    "A model snapshot is published after this many training steps."),
            Setting.longInteger(TRAINING_SNAPSHOT_EVERY_MS, 30_000, 1, Long.MAX_VALUE, "ms",
                    "A model snapshot is also published when this much time has passed since the last one and"
                            + " training steps were taken since."),
            Setting.integer(TRAINING_WINDOW_RECORDS, 1_000, 1, 10_000_000, "records",
                    "Labeled reviews in the sliding window of the prequential accuracy and loss."),
            Setting.integer(TEXT_MAX_CHARS, 100_000, 1, 100_000_000, "chars",
                    "Longest review text accepted, in UTF-16 chars; longer ones go to the dead-letter topic."),
            Setting.integer(TEXT_MAX_TOKENS, 400, 1, 100_000, "tokens",
                    "Tokens the initial model reads from a review at most; longer reviews are truncated."),
            Setting.choice(TEXT_TRUNCATION, Truncation.HEAD_TAIL, Truncation.class,
                    "Which tokens of a longer review the initial model keeps: the head, the tail, or a quarter"
                            + " from the head and the rest from the tail."),
            Setting.integer(MODEL_HASHING_BUCKETS, 32_768, 1, 10_000_000, "buckets",
                    "Hash buckets of the initial model's tokenizer (its vocabulary is this plus 2)."),
            Setting.integer(MODEL_EMBEDDING, 64, 1, 4_096, "", "Embedding size E of the initial model."),
            Setting.integer(MODEL_HIDDEN, 64, 1, 4_096, "", "Hidden size H of the initial model."),
            Setting.choice(MODEL_CELL, CellType.GRU, CellType.class, "Recurrent cell of the initial model."),
            Setting.choice(MODEL_POOLING, Pooling.MAX, Pooling.class,
                    "How the initial model turns hidden states into features."),
            Setting.longInteger(MODEL_SEED, 42, Long.MIN_VALUE, Long.MAX_VALUE, "",
                    "Seed of the initial model's weights; every instance must use the same."),
            Setting.text(MODEL_LINE, "sentiment", "Key of this model line in the models topic."),
            Setting.integer(MODEL_MAX_BYTES, 64 * 1024 * 1024, 1024 * 1024, Integer.MAX_VALUE - 1024 * 1024,
                    "bytes", "Largest model snapshot record; the models topic needs a max.message.bytes at least as"
                            + " large. Producers' max.request.size and the trainer-state changelog's"
                            + " max.message.bytes are set to three times this (model and optimizer state)."),
            Setting.integer(HTTP_PORT, 8080, 0, 65_535, "port",
                    "Port of the HTTP endpoints /health/live, /health/ready, /metrics (Prometheus) and /model;"
                            + " 0 for any free port."));

    private static final Map<String, Setting> BY_KEY = SETTINGS.stream()
            .collect(Collectors.toUnmodifiableMap(Setting::key, Function.identity()));

    public StreamsSettings {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(processingGuarantee, "processingGuarantee");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(textTruncation, "textTruncation");
        Objects.requireNonNull(modelCell, "modelCell");
        Objects.requireNonNull(modelPooling, "modelPooling");
        Objects.requireNonNull(modelLine, "modelLine");
        kafka = Map.copyOf(kafka);
    }

    /**
     * The names of the topics the processor reads and writes.
     *
     * @param reviews        reviews to score
     * @param labeledReviews labeled reviews to learn from
     * @param scores         scores written
     * @param models         model snapshots, compacted
     * @param deadLetters    records that cannot be processed
     */
    public record Topics(String reviews, String labeledReviews, String scores, String models, String deadLetters) {

        /** Every topic name, inputs first. */
        public List<String> all() {
            return List.of(reviews, labeledReviews, scores, models, deadLetters);
        }
    }

    /** Every default. */
    public static StreamsSettings defaults() {
        return of(Map.of());
    }

    /** The defaults with the given keys overridden (keys as in {@link #SETTINGS}, or Kafka client keys). */
    public static StreamsSettings of(final Map<String, String> overrides) {
        return load(null, Map.of(), overrides);
    }

    /**
     * Builds the settings from defaults, then {@code file} (if not null), then the {@code SENTIMENT_*} entries of
     * {@code environment}, then {@code overrides}.
     *
     * @throws IllegalArgumentException naming the key, the value and what is allowed, when a value is invalid
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
        return fromValues(values, origins);
    }

    /** The key an environment variable sets: {@code SENTIMENT_SCORING_BATCH_MAX_RECORDS → scoring.batch.max.records}. */
    public static String environmentKey(final String variable) {
        final String key = variable.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
        for (final Setting setting : SETTINGS) {   // known keys with a '-' are matched too
            if (setting.environmentVariable().equals(variable)) {
                return setting.key();
            }
        }
        return key;
    }

    /** The properties for {@code KafkaStreams}: this processor's Kafka settings and every pass-through key. */
    public Properties streamsProperties() {
        final Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        if (!stateDir.isEmpty()) {
            properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        }
        properties.put(StreamsConfig.producerPrefix("max.request.size"), Integer.toString(trainerStateMaxBytes()));
        properties.put(GLOBAL_PROCESSING_EXCEPTIONS, "true");   // the default from Kafka 5.0
        // the partition assignor builds its own StreamsConfig from the main consumer's settings, and warns without it
        properties.put(StreamsConfig.mainConsumerPrefix(GLOBAL_PROCESSING_EXCEPTIONS), "true");
        properties.putAll(kafka);
        return properties;
    }

    /**
     * Largest record the processor produces: a trainer checkpoint holds the model and Adam's two moments, about
     * three times {@code model.max.bytes}.
     */
    public int trainerStateMaxBytes() {
        return (int) Math.min(Integer.MAX_VALUE, 3L * modelMaxBytes + 1024 * 1024);
    }

    /** A markdown table of every key, its default, unit and documentation (for the README). */
    public static String markdownTable() {
        final StringBuilder table = new StringBuilder("| key | default | unit | allowed | meaning |\n"
                + "| --- | --- | --- | --- | --- |\n");
        for (final Setting s : SETTINGS) {
            table.append("| `").append(s.key()).append("` | ")
                    .append(s.defaultValue().isEmpty() ? "(empty)" : "`" + s.defaultValue() + "`").append(" | ")
                    .append(s.unit()).append(" | ").append(s.allowed()).append(" | ").append(s.doc()).append(" |\n");
        }
        return table.toString();
    }

    private static void put(final Map<String, String> values, final Map<String, String> origins, final String key,
                            final String value, final String origin) {
        final String trimmed = key.trim();
        if (!BY_KEY.containsKey(trimmed) && OWN_PREFIXES.stream().anyMatch(trimmed::startsWith)) {
            throw new IllegalArgumentException("Unknown setting '" + trimmed + "'" + origin + ": the known keys are "
                    + SETTINGS.stream().map(Setting::key).collect(Collectors.joining(", ")) + ".");
        }
        if (value == null) {
            throw new IllegalArgumentException("Setting " + trimmed + origin + " has no value.");
        }
        values.put(trimmed, value);
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

    private static StreamsSettings fromValues(final Map<String, String> values, final Map<String, String> origins) {
        final Map<String, Object> typed = new LinkedHashMap<>();
        for (final Setting setting : SETTINGS) {
            final String value = values.getOrDefault(setting.key(), setting.defaultValue());
            typed.put(setting.key(), setting.parse(value, origins.getOrDefault(setting.key(), " (default)")));
        }
        final Map<String, String> kafka = new TreeMap<>(values);
        kafka.keySet().removeAll(BY_KEY.keySet());
        final String instance = (String) typed.get(INSTANCE_ID);
        return new StreamsSettings(
                (String) typed.get(APPLICATION_ID), (String) typed.get(BOOTSTRAP_SERVERS),
                (String) typed.get(STATE_DIR), (String) typed.get(PROCESSING_GUARANTEE),
                instance.isEmpty() ? null : instance,
                new Topics((String) typed.get(TOPICS_REVIEWS), (String) typed.get(TOPICS_LABELED_REVIEWS),
                        (String) typed.get(TOPICS_SCORES), (String) typed.get(TOPICS_MODELS),
                        (String) typed.get(TOPICS_DEAD_LETTERS)),
                (Integer) typed.get(SCORING_BATCH_MAX_RECORDS), (Long) typed.get(SCORING_BATCH_MAX_WAIT_MS),
                (Integer) typed.get(SCORING_THREADS),
                (Integer) typed.get(TRAINING_BATCH_SIZE), (Double) typed.get(TRAINING_LEARNING_RATE),
                (Double) typed.get(TRAINING_CLIP_NORM), (Integer) typed.get(TRAINING_SNAPSHOT_EVERY_STEPS),
                (Long) typed.get(TRAINING_SNAPSHOT_EVERY_MS), (Integer) typed.get(TRAINING_WINDOW_RECORDS),
                (Integer) typed.get(TEXT_MAX_CHARS), (Integer) typed.get(TEXT_MAX_TOKENS),
                (Truncation) typed.get(TEXT_TRUNCATION), (Integer) typed.get(MODEL_HASHING_BUCKETS),
                (Integer) typed.get(MODEL_EMBEDDING), (Integer) typed.get(MODEL_HIDDEN),
                (CellType) typed.get(MODEL_CELL), (Pooling) typed.get(MODEL_POOLING), (Long) typed.get(MODEL_SEED),
                (String) typed.get(MODEL_LINE), (Integer) typed.get(MODEL_MAX_BYTES),
                (Integer) typed.get(HTTP_PORT), kafka);
    }
}
