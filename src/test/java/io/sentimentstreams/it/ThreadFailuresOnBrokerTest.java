package io.sentimentstreams.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sentimentstreams.app.service.ProcessorInstance;
import io.sentimentstreams.app.service.Role;
import io.sentimentstreams.stream.StreamsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream thread that keeps failing ends the instance instead of being replaced forever. The repeatable failure is
 * a real one: a review too long for {@code text.max.chars} goes to the dead-letter topic with its original bytes,
 * which exceed the producer's {@code max.request.size}; the send fails, the thread dies, and its replacement takes
 * the same task from the same committed offset and fails again.
 */
class ThreadFailuresOnBrokerTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @TempDir
    Path dir;

    private StreamsSettings settings(final String prefix, final int replacements) {
        final StreamsSettings settings = StreamsInstance.settings(BROKER.kafka(), prefix, dir.resolve("state"),
                prefix + "-instance", Map.of(
                        StreamsSettings.TEXT_MAX_CHARS, "100",
                        "producer.max.request.size", "4096",
                        StreamsSettings.FAILURE_THREAD_REPLACEMENTS, Integer.toString(replacements)));
        BROKER.kafka().createTopics(settings);
        try (Events events = new Events(BROKER.kafka().bootstrapServers())) {
            events.sendAndWait(settings.topics().reviews(), "too-long", Events.SERDES.reviews().serializer()
                    .serialize(settings.topics().reviews(), Events.review("too-long", "a long review ".repeat(1_000))));
        }
        return settings;
    }

    @Test
    void shouldShutTheClientDownAndFailLivenessWhenAStreamThreadKeepsFailing() {
        try (ProcessorInstance instance = ProcessorInstance.start(settings("repeat", 1), Role.SCORER)) {
            Await.until("the scorer is shut down", Duration.ofSeconds(90),
                    () -> instance.streams().state() == KafkaStreams.State.ERROR,
                    () -> "its state is " + instance.states());

            assertFalse(instance.live(), "/health/live answers 503");
            assertTrue(instance.fatal().orElseThrow().startsWith("the scorer's stream threads failed 2 times within"
                    + " 10 min (failure.thread.replacements=1); the last failure: RecordTooLargeException"),
                    instance.fatal().orElseThrow());
        }
    }

    @Test
    void shouldEndRunWithStatusOneAndTheReasonInOneLine() throws Exception {
        final StreamsSettings settings = settings("exit", 0);
        try (ChildJvm run = ChildJvm.start(dir, "run", List.of(ChildJvm.PRODUCTION_LOGGING),
                RunArguments.of(settings, "--role", "scorer"))) {
            assertTrue(run.awaitExit(Duration.ofSeconds(90)), () -> "it ends; its log:\n" + run.stderr());

            assertEquals(1, run.exitValue(), run::stderr);
            final List<String> lines = run.stderr().lines().toList();
            final String last = lines.get(lines.size() - 1);
            assertTrue(last.startsWith("error: the scorer's stream threads failed once within 10 min"
                    + " (failure.thread.replacements=0); the last failure: RecordTooLargeException: "), run.stderr());
        }
    }
}
