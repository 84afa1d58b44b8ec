package io.sentimentstreams.stream;

import io.sentimentstreams.avro.ModelSnapshot;
import io.sentimentstreams.model.ModelFile;
import io.sentimentstreams.model.ModelFormatException;
import io.sentimentstreams.model.SentimentModel;
import io.sentimentstreams.stream.serde.AvroDecodingException;
import io.sentimentstreams.stream.serde.AvroSerde;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replicates the model line to this instance: keeps the newest readable snapshot of the line in the global
 * {@code models-store} and swaps the {@link ModelRegistry} to it when it is newer than the model in use.
 * A record of the line that is not a readable snapshot, or whose model file is unusable or holds weights that are
 * not finite numbers, is skipped with one warning (it is read again whenever the global store is rebuilt, and on a
 * compacted topic it may stay the newest value of its key for good); the instance goes on scoring with the model it has, and the record is handed to the
 * online trainer through the {@link ModelLineWatch}, which sends it to the dead-letter topic once.
 */
final class ModelLoader implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);

    private final String storeName;
    private final String modelLine;
    private final AvroSerde<ModelSnapshot> serde;
    private final ModelRegistry registry;
    private final ModelLineWatch watch;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, byte[]> store;
    private Sensor modelVersion;
    private long storedVersion = Long.MIN_VALUE;

    ModelLoader(final String storeName, final String modelLine, final AvroSerde<ModelSnapshot> serde,
                final ModelRegistry registry, final ModelLineWatch watch) {
        this.storeName = storeName;
        this.modelLine = modelLine;
        this.serde = serde;
        this.registry = registry;
        this.watch = watch;
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        this.context = context;
        store = context.getStateStore(storeName);
        modelVersion = StreamMetrics.modelVersion(context.metrics());
        final byte[] highest = store.get(highestVersionKey());
        if (highest != null) {
            watch.sawVersion(ByteBuffer.wrap(highest).getLong());
        }
        final byte[] restored = store.get(modelLine);
        if (restored != null) {
            try {
                final ModelRegistry.LoadedModel model = load(serde.deserializer().deserialize(null, restored));
                storedVersion = model.version();
                watch.sawVersion(model.version());
                offer(model);
            } catch (final RuntimeException e) {   // only a usable snapshot is ever stored
                LOG.warn("The local models store holds an unusable snapshot ({}); the instance waits for the next"
                        + " model version on the models topic.", e.getMessage());
            }
        }
    }

    @Override
    public void process(final Record<String, byte[]> record) {
        if (!modelLine.equals(record.key())) {
            LOG.warn("Ignoring a snapshot of model line '{}' on the models topic: this instance follows '{}'.",
                    record.key(), modelLine);
            return;
        }
        if (record.value() == null) {
            LOG.warn("Ignoring a tombstone for model line '{}': the instance keeps scoring with model version {}.",
                    modelLine, registry.current().version());
            return;
        }
        final RecordMetadata source = context.recordMetadata().orElse(null);
        final ModelSnapshot snapshot;
        try {
            snapshot = serde.deserializer().deserialize(source == null ? null : source.topic(), record.value());
        } catch (final AvroDecodingException e) {
            reject(record, source, new Rejection(DeadLetterReason.UNDECODABLE,
                    e.getMessage() + " (" + e.reason() + ")."));
            return;
        }
        noteVersion(snapshot.getVersion());
        final ModelRegistry.LoadedModel loaded;
        try {
            loaded = load(snapshot);
        } catch (final RuntimeException e) {   // ModelFormatException or a model inconsistent with its header
            reject(record, source, new Rejection(DeadLetterReason.BAD_MODEL,
                    "The model file of model version " + snapshot.getVersion() + " is unusable: " + e.getMessage()
                            + "."));
            return;
        }
        if (source != null) {
            watch.sawUsable(source.partition(), source.offset());
        }
        if (loaded.version() > storedVersion) {
            store.put(modelLine, record.value());
            storedVersion = loaded.version();
        }
        offer(loaded);
    }

    private void offer(final ModelRegistry.LoadedModel model) {
        registry.offer(model);
        modelVersion.record(registry.current().version());
    }

    /** Keeps the highest version seen, in the store too, so that it survives a restart. */
    private void noteVersion(final long version) {
        if (version > watch.highestVersion()) {
            store.put(highestVersionKey(), ByteBuffer.allocate(Long.BYTES).putLong(version).array());
        }
        watch.sawVersion(version);
    }

    private void reject(final Record<String, byte[]> record, final RecordMetadata source, final Rejection rejection) {
        LOG.warn("Skipping a record of model line '{}' on the models topic{}: {} The instance keeps scoring with"
                + " model version {}.", modelLine, source == null ? "" : " at offset " + source.offset(),
                rejection.reason(), registry.current().version());
        watch.sawUnusable(new ModelLineWatch.Unusable(source == null ? -1 : source.partition(),
                source == null ? -1 : source.offset(), record.key().getBytes(StandardCharsets.UTF_8), record.value(),
                record.timestamp(), DeadLetters.describe(new RecordHeaders(record.headers().toArray()), rejection, source),
                rejection.code()));
    }

    private static ModelRegistry.LoadedModel load(final ModelSnapshot snapshot) {
        final SentimentModel model = ModelFile.fromBytes(bytes(snapshot.getModel()));
        if (!model.network().hasFiniteWeights()) {
            throw new ModelFormatException("some of its weights are not finite numbers (NaN or infinity), so its"
                    + " scores would be too");
        }
        return new ModelRegistry.LoadedModel(model, snapshot.getVersion(), snapshot.getParentVersion(),
                snapshot.getCreatedTime().toEpochMilli());
    }

    /** The store key of the highest version seen; no model line contains a NUL character. */
    private String highestVersionKey() {
        return modelLine + "\u0000highest-version";
    }

    private static byte[] bytes(final ByteBuffer buffer) {
        final ByteBuffer copy = buffer.duplicate();
        final byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
