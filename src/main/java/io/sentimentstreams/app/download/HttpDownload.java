package io.sentimentstreams.app.download;

import io.sentimentstreams.app.console.ProgressBar;
import io.sentimentstreams.app.console.UserException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.codec.digest.MessageDigestAlgorithms;

/**
 * Downloads one file over HTTP(S) into a {@code .part} file, computing its SHA-256 on the way and showing a
 * progress bar. A {@code .part} file left by an interrupted run is resumed with a Range request when the server
 * honours it, and downloaded anew when it does not. Redirects are followed (never from https to http); proxies
 * come from the JVM's settings ({@code -Dhttps.proxyHost=... -Dhttps.proxyPort=...}, or
 * {@code -Djava.net.useSystemProxies=true}), which the client's default proxy selector reads.
 *
 * <p>A transfer that stops sending data for {@link #STALL_TIMEOUT} is abandoned (the part file stays, to resume),
 * and one that ends before its announced length is reported as such rather than as a checksum mismatch. Every
 * failure is a {@link UserException} of one line naming the URL and the reason.
 */
public final class HttpDownload {

    /** Longest wait for a connection to the server. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);

    /** Longest time without any data during a transfer. */
    static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);

    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    private static final String RESUME = "run the command again to resume, or";
    private static final int BUFFER_SIZE = 1 << 16;
    private static final int OK = 200;
    private static final int PARTIAL_CONTENT = 206;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-\\d+/(\\d+|\\*)");
    private static final String HINT = "use --archive FILE if you have the archive";

    /** What was downloaded: the SHA-256 of the whole file in lower-case hexadecimal, and its size. */
    record Result(String sha256, long bytes) {
    }

    /** A response whose body continues the part file at {@code offset}, of {@code total} bytes (-1: unknown). */
    private record Opened(HttpResponse<InputStream> response, long offset, long total) {
    }

    private final HttpClient client;
    private final URI url;
    private final ProgressBar progress;
    private final Duration stallTimeout;
    private final LongSupplier nanoClock;
    private final Duration checkEvery;

    HttpDownload(final URI url, final ProgressBar progress) {
        this(url, progress, STALL_TIMEOUT, System::nanoTime, STALL_TIMEOUT.dividedBy(4));
    }

    /**
     * A download that gives up once {@code nanoClock} shows no data for {@code stallTimeout}, looked at every
     * {@code checkEvery} of real time.
     */
    HttpDownload(final URI url, final ProgressBar progress, final Duration stallTimeout,
                 final LongSupplier nanoClock, final Duration checkEvery) {
        this.url = Objects.requireNonNull(url, "url");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.stallTimeout = Objects.requireNonNull(stallTimeout, "stallTimeout");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.checkEvery = Objects.requireNonNull(checkEvery, "checkEvery");
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    /** Downloads the URL into {@code part}, continuing what it already holds when the server allows. */
    Result fetch(final Path part) {
        final Opened opened = open(part);
        final MessageDigest digest = DigestUtils.getSha256Digest();
        if (opened.offset() > 0) {
            hashExisting(part, digest);
        }
        final long bytes = transfer(opened, part, digest);
        return new Result(HexFormat.of().formatHex(digest.digest()), bytes);
    }

    private Opened open(final Path part) {
        final long have = sizeOf(part);
        if (have > 0) {
            final HttpResponse<InputStream> resumed = send(have);
            final int status = resumed.statusCode();
            if (status == PARTIAL_CONTENT && rangeStart(resumed) == have) {
                return new Opened(resumed, have, total(resumed, have));
            }
            if (status == OK) {
                return new Opened(resumed, 0, total(resumed, 0));
            }
            discard(resumed);
        }
        final HttpResponse<InputStream> full = send(-1);
        if (full.statusCode() != OK) {
            discard(full);
            throw failure("HTTP " + full.statusCode());
        }
        return new Opened(full, 0, total(full, 0));
    }

    private HttpResponse<InputStream> send(final long from) {
        final HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(RESPONSE_TIMEOUT).GET();
        if (from > 0) {
            request.header("Range", "bytes=" + from + "-");
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (final IOException e) {
            throw failure(reason(e));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted");
        }
    }

    private long transfer(final Opened opened, final Path part, final MessageDigest digest) {
        final StandardOpenOption mode = opened.offset() > 0 ? StandardOpenOption.APPEND
                : StandardOpenOption.TRUNCATE_EXISTING;
        final String label = part.getFileName().toString().replaceFirst("\\.part$", "");
        final long start = System.nanoTime();
        final AtomicLong lastData = new AtomicLong(nanoClock.getAsLong());
        final AtomicBoolean stalled = new AtomicBoolean();
        final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread thread = new Thread(r, "download-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        long done = opened.offset();
        try (InputStream in = opened.response().body();
             OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     mode)) {
            final long period = Math.max(1, checkEvery.toMillis());
            watchdog.scheduleAtFixedRate(() -> {
                if (nanoClock.getAsLong() - lastData.get() > stallTimeout.toNanos()
                        && stalled.compareAndSet(false, true)) {
                    closeQuietly(in);   // unblocks the read below
                }
            }, period, period, TimeUnit.MILLISECONDS);
            final byte[] buffer = new byte[BUFFER_SIZE];
            for (int n = in.read(buffer); n >= 0 && !stalled.get(); n = in.read(buffer)) {
                lastData.set(nanoClock.getAsLong());
                out.write(buffer, 0, n);
                digest.update(buffer, 0, n);
                done += n;
                progress.transferred(label, done, opened.total(), rate(done - opened.offset(), start), false);
            }
        } catch (final IOException e) {
            progress.endLine();
            throw failure(String.format(Locale.ROOT, "%s after %.1f MB; %s", stalled.get() ? stallReason()
                    : reason(e), done / 1e6, RESUME), HINT);
        } finally {
            watchdog.shutdownNow();
        }
        if (stalled.get() || opened.total() >= 0 && done < opened.total()) {
            progress.endLine();
            throw failure(String.format(Locale.ROOT, "%s after %.1f of %.1f MB; %s", stalled.get() ? stallReason()
                    : "the connection closed", done / 1e6, opened.total() / 1e6, RESUME), HINT);
        }
        progress.transferred(label, done, opened.total(), rate(done - opened.offset(), start), true);
        return done;
    }

    private String stallReason() {
        final long ms = stallTimeout.toMillis();
        return "no data for " + (ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms");
    }

    private static void closeQuietly(final InputStream in) {
        try {
            in.close();
        } catch (final IOException e) {
            // the transfer fails as stalled either way
        }
    }

    private static double rate(final long bytes, final long startNanos) {
        final double seconds = (System.nanoTime() - startNanos) / 1e9;
        return seconds > 0 ? bytes / seconds : 0;
    }

    private static long total(final HttpResponse<InputStream> response, final long offset) {
        final long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        return length < 0 ? -1 : offset + length;
    }

    private static long rangeStart(final HttpResponse<InputStream> response) {
        final Matcher m = CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    private void hashExisting(final Path part, final MessageDigest digest) {
        try {
            DigestUtils.updateDigest(digest, part);
        } catch (final IOException e) {
            throw new UserException("cannot read " + part + ": " + DataCache.describe(e));
        }
    }

    private static long sizeOf(final Path part) {
        try {
            return Files.isRegularFile(part) ? Files.size(part) : 0;
        } catch (final IOException e) {
            return 0;
        }
    }

    private static void discard(final HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (final IOException e) {
            // The body of a refused response carries nothing we need.
        }
    }

    /** The SHA-256 of a whole file, in lower-case hexadecimal. */
    static String sha256Of(final Path file) {
        try {
            return new DigestUtils(MessageDigestAlgorithms.SHA_256).digestAsHex(file);
        } catch (final IOException e) {
            throw new UserException("cannot read " + file + ": " + DataCache.describe(e));
        }
    }

    private UserException failure(final String reason) {
        return failure(reason + ";", HINT);
    }

    private UserException failure(final String reason, final String hint) {
        return new UserException("cannot download " + url + ": " + reason + " " + hint);
    }

    /** A network failure in a few words: unknown host, timeout, the innermost message, or no connection. */
    private String reason(final IOException e) {
        final List<Throwable> chain = Stream.iterate((Throwable) e, Objects::nonNull, Throwable::getCause).toList();
        if (chain.stream().anyMatch(t -> t instanceof UnresolvedAddressException
                || t instanceof UnknownHostException)) {
            return "unknown host " + url.getHost();
        }
        if (chain.stream().anyMatch(HttpConnectTimeoutException.class::isInstance)) {
            return "no connection within " + CONNECT_TIMEOUT.toSeconds() + " s";
        }
        if (chain.stream().anyMatch(HttpTimeoutException.class::isInstance)) {
            return "no response within " + RESPONSE_TIMEOUT.toSeconds() + " s";
        }
        final Optional<String> message = chain.stream().map(Throwable::getMessage)
                .filter(m -> m != null && !m.isBlank()).reduce((outer, inner) -> inner);
        if (message.isPresent()) {
            return message.get().strip();
        }
        if (chain.stream().anyMatch(ConnectException.class::isInstance)) {
            return "no connection to " + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
        }
        return e.getClass().getSimpleName();
    }
}
