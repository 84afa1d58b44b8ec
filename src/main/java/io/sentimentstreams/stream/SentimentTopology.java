package io.sentimentstreams.stream;

import io.sentimentstreams.stream.serde.StreamSerdes;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The streaming processor's topology, built by one pure function of the settings, the serdes and the model
 * registry. Every source, processor, sink and store has a fixed name (below), so changelog topic names stay put
 * as the topology grows.
 * <pre>
 *   reviews ─▶ reviews-source ─▶ reviews-decoder ─┬─▶ scoring-batcher [scoring-buffer] ─┬─▶ scores-sink ─▶ scores
 *                                                 │                                     └─▶ scoring-dead-letters-sink ─▶ dead-letters
 *                                                 └─▶ reviews-dead-letters-sink ─▶ dead-letters
 *   labeled-reviews ─▶ labeled-reviews-source ─▶ labeled-reviews-decoder ─┬─▶ online-trainer
 *                                                                      └─▶ labeled-reviews-dead-letters-sink ─▶ dead-letters
 *   online-trainer [training-log, trainer-state] ─┬─▶ models-sink ─▶ models
 *                                                 ├─▶ model-events-sink ─▶ model-events
 *                                                 └─▶ models-dead-letters-sink ─▶ dead-letters
 *   models ─▶ models-source ─▶ models-loader [models-store, global] ─▶ (ModelRegistry, ModelLineWatch)
 *   reviews ─▶ unlabeled-reviews-source ─▶ unlabeled-reviews-collector ─▶ (UnlabeledBatches ─▶ online-trainer)
 * </pre>
 * The last line exists only with {@code training.unlabeled.weight} &gt; 0, in the training client
 * ({@link #buildTraining}), which reads the reviews topic under its own application id; it is a sub-topology of its
 * own (so the reviews topic's partitions do not become tasks of the trainer) that hands the texts to the trainer
 * through a bounded {@link UnlabeledBatches}. In the combined {@link #build}, which cannot read a topic twice, the
 * collector hangs off {@code reviews-source}.
 * The models loader runs on the global thread and cannot write to a topic: the records of the models topic it
 * cannot use reach the dead-letter topic through the online trainer ({@link ModelLineWatch}).
 * Scoring and training share no node, so they are separate sub-topologies whose tasks run on separate stream
 * threads: a training step never holds back the scoring of a partition. (One dead-letter sink fed by both
 * decoders would join them into one sub-topology, and the task owning partition 0 of both topics would score only
 * between training steps.)
 * Sources read raw bytes so that a record that cannot be decoded reaches the dead-letter topic unchanged
 * (rather than Kafka Streams' deserialization handler, whose KIP-1034 dead letters carry an exception, not a
 * reason code).
 */
public final class SentimentTopology {

    public static final String REVIEWS_SOURCE = "reviews-source";
    public static final String REVIEWS_DECODER = "reviews-decoder";
    public static final String SCORING_BATCHER = "scoring-batcher";
    public static final String SCORING_BUFFER_STORE = "scoring-buffer";
    public static final String SCORES_SINK = "scores-sink";
    public static final String REVIEWS_DEAD_LETTERS_SINK = "reviews-dead-letters-sink";
    public static final String SCORING_DEAD_LETTERS_SINK = "scoring-dead-letters-sink";
    public static final String LABELED_DEAD_LETTERS_SINK = "labeled-reviews-dead-letters-sink";
    public static final String MODELS_SOURCE = "models-source";
    public static final String MODELS_LOADER = "models-loader";
    public static final String MODELS_STORE = "models-store";
    public static final String LABELED_SOURCE = "labeled-reviews-source";
    public static final String LABELED_DECODER = "labeled-reviews-decoder";
    public static final String TRAINER = "online-trainer";
    public static final String TRAINING_LOG_STORE = "training-log";
    public static final String TRAINER_STATE_STORE = "trainer-state";
    public static final String MODELS_SINK = "models-sink";
    public static final String MODELS_DEAD_LETTERS_SINK = "models-dead-letters-sink";
    public static final String MODEL_EVENTS_SINK = "model-events-sink";
    public static final String UNLABELED_SOURCE = "unlabeled-reviews-source";
    public static final String UNLABELED_COLLECTOR = "unlabeled-reviews-collector";

    /** Segment size of the scoring buffer's changelog. */
    static final int BUFFER_SEGMENT_BYTES = 4 * 1024 * 1024;
    /** Longest time before the scoring buffer's changelog rolls a segment. */
    static final long BUFFER_SEGMENT_MS = 60_000;

    private SentimentTopology() {
    }

    /**
     * Scoring and training in one topology, for tests under one {@code TopologyTestDriver}; {@code run} deploys them
     * as two streams clients ({@link #buildScoring}, {@link #buildTraining}). It does no I/O.
     */
    public static Topology build(final StreamsSettings settings, final StreamSerdes serdes,
                                 final ModelRegistry registry) {
        return build(settings, serdes, registry, ScoringWorkers.of(settings.scoringThreads()));
    }

    /** As {@link #build(StreamsSettings, StreamSerdes, ModelRegistry)}, with batches scored by {@code workers}. */
    static Topology build(final StreamsSettings settings, final StreamSerdes serdes, final ModelRegistry registry,
                          final ScoringWorkers workers) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(serdes, "serdes");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(workers, "workers");
        final Topology topology = new Topology(new TopologyConfig(new StreamsConfig(settings.streamsProperties())));
        final ModelLineWatch watch = new ModelLineWatch();
        addScoring(topology, settings, serdes, registry, workers);
        final UnlabeledBatches unlabeled = addUnlabeled(topology, settings, serdes, REVIEWS_SOURCE);
        addTraining(topology, settings, serdes, registry, watch, unlabeled);
        addModelReplication(topology, settings, serdes, registry, watch);
        return topology;
    }

    /**
     * The scoring client's topology ({@code run --role scorer}): the scoring sub-topology and the global models
     * store it scores with; its nodes, store and changelog keep the names of {@link #build}.
     */
    public static Topology buildScoring(final StreamsSettings settings, final StreamSerdes serdes,
                                        final ModelRegistry registry) {
        final Topology topology = new Topology(new TopologyConfig(new StreamsConfig(settings.streamsProperties())));
        addScoring(topology, settings, serdes, registry, ScoringWorkers.of(settings.scoringThreads()));
        addModelReplication(topology, settings, serdes, registry, new ModelLineWatch());
        return topology;
    }

    /**
     * The training client's topology ({@code run --role trainer}): the training sub-topology and the global models
     * store the trainer follows. Run under its own application id, with one stream thread.
     */
    public static Topology buildTraining(final StreamsSettings settings, final StreamSerdes serdes,
                                         final ModelRegistry registry) {
        final Topology topology = new Topology(new TopologyConfig(new StreamsConfig(settings.streamsProperties())));
        final ModelLineWatch watch = new ModelLineWatch();
        if (settings.trainingUnlabeledWeight() > 0) {
            topology.addSource(UNLABELED_SOURCE, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                    settings.topics().reviews());
        }
        final UnlabeledBatches unlabeled = addUnlabeled(topology, settings, serdes, UNLABELED_SOURCE);
        addTraining(topology, settings, serdes, registry, watch, unlabeled);
        addModelReplication(topology, settings, serdes, registry, watch);
        return topology;
    }

    private static void addScoring(final Topology topology, final StreamsSettings settings,
                                   final StreamSerdes serdes, final ModelRegistry registry,
                                   final ScoringWorkers workers) {
        final int maxChars = settings.textMaxChars();
        topology.addSource(REVIEWS_SOURCE, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                settings.topics().reviews());
        topology.addProcessor(REVIEWS_DECODER, () -> new DecodingProcessor<>(serdes.reviews(),
                review -> ReviewChecks.review(review, maxChars), SCORING_BATCHER, REVIEWS_DEAD_LETTERS_SINK),
                REVIEWS_SOURCE);
        addDecoderDeadLetters(topology, settings, REVIEWS_DEAD_LETTERS_SINK, REVIEWS_DECODER);
        topology.addProcessor(SCORING_BATCHER, () -> new ScoringProcessor(SCORING_BUFFER_STORE, serdes.reviews(),
                registry, workers, settings.scoringBatchMaxRecords(), settings.scoringBatchMaxWaitMs(),
                settings.instanceId()), REVIEWS_DECODER);
        topology.addStateStore(scoringBuffer(), SCORING_BATCHER);
        topology.addSink(SCORES_SINK, settings.topics().scores(), Serdes.ByteArray().serializer(),
                serdes.scores().serializer(), SCORING_BATCHER);
        addDeadLetters(topology, settings, SCORING_DEAD_LETTERS_SINK, SCORING_BATCHER);
    }

    /** The dead-letter topic, as the raw bytes received and their reason headers. */
    private static void addDeadLetters(final Topology topology, final StreamsSettings settings, final String sink,
                                       final String parent) {
        topology.addSink(sink, settings.topics().deadLetters(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer(), parent);
    }

    /** The dead-letter topic for what a {@link DecodingProcessor} rejects, as the bytes it received. */
    private static void addDecoderDeadLetters(final Topology topology, final StreamsSettings settings,
                                              final String sink, final String parent) {
        topology.addSink(sink, settings.topics().deadLetters(), Serdes.ByteArray().serializer(),
                Decoded.rawSerializer(), parent);
    }

    /**
     * With {@code training.unlabeled.weight} &gt; 0, the collector of unlabeled texts under {@code parent} (a source
     * of the reviews topic), and the batches it fills for the trainer; else nothing, and null.
     */
    private static UnlabeledBatches addUnlabeled(final Topology topology, final StreamsSettings settings,
                                                 final StreamSerdes serdes, final String parent) {
        if (settings.trainingUnlabeledWeight() <= 0) {
            return null;
        }
        final UnlabeledBatches batches = new UnlabeledBatches(settings.trainingUnlabeledBatchSize());
        final int maxChars = settings.textMaxChars();
        topology.addProcessor(UNLABELED_COLLECTOR, () -> new UnlabeledCollector(serdes.reviews(), batches, maxChars),
                parent);
        return batches;
    }

    private static void addTraining(final Topology topology, final StreamsSettings settings,
                                    final StreamSerdes serdes, final ModelRegistry registry,
                                    final ModelLineWatch watch, final UnlabeledBatches unlabeled) {
        final int maxChars = settings.textMaxChars();
        topology.addSource(LABELED_SOURCE, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                settings.topics().labeledReviews());
        topology.addProcessor(LABELED_DECODER, () -> new DecodingProcessor<>(serdes.labeled(),
                labeled -> ReviewChecks.labeled(labeled, maxChars), TRAINER, LABELED_DEAD_LETTERS_SINK), LABELED_SOURCE);
        addDecoderDeadLetters(topology, settings, LABELED_DEAD_LETTERS_SINK, LABELED_DECODER);
        topology.addProcessor(TRAINER, () -> new TrainingProcessor(settings, serdes.labeled(), registry, watch,
                TRAINING_LOG_STORE, TRAINER_STATE_STORE, unlabeled), LABELED_DECODER);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TRAINING_LOG_STORE),
                Serdes.Bytes(), Serdes.ByteArray()).withLoggingEnabled(Map.of()), TRAINER);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TRAINER_STATE_STORE),
                Serdes.String(), Serdes.ByteArray()).withLoggingEnabled(Map.of("max.message.bytes",
                Integer.toString(settings.trainerStateMaxBytes()))), TRAINER);
        topology.addSink(MODELS_SINK, settings.topics().models(), Serdes.String().serializer(),
                serdes.snapshots().serializer(), TRAINER);
        topology.addSink(MODEL_EVENTS_SINK, settings.topics().modelEvents(), Serdes.String().serializer(),
                serdes.events().serializer(), TRAINER);
        addDeadLetters(topology, settings, MODELS_DEAD_LETTERS_SINK, TRAINER);
    }

    private static void addModelReplication(final Topology topology, final StreamsSettings settings,
                                            final StreamSerdes serdes, final ModelRegistry registry,
                                            final ModelLineWatch watch) {
        final StoreBuilder<KeyValueStore<String, byte[]>> store = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(MODELS_STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled();   // a global store is restored from its source topic
        topology.addGlobalStore(store, MODELS_SOURCE, Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer(), settings.topics().models(), MODELS_LOADER,
                () -> new ModelLoader(MODELS_STORE, settings.modelLine(), serdes.snapshots(), registry, watch));
    }

    /**
     * Reviews waiting to be scored, keyed by 8-byte big-endian slot numbers (sequence numbers modulo
     * {@link ScoringProcessor#SLOTS}); changelogged. Its changelog rolls a segment every {@value #BUFFER_SEGMENT_BYTES}
     * bytes or {@value #BUFFER_SEGMENT_MS} ms, so compaction can clean it: with at most {@code SLOTS} keys, a
     * restore reads a bounded changelog however long the instance has run (with Kafka's defaults, 1 GiB segments
     * that roll once a week, it would read every review since the start). The store lives in memory: it holds a few
     * batches at most, and after a crash under exactly-once a RocksDB store is wiped and restored from the changelog
     * all the same, with a database to delete and reopen on the way (bench-stream's restart measured about a second
     * shorter in memory; see the README).
     */
    private static StoreBuilder<KeyValueStore<Bytes, byte[]>> scoringBuffer() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SCORING_BUFFER_STORE),
                Serdes.Bytes(), Serdes.ByteArray()).withLoggingEnabled(Map.of(
                        TopicConfig.SEGMENT_BYTES_CONFIG, Integer.toString(BUFFER_SEGMENT_BYTES),
                        TopicConfig.SEGMENT_MS_CONFIG, Long.toString(BUFFER_SEGMENT_MS)));
    }
}
