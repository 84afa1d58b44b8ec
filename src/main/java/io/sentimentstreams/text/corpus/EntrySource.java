package io.sentimentstreams.text.corpus;

import java.io.Closeable;

/** A source of entries read one at a time, in a fixed order. */
interface EntrySource extends Closeable {

    /**
     * Returns the next entry, or {@code null} at the end.
     *
     * @throws CorpusFormatException when the source itself cannot be read (an I/O error, corrupt gzip data)
     */
    Entry next();

    /** Returns the file or directory being read, as given by the caller. */
    String name();
}
