package io.sentimentstreams.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sentimentstreams.nn.CellType;
import io.sentimentstreams.text.Truncation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamsSettingsTest {

    @TempDir
    Path dir;

    @Test
    void shouldUseTheDocumentedDefaults() {
        final StreamsSettings settings = StreamsSettings.defaults();
        assertEquals(64, settings.scoringBatchMaxRecords());
        assertEquals(50, settings.scoringBatchMaxWaitMs());
        assertEquals(32, settings.trainingBatchSize());
        assertEquals(2e-3, settings.trainingLearningRate());
        assertEquals(5.0, settings.trainingClipNorm());
        assertEquals(50, settings.trainingSnapshotEverySteps());
        assertEquals(30_000, settings.trainingSnapshotEveryMs());
        assertEquals(100_000, settings.textMaxChars());
        assertEquals(400, settings.textMaxTokens());
        assertEquals(new StreamsSettings.Topics("reviews", "labeled-reviews", "scores", "models", "dead-letters",
                "model-events"),
                settings.topics());
        assertEquals(StreamsConfig.EXACTLY_ONCE_V2, settings.processingGuarantee());
        assertNull(settings.instanceId());
    }

    @Test
    void shouldLetFileThenEnvironmentThenOverridesWin() throws IOException {
        final Path file = dir.resolve("app.properties");
        Files.writeString(file, "scoring.batch.max.records=10\nscoring.batch.max.wait.ms=70\nmodel.cell=lstm\n"
                + "training.batch.size=8\n");
        final StreamsSettings settings = StreamsSettings.load(file,
                Map.of("SENTIMENT_SCORING_BATCH_MAX_RECORDS", "20", "SENTIMENT_TRAINING_BATCH_SIZE", "16",
                        "HOME", "/root"),
                Map.of("scoring.batch.max.records", "30"));
        assertEquals(30, settings.scoringBatchMaxRecords());
        assertEquals(16, settings.trainingBatchSize());
        assertEquals(70, settings.scoringBatchMaxWaitMs());
        assertEquals(CellType.LSTM, settings.modelCell());
        assertTrue(settings.kafka().isEmpty(), "only SENTIMENT_ variables are read: " + settings.kafka());
    }

    @Test
    void shouldPassKafkaClientSettingsThroughUnchanged() {
        final StreamsSettings settings = StreamsSettings.load(null,
                Map.of("SENTIMENT_SECURITY_PROTOCOL", "SASL_SSL"),
                Map.of("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required;",
                        "ssl.truststore.location", "/etc/kafka/truststore.jks",
                        "bootstrap.servers", "broker:9093"));
        final Properties properties = settings.streamsProperties();
        assertEquals("SASL_SSL", properties.get("security.protocol"));
        assertEquals("org.apache.kafka.common.security.plain.PlainLoginModule required;",
                properties.get("sasl.jaas.config"));
        assertEquals("/etc/kafka/truststore.jks", properties.get("ssl.truststore.location"));
        assertEquals("broker:9093", properties.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        assertEquals("exactly_once_v2", properties.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    }

    @Test
    void shouldRejectABadValueNamingKeyValueAndWhatIsAllowed() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StreamsSettings.of(Map.of("scoring.batch.max.records", "zero")));
        assertEquals("Invalid value 'zero' for scoring.batch.max.records: expected an integer in [1,...,10000].",
                e.getMessage());
    }

    @Test
    void shouldNameTheEnvironmentVariableOfABadValue() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StreamsSettings.load(null, Map.of("SENTIMENT_MODEL_CELL", "transformer"), Map.of()));
        assertEquals("Invalid value 'transformer' for model.cell (from environment variable SENTIMENT_MODEL_CELL):"
                + " expected one of elman, lstm, gru.", e.getMessage());
    }

    @Test
    void shouldRejectAnUnknownKeyInItsOwnNamespace() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StreamsSettings.of(Map.of("scoring.batch.max.record", "10")));
        assertTrue(e.getMessage().startsWith("Unknown setting 'scoring.batch.max.record'"), e.getMessage());
    }

    @Test
    void shouldRejectAnInvalidTopicName() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StreamsSettings.of(Map.of("topics.scores", "my scores")));
        assertTrue(e.getMessage().startsWith("Invalid value 'my scores' for topics.scores: expected a Kafka topic"),
                e.getMessage());
    }

    @Test
    void shouldDocumentEveryKey() {
        for (final ConfigDef.ConfigKey key : StreamsSettings.CONFIG.configKeys().values()) {
            assertTrue(key.documentation.endsWith("."), key.name);
            assertTrue(StreamsSettings.markdownTable().contains("| `" + key.name + "` |"), key.name);
        }
        assertTrue(StreamsSettings.markdownTable().contains(
                "| `scoring.batch.max.records` | `64` | an integer in [1,...,10000] |"));
    }

    @Test
    void shouldShowTheGeneratedSettingsTableInTheReadme() throws IOException {
        final String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains(StreamsSettings.markdownTable()),
                "README.md's settings table differs from the definitions; regenerate it with"
                        + " `java -jar target/sentiment-streams.jar settings --markdown`");
    }

    @Test
    void shouldReadAnEnumSettingWhateverItsCase() {
        assertEquals(CellType.LSTM, StreamsSettings.of(Map.of("model.cell", "LSTM")).modelCell());
        assertEquals(Truncation.HEAD_TAIL, StreamsSettings.of(Map.of("text.truncation", "head-tail")).textTruncation());
    }

    @Test
    void shouldServeHttpOnPort8080ByDefault() {
        assertEquals(8080, StreamsSettings.defaults().httpPort());
        assertEquals(9090, StreamsSettings.load(null, Map.of("SENTIMENT_HTTP_PORT", "9090"), Map.of()).httpPort());
    }

    @Test
    void shouldPassStaticMembershipAndStandbyReplicasFromTheEnvironmentToKafkaStreams() {
        final Properties properties = StreamsSettings.load(null, Map.of("SENTIMENT_GROUP_INSTANCE_ID",
                "sentiment-streams-0", "SENTIMENT_NUM_STANDBY_REPLICAS", "1"), Map.of()).streamsProperties();
        assertEquals("sentiment-streams-0", properties.get("group.instance.id"));
        assertEquals("1", properties.get("num.standby.replicas"));
    }

    @Test
    void shouldNotTakeTheDataCacheVariableForAKafkaSetting() {
        final StreamsSettings settings = StreamsSettings.load(null, Map.of(StreamsSettings.CACHE_DIR_VARIABLE,
                "/var/cache/sentiment"), Map.of());
        assertEquals(StreamsSettings.defaults().kafka(), settings.kafka());
        assertEquals(null, settings.streamsProperties().get("cache.dir"));
    }

    @Test
    void shouldUseTheInstanceIdAsGroupInstanceIdUnderStaticMembership() {
        final StreamsSettings settings = StreamsSettings.of(Map.of(StreamsSettings.STATIC_MEMBERSHIP, "true",
                StreamsSettings.INSTANCE_ID, "scorer-0"));
        assertEquals("scorer-0", settings.streamsProperties().get("group.instance.id"));
        assertNull(StreamsSettings.of(Map.of(StreamsSettings.INSTANCE_ID, "scorer-0")).streamsProperties()
                .get("group.instance.id"), "off by default");
    }

    @Test
    void shouldRefuseStaticMembershipWithoutAnInstanceId() {
        final InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> StreamsSettings.of(Map.of(StreamsSettings.STATIC_MEMBERSHIP, "true")));
        assertEquals("Setting static.membership=true needs instance.id: a name of the instance that stays the same"
                + " across its restarts.", e.getMessage());
    }

    @Test
    void shouldRetryTransactionalRequestsSoonerThanKafkaUnlessAKafkaKeySaysOtherwise() {
        assertEquals("10", StreamsSettings.defaults().streamsProperties().get("producer.retry.backoff.ms"));
        assertEquals("250", StreamsSettings.of(Map.of("producer.retry.backoff.ms", "250")).streamsProperties()
                .get("producer.retry.backoff.ms"));
    }
}
