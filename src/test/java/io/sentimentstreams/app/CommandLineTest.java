package io.sentimentstreams.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sentimentstreams.app.demo.SyntheticReviews;
import io.sentimentstreams.text.corpus.Review;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {

    /** A bound far above the connect timeouts passed below and far below the default (15 s). */
    private static final Duration PROMPTLY = Duration.ofSeconds(10);

    /** Exit code and what a command printed. */
    private record Run(int code, String out, String err) {
    }

    private static Run run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Exit code 2, the one-line message, and the hint to --help on the second line. */
    private static void assertUsageError(final Run r, final String message) {
        assertEquals(2, r.code(), r.err());
        final List<String> lines = r.err().lines().toList();
        assertEquals(message, lines.get(0), r.err());
        assertEquals(2, lines.size(), r.err());
        assertTrue(lines.get(1).endsWith("--help' for usage."), r.err());
    }

    private static Path tsv(final Path dir, final List<Review> reviews) throws Exception {
        final Path file = dir.resolve("reviews.tsv");
        Files.writeString(file, reviews.stream().map(r -> r.label() + "\t" + r.text())
                .collect(Collectors.joining("\n", "", "\n")));
        return file;
    }

    @Test
    void shouldPrintHelpForEveryCommand() {
        for (final String command : List.of("train", "evaluate", "score", "demo", "diagnose-gradients", "broker",
                "produce", "consume", "download-imdb")) {
            final Run r = run(command, "--help");
            assertEquals(0, r.code(), command);
            assertTrue(r.out().contains("Usage:"), command);
        }
    }

    @Test
    void shouldRejectABrokerWithoutPartitionsBeforeStartingIt() {
        final Run r = run("broker", "--partitions", "0");
        assertUsageError(r, "error: --partitions must be at least 1, got 0.");
    }

    @Test
    void shouldRejectAnUnknownFlagWithOneLineAndUsageHint(@TempDir final Path dir) throws Exception {
        final Run r = run("train", "--data", tsv(dir, SyntheticReviews.generate(4, 1)).toString(), "--model-out",
                "m.ssm", "--hiden", "3");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: Unknown options: '--hiden'"), r.err());
        assertEquals(2, r.err().lines().count(), r.err());
    }

    @Test
    void shouldRejectAnUnknownCellWithOneLine(@TempDir final Path dir) throws Exception {
        final Run r = run("train", "--data", tsv(dir, SyntheticReviews.generate(10, 1)).toString(),
                "--model-out", dir.resolve("m.ssm").toString(), "--cell", "transformer");
        assertUsageError(r, "error: Invalid value for option '--cell': unknown cell 'transformer': expected"
                + " elman, lstm or gru");
    }

    @Test
    void shouldRejectAnOutOfRangeTrainingValueAsBadUsage(@TempDir final Path dir) throws Exception {
        final Run r = run("train", "--data", tsv(dir, SyntheticReviews.generate(10, 1)).toString(),
                "--model-out", dir.resolve("m.ssm").toString(), "--hidden", "0");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("error: ") && r.err().contains("hidden"), r.err());
    }

    @Test
    void shouldRejectAnUnknownOptimizerAsBadUsage(@TempDir final Path dir) throws Exception {
        final Run r = run("train", "--data", tsv(dir, SyntheticReviews.generate(10, 1)).toString(),
                "--model-out", dir.resolve("m.ssm").toString(), "--optimizer", "rmsprop");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("error: Invalid value for option '--optimizer'"), r.err());
    }

    @Test
    void shouldRejectAnInvalidSettingAsBadUsage() {
        final Run r = run("run", "--set", "training.batch.size=0");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("error: Invalid value '0' for training.batch.size: expected an integer in"),
                r.err());
    }

    @Test
    void shouldReportAMissingDataFileWithoutAStackTrace(@TempDir final Path dir) {
        final Run r = run("train", "--data", dir.resolve("nope.tsv").toString(), "--model-out", "m.ssm");
        assertUsageError(r, "error: Invalid value for option '--data': no such file or directory: "
                + dir.resolve("nope.tsv"));
        assertTrue(r.err().startsWith("error: ") && r.err().contains("nope.tsv"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void shouldReportACorruptModelFileInOneLine(@TempDir final Path dir) throws Exception {
        final Path model = dir.resolve("bad.ssm");
        Files.writeString(model, "not a model");
        final Run r = run("evaluate", "--model", model.toString(), "--data",
                tsv(dir, SyntheticReviews.generate(4, 1)).toString());
        assertEquals(1, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("not a model file"), r.err());
    }

    @Test
    void shouldTrainEvaluateAsJsonAndScoreFromStdin(@TempDir final Path dir) throws Exception {
        final Path data = tsv(dir, SyntheticReviews.generate(300, 2));
        final Path model = dir.resolve("model.ssm");
        final Run train = run("train", "--data", data.toString(), "--model-out", model.toString(), "--epochs", "1",
                "--hidden", "8", "--embedding", "8", "--batch", "16", "--threads", "1");
        assertEquals(0, train.code(), train.err());
        assertTrue(Files.size(model) > 0);

        final Run evaluate = run("evaluate", "--model", model.toString(), "--data", data.toString(), "--json");
        assertEquals(0, evaluate.code(), evaluate.err());
        final JsonNode json = new ObjectMapper().readTree(evaluate.out());
        assertEquals(300, json.get("examples").asInt());
        for (final String key : List.of("accuracy", "loss", "auc")) {
            assertTrue(json.get(key).isNumber(), key);
        }

        final InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("a great film\n\nawful, boring\n".getBytes(StandardCharsets.UTF_8)));
            final Run score = run("score", "--model", model.toString());
            assertEquals(0, score.code(), score.err());
            final List<String> lines = score.out().lines().toList();
            assertEquals(3, lines.size(), score.out());
            for (final String line : lines) {
                final double p = Double.parseDouble(line);
                assertTrue(p >= 0 && p <= 1, line);
            }
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void shouldReportMalformedLinesWithTheirLineNumbers(@TempDir final Path dir) throws Exception {
        final Path data = dir.resolve("mixed.tsv");
        Files.writeString(data, "1\tfine film\n7\tbad label\n0\tdull film\n");
        final Path model = dir.resolve("model.ssm");
        final Run r = run("train", "--data", data.toString(), "--model-out", model.toString(), "--epochs", "1",
                "--hidden", "4", "--embedding", "4", "--threads", "1", "--validation-fraction", "0");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("mixed.tsv:2"), r.err());
    }

    @Test
    void shouldReportAMissingDataFileToProduceInOneLine(@TempDir final Path dir) {
        final Run r = run("produce", "--bootstrap-servers", "127.0.0.1:1", "--topic", "reviews",
                "--data", dir.resolve("nope.tsv").toString());
        assertUsageError(r, "error: Invalid value for option '--data': no such file or directory: "
                + dir.resolve("nope.tsv"));
    }

    @Test
    void shouldRejectANonPositiveRateToProduceInOneLine(@TempDir final Path dir) throws Exception {
        final Run r = run("produce", "--bootstrap-servers", "127.0.0.1:1", "--topic", "reviews",
                "--data", tsv(dir, SyntheticReviews.generate(3, 1)).toString(), "--rate", "0");
        assertUsageError(r, "error: --rate must be more than 0 events per second, got 0.0.");
    }

    @Test
    void shouldRejectAnEmptyFileToProduceInOneLine(@TempDir final Path dir) throws Exception {
        final Path empty = Files.createFile(dir.resolve("empty.tsv"));
        final Run r = run("produce", "--bootstrap-servers", "127.0.0.1:1", "--topic", "reviews",
                "--data", empty.toString());
        assertEquals(1, r.code());
        assertEquals("error: " + empty + " holds no reviews", r.err().strip());
    }

    @Test
    void shouldRejectANonPositiveConnectTimeoutInOneLine() {
        final Run r = run("consume", "--bootstrap-servers", "127.0.0.1:1", "--topic", "reviews",
                "--connect-timeout-ms", "0");
        assertUsageError(r, "error: --connect-timeout-ms must be at least 1, got 0.");
    }

    @Test
    void shouldReportABrokerThatDoesNotAnswerToProduceInOneLineWithinTheConnectTimeout(@TempDir final Path dir)
            throws Exception {
        final String brokers = "127.0.0.1:" + unusedPort();
        final Path data = tsv(dir, SyntheticReviews.generate(3, 1));
        final Run r = assertTimeout(PROMPTLY, () -> run("produce", "--bootstrap-servers", brokers,
                "--topic", "reviews", "--data", data.toString(), "--connect-timeout-ms", "500"));
        assertEquals(1, r.code());
        assertEquals("error: cannot reach " + brokers + " within 500 ms (is a broker running there?)",
                r.err().strip());
    }

    @Test
    void shouldReportABrokerThatDoesNotAnswerToConsumeInOneLineWithinTheConnectTimeout() throws Exception {
        final String brokers = "127.0.0.1:" + unusedPort();
        final Run r = assertTimeout(PROMPTLY, () -> run("consume", "--bootstrap-servers", brokers,
                "--topic", "reviews", "--connect-timeout-ms", "500"));
        assertEquals(1, r.code());
        assertEquals("error: cannot reach " + brokers + " within 500 ms (is a broker running there?)",
                r.err().strip());
    }

    @Test
    void shouldReportAnUnresolvableBrokerToProduceInOneLine(@TempDir final Path dir) throws Exception {
        final Run r = run("produce", "--bootstrap-servers", "nohost.invalid:9092", "--topic", "reviews",
                "--data", tsv(dir, SyntheticReviews.generate(3, 1)).toString(), "--connect-timeout-ms", "2000");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("error: cannot reach nohost.invalid:9092"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void shouldReportAnUnresolvableBrokerToConsumeInOneLine() {
        final Run r = run("consume", "--bootstrap-servers", "nohost.invalid:9092", "--topic", "reviews",
                "--connect-timeout-ms", "2000");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("error: cannot reach nohost.invalid:9092"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    /** A port on 127.0.0.1 that nothing listens on: one the system just handed out and that was closed again. */
    private static int unusedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
