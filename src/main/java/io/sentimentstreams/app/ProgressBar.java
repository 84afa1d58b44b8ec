package io.sentimentstreams.app;

import io.sentimentstreams.model.Metrics;
import io.sentimentstreams.model.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Training progress on stderr: a bar redrawn in place on a terminal, or a line every few seconds in a log.
 * {@code epoch 2/4 [=========>          ] 48%  312 ex/s  loss 0.3521  ETA 0:41}
 */
final class ProgressBar implements TrainingListener {

    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final boolean terminal;
    private long lastDraw;

    ProgressBar(final PrintWriter err) {
        this.err = err;
        this.terminal = System.console() != null;
    }

    @Override
    public void batchDone(final int epoch, final int epochs, final long done, final long total, final double loss,
                          final double rate) {
        final long now = System.nanoTime();
        final boolean last = done == total;
        if (!last && now - lastDraw < (terminal ? 200_000_000L : 10_000_000_000L)) {
            return;
        }
        lastDraw = now;
        final int filled = (int) (WIDTH * done / total);
        final String bar = "=".repeat(filled) + (filled < WIDTH ? ">" + " ".repeat(WIDTH - filled - 1) : "");
        final long eta = rate > 0 ? Math.round((total - done) / rate) : 0;
        final String line = String.format(Locale.ROOT, "epoch %d/%d [%s] %3d%%  %.0f ex/s  loss %.4f  ETA %d:%02d",
                epoch, epochs, bar, 100 * done / total, rate, loss, eta / 60, eta % 60);
        if (terminal) {
            err.print("\r" + line + (last ? "\n" : ""));
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
