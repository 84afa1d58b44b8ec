package io.sentimentstreams.text.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** Entries from a line-oriented file (TSV or JSON Lines, plain or gzip-compressed); blank lines are ignored. */
final class LineFileSource implements EntrySource {

    private final Path path;
    private final boolean gzip;
    private final Utf8LineReader reader;
    private final LineParser parser;

    LineFileSource(final Path path, final boolean gzip, final InputStream in, final LineParser parser) {
        this.path = path;
        this.gzip = gzip;
        this.reader = new Utf8LineReader(in);
        this.parser = parser;
    }

    @Override
    public Entry next() {
        while (advance()) {
            try {
                final String line = reader.text();
                if (!line.isBlank()) {
                    return Entry.of(parser.parse(line, reader.lineNumber()));
                }
            } catch (final MalformedLineException e) {
                return Entry.malformed(path + ":" + reader.lineNumber(), e.getMessage());
            }
        }
        return null;
    }

    @Override
    public String name() {
        return path.toString();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    private boolean advance() {
        try {
            return reader.advance();
        } catch (final IOException e) {
            final String what = gzip ? "corrupt or truncated gzip data" : "read failed";
            throw new CorpusFormatException(
                    path + ":" + (reader.lineNumber() + 1) + ": " + what + " (" + CorpusReader.describe(e) + ")", e);
        }
    }
}
