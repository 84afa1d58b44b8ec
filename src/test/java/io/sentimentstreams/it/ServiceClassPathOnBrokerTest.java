package io.sentimentstreams.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sentimentstreams.app.ServiceMain;
import io.sentimentstreams.app.demo.SyntheticReviews;
import io.sentimentstreams.stream.StreamsSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service jar ({@code sentiment-streams-service.jar}, the image's) leaves out the embedded broker, Scala and the
 * plotting library: {@code run} of {@link ServiceMain} scores reviews through a real broker on a class path without
 * them. The jars left out here are those the pom's {@code service} shade execution excludes.
 */
class ServiceClassPathOnBrokerTest {

    /** File-name prefixes of the jars the service jar does not carry. */
    private static final List<String> NOT_IN_SERVICE = List.of("kafka_2.13-", "kafka-server-", "kafka-metadata-",
            "kafka-raft-", "kafka-storage-", "kafka-group-coordinator-", "kafka-transaction-coordinator-",
            "kafka-share-coordinator-", "kafka-coordinator-common-", "kafka-tools-api-", "scala-", "argparse4j-",
            "jopt-simple-", "jose4j-", "metrics-core-2", "re2j-", "commons-validator-", "log4j-", "pcollections-",
            "hash4j-", "caffeine-", "jfreechart-", "jackson-datatype-jdk8-");

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @TempDir
    Path stateDir;

    @TempDir
    Path logDir;

    @Test
    void shouldScoreReviewsWithoutTheBrokerScalaOrPlottingOnTheClassPath() {
        final StreamsSettings settings = StreamsInstance.settings(BROKER.kafka(), "service", stateDir, "service-a",
                Map.of(StreamsSettings.SCORING_BATCH_MAX_WAIT_MS, "10"));
        BROKER.kafka().createTopics(settings);
        final int count = 40;
        try (Events events = new Events(BROKER.kafka().bootstrapServers());
             TopicReader scores = new TopicReader(BROKER.kafka().bootstrapServers(), settings.topics().scores());
             ChildJvm service = ChildJvm.startWithout(logDir, "service", NOT_IN_SERVICE, ServiceMain.class.getName(),
                     RunArguments.of(settings))) {
            events.sendReviews(settings.topics().reviews(), "r", 0, count,
                    SyntheticReviews.generateUnlabeled(count, 5));
            scores.until("the service scores every review",
                    read -> scores.countByKey().size() >= count || !service.isAlive());
            assertTrue(service.isAlive(), () -> "the service ended:\n" + service.stderr());

            assertEquals(IntStream.range(0, count).mapToObj(i -> "r-" + i).collect(Collectors.toSet()),
                    scores.countByKey().keySet(), "every review is scored");
            assertTrue(!service.stderr().contains("NoClassDefFoundError"), service::stderr);
        }
    }
}
