package io.sentimentstreams.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sentimentstreams.avro.SentimentScore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What survives an instance that stops with reviews buffered. Under exactly-once, a restarted instance rebuilds the
 * {@code scoring-buffer} store from its changelog. {@code TopologyTestDriver} cannot replay a changelog (and
 * deletes its state folder on close), so the restart is checked in two halves: replaying the changelog the driver
 * wrote gives exactly the buffered reviews, and a scoring processor started on that restored buffer scores each
 * of them once.
 */
class ScoringRestartTest {

    @TempDir
    Path stateDir;

    @Test
    void shouldLogTheBufferToItsChangelog() {
        assertEquals(List.of("r-4", "r-5"), ids(restore(changelogAfterSixReviews())));
    }

    @Test
    void shouldScoreARestoredBufferExactlyOnce() {
        final StreamsSettings settings = StreamFixture.tinySettings(stateDir, Map.of());
        final KeyValueStore<Bytes, byte[]> buffer = restore(changelogAfterSixReviews());
        final MockProcessorContext<byte[], Object> context =
                new MockProcessorContext<>(settings.streamsProperties());
        context.setCurrentSystemTimeMs(StreamFixture.START.plusSeconds(10).toEpochMilli());
        buffer.init(context.getStateStoreContext(), buffer);
        context.addStateStore(buffer);
        final ScoringProcessor processor = new ScoringProcessor(SentimentTopology.SCORING_BUFFER_STORE,
                StreamFixture.SERDES.reviews(), ModelRegistry.withInitialModel(settings, 0), ScoringWorkers.of(0), 4, 50,
                null);
        processor.init(context);

        punctuate(context, StreamFixture.START.plusSeconds(10).toEpochMilli());
        assertEquals(List.of("r-4", "r-5"), forwardedIds(context), "the restored reviews, in arrival order");
        context.resetForwards();
        processor.process(new Record<>(new byte[] {6},
                StreamFixture.accepted(StreamFixture.review("r-6", "after the restart")), 0L));
        punctuate(context, StreamFixture.START.plusSeconds(11).toEpochMilli());
        assertEquals(List.of("r-6"), forwardedIds(context), "each review scored once");
        assertEquals(0, buffer.approximateNumEntries());
    }

    /** The scoring-buffer changelog after six reviews with batches of four: a full batch scored, two buffered. */
    private List<KeyValue<byte[], byte[]>> changelogAfterSixReviews() {
        try (StreamFixture fixture = new StreamFixture(stateDir, Map.of())) {
            pipeSixReviews(fixture);
            return fixture.driver.createOutputTopic(
                    "sentiment-test-" + SentimentTopology.SCORING_BUFFER_STORE + "-changelog",
                    new ByteArrayDeserializer(), new ByteArrayDeserializer()).readKeyValuesToList();
        }
    }

    /** A store holding what replaying {@code changelog} leaves. */
    private static KeyValueStore<Bytes, byte[]> restore(final List<KeyValue<byte[], byte[]>> changelog) {
        final KeyValueStore<Bytes, byte[]> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(SentimentTopology.SCORING_BUFFER_STORE), Serdes.Bytes(),
                Serdes.ByteArray()).withLoggingDisabled().build();
        final MockProcessorContext<Object, Object> context =
                new MockProcessorContext<>(StreamsSettings.defaults().streamsProperties());
        store.init(context.getStateStoreContext(), store);
        for (final KeyValue<byte[], byte[]> entry : changelog) {
            store.put(Bytes.wrap(entry.key), entry.value);
        }
        return store;
    }

    private static List<String> ids(final KeyValueStore<Bytes, byte[]> buffer) {
        final List<String> ids = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> all = buffer.all()) {
            all.forEachRemaining(kv -> ids.add(StreamFixture.SERDES.reviews().deserializer()
                    .deserialize(null, BufferedRecord.fromBytes(kv.value).value()).getId()));
        }
        return ids;
    }

    private static void punctuate(final MockProcessorContext<byte[], Object> context, final long now) {
        context.setCurrentSystemTimeMs(now);
        context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(now));
    }

    private static List<String> forwardedIds(final MockProcessorContext<byte[], Object> context) {
        return context.forwarded().stream().map(f -> ((SentimentScore) f.record().value()).getReviewId()).toList();
    }

    private static void pipeSixReviews(final StreamFixture fixture) {
        for (int i = 0; i < 6; i++) {
            fixture.pipeReview("r-" + i, "review number " + i);
        }
        assertEquals(List.of("r-0", "r-1", "r-2", "r-3"), ids(fixture.scores.readValuesToList()),
                "one full batch scored, two reviews still buffered");
        assertTrue(fixture.scores.isEmpty());
    }

    private static List<String> ids(final List<SentimentScore> scores) {
        return scores.stream().map(SentimentScore::getReviewId).toList();
    }
}
