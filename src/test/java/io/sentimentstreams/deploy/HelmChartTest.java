package io.sentimentstreams.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Helm chart, linted and rendered without a cluster (helm-java), and the rendered manifests checked. */
class HelmChartTest {

    private static final Path CHART = Path.of("helm", "sentiment-streams");
    private static final Path ALL_FEATURES = CHART.resolve("ci/all-features-values.yaml");
    /** A Kubernetes version the chart supports (helm template assumes 1.20 otherwise). */
    private static final String KUBE_VERSION = "1.31.0";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void shouldPassHelmLint() {
        final LintResult result = new Helm(CHART).lint().strict().call();
        assertFalse(result.isFailed(), String.join("\n", result.getMessages()));
    }

    @Test
    void shouldRenderTheDefaultResources() {
        assertEquals(Set.of("StatefulSet", "Service", "ConfigMap", "PodDisruptionBudget"),
                kinds(render(false)).keySet());
        assertEquals(2, kinds(render(false)).get("Service").size());
        assertEquals(2, kinds(render(false)).get("StatefulSet").size(), "the scorers and the trainer");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldDeployTheScorersAndOneTrainerEachWithItsOwnPodsAndVolumes(final boolean allFeatures) {
        final List<JsonNode> manifests = render(allFeatures);
        final JsonNode scorers = statefulSet(manifests);
        final JsonNode trainer = trainerSet(manifests);

        assertEquals(List.of("run", "--config", "/etc/sentiment-streams/application.properties", "--role", "scorer"),
                args(container(scorers)));
        assertEquals(List.of("run", "--config", "/etc/sentiment-streams/application.properties", "--role", "trainer"),
                args(container(trainer)));
        assertEquals(1, trainer.path("spec").path("replicas").asInt());
        if (!allFeatures) {
            assertEquals(2, scorers.path("spec").path("replicas").asInt());
        }
        assertEquals("scorer", scorers.path("spec").path("selector").path("matchLabels")
                .path("app.kubernetes.io/component").asText());
        assertEquals("trainer", trainer.path("spec").path("selector").path("matchLabels")
                .path("app.kubernetes.io/component").asText());
        assertEquals("trainer", trainer.path("spec").path("template").path("metadata").path("labels")
                .path("app.kubernetes.io/component").asText(), "the trainer's selector must match its own pods");
        assertFalse(scorers.path("metadata").path("name").asText().equals(trainer.path("metadata").path("name")
                .asText()));
        assertEquals("state", trainer.path("spec").path("volumeClaimTemplates").get(0).path("metadata").path("name")
                .asText(), "a volume claim per trainer pod");
    }

    @Test
    void shouldLeaveTheTrainerOutWhenDisabled() {
        final List<JsonNode> manifests = template(new Helm(CHART).template().withKubeVersion(KUBE_VERSION)
                .withName("reviews").set("trainer.enabled", "false"));
        assertEquals(1, kinds(manifests).get("StatefulSet").size());
    }

    @Test
    void shouldRenderEveryOptionalResourceWhenSwitchedOn() {
        final Map<String, List<JsonNode>> kinds = kinds(render(true));
        assertTrue(kinds.keySet().containsAll(Set.of("ServiceMonitor", "ScaledObject")), kinds.keySet().toString());
        final JsonNode scaled = kinds.get("ScaledObject").get(0).path("spec");
        assertEquals("StatefulSet", scaled.path("scaleTargetRef").path("kind").asText());
        assertEquals("reviews", scaled.path("triggers").get(0).path("metadata").path("topic").asText());
        assertEquals("reviews-scoring", scaled.path("triggers").get(0).path("metadata").path("consumerGroup").asText());
        assertTrue(statefulSet(render(true)).path("spec").path("replicas").isMissingNode(), "KEDA owns replicas");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldMountTheStateVolumeWhereTheAppWritesState(final boolean allFeatures) {
        final JsonNode set = statefulSet(render(allFeatures));
        final JsonNode container = container(set);
        final String stateDir = env(container).get("SENTIMENT_STATE_DIR");
        final String mountPath = mountPath(container, "state");
        assertTrue(stateDir.startsWith(mountPath + "/"), stateDir + " is not under " + mountPath);
        assertEquals("state", set.path("spec").path("volumeClaimTemplates").get(0).path("metadata").path("name")
                .asText());
    }

    @Test
    void shouldUseAnEmptyDirForStateWithoutPersistence() {
        final JsonNode set = statefulSet(template(new Helm(CHART).template().withKubeVersion(KUBE_VERSION).set("persistence.enabled", "false")));
        assertTrue(set.path("spec").path("volumeClaimTemplates").isMissingNode());
        assertNotNull(volume(set, "state").get("emptyDir"));
        assertEquals(env(container(set)).get("SENTIMENT_STATE_DIR"), mountPath(container(set), "state") + "/state");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldProbeTheHealthEndpointsOnTheHttpPort(final boolean allFeatures) {
        final JsonNode container = container(statefulSet(render(allFeatures)));
        final JsonNode port = container.path("ports").get(0);
        assertEquals("http", port.path("name").asText());
        assertEquals(env(container).get("SENTIMENT_HTTP_PORT"), port.path("containerPort").asText());
        assertEquals("/health/live", container.path("livenessProbe").path("httpGet").path("path").asText());
        assertEquals("/health/ready", container.path("readinessProbe").path("httpGet").path("path").asText());
        assertEquals("http", container.path("livenessProbe").path("httpGet").path("port").asText());
        assertEquals("http", container.path("readinessProbe").path("httpGet").path("port").asText());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldRunAsNonRootOnAReadOnlyRootFilesystem(final boolean allFeatures) {
        final JsonNode set = statefulSet(render(allFeatures));
        final JsonNode pod = set.path("spec").path("template").path("spec").path("securityContext");
        final JsonNode container = container(set).path("securityContext");
        assertTrue(pod.path("runAsNonRoot").asBoolean());
        assertTrue(container.path("runAsNonRoot").asBoolean());
        assertTrue(container.path("readOnlyRootFilesystem").asBoolean());
        assertFalse(container.path("allowPrivilegeEscalation").asBoolean(true));
        assertEquals("ALL", container.path("capabilities").path("drop").get(0).asText());
        assertTrue(pod.path("runAsUser").asInt() > 0);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldKeepTheNativeCacheAndTempFilesOnWritableVolumes(final boolean allFeatures) {
        final JsonNode set = statefulSet(render(allFeatures));
        final JsonNode container = container(set);
        final List<String> command = StreamSupport.stream(container.path("command").spliterator(), false)
                .map(JsonNode::asText).toList();
        final List<String> writable = new ArrayList<>();
        container.path("volumeMounts").forEach(mount -> {
            if (!mount.path("readOnly").asBoolean(false)) {
                writable.add(mount.path("mountPath").asText());
            }
        });
        for (final String property : List.of("-Dorg.bytedeco.javacpp.cachedir=", "-Djava.io.tmpdir=")) {
            final String dir = command.stream().filter(arg -> arg.startsWith(property)).findFirst()
                    .map(arg -> arg.substring(property.length())).orElseThrow(() -> new AssertionError(property));
            assertTrue(writable.stream().anyMatch(mount -> dir.equals(mount) || dir.startsWith(mount + "/")),
                    dir + " is on none of the writable mounts " + writable);
        }
        assertFalse(env(container).getOrDefault("JAVA_TOOL_OPTIONS", "").contains("java.io.tmpdir"));
    }

    @Test
    void shouldStartFromTheStartupArchiveTheImageMakesFromItsJar() throws Exception {
        final List<String> command = StreamSupport.stream(container(statefulSet(render(false))).path("command")
                .spliterator(), false).map(JsonNode::asText).toList();
        final String option = command.stream().filter(arg -> arg.startsWith("-XX:SharedArchiveFile=")).findFirst()
                .orElseThrow(() -> new AssertionError("no startup archive in " + command));
        final String archive = option.substring("-XX:SharedArchiveFile=".length());
        final String jar = command.get(command.indexOf("-jar") + 1);
        assertTrue(java.nio.file.Files.readString(java.nio.file.Path.of("Dockerfile"))
                .contains("-jar " + jar + " startup-archive --out " + archive), "the image makes " + archive
                + " from " + jar);
    }

    @Test
    void shouldTakeKafkaSecuritySettingsFromTheExistingSecret() {
        final JsonNode container = container(statefulSet(render(true)));
        assertEquals("kafka-client-security", container.path("envFrom").get(0).path("secretRef").path("name").asText());
    }

    @Test
    void shouldUseThePodNameForStaticMembership() {
        final Map<String, String> env = env(container(statefulSet(render(false))));
        assertEquals("$(POD_NAME)", env.get("SENTIMENT_GROUP_INSTANCE_ID"));
        assertEquals("1", env.get("SENTIMENT_NUM_STANDBY_REPLICAS"));
    }

    @Test
    void shouldPassTheSettingsFileWithConfig() {
        final List<JsonNode> manifests = render(true);
        final String properties = kinds(manifests).get("ConfigMap").get(0).path("data")
                .path("application.properties").asText();
        assertTrue(properties.contains("\napplication.id=reviews-scoring\n"), properties);
        final JsonNode container = container(statefulSet(manifests));
        assertEquals("--config", container.path("args").get(1).asText());
        assertTrue(container.path("args").get(2).asText().startsWith(mountPath(container, "config") + "/"));
    }

    @Test
    void shouldRenderManifestsThatMatchTheKubernetesSchemas(@org.junit.jupiter.api.io.TempDir final Path dir)
            throws Exception {
        final Path defaults = dir.resolve("defaults.yaml");
        final Path allFeatures = dir.resolve("all-features.yaml");
        final TemplateCommand command = new Helm(CHART).template().withKubeVersion(KUBE_VERSION).withName("reviews");
        java.nio.file.Files.writeString(defaults, command.call());
        java.nio.file.Files.writeString(allFeatures, new Helm(CHART).template().withKubeVersion(KUBE_VERSION)
                .withName("reviews").withValuesFile(ALL_FEATURES).call());
        final Process node = new ProcessBuilder("node", "helm/schema-check/validate.mjs", defaults.toString(),
                allFeatures.toString()).redirectErrorStream(true).start();
        final String report = new String(node.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        final int manifests = render(false).size() + render(true).size();
        assertEquals(0, node.waitFor(), report);
        assertTrue(report.contains(manifests + " of " + manifests + " manifests valid"), report);
    }

    private static List<JsonNode> render(final boolean allFeatures) {
        final TemplateCommand command = new Helm(CHART).template().withKubeVersion(KUBE_VERSION).withName("reviews");
        return template(allFeatures ? command.withValuesFile(ALL_FEATURES) : command);
    }

    private static List<JsonNode> template(final TemplateCommand command) {
        final String rendered = command.call();
        try (YAMLParser parser = new YAMLFactory().createParser(rendered)) {
            final List<JsonNode> manifests = new ArrayList<>();
            YAML.readValues(parser, JsonNode.class).forEachRemaining(node -> {
                if (node != null && node.isObject() && !node.isEmpty()) {
                    manifests.add(node);
                }
            });
            return manifests;
        } catch (final IOException e) {
            throw new AssertionError("The rendered chart is not YAML: " + e.getMessage() + "\n" + rendered, e);
        }
    }

    private static Map<String, List<JsonNode>> kinds(final List<JsonNode> manifests) {
        return manifests.stream().collect(Collectors.groupingBy(m -> m.path("kind").asText(), TreeMap::new,
                Collectors.toList()));
    }

    /** The scorers' StatefulSet. */
    private static JsonNode statefulSet(final List<JsonNode> manifests) {
        return kinds(manifests).get("StatefulSet").stream()
                .filter(set -> !set.path("metadata").path("name").asText().endsWith("-trainer")).findFirst()
                .orElseThrow();
    }

    private static JsonNode trainerSet(final List<JsonNode> manifests) {
        return kinds(manifests).get("StatefulSet").stream()
                .filter(set -> set.path("metadata").path("name").asText().endsWith("-trainer")).findFirst()
                .orElseThrow();
    }

    private static List<String> args(final JsonNode container) {
        final List<String> args = new ArrayList<>();
        container.path("args").forEach(arg -> args.add(arg.asText()));
        return args;
    }

    private static JsonNode container(final JsonNode statefulSet) {
        return statefulSet.path("spec").path("template").path("spec").path("containers").get(0);
    }

    private static JsonNode volume(final JsonNode statefulSet, final String name) {
        for (final JsonNode volume : statefulSet.path("spec").path("template").path("spec").path("volumes")) {
            if (name.equals(volume.path("name").asText())) {
                return volume;
            }
        }
        return new ObjectNode(null);
    }

    private static Map<String, String> env(final JsonNode container) {
        final Map<String, String> env = new TreeMap<>();
        container.path("env").forEach(variable -> env.put(variable.path("name").asText(),
                variable.path("value").asText()));
        return env;
    }

    private static String mountPath(final JsonNode container, final String volume) {
        for (final JsonNode mount : container.path("volumeMounts")) {
            if (volume.equals(mount.path("name").asText())) {
                return mount.path("mountPath").asText();
            }
        }
        throw new AssertionError("No mount of volume " + volume);
    }
}
