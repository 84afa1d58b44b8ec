package io.sentimentstreams.text.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/** The reviews of an {@link EntrySource}, with malformed entries handled by a {@link MalformedPolicy}. */
final class ReviewIterator implements Iterator<Review>, AutoCloseable {

    private final EntrySource source;
    private final MalformedPolicy policy;
    private final Consumer<String> warnings;
    private Review pending;
    private boolean exhausted;
    private int skipped;

    ReviewIterator(final EntrySource source, final MalformedPolicy policy, final Consumer<String> warnings) {
        this.source = source;
        this.policy = policy;
        this.warnings = warnings;
    }

    @Override
    public boolean hasNext() {
        while (pending == null && !exhausted) {
            final Entry entry = source.next();
            if (entry == null) {
                exhausted = true;
            } else if (entry.review() != null) {
                pending = entry.review();
            } else {
                handleMalformed(entry);
            }
        }
        return pending != null;
    }

    @Override
    public Review next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more reviews in " + source.name());
        }
        final Review review = pending;
        pending = null;
        return review;
    }

    /** Returns how many malformed entries were skipped so far. */
    int skipped() {
        return skipped;
    }

    /** Returns the file or directory being read. */
    String sourceName() {
        return source.name();
    }

    @Override
    public void close() {
        try {
            source.close();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot close " + source.name(), e);
        }
    }

    private void handleMalformed(final Entry entry) {
        final String message = entry.location() + ": " + entry.problem();
        if (policy == MalformedPolicy.FAIL) {
            throw new CorpusFormatException(message);
        }
        skipped++;
        warnings.accept(message + " (skipped)");
    }
}
