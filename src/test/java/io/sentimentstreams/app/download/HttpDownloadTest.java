package io.sentimentstreams.app.download;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sentimentstreams.app.console.ProgressBar;
import io.sentimentstreams.app.console.UserException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transfers that go wrong half-way: a server that stops sending, and one that closes early. */
class HttpDownloadTest {

    private static final int SIZE = 256 * 1024;
    private static final int SENT = SIZE / 2;

    @TempDir
    Path dir;

    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/stalls", exchange -> serveHalf(exchange, true));
        server.createContext("/closes", exchange -> serveHalf(exchange, false));
        server.start();
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
    }

    /** Announces {@value #SIZE} bytes, sends half, then holds the connection open or closes it. */
    private void serveHalf(final HttpExchange exchange, final boolean hold) throws IOException {
        exchange.sendResponseHeaders(200, SIZE);
        final OutputStream body = exchange.getResponseBody();
        body.write(new byte[SENT]);
        body.flush();
        if (hold) {
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        exchange.close();
    }

    @Test
    void shouldGiveUpOnATransferThatStopsSendingAndKeepThePartToResume() throws Exception {
        final Path part = dir.resolve("archive.tar.gz.part");
        final AtomicLong clock = new AtomicLong();
        final CompletableFuture<HttpDownload.Result> fetch = CompletableFuture.supplyAsync(
                () -> download("/stalls", Duration.ofSeconds(30), clock::get, Duration.ofMillis(1)).fetch(part));
        final long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!fetch.isDone() && sizeOf(part) < SENT && System.nanoTime() < giveUp) {
            Thread.onSpinWait();                      // the first half arrives
        }
        assertEquals(SENT, sizeOf(part), "the first half arrived");
        assertFalse(fetch.isDone(), "no stall while the clock stands still");

        clock.addAndGet(Duration.ofSeconds(31).toNanos());
        final ExecutionException failed = assertThrows(ExecutionException.class, () -> fetch.get(30, TimeUnit.SECONDS));

        final Throwable e = failed.getCause();
        assertAll(
                () -> assertInstanceOf(UserException.class, e),
                () -> assertTrue(e.getMessage().contains("no data for 30 s"), e.getMessage()),
                () -> assertTrue(e.getMessage().contains("resume"), e.getMessage()),
                () -> assertEquals(SENT, Files.size(part), "the bytes received stay for a resume"));
    }

    private static long sizeOf(final Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (final IOException e) {
            return 0;
        }
    }

    @Test
    void shouldReportATransferThatEndsBeforeItsLengthInOneLine() {
        final UserException e = assertThrows(UserException.class,
                () -> download("/closes", Duration.ofSeconds(30), System::nanoTime, Duration.ofSeconds(1))
                        .fetch(dir.resolve("archive.tar.gz.part")));

        assertAll(
                () -> assertTrue(e.getMessage().startsWith("cannot download http://"), e.getMessage()),
                () -> assertTrue(e.getMessage().contains("resume"), e.getMessage()),
                () -> assertTrue(!e.getMessage().contains("\n"), e.getMessage()));
    }

    private HttpDownload download(final String path, final Duration stallTimeout, final LongSupplier nanoClock,
                                  final Duration checkEvery) {
        final URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        return new HttpDownload(url, new ProgressBar(new PrintWriter(new StringWriter())), stallTimeout, nanoClock,
                checkEvery);
    }
}
