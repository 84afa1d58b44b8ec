package io.sentimentstreams.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sentimentstreams.stream.StreamsSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docker-compose.yml and the Dockerfile agree with the settings the application reads. */
class ComposeFileTest {

    private static final Pattern CREATE = Pattern.compile("^\\s*create (\\S+) --partitions (\\d+)(.*)$",
            Pattern.MULTILINE);
    private static final StreamsSettings DEFAULTS = StreamsSettings.defaults();

    private final JsonNode compose = read(Path.of("docker-compose.yml"));
    private final JsonNode app = compose.path("services").path("scorer");
    private final JsonNode trainer = compose.path("services").path("trainer");

    @Test
    void shouldCreateExactlyTheTopicsTheApplicationUses() {
        final StreamsSettings.Topics topics = DEFAULTS.topics();
        assertEquals(Set.of(topics.reviews(), topics.labeledReviews(), topics.scores(), topics.models(),
                topics.deadLetters(), topics.modelEvents()), createdTopics().keySet());
    }

    @Test
    void shouldGiveTheTrainerASinglePartitionOfLabeledReviews() {
        assertTrue(createdTopics().get(DEFAULTS.topics().labeledReviews()).startsWith("1 "));
    }

    @Test
    void shouldCompactTheModelsTopicAndFitTheLargestModel() {
        final String models = createdTopics().get(DEFAULTS.topics().models());
        assertTrue(models.contains("--config cleanup.policy=compact"), models);
        final Matcher max = Pattern.compile("--config max.message.bytes=(\\d+)").matcher(models);
        assertTrue(max.find(), models);
        assertTrue(Long.parseLong(max.group(1)) >= DEFAULTS.modelMaxBytes(), models);
    }

    @Test
    void shouldRunTheScorerAndTheTrainerAsSeparateServicesWithTheirOwnState() {
        assertEquals("[\"run\",\"--role\",\"scorer\"]", app.path("command").toString());
        assertEquals("[\"run\",\"--role\",\"trainer\"]", trainer.path("command").toString());
        final String scorerVolume = app.path("volumes").get(0).asText();
        final String trainerVolume = trainer.path("volumes").get(0).asText();
        assertTrue(!scorerVolume.substring(0, scorerVolume.indexOf(':'))
                .equals(trainerVolume.substring(0, trainerVolume.indexOf(':'))), scorerVolume + " " + trainerVolume);
        assertTrue(trainer.path("read_only").asBoolean());
        final StreamsSettings scorerSettings = StreamsSettings.load(null, environment(app), Map.of());
        final StreamsSettings trainerSettings = StreamsSettings.load(null, environment(trainer), Map.of());
        assertEquals(scorerSettings.applicationId(), trainerSettings.applicationId(), "the trainer's group derives"
                + " from the same application.id");
        assertEquals(scorerSettings.topics(), trainerSettings.topics());
        assertTrue(!scorerSettings.instanceId().equals(trainerSettings.instanceId()));
    }

    @Test
    void shouldTurnOffTopicAutoCreation() {
        assertEquals("false", compose.path("services").path("kafka").path("environment")
                .path("KAFKA_AUTO_CREATE_TOPICS_ENABLE").asText());
    }

    @Test
    void shouldSetOnlyKnownSettingsWithTheDefaultTopicNames() {
        final Map<String, String> byVariable = StreamsSettings.CONFIG.names().stream()
                .collect(Collectors.toMap(StreamsSettings::environmentVariable, key -> key));
        final Map<String, String> environment = appEnvironment();
        for (final Map.Entry<String, String> variable : environment.entrySet()) {
            if (variable.getKey().startsWith(StreamsSettings.ENV_PREFIX)) {
                assertTrue(byVariable.containsKey(variable.getKey()), "unknown setting " + variable.getKey());
            }
        }
        final StreamsSettings resolved = StreamsSettings.load(null, environment, Map.of());
        assertEquals(DEFAULTS.topics(), resolved.topics());
    }

    @Test
    void shouldConnectToTheBrokersAdvertisedListener() {
        final String advertised = compose.path("services").path("kafka").path("environment")
                .path("KAFKA_ADVERTISED_LISTENERS").asText();
        assertTrue(advertised.contains("://" + appEnvironment().get("SENTIMENT_BOOTSTRAP_SERVERS")), advertised);
    }

    @Test
    void shouldPublishTheHttpPortTheApplicationListensOn() throws IOException {
        final int port = StreamsSettings.load(null, appEnvironment(), Map.of()).httpPort();
        assertEquals(DEFAULTS.httpPort(), port);
        assertEquals(port + ":" + port, app.path("ports").get(0).asText());
        assertTrue(Files.readString(Path.of("Dockerfile")).contains("\nEXPOSE " + port + "\n"));
    }

    @Test
    void shouldKeepTheStateDirectoryOnTheMountedVolume() {
        final String stateDir = StreamsSettings.load(null, appEnvironment(), Map.of()).stateDir();
        final String volume = app.path("volumes").get(0).asText();
        final String mountPoint = volume.substring(volume.indexOf(':') + 1);
        assertTrue(stateDir.startsWith(mountPoint + "/"), stateDir + " is not under " + mountPoint);
        assertTrue(app.path("read_only").asBoolean());
    }

    @Test
    void shouldRunAsNonRootWithTheNativeCacheOnTheVolume() throws IOException {
        final String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertTrue(dockerfile.contains("ARG UID=10001") && dockerfile.contains("\nUSER ${UID}:${UID}\n"));
        assertTrue(dockerfile.contains("VOLUME [\"/var/lib/sentiment-streams\"]"));
        assertTrue(dockerfile.contains("-Dorg.bytedeco.javacpp.cachedir=/var/lib/sentiment-streams/"));
        assertTrue(dockerfile.contains("-Djava.io.tmpdir=/tmp"));
    }

    @Test
    void shouldShipTheServiceJarWithoutTheBrokerInTheImage() throws IOException {
        final String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertTrue(dockerfile.contains("COPY --from=build /src/target/sentiment-streams-service.jar "
                + "/app/sentiment-streams.jar"), "the image runs the service jar");
    }

    @Test
    void shouldStartFromAStartupArchiveMadeFromTheJarItRuns() throws IOException {
        final String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertTrue(dockerfile.contains("-jar /app/sentiment-streams.jar startup-archive --out "
                + "/app/sentiment-streams.jsa"), "the archive is made at build time from the image's jar");
        final String entrypoint = dockerfile.substring(dockerfile.indexOf("ENTRYPOINT"));
        assertTrue(entrypoint.contains("\"-XX:SharedArchiveFile=/app/sentiment-streams.jsa\""), entrypoint);
        assertTrue(entrypoint.contains("\"-jar\", \"/app/sentiment-streams.jar\""), entrypoint);
        assertTrue(dockerfile.indexOf("startup-archive") < dockerfile.indexOf("\nUSER "),
                "made as root, before the image drops to its user");
    }

    /** The topics the one-shot topics service creates, with the rest of each create line. */
    private Map<String, String> createdTopics() {
        final String script = compose.path("services").path("topics").path("command").get(0).asText();
        final Map<String, String> topics = new TreeMap<>();
        final Matcher create = CREATE.matcher(script);
        while (create.find()) {
            topics.put(create.group(1), create.group(2) + " " + create.group(3).trim());
        }
        return topics;
    }

    private Map<String, String> appEnvironment() {
        return environment(app);
    }

    private static Map<String, String> environment(final JsonNode service) {
        final Map<String, String> environment = new TreeMap<>();
        final Iterator<Map.Entry<String, JsonNode>> fields = service.path("environment").fields();
        fields.forEachRemaining(field -> environment.put(field.getKey(), field.getValue().asText()));
        return environment;
    }

    private static JsonNode read(final Path file) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (final IOException e) {
            throw new AssertionError("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
