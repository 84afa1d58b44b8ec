package io.sentimentstreams.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sentimentstreams.model.ModelFile;
import io.sentimentstreams.stream.StreamsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The commands that need a broker, each in a JVM of its own, against the address of a broker that has stopped. */
class UnreachableBrokerOnBrokerTest {

    private static final Duration EXIT_WITHIN = Duration.ofSeconds(30);

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @TempDir
    Path dir;

    @BeforeAll
    static void stopTheBroker() {
        BROKER.stop();
    }

    @Test
    void shouldFailRunInOneLineAfterTheConnectTimeout() throws Exception {
        try (ChildJvm run = ChildJvm.start(dir, "run", List.of(ChildJvm.PRODUCTION_LOGGING), List.of("run",
                "--bootstrap-servers", BROKER.bootstrapServers(), "--connect-timeout-ms", "2000",
                "--set", StreamsSettings.STATE_DIR + "=" + dir.resolve("state"),
                "--set", StreamsSettings.HTTP_PORT + "=0"))) {
            assertTrue(run.awaitExit(EXIT_WITHIN), () -> "it gives up; its log:\n" + run.stderr());

            assertEquals(1, run.exitValue(), run::stderr);
            assertEquals(List.of(unreachable()), run.stderr().lines().filter(line -> !line.contains(" INFO ")).toList(),
                    "one line, no warnings");
        }
    }

    @Test
    void shouldStopRunOnSigtermWhileWaitingForTheBrokers() throws Exception {
        try (ChildJvm run = ChildJvm.start(dir, "run", List.of(ChildJvm.PRODUCTION_LOGGING), List.of("run",
                "--bootstrap-servers", BROKER.bootstrapServers(), "--connect-timeout-ms", "600000",
                "--set", StreamsSettings.STATE_DIR + "=" + dir.resolve("state"),
                "--set", StreamsSettings.HTTP_PORT + "=0"))) {
            Await.until("run waits for the brokers", () -> run.stderr().contains("Checking that the brokers")
                    || !run.isAlive(), run::stderr);
            run.terminate();

            assertTrue(run.awaitExit(EXIT_WITHIN), () -> "it stops on SIGTERM; its log:\n" + run.stderr());
            assertEquals(128 + 15, run.exitValue(), () -> "the usual status after SIGTERM: " + run.stderr());
        }
    }

    @Test
    void shouldFailPublishModelInOneLineAfterTheConnectTimeout() throws Exception {
        final Path model = dir.resolve("model.ssm");
        ModelFile.save(StreamsSettings.of(Map.of(StreamsSettings.MODEL_HASHING_BUCKETS, "64",
                StreamsSettings.MODEL_EMBEDDING, "4", StreamsSettings.MODEL_HIDDEN, "4")).initialModel().create(), model);
        try (ChildJvm publish = ChildJvm.start(dir, "publish-model", List.of(ChildJvm.PRODUCTION_LOGGING),
                List.of("publish-model", "--bootstrap-servers", BROKER.bootstrapServers(), "--model", model.toString(),
                        "--connect-timeout-ms", "2000"))) {
            assertTrue(publish.awaitExit(EXIT_WITHIN), () -> "it gives up; its log:\n" + publish.stderr());

            assertEquals(1, publish.exitValue(), publish::stderr);
            assertEquals(unreachable() + "\n", publish.stderr(), "one line, no warnings, no stack trace");
        }
    }

    private static String unreachable() {
        return "error: cannot reach " + BROKER.bootstrapServers() + " within 2 s (is a broker running there?)";
    }
}
