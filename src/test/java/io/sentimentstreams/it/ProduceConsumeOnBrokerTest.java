package io.sentimentstreams.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sentimentstreams.app.Main;
import io.sentimentstreams.app.demo.SyntheticReviews;
import io.sentimentstreams.stream.StreamsSettings;
import io.sentimentstreams.text.corpus.Review;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code produce} writes a file of reviews to a topic and {@code consume} prints them back as JSON lines. */
class ProduceConsumeOnBrokerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @TempDir
    Path dir;

    /** Exit code and what a command printed. */
    private record Run(int code, String out, String err) {
    }

    @Test
    void shouldConsumeEveryLabeledReviewThatWasProduced() throws Exception {
        final StreamsSettings settings = topics("labeled");
        final List<Review> reviews = SyntheticReviews.generate(50, 7);
        final Path data = write("labeled.tsv", reviews.stream().map(r -> r.label() + "\t" + r.text()).toList());
        final String topic = settings.topics().labeledReviews();

        final Run produced = run("produce", "--bootstrap-servers", BROKER.kafka().bootstrapServers(), "--topic", topic,
                "--data", data.toString(), "--labeled");
        assertEquals(0, produced.code(), produced.err());
        assertTrue(produced.out().startsWith("produced 50 reviews to " + topic + " in "), produced.out());

        final Run consumed = run("consume", "--bootstrap-servers", BROKER.kafka().bootstrapServers(), "--topic", topic,
                "--from-beginning", "--max", "50", "--timeout-ms", "60000");
        assertEquals(0, consumed.code(), consumed.err());
        final List<JsonNode> lines = consumed.out().lines().map(ProduceConsumeOnBrokerTest::parse).toList();
        assertEquals(50, lines.size(), consumed.out());
        final Map<String, Integer> labelById = lines.stream().collect(Collectors.toMap(
                line -> line.at("/value/review/id").asText(), line -> line.at("/value/label").asInt()));
        final Map<String, Integer> expected = IntStream.range(0, reviews.size()).boxed().collect(Collectors.toMap(
                i -> "labeled.tsv:" + (i + 1), i -> reviews.get(i).label()));
        assertEquals(expected, labelById);
        assertTrue(lines.stream().allMatch(line -> "LabeledReview".equals(line.get("type").asText())
                && line.get("key").asText().equals(line.at("/value/review/id").asText())), consumed.out());
    }

    @Test
    void shouldProduceEveryUnlabeledReviewAtALimitedRate() throws Exception {
        final StreamsSettings settings = topics("paced");
        final List<String> texts = SyntheticReviews.generate(40, 3).stream().map(Review::text).toList();
        final Path data = write("unlabeled.tsv", texts);
        final String topic = settings.topics().reviews();

        final Run produced = run("produce", "--bootstrap-servers", BROKER.kafka().bootstrapServers(), "--topic", topic,
                "--data", data.toString(), "--rate", "100");
        assertEquals(0, produced.code(), produced.err());
        assertTrue(produced.out().startsWith("produced 40 reviews to " + topic + " in "), produced.out());
        assertTrue(sendingSeconds(produced.out()) >= 0.39,
                "40 reviews at 100/s are 39 gaps of 10 ms: " + produced.out());
        try (TopicReader reader = new TopicReader(BROKER.kafka().bootstrapServers(), topic)) {
            assertEquals(40, reader.toEnd().size());
            assertEquals(40, reader.countByKey().size());
        }
    }

    @Test
    void shouldRejectAnUnlabeledFileWithLabeledInOneLine() throws Exception {
        final StreamsSettings settings = topics("unlabeled");
        final Path data = write("plain.tsv", List.of("just some text", "more text"));

        final Run produced = run("produce", "--bootstrap-servers", BROKER.kafka().bootstrapServers(),
                "--topic", settings.topics().labeledReviews(), "--data", data.toString(), "--labeled");
        assertEquals(1, produced.code());
        assertTrue(produced.err().startsWith("error: ") && produced.err().contains("plain.tsv"), produced.err());
        assertEquals(1, produced.err().lines().count(), produced.err());
    }

    @Test
    void shouldConsumeOnlyRecordsWrittenAfterItStartsWithoutFromBeginning() throws Exception {
        final String topic = topics("latest").topics().reviews();
        final List<Review> texts = SyntheticReviews.generate(3, 5);
        try (Events events = new Events(BROKER.kafka().bootstrapServers())) {
            events.sendReviews(topic, "before", 0, 3, texts);
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            final CompletableFuture<Integer> consume = CompletableFuture.supplyAsync(() -> Main.run(
                    new PrintWriter(out, true), new PrintWriter(err, true), "consume", "--bootstrap-servers",
                    BROKER.kafka().bootstrapServers(), "--topic", topic, "--max", "3", "--timeout-ms", "60000"));
            Await.until("consume has found the end of every partition",
                    () -> err.toString().contains("from the end") || consume.isDone(), err::toString);
            events.sendReviews(topic, "after", 0, 3, texts);

            assertEquals(0, consume.get(Await.DEFAULT_TIMEOUT.toSeconds(), TimeUnit.SECONDS), err.toString());
            final List<String> keys = out.toString().lines().map(line -> parse(line).get("key").asText()).toList();
            assertEquals(Set.of("after-0", "after-1", "after-2"), Set.copyOf(keys), out.toString());
            assertEquals(3, keys.size(), out.toString());
        }
    }

    @Test
    void shouldReportAMissingTopicToProduceInOneLine() throws Exception {
        final Path data = write("some.tsv", List.of("just some text"));

        final Run produced = run("produce", "--bootstrap-servers", BROKER.kafka().bootstrapServers(),
                "--topic", "no-such-topic", "--data", data.toString());
        assertEquals(1, produced.code());
        assertEquals("error: topic 'no-such-topic' not found on " + BROKER.kafka().bootstrapServers()
                + " (create it, or check --topic)", produced.err().strip());
    }

    @Test
    void shouldReportAMissingTopicToConsumeInOneLine() {
        final Run consumed = run("consume", "--bootstrap-servers", BROKER.kafka().bootstrapServers(),
                "--topic", "no-such-topic", "--timeout-ms", "1000");
        assertEquals(1, consumed.code());
        assertEquals("error: topic 'no-such-topic' not found on " + BROKER.kafka().bootstrapServers()
                + " (create it, or check --topic)", consumed.err().strip());
    }

    private StreamsSettings topics(final String prefix) {
        final StreamsSettings settings = StreamsInstance.settings(BROKER.kafka(), prefix,
                dir.resolve("state"), "instance-" + prefix, Map.of());
        BROKER.kafka().createTopics(settings);
        return settings;
    }

    /** The seconds {@code produce} says it spent sending, from "produced N reviews to T in S s (R/s)". */
    private static double sendingSeconds(final String out) {
        final Matcher matcher = Pattern.compile(" in (\\d+[.,]\\d+) s ").matcher(out);
        assertTrue(matcher.find(), out);
        return Double.parseDouble(matcher.group(1).replace(',', '.'));
    }

    private Path write(final String name, final List<String> lines) throws Exception {
        final Path file = dir.resolve(name);
        Files.write(file, lines);
        return file;
    }

    private static JsonNode parse(final String line) {
        try {
            return JSON.readTree(line);
        } catch (final Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    private static Run run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }
}
