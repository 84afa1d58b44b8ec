package io.sentimentstreams.stream;

import io.sentimentstreams.avro.LabeledReview;
import io.sentimentstreams.avro.ModelEvent;
import io.sentimentstreams.avro.ModelEventKind;
import io.sentimentstreams.avro.ModelSnapshot;
import io.sentimentstreams.avro.TopicPartitionOffset;
import io.sentimentstreams.model.ModelFile;
import io.sentimentstreams.model.ModelMetadata;
import io.sentimentstreams.model.OnlineTrainer;
import io.sentimentstreams.model.SentimentModel;
import io.sentimentstreams.nn.NonFinite;
import io.sentimentstreams.stream.serde.AvroSerde;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns online from labeled reviews, test-then-train: every full mini-batch is first scored by the trainer's
 * current weights (feeding the prequential accuracy and loss), then trained on in one BPTT step with clipping
 * and Adam. Every {@code training.snapshot.every.steps} steps, or {@code training.snapshot.every.ms} after the
 * last snapshot if steps were taken since, it publishes a {@link ModelSnapshot} to the models topic and, in the
 * same commit, writes a {@link TrainerCheckpoint} to the {@code trainer-state} store. Each labeled review is also
 * written to the {@code training-log} store until a checkpoint covers it; on restart the checkpoint is loaded and
 * the log replayed, step by step, so training resumes exactly where it stopped.
 * <p>The trainer continues from the model the instances score with whenever that differs from its own: a newer
 * version (one that {@code publish-model} put on the topic, say), or another model published under its own
 * version. Its weights are replaced, its optimizer state starts afresh, and the steps it took since its last
 * snapshot are dropped with the weights they went into. A version it publishes is the next after both its own and
 * the highest seen on the models topic ({@link ModelLineWatch}), so it never reuses a number.
 * <p>It also sends the records of the models topic that the loader could not use to the dead-letter topic, once
 * each, remembering how far it got in the {@code trainer-state} store; when such a record is the newest of the
 * line, it publishes its model again, so that compaction keeps a usable value for the line's key.
 * <p>The {@link TrainerGuards} judge every mini-batch with the serving version and the best recent one as well: a
 * snapshot the promotion gate refuses is held as a candidate (checkpointed, not published), a serving version that
 * falls behind the best recent one is rolled back (that version's weights republished as the next version), and a
 * drift of the prequential error is signalled. With {@code challenger.enabled}, a {@link ChallengerLine} learns in
 * shadow and replaces the published line when it does better. Each of these, and every rejected step, is written
 * to the model-events topic ({@link ModelEvent}) and logged.
 * <p>With {@code training.unlabeled.weight} &gt; 0 it also learns the language-model objective on the texts of the
 * reviews topic ({@link UnlabeledLearning}): one step on the newest full unlabeled batch after each labeled
 * mini-batch (before a snapshot, so that the checkpoint holds it) and at each punctuation, on the stream thread.
 * Those steps are checkpointed with the trainer but not replayed: the labeled log is replayed without them.
 * <p>Meant for a single-partition labeled-reviews topic: each task trains its own copy of the model.
 */
final class TrainingProcessor extends ContextualProcessor<byte[], Decoded.Accepted<LabeledReview>, Object, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingProcessor.class);
    private static final String CHECKPOINT_KEY = "trainer";
    /** Key of the next offset of each models-topic partition whose unusable records are still to be dead-lettered. */
    private static final String DEAD_LETTERED_KEY = "models-dead-lettered";
    /** Key of the guards' state: which line is published, the drift detector, judged reviews, the reference. */
    private static final String GUARDS_KEY = "guards";
    /** Key of the challenger line's state. */
    private static final String CHALLENGER_KEY = "challenger";

    private final StreamsSettings settings;
    private final AvroSerde<LabeledReview> serde;
    private final ModelRegistry registry;
    private final ModelLineWatch watch;
    private final String logStoreName;
    private final String stateStoreName;
    private final UnlabeledBatches unlabeledBatches;   // null when training.unlabeled.weight is 0

    private KeyValueStore<Bytes, byte[]> log;
    private KeyValueStore<String, byte[]> state;
    private OnlineTrainer trainer;
    private PrequentialWindow window;
    private StreamMetrics.TrainingSensors metrics;
    private final Map<NonFinite, Sensor> rejectedSteps = new EnumMap<>(NonFinite.class);
    private long trainingSteps;
    private long examplesSeen;
    private long version;
    private long modelCreatedMs;
    private long lastSnapshotMs;
    private long stepsSinceSnapshot;
    private long nextSequence;
    private final Map<Integer, Long> offsets = new TreeMap<>();
    private final Map<Integer, Long> deadLettered = new TreeMap<>();
    private final Map<DeadLetterReason, Sensor> deadLetters = new EnumMap<>(DeadLetterReason.class);
    private final List<Bytes> pending = new ArrayList<>();
    private final List<Bytes> trained = new ArrayList<>();
    private TrainerGuards guards;
    private StreamMetrics.GuardSensors guardSensors;
    private ChallengerLine challenger;
    private Sensor championAccuracy;
    private Sensor challengerAccuracy;
    private double learningRate;
    private boolean learningRateRaised;
    /** Whether the lines swapped: the published line is the one the challenger.* keys describe. */
    private boolean swapped;
    private final List<ModelEvent> events = new ArrayList<>();
    private UnlabeledLearning unlabeled;

    TrainingProcessor(final StreamsSettings settings, final AvroSerde<LabeledReview> serde,
                      final ModelRegistry registry, final ModelLineWatch watch, final String logStoreName,
                      final String stateStoreName) {
        this(settings, serde, registry, watch, logStoreName, stateStoreName, null);
    }

    /**
     * @param unlabeledBatches the texts of unlabeled reviews to learn the language-model objective on between
     *                         labeled steps, or null when {@code training.unlabeled.weight} is 0
     */
    TrainingProcessor(final StreamsSettings settings, final AvroSerde<LabeledReview> serde,
                      final ModelRegistry registry, final ModelLineWatch watch, final String logStoreName,
                      final String stateStoreName, final UnlabeledBatches unlabeledBatches) {
        this.unlabeledBatches = unlabeledBatches;
        this.settings = settings;
        this.serde = serde;
        this.registry = registry;
        this.watch = watch;
        this.logStoreName = logStoreName;
        this.stateStoreName = stateStoreName;
    }

    @Override
    public void init(final ProcessorContext<Object, Object> context) {
        super.init(context);
        log = context.getStateStore(logStoreName);
        state = context.getStateStore(stateStoreName);
        metrics = StreamMetrics.training(context.metrics());
        for (final DeadLetterReason reason : List.of(DeadLetterReason.UNDECODABLE, DeadLetterReason.BAD_MODEL)) {
            deadLetters.put(reason, StreamMetrics.deadLetters(context.metrics(), reason));
        }
        for (final NonFinite reason : NonFinite.values()) {
            rejectedSteps.put(reason, StreamMetrics.rejectedSteps(context.metrics(), reason));
        }
        guardSensors = StreamMetrics.guards(context.metrics());
        guards = new TrainerGuards(settings);
        learningRate = settings.trainingLearningRate();
        if (settings.challengerEnabled()) {
            championAccuracy = StreamMetrics.lineAccuracy(context.metrics(), "champion");
            challengerAccuracy = StreamMetrics.lineAccuracy(context.metrics(), "challenger");
        }
        final byte[] checkpoint = state.get(CHECKPOINT_KEY);
        if (checkpoint == null) {
            startFromRegistry(context.currentSystemTimeMs());
        } else {
            resume(TrainerCheckpoint.fromBytes(checkpoint));
        }
        final byte[] sent = state.get(DEAD_LETTERED_KEY);
        if (sent != null) {
            deadLettered.putAll(readOffsets(sent));
        }
        restoreGuards();
        if (unlabeledBatches != null) {
            unlabeled = new UnlabeledLearning(settings, unlabeledBatches, context.metrics());
            unlabeled.restore(checkpoint == null ? null : state.get(UnlabeledLearning.STATE_KEY), trainer.model(),
                    learningRate);
        }
        adoptPublished(false);   // in memory: the log below is then learned on the adopted weights
        replayLog();
        context.schedule(Duration.ofMillis(Math.max(1, Math.min(settings.trainingSnapshotEveryMs(), 1_000))),
                PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    /** Warm start from the newest model this instance has (version 0 if none was ever published). */
    private void startFromRegistry(final long now) {
        final ModelRegistry.LoadedModel current = registry.current();
        final SentimentModel copy = ModelFile.fromBytes(ModelFile.toBytes(current.model()));   // own weights
        trainer = newTrainer(copy);
        window = new PrequentialWindow(settings.trainingWindowRecords());
        version = current.version();
        modelCreatedMs = current.createdTimeMs();
        lastSnapshotMs = now;
        LOG.info("The online trainer starts from model version {}.", version);
    }

    private void resume(final TrainerCheckpoint checkpoint) {
        trainer = newTrainer(ModelFile.fromBytes(checkpoint.model()));
        trainer.restoreOptimizer(checkpoint.adamSteps(), checkpoint.adamState());
        try {
            window = PrequentialWindow.read(new DataInputStream(new ByteArrayInputStream(checkpoint.window())),
                    settings.trainingWindowRecords());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        trainingSteps = checkpoint.trainingSteps();
        examplesSeen = checkpoint.examplesSeen();
        version = checkpoint.version();
        modelCreatedMs = checkpoint.modelCreatedMs();
        lastSnapshotMs = checkpoint.lastSnapshotMs();
        offsets.putAll(checkpoint.offsets());
        LOG.info("The online trainer resumes from its checkpoint of model version {} after {} steps.", version,
                trainingSteps);
    }

    /**
     * Continues from the model the instances score with when it is not the trainer's own: a newer version, or
     * another model published under the trainer's version (both took the number at the same moment, and the
     * instances keep the first). With {@code checkpoint}, the switch is checkpointed, so a restart resumes from it.
     * Returns whether it switched.
     */
    private boolean adoptPublished(final boolean checkpoint) {
        final ModelRegistry.LoadedModel published = registry.current();
        final boolean newer = published.version() > version;
        if (!newer && (published.version() < version || published.createdTimeMs() == modelCreatedMs)) {
            return false;
        }
        LOG.info("The online trainer continues from model version {} (trained from version {}){}, replacing its own"
                + " version {}; the {} training steps since its last snapshot are dropped and its optimizer starts"
                + " afresh.", published.version(), published.parentVersion(),
                newer ? "" : ", published under its own version", version, stepsSinceSnapshot);
        trainer = newTrainer(ModelFile.fromBytes(ModelFile.toBytes(published.model())));
        version = published.version();
        modelCreatedMs = published.createdTimeMs();
        stepsSinceSnapshot = 0;
        trained.forEach(log::delete);
        trained.clear();
        if (checkpoint) {
            checkpoint(ModelFile.toBytes(trainer.model()));
        }
        return true;
    }

    private OnlineTrainer newTrainer(final SentimentModel model) {
        learningRateRaised = false;
        return newTrainer(model, learningRate);
    }

    private OnlineTrainer newTrainer(final SentimentModel model, final double rate) {
        return new OnlineTrainer(model, rate, settings.trainingClipNorm(), settings.modelSeed());
    }

    /** The same weights and optimizer moments, stepping at {@code rate}. */
    private OnlineTrainer withLearningRate(final OnlineTrainer from, final double rate) {
        final OnlineTrainer to = newTrainer(from.model(), rate);
        to.restoreOptimizer(from.optimizer().steps(), from.optimizerState());
        return to;
    }

    /** The guards and the challenger as of the checkpoint, or new ones. */
    private void restoreGuards() {
        final byte[] saved = state.get(GUARDS_KEY);
        if (saved != null) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved))) {
                swapped = in.readBoolean();
                learningRateRaised = in.readBoolean();
                learningRate = swapped ? settings.challengerLearningRate() : settings.trainingLearningRate();
                guards.read(in, registry.current());
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
            if (learningRateRaised) {
                trainer = withLearningRate(trainer, learningRate * settings.driftRaiseLrFactor());
            }
        }
        if (!settings.challengerEnabled()) {
            return;
        }
        final byte[] line = state.get(CHALLENGER_KEY);
        if (line == null) {
            challenger = new ChallengerLine(newTrainer(settings.challengerInitialModel().create(),
                    settings.challengerLearningRate()), settings.challengerLearningRate(), settings.challengerWindow());
            LOG.info("A challenger line ({} cell, learning rate {}) learns in shadow of the published line.",
                    settings.challengerCell().name().toLowerCase(java.util.Locale.ROOT),
                    settings.challengerLearningRate());
            return;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(line))) {
            challenger = ChallengerLine.read(in, settings.challengerWindow(), this::newTrainer,
                    swapped ? settings.trainingLearningRate() : settings.challengerLearningRate());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Trains again, exactly as the first time, on the labeled reviews logged since the checkpoint. */
    private void replayLog() {
        final List<KeyValue<Bytes, byte[]>> entries = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> all = log.all()) {
            all.forEachRemaining(entries::add);
        }
        for (final KeyValue<Bytes, byte[]> entry : entries) {
            nextSequence = BufferedRecord.sequence(entry.key.get()) + 1;
            learn(entry.key);
        }
        if (!entries.isEmpty()) {
            LOG.info("The online trainer replayed {} labeled reviews logged since its last checkpoint.",
                    entries.size());
        }
    }

    @Override
    public void process(final Record<byte[], Decoded.Accepted<LabeledReview>> record) {
        adoptPublished(true);
        deadLetterUnusableSnapshots(context().currentSystemTimeMs());
        final RecordMetadata source = context().recordMetadata().orElse(null);
        final Bytes key = Bytes.wrap(BufferedRecord.sequenceKey(nextSequence++));
        log.put(key, new BufferedRecord(source == null ? null : position(source),
                record.value().raw(), record.timestamp(),
                context().currentSystemTimeMs()).toBytes());
        final boolean tested = learn(key);
        if (tested) {
            learnUnlabeled();   // before a snapshot, so that its checkpoint holds this step too
        }
        final long now = context().currentSystemTimeMs();
        if (tested && !guard(now) && stepsSinceSnapshot >= settings.trainingSnapshotEverySteps()) {
            snapshot(now);
        }
        flushEvents();
    }

    /**
     * One language-model step on the newest full batch of unlabeled reviews, if one waits: at most one after each
     * labeled mini-batch and one per punctuation, so the labeled training is never starved.
     */
    private void learnUnlabeled() {
        if (unlabeled != null) {
            unlabeled.step(trainer.model(), learningRate);
        }
    }

    /** Adds a logged review to the mini-batch; returns whether that completed a mini-batch (tested, maybe trained). */
    private boolean learn(final Bytes key) {
        pending.add(key);
        if (pending.size() < settings.trainingBatchSize()) {
            return false;
        }
        final List<String> texts = new ArrayList<>(pending.size());
        final int[] labels = new int[pending.size()];
        for (int i = 0; i < pending.size(); i++) {
            final BufferedRecord logged = BufferedRecord.fromBytes(log.get(pending.get(i)));
            final LabeledReview review = serde.deserializer().deserialize(null, logged.value());
            texts.add(review.getReview().getText());
            labels[i] = review.getLabel();
            if (logged.key() != null) {
                final ByteBuffer position = ByteBuffer.wrap(logged.key());
                offsets.merge(position.getInt(), position.getLong() + 1, Math::max);
            }
        }
        final OnlineTrainer.Outcome outcome = trainer.testThenTrain(texts, labels);
        for (int i = 0; i < labels.length; i++) {
            window.add(outcome.probabilities()[i], labels[i]);
        }
        final OptionalDouble drift = guards.judge(registry.current(), texts, labels, outcome.probabilities());
        if (challenger != null) {
            challenger.testThenTrain(texts, labels, outcome.probabilities());
        }
        final Optional<NonFinite> rejected = outcome.rejected();
        if (rejected.isPresent()) {
            reject(rejected.get(), labels.length);
        } else {
            trainingSteps++;
            stepsSinceSnapshot++;
            examplesSeen += labels.length;
        }
        trained.addAll(pending);
        pending.clear();
        metrics.record(trainingSteps, window.accuracy(), window.loss());
        recordFigures();
        drift.ifPresent(this::drifted);
        return true;
    }

    /** A refused step: counted by reason and logged; the trainer's weights and Adam state are as before it. */
    private void reject(final NonFinite reason, final int reviews) {
        rejectedSteps.get(reason).record();
        LOG.warn("Rejected training step {} on {} labeled reviews: {}. The weights and the optimizer state stay as"
                + " they were before it; training goes on with the next mini-batch.", trainingSteps + 1, reviews,
                reason.description());
        event(ModelEventKind.STEP_REJECTED, version, null, null, "Training step " + (trainingSteps + 1) + " on "
                + reviews + " labeled reviews was undone: " + reason.description() + ".");
    }

    /** A drift signalled: counted, written to the model-events topic, logged, and reacted to. */
    private void drifted(final double statistic) {
        guardSensors.drifts().record();
        final String reaction = switch (settings.trainingOnDrift()) {
            case NONE -> "training goes on unchanged (training.on.drift=none)";
            case RESET_OPTIMIZER -> "the optimizer's moments start afresh";
            case RAISE_LR -> "the learning rate is multiplied by " + settings.driftRaiseLrFactor()
                    + " until the next snapshot";
        };
        final String reason = String.format(java.util.Locale.ROOT, "The prequential error of the online trainer"
                + " rose: the Page-Hinkley statistic reached %.1f, above lambda %.1f; %s.", statistic,
                settings.driftLambda(), reaction);
        LOG.warn("Drift detected while version {} serves. {}", registry.current().version(), reason);
        event(ModelEventKind.DRIFT, registry.current().version(), TrainerGuards.DETECTOR, statistic, reason);
        switch (settings.trainingOnDrift()) {
            case RESET_OPTIMIZER -> trainer = newTrainer(trainer.model());
            case RAISE_LR -> {
                trainer = withLearningRate(trainer, learningRate * settings.driftRaiseLrFactor());
                learningRateRaised = true;
            }
            case NONE -> { }
        }
    }

    /**
     * Rolls back, or promotes the challenger, when due; only once the mini-batch just judged was judged with what
     * the trainer last published (until then the judged figures are the previous version's, even if the instances
     * have switched while it was learned). Returns whether it published.
     */
    private boolean guard(final long now) {
        if (guards.servingVersion() < version) {
            return false;
        }
        final Optional<ModelRegistry.LoadedModel> rollback = guards.rollbackDue();
        if (rollback.isPresent()) {
            rollBack(rollback.get(), now);
            return true;
        }
        if (challenger != null && challenger.beats(settings.challengerMargin())) {
            promoteChallenger(now);
            return true;
        }
        return false;
    }

    /** Republishes the reference's weights as the next version; the trainer continues from them. */
    private void rollBack(final ModelRegistry.LoadedModel target, final long now) {
        final long serving = guards.servingVersion();
        final double servingAccuracy = guards.servingAccuracy();
        final double targetAccuracy = guards.referenceAccuracy();
        final int reviews = guards.judgedReviews();
        trainer = newTrainer(ModelFile.fromBytes(ModelFile.toBytes(target.model())));
        publish(trainer.model(), target.version(), Map.of("rollbackOf", target.version(),
                "replacedVersion", serving), now);
        guardSensors.rollbacks().record();
        final String reason = String.format(java.util.Locale.ROOT, "Serving version %d had accuracy %.3f on the"
                + " last %d labeled reviews, more than %.3f below the %.3f of version %d on the same reviews: version"
                + " %d republishes the weights of version %d.", serving, servingAccuracy, reviews,
                settings.rollbackAccuracyDrop(), targetAccuracy, target.version(), version, target.version());
        LOG.warn("Rolled back. {} The instances switch to it without a restart; the trainer continues from it.",
                reason);
        event(ModelEventKind.ROLLBACK, version, null, servingAccuracy, reason);
    }

    /** Makes the challenger the published line; the former champion goes on learning as the challenger. */
    private void promoteChallenger(final long now) {
        final double champion = challenger.accuracy(ChallengerLine.CHAMPION);
        final double promoted = challenger.accuracy(ChallengerLine.CHALLENGER);
        final int reviews = challenger.compared();
        final ChallengerLine former = new ChallengerLine(trainer, learningRate, settings.challengerWindow());
        trainer = challenger.trainer();
        learningRate = challenger.learningRate();
        learningRateRaised = false;
        swapped = !swapped;
        challenger = former;
        publish(trainer.model(), version, Map.of("promotedFrom", "challenger"), now);
        guardSensors.promotions().record();
        final String reason = String.format(java.util.Locale.ROOT, "The challenger line (%s cell, learning rate %s)"
                + " had prequential accuracy %.3f against the published line's %.3f on the same %d labeled reviews,"
                + " beating it by at least %.3f: it is published as version %d, and the former line goes on"
                + " learning as the challenger.", cell(trainer.model()), learningRate, promoted, champion, reviews,
                settings.challengerMargin(), version);
        LOG.warn("Promoted the challenger. {}", reason);
        event(ModelEventKind.PROMOTION, version, null, promoted, reason);
    }

    private static String cell(final SentimentModel model) {
        return model.network().config().cell().name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Publishes the trainer's weights if the promotion gate lets them through; otherwise holds them. A model
     * published by someone else while this mini-batch was learned is continued from instead: publishing over it
     * would discard it unseen.
     */
    private void snapshot(final long now) {
        if (adoptPublished(true)) {
            return;
        }
        if (learningRateRaised) {
            trainer = withLearningRate(trainer, learningRate);
            learningRateRaised = false;
        }
        final Optional<TrainerGuards.Held> held = guards.gate(trainer.model());
        if (held.isEmpty()) {
            publish(now);
            return;
        }
        guardSensors.held().record();
        lastSnapshotMs = now;
        stepsSinceSnapshot = 0;
        checkpoint(ModelFile.toBytes(trainer.model()));
        trained.forEach(log::delete);
        trained.clear();
        final String reason = "The snapshot after training step " + trainingSteps + " is held back as a candidate: "
                + held.get().reason() + ".";
        LOG.warn("{} Version {} keeps serving; the candidate stays in the trainer's state and training goes on"
                + " (promotion.max.accuracy.drop = {}).", reason, registry.current().version(),
                settings.promotionMaxAccuracyDrop());
        event(ModelEventKind.CANDIDATE_HELD, registry.current().version(), null, held.get().accuracy(), reason);
    }

    /** Queues an event for the model-events topic; {@link #flushEvents} sends it (none can be sent in init). */
    private void event(final ModelEventKind kind, final long eventVersion, final String detector,
                       final Double statistic, final String reason) {
        events.add(ModelEvent.newBuilder()
                .setTime(Instant.ofEpochMilli(context().currentSystemTimeMs()))
                .setModelLine(settings.modelLine())
                .setKind(kind)
                .setVersion(eventVersion)
                .setDetector(detector)
                .setStatistic(statistic == null || !Double.isFinite(statistic) ? null : statistic)
                .setReason(reason)
                .build());
    }

    private void flushEvents() {
        for (final ModelEvent event : events) {
            context().forward(new Record<>(settings.modelLine(), event, event.getTime().toEpochMilli()),
                    SentimentTopology.MODEL_EVENTS_SINK);
        }
        events.clear();
    }

    /** The lines' figures: metrics, and what {@code /model} shows. */
    private void recordFigures() {
        guardSensors.servingAccuracy().record(guards.servingAccuracy());
        final Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("champion", line(trainer.model(), learningRate, trainingSteps, window.accuracy(),
                challenger == null ? null : challenger.accuracy(ChallengerLine.CHAMPION)));
        if (challenger != null) {
            figures.put("challenger", line(challenger.model(), challenger.learningRate(),
                    challenger.trainingSteps(), Double.NaN, challenger.accuracy(ChallengerLine.CHALLENGER)));
            figures.put("comparedReviews", challenger.compared());
            championAccuracy.record(challenger.accuracy(ChallengerLine.CHAMPION));
            challengerAccuracy.record(challenger.accuracy(ChallengerLine.CHALLENGER));
        }
        final Map<String, Object> serving = new LinkedHashMap<>();
        serving.put("version", guards.servingVersion());
        serving.put("accuracy", number(guards.servingAccuracy()));
        serving.put("judgedReviews", guards.judgedReviews());
        serving.put("referenceVersion", guards.referenceVersion());
        serving.put("referenceAccuracy", number(guards.referenceAccuracy()));
        figures.put("serving", serving);
        registry.reportLines(figures);
    }

    private static Map<String, Object> line(final SentimentModel model, final double rate, final long steps,
                                            final double prequential, final Double compared) {
        final Map<String, Object> line = new HashMap<>();
        line.put("cell", cell(model));
        line.put("learningRate", rate);
        line.put("trainingSteps", steps);
        if (Double.isFinite(prequential)) {
            line.put("prequentialAccuracy", prequential);
        }
        if (compared != null && Double.isFinite(compared)) {
            line.put("comparedAccuracy", compared);
        }
        return line;
    }

    private static Object number(final double value) {
        return Double.isFinite(value) ? value : null;
    }

    private void punctuate(final long now) {
        adoptPublished(true);
        learnUnlabeled();
        deadLetterUnusableSnapshots(now);
        if (stepsSinceSnapshot > 0 && now - lastSnapshotMs >= settings.trainingSnapshotEveryMs()) {
            snapshot(now);
        }
        flushEvents();
    }

    /**
     * Sends the records of the models topic that the loader could not use to the dead-letter topic, each once (a
     * record before the offset reached, by this task or an earlier owner of it, was sent already). When one is the
     * newest record of the line, publishes the trainer's model again, so that a usable value stays the newest.
     */
    private void deadLetterUnusableSnapshots(final long now) {
        int sent = 0;
        boolean newestUnusable = false;
        for (final ModelLineWatch.Unusable unusable : watch.takeUnusable()) {
            if (unusable.offset() >= 0 && unusable.offset() < deadLettered.getOrDefault(unusable.partition(), 0L)) {
                continue;
            }
            context().forward(new Record<>(unusable.key(), unusable.value(), unusable.timestamp(),
                    unusable.headers()), SentimentTopology.MODELS_DEAD_LETTERS_SINK);
            deadLetters.get(unusable.reason()).record();
            if (unusable.offset() >= 0) {
                deadLettered.merge(unusable.partition(), unusable.offset() + 1, Math::max);
            }
            newestUnusable |= watch.isNewest(unusable);
            sent++;
        }
        if (sent == 0) {
            return;
        }
        state.put(DEAD_LETTERED_KEY, offsetBytes(deadLettered));
        LOG.info("Sent {} unusable record(s) of the models topic to the dead-letter topic.", sent);
        if (newestUnusable) {
            LOG.info("The newest record of model line '{}' on the models topic is unusable: publishing the trainer's"
                    + " model again, so that compaction keeps a usable one.", settings.modelLine());
            if (guards.gate(trainer.model()).isPresent()) {
                publish(ModelFile.fromBytes(ModelFile.toBytes(registry.current().model())), version, Map.of(), now);
                trainer = newTrainer(ModelFile.fromBytes(ModelFile.toBytes(registry.current().model())));
            } else {
                publish(now);
            }
        }
    }

    /** Publishes the trainer's weights as the next version and checkpoints, in the same commit. */
    private void publish(final long now) {
        publish(trainer.model(), version, Map.of(), now);
    }

    /**
     * Publishes {@code weights} as the next version, trained from {@code parent}, and checkpoints the trainer, in
     * the same commit; {@code facts} are added to the model's metadata.
     */
    private void publish(final SentimentModel weights, final long parent, final Map<String, Object> facts,
                         final long now) {
        version = Math.max(version, watch.highestVersion()) + 1;
        final Map<String, Object> all = new HashMap<>(facts);
        all.putAll(Map.of("trainingSteps", trainingSteps, "examplesSeen", examplesSeen, "seed", settings.modelSeed()));
        final ModelMetadata metadata = new ModelMetadata(version, parent, all);
        final byte[] model = ModelFile.toBytes(weights.withMetadata(metadata));
        context().forward(new Record<>(settings.modelLine(), snapshot(model, parent, now), now),
                SentimentTopology.MODELS_SINK);
        lastSnapshotMs = now;
        modelCreatedMs = now;
        stepsSinceSnapshot = 0;
        checkpoint(model);
        trained.forEach(log::delete);
        trained.clear();
        LOG.info("Published model version {} after {} training steps; prequential accuracy {} over the last {}"
                + " labeled reviews.", version, trainingSteps, String.format("%.3f", window.accuracy()),
                window.count());
    }

    private void checkpoint(final byte[] model) {
        state.put(CHECKPOINT_KEY, new TrainerCheckpoint(model, trainer.optimizer().steps(),
                trainer.optimizerState(), trainingSteps, examplesSeen, version, lastSnapshotMs, window.toBytes(),
                offsets, modelCreatedMs).toBytes());
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeBoolean(swapped);
            out.writeBoolean(learningRateRaised);
            guards.write(out);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        state.put(GUARDS_KEY, bytes.toByteArray());
        if (unlabeled != null) {
            state.put(UnlabeledLearning.STATE_KEY, unlabeled.toBytes(trainer.model(), learningRate));
        }
        if (challenger != null) {
            final ByteArrayOutputStream line = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(line)) {
                challenger.write(out);
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
            state.put(CHALLENGER_KEY, line.toByteArray());
        }
    }

    private ModelSnapshot snapshot(final byte[] model, final long parent, final long now) {
        final List<TopicPartitionOffset> lineage = new ArrayList<>();
        offsets.forEach((partition, offset) -> lineage.add(
                new TopicPartitionOffset(settings.topics().labeledReviews(), partition, offset)));
        return ModelSnapshot.newBuilder()
                .setVersion(version)
                .setParentVersion(parent)
                .setCreatedTime(Instant.ofEpochMilli(now))
                .setModel(ByteBuffer.wrap(model))
                .setTrainingSteps(trainingSteps)
                .setExamplesSeen(examplesSeen)
                .setPrequentialAccuracy(window.count() == 0 ? null : window.accuracy())
                .setPrequentialLoss(window.count() == 0 ? null : window.loss())
                .setSeed(settings.modelSeed())
                .setLabelOffsets(lineage)
                .setInstanceId(settings.instanceId())
                .build();
    }

    /** Offsets per partition: int32 count, then per partition int32 partition, int64 offset. */
    private static byte[] offsetBytes(final Map<Integer, Long> offsets) {
        final ByteBuffer bytes = ByteBuffer.allocate(Integer.BYTES + offsets.size() * (Integer.BYTES + Long.BYTES))
                .putInt(offsets.size());
        offsets.forEach((partition, offset) -> bytes.putInt(partition).putLong(offset));
        return bytes.array();
    }

    private static Map<Integer, Long> readOffsets(final byte[] bytes) {
        final ByteBuffer buffer = ByteBuffer.wrap(bytes);
        final Map<Integer, Long> offsets = new TreeMap<>();
        for (int i = buffer.getInt(); i > 0; i--) {
            offsets.put(buffer.getInt(), buffer.getLong());
        }
        return offsets;
    }

    /** A labeled review's source position, kept in the log entry's key field: partition int32, offset int64. */
    private static byte[] position(final RecordMetadata source) {
        return ByteBuffer.allocate(Integer.BYTES + Long.BYTES).putInt(source.partition()).putLong(source.offset())
                .array();
    }
}
