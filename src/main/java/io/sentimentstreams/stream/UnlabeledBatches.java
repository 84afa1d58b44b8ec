package io.sentimentstreams.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Texts of unlabeled reviews on their way from the {@code unlabeled-reviews-collector} to the online trainer, which
 * learns the language-model objective on them between its labeled steps. Bounded, so that reviews arriving faster
 * than the trainer can take language-model steps never hold back its labeled training: texts fill one batch of
 * {@code training.unlabeled.batch.size}; a full batch waits for the trainer; at most one waits, and a newer full
 * batch replaces it, its texts counted as dropped. So at most two batches of texts are held, and what the trainer
 * learns is always the newest full batch. Nothing here is kept across a restart: the objective is auxiliary.
 * Shared by the collector's tasks and the trainer's, hence synchronized (the trainer's client runs one stream
 * thread, so they take turns anyway).
 */
final class UnlabeledBatches {

    private final int batchSize;
    private List<String> filling;
    private List<String> waiting;   // null when no full batch waits

    UnlabeledBatches(final int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("an unlabeled batch holds at least 1 text, got " + batchSize);
        }
        this.batchSize = batchSize;
        this.filling = new ArrayList<>(batchSize);
    }

    /**
     * Adds the text of an unlabeled review.
     *
     * @return how many texts were dropped to make room: those of the full batch still waiting when this text
     *         completed a newer one, else 0
     */
    synchronized int offer(final String text) {
        filling.add(text);
        if (filling.size() < batchSize) {
            return 0;
        }
        final int dropped = waiting == null ? 0 : waiting.size();
        waiting = List.copyOf(filling);
        filling = new ArrayList<>(batchSize);
        return dropped;
    }

    /** The full batch waiting, if any, which no longer waits. */
    synchronized Optional<List<String>> take() {
        final Optional<List<String>> batch = Optional.ofNullable(waiting);
        waiting = null;
        return batch;
    }
}
