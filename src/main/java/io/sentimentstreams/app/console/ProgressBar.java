package io.sentimentstreams.app.console;

import io.sentimentstreams.model.Metrics;
import io.sentimentstreams.model.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress on stderr, of training or of a download: a bar redrawn in place on a terminal, or a line every few
 * seconds in a log. {@code epoch 2/4 [=========>          ] 48%  312 ex/s  loss 0.3521  ETA 0:41}
 */
public final class ProgressBar implements TrainingListener {

    private static final int WIDTH = 30;
    private static final double BYTES_PER_MB = 1e6;
    private final PrintWriter err;
    private final boolean terminal;
    private long lastDraw;
    private boolean lineOpen;

    public ProgressBar(final PrintWriter err) {
        this.err = err;
        this.terminal = System.console() != null;
    }

    @Override
    public void batchDone(final int epoch, final int epochs, final long done, final long total, final double loss,
                          final double rate) {
        final boolean last = done == total;
        if (!due(last)) {
            return;
        }
        final long eta = rate > 0 ? Math.round((total - done) / rate) : 0;
        draw(String.format(Locale.ROOT, "epoch %d/%d [%s] %3d%%  %.0f ex/s  loss %.4f  ETA %d:%02d",
                epoch, epochs, bar(done, total), 100 * done / total, rate, loss, eta / 60, eta % 60), last);
    }

    /**
     * Progress of a transfer of {@code total} bytes ({@code -1} if not known):
     * {@code aclImdb_v1.tar.gz [=====>    ]  48%  40.4/84.1 MB  6.3 MB/s  ETA 0:07}.
     *
     * @param bytesPerSecond the rate so far
     * @param finished       whether this is the last call for the transfer (always drawn, then a new line)
     */
    public void transferred(final String label, final long done, final long total, final double bytesPerSecond,
                     final boolean finished) {
        if (!due(finished)) {
            return;
        }
        final String rate = String.format(Locale.ROOT, "%.1f MB/s", bytesPerSecond / BYTES_PER_MB);
        if (total <= 0) {
            draw(String.format(Locale.ROOT, "%s  %.1f MB  %s", label, done / BYTES_PER_MB, rate), finished);
            return;
        }
        final long eta = bytesPerSecond > 0 ? Math.round((total - done) / bytesPerSecond) : 0;
        draw(String.format(Locale.ROOT, "%s [%s] %3d%%  %.1f/%.1f MB  %s  ETA %d:%02d", label,
                bar(Math.min(done, total), total), 100 * Math.min(done, total) / total, done / BYTES_PER_MB,
                total / BYTES_PER_MB, rate, eta / 60, eta % 60), finished);
    }

    /** Whether to draw now: always the last time, else at most every 0.2 s on a terminal and 10 s in a log. */
    private boolean due(final boolean last) {
        final long now = System.nanoTime();
        if (!last && now - lastDraw < (terminal ? 200_000_000L : 10_000_000_000L)) {
            return false;
        }
        lastDraw = now;
        return true;
    }

    private static String bar(final long done, final long total) {
        final int filled = (int) (WIDTH * done / total);
        return "=".repeat(filled) + (filled < WIDTH ? ">" + " ".repeat(WIDTH - filled - 1) : "");
    }

    /** Ends a bar left unfinished (by a failed transfer), so that the next message starts on a line of its own. */
    public void endLine() {
        if (lineOpen) {
            err.println();
            err.flush();
            lineOpen = false;
        }
    }

    private void draw(final String line, final boolean last) {
        if (terminal) {
            err.print("\r" + line + (last ? "\n" : ""));
            lineOpen = !last;
        } else {
            err.println(line);
        }
        err.flush();
    }

    @Override
    public void epochDone(final int epoch, final int epochs, final double trainLoss, final Metrics validation,
                          final double seconds) {
        if (validation == null) {
            err.printf(Locale.ROOT, "epoch %d/%d done in %.0f s: train loss %.4f%n", epoch, epochs, seconds,
                    trainLoss);
        } else {
            err.printf(Locale.ROOT, "epoch %d/%d done in %.0f s: train loss %.4f, validation accuracy %.2f%%, "
                    + "loss %.4f, AUC %.4f%n", epoch, epochs, seconds, trainLoss, 100 * validation.accuracy(),
                    validation.loss(), validation.auc());
        }
        err.flush();
    }
}
