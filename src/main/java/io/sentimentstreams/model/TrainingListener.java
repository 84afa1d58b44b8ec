package io.sentimentstreams.model;

/** Receives training progress; the command line draws it as a progress bar. */
public interface TrainingListener {

    /** After each mini-batch: examples done in this epoch, of how many, running mean loss, examples/s. */
    void batchDone(int epoch, int epochs, long examplesDone, long examplesTotal, double meanLoss,
                   double examplesPerSecond);

    /** After each epoch, with validation metrics (null when there is no validation set). */
    void epochDone(int epoch, int epochs, double trainLoss, Metrics validation, double seconds);

    TrainingListener SILENT = new TrainingListener() {
        @Override
        public void batchDone(final int epoch, final int epochs, final long done, final long total,
                              final double loss, final double rate) {
        }

        @Override
        public void epochDone(final int epoch, final int epochs, final double trainLoss, final Metrics validation,
                              final double seconds) {
        }
    };
}
