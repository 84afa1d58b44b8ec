package io.sentimentstreams.stream;

import io.sentimentstreams.avro.ModelSnapshot;
import io.sentimentstreams.model.ModelFile;
import io.sentimentstreams.model.SentimentModel;
import io.sentimentstreams.stream.serde.AvroDecodingException;
import io.sentimentstreams.stream.serde.AvroSerde;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replicates the model line to this instance: keeps the newest readable snapshot of the line in the global
 * {@code models-store} and swaps the {@link ModelRegistry} to it when it is newer than the model in use.
 * A snapshot that cannot be read, whose model file is corrupt, or whose weights are not all finite numbers, is
 * logged and skipped; the instance goes on scoring with the model it has.
 */
final class ModelLoader implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);

    private final String storeName;
    private final String modelLine;
    private final AvroSerde<ModelSnapshot> serde;
    private final ModelRegistry registry;
    private KeyValueStore<String, byte[]> store;
    private Sensor modelVersion;
    private long storedVersion = Long.MIN_VALUE;

    ModelLoader(final String storeName, final String modelLine, final AvroSerde<ModelSnapshot> serde,
                final ModelRegistry registry) {
        this.storeName = storeName;
        this.modelLine = modelLine;
        this.serde = serde;
        this.registry = registry;
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        modelVersion = StreamMetrics.modelVersion(context.metrics());
        final byte[] restored = store.get(modelLine);
        if (restored != null) {
            load(restored, "the local models store").ifPresent(model -> {
                storedVersion = model.version();
                offer(model);
            });
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
        final Optional<ModelRegistry.LoadedModel> loaded = load(record.value(), "the models topic");
        if (loaded.isPresent()) {
            if (loaded.get().version() > storedVersion) {
                store.put(modelLine, record.value());
                storedVersion = loaded.get().version();
            }
            offer(loaded.get());
        }
    }

    private void offer(final ModelRegistry.LoadedModel model) {
        registry.offer(model);
        modelVersion.record(registry.current().version());
    }

    private Optional<ModelRegistry.LoadedModel> load(final byte[] bytes, final String where) {
        final ModelSnapshot snapshot;
        try {
            snapshot = serde.deserializer().deserialize(null, bytes);
        } catch (final AvroDecodingException e) {
            LOG.error("Skipping a model snapshot from {} that cannot be read ({}): {}. The instance keeps scoring"
                    + " with model version {}.", where, e.reason(), e.getMessage(), registry.current().version());
            return Optional.empty();
        }
        try {
            final SentimentModel model = ModelFile.fromBytes(bytes(snapshot.getModel()));
            if (!model.network().hasFiniteWeights()) {
                LOG.error("Skipping model version {} from {}: some of its weights are not finite numbers (NaN or"
                        + " infinity), so its scores would be too. The instance keeps scoring with model version {}.",
                        snapshot.getVersion(), where, registry.current().version());
                return Optional.empty();
            }
            return Optional.of(new ModelRegistry.LoadedModel(model, snapshot.getVersion(),
                    snapshot.getParentVersion(), snapshot.getCreatedTime().toEpochMilli()));
        } catch (final RuntimeException e) {   // ModelFormatException or a model inconsistent with its header
            LOG.error("Skipping model version {} from {}: its model file is unusable ({}). The instance keeps"
                    + " scoring with model version {}.", snapshot.getVersion(), where, e.getMessage(),
                    registry.current().version());
            return Optional.empty();
        }
    }

    private static byte[] bytes(final ByteBuffer buffer) {
        final ByteBuffer copy = buffer.duplicate();
        final byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
