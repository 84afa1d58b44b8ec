package io.sentimentstreams.text.corpus;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a byte stream into lines on {@code \n} (a {@code \r} just before it is dropped) and decodes each line
 * as strict UTF-8. Nothing else ends a line: a lone {@code \r}, U+0085 (NEL), U+2028 and U+001A stay inside
 * the text. Splitting bytes before decoding keeps one bad byte sequence from spoiling more than its own line.
 * A line longer than the limit ({@link #MAX_LINE_BYTES} by default) is malformed; its bytes are read past, not
 * held in memory.
 */
final class Utf8LineReader implements Closeable {

    /** The longest line accepted, in bytes: far above any review (the longest IMDB review has 14 kB). */
    static final int MAX_LINE_BYTES = 1 << 24;

    private static final int BUFFER_SIZE = 1 << 16;
    private static final String BYTE_ORDER_MARK = "\uFEFF";

    private final InputStream in;
    private final int maxLineBytes;
    private final StrictUtf8Decoder decoder = new StrictUtf8Decoder();
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int position;
    private int limit;
    private byte[] line = new byte[8192];
    private int lineLength;
    private boolean overlong;
    private long lineNumber;

    Utf8LineReader(final InputStream in) {
        this(in, MAX_LINE_BYTES);
    }

    Utf8LineReader(final InputStream in, final int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be >= 1, got " + maxLineBytes);
        }
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** Moves to the next line; returns {@code false} at the end of the input. */
    boolean advance() throws IOException {
        lineLength = 0;
        overlong = false;
        boolean sawBytes = false;
        while (true) {
            if (position == limit && !fill()) {
                if (!sawBytes) {
                    return false;
                }
                break;
            }
            sawBytes = true;
            final int newline = indexOfNewline();
            if (newline >= 0) {
                append(position, newline - position);
                position = newline + 1;
                break;
            }
            append(position, limit - position);
            position = limit;
        }
        if (lineLength > 0 && line[lineLength - 1] == '\r') {
            lineLength--;
        }
        lineNumber++;
        return true;
    }

    /** Returns the 1-based number of the current line. */
    long lineNumber() {
        return lineNumber;
    }

    /** Decodes the current line; a UTF-8 byte order mark at the start of the first line is dropped. */
    String text() throws MalformedLineException {
        if (overlong) {
            throw new MalformedLineException("line is longer than " + maxLineBytes + " bytes");
        }
        final String text = decoder.decode(line, lineLength);
        return lineNumber == 1 && text.startsWith(BYTE_ORDER_MARK) ? text.substring(1) : text;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private boolean fill() throws IOException {
        final int read = in.read(buffer, 0, buffer.length);
        position = 0;
        limit = Math.max(read, 0);
        return read > 0;
    }

    private int indexOfNewline() {
        for (int i = position; i < limit; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void append(final int from, final int length) {
        if (overlong || lineLength + length > maxLineBytes) {
            overlong = true;
            return;
        }
        if (lineLength + length > line.length) {
            final byte[] bigger = new byte[Math.max(lineLength + length, 2 * line.length)];
            System.arraycopy(line, 0, bigger, 0, lineLength);
            line = bigger;
        }
        System.arraycopy(buffer, from, line, lineLength, length);
        lineLength += length;
    }
}
