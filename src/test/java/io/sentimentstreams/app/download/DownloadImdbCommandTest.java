package io.sentimentstreams.app.download;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sentimentstreams.app.Main;
import io.sentimentstreams.text.corpus.Corpus;
import io.sentimentstreams.text.corpus.CorpusReader;
import io.sentimentstreams.text.corpus.MalformedPolicy;
import io.sentimentstreams.text.corpus.Review;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code download-imdb} against a local HTTP server that serves a small archive in the aclImdb layout. */
class DownloadImdbCommandTest {

    private static final String PATH = "/aclImdb_v1.tar.gz";
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");
    private static final byte[] ARCHIVE = TestArchives.tarGz(TestArchives.IMDB);
    private static final String SHA256 = TestArchives.sha256(ARCHIVE);

    /** Exit code and what a command printed. */
    private record Run(int code, String out, String err) {
    }

    @TempDir
    Path dir;

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicBoolean honourRanges = new AtomicBoolean(true);
    private HttpServer server;
    private Path cache;

    @BeforeEach
    void startServer() throws IOException {
        cache = dir.resolve("cache");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(PATH, this::serveArchive);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void serveArchive(final HttpExchange exchange) throws IOException {
        final String range = exchange.getRequestHeaders().getFirst("Range");
        requests.add(range == null ? "GET" : "GET " + range);
        final Matcher m = RANGE.matcher(range == null ? "" : range);
        final int from = honourRanges.get() && m.matches() ? Integer.parseInt(m.group(1)) : 0;
        final byte[] body = Arrays.copyOfRange(ARCHIVE, from, ARCHIVE.length);
        if (from > 0) {
            exchange.getResponseHeaders().add("Content-Range",
                    "bytes " + from + "-" + (ARCHIVE.length - 1) + "/" + ARCHIVE.length);
        }
        exchange.sendResponseHeaders(from > 0 ? 206 : 200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private String url(final String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static Run run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    private Run download(final String... extra) {
        final List<String> args = new ArrayList<>(List.of("download-imdb", "--url", url(PATH),
                "--sha256", SHA256, "--cache-dir", cache.toString()));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    private static List<String> names(final Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void shouldDownloadVerifyAndExtractReviewsThatCorpusReaderReads() {
        final Run r = download();

        assertEquals(0, r.code(), r::toString);
        final Corpus train = CorpusReader.read(cache.resolve("aclImdb"), MalformedPolicy.FAIL, w -> { });
        final Corpus test = CorpusReader.read(cache.resolve("aclImdb"), "test", MalformedPolicy.FAIL, w -> { });
        assertAll(
                () -> assertEquals(List.of(new Review("A wonderful film, moving and funny.", 1),
                        new Review("Superb acting and a clever story.", 1),
                        new Review("Dull, predictable and far too long.", 0)), train.reviews()),
                () -> assertEquals(List.of(new Review("I loved every minute of it.", 1),
                        new Review("A waste of two hours.", 0)), test.reviews()),
                () -> assertEquals(List.of(".lock", "aclImdb", "aclImdb.sha256"), names(cache)),
                () -> assertTrue(r.out().contains("demo --data " + cache.resolve("aclImdb")), r.out()),
                () -> assertTrue(r.out().contains("train --data " + cache.resolve("aclImdb")), r.out()),
                () -> assertTrue(r.err().contains("100%"), r.err()));
    }

    @Test
    void shouldRejectAWrongChecksumNamingBothDigestsAndKeepNothing() throws IOException {
        final String wrong = "0".repeat(64);

        final Run r = run("download-imdb", "--url", url(PATH), "--sha256", wrong, "--cache-dir", cache.toString());

        assertEquals(1, r.code(), r::toString);
        final List<String> errors = r.err().lines().filter(l -> l.startsWith("error:")).toList();
        assertEquals(1, errors.size(), r.err());
        assertTrue(errors.get(0).contains("expected SHA-256 " + wrong) && errors.get(0).contains("got " + SHA256),
                errors.get(0));
        assertFalse(r.err().contains("\tat "), r.err());
        assertEquals(List.of(".lock"), names(cache));
    }

    @Test
    void shouldReportAMissingArchiveInOneLine() {
        final Run r = run("download-imdb", "--url", url("/nope.tar.gz"), "--sha256", SHA256, "--cache-dir",
                cache.toString());

        assertEquals(1, r.code(), r::toString);
        assertEquals("error: cannot download " + url("/nope.tar.gz") + ": HTTP 404; use --archive FILE if you have "
                + "the archive", r.err().lines().filter(l -> l.startsWith("error:")).findFirst().orElse(r.err()));
        assertFalse(Files.exists(cache.resolve("aclImdb")));
    }

    @Test
    void shouldReportARefusedConnectionInOneLine() {
        final String closed = url(PATH);
        server.stop(0);

        final Run r = run("download-imdb", "--url", closed, "--sha256", SHA256, "--cache-dir", cache.toString());

        assertEquals(1, r.code(), r::toString);
        final List<String> errors = r.err().lines().filter(l -> l.startsWith("error:")).toList();
        assertEquals(List.of("error: cannot download " + closed + ": no connection to 127.0.0.1:"
                + server.getAddress().getPort() + "; use --archive FILE if you have the archive"), errors, r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void shouldDoNothingWhenTheCacheHoldsAVerifiedCopyAlready() {
        assertEquals(0, download().code());
        final int requestsBefore = requests.size();

        final Run second = download();

        assertEquals(0, second.code(), second::toString);
        assertTrue(second.out().contains("already"), second.out());
        assertEquals(requestsBefore, requests.size());
    }

    @Test
    void shouldDownloadAgainWithForce() {
        assertEquals(0, download().code());

        final Run again = download("--force");

        assertEquals(0, again.code(), again::toString);
        assertEquals(List.of("GET", "GET"), requests);
        assertEquals(3, CorpusReader.read(cache.resolve("aclImdb"), MalformedPolicy.FAIL, w -> { }).reviews().size());
    }

    @Test
    void shouldInstallFromALocalArchiveWithoutTheNetwork() throws IOException {
        final Path file = Files.write(dir.resolve("aclImdb_v1.tar.gz"), ARCHIVE);
        server.stop(0);

        final Run r = run("download-imdb", "--archive", file.toString(), "--sha256", SHA256, "--cache-dir",
                cache.toString());

        assertEquals(0, r.code(), r::toString);
        assertEquals(3, CorpusReader.read(cache.resolve("aclImdb"), MalformedPolicy.FAIL, w -> { }).reviews().size());
        assertTrue(Files.exists(file), "the user's archive is kept");
    }

    @Test
    void shouldRefuseAnEntryThatPointsOutsideTheExtractionDirectory() throws IOException {
        final Map<String, String> files = new LinkedHashMap<>(TestArchives.IMDB);
        files.put("../evil", "escaped");
        final byte[] evil = TestArchives.tarGz(files);
        final Path file = Files.write(dir.resolve("evil.tar.gz"), evil);

        final Run r = run("download-imdb", "--archive", file.toString(), "--sha256", TestArchives.sha256(evil),
                "--cache-dir", cache.toString());

        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("unsafe entry '../evil'"), r.err());
        assertFalse(Files.exists(dir.resolve("evil")));
        assertEquals(List.of(".lock"), names(cache));
    }

    @Test
    void shouldResumeAPartialDownloadWithARangeRequest() throws IOException {
        Files.createDirectories(cache);
        Files.write(cache.resolve("aclImdb_v1.tar.gz.part"), Arrays.copyOf(ARCHIVE, 100));

        final Run r = download();

        assertEquals(0, r.code(), r::toString);
        assertEquals(List.of("GET bytes=100-"), requests);
        assertEquals(3, CorpusReader.read(cache.resolve("aclImdb"), MalformedPolicy.FAIL, w -> { }).reviews().size());
        assertFalse(Files.exists(cache.resolve("aclImdb_v1.tar.gz.part")));
    }

    @Test
    void shouldDownloadAnewWhenTheServerIgnoresTheRange() throws IOException {
        honourRanges.set(false);
        Files.createDirectories(cache);
        Files.write(cache.resolve("aclImdb_v1.tar.gz.part"), Arrays.copyOf(ARCHIVE, 100));

        final Run r = download();

        assertEquals(0, r.code(), r::toString);
        assertEquals(List.of("GET bytes=100-"), requests);
        assertEquals(3, CorpusReader.read(cache.resolve("aclImdb"), MalformedPolicy.FAIL, w -> { }).reviews().size());
    }

    @Test
    void shouldRejectAChecksumThatIsNotHexadecimal() {
        final Run r = run("download-imdb", "--sha256", "abc", "--cache-dir", cache.toString());

        assertEquals(2, r.code());
        assertEquals("error: --sha256 must be 64 hexadecimal digits, got 'abc'", r.err().lines().findFirst()
                .orElseThrow());
    }

    @Test
    void shouldDefaultToTheOfficialArchiveAndItsPublishedChecksum() {
        assertEquals("https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz",
                DownloadImdbCommand.OFFICIAL_URL.toString());
        assertEquals("c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe",
                DownloadImdbCommand.OFFICIAL_SHA256);
    }
}
