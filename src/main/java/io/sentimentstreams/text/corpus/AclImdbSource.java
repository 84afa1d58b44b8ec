package io.sentimentstreams.text.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Entries from the review files of an aclImdb directory, one review per file, in the given order. */
final class AclImdbSource implements EntrySource {

    /**
     * One review file.
     *
     * @param path  the file
     * @param label the label given by its folder ({@code pos}, {@code neg} or {@code unsup})
     */
    record ReviewFile(Path path, int label) {
    }

    private final Path directory;
    private final List<ReviewFile> files;
    private final StrictUtf8Decoder decoder = new StrictUtf8Decoder();
    private int next;

    AclImdbSource(final Path directory, final List<ReviewFile> files) {
        this.directory = directory;
        this.files = List.copyOf(files);
    }

    @Override
    public Entry next() {
        if (next == files.size()) {
            return null;
        }
        final ReviewFile file = files.get(next++);
        try {
            final byte[] bytes = read(file.path());
            final String text = decoder.decode(bytes, bytes.length);
            if (text.isBlank()) {
                throw new MalformedLineException("empty text");
            }
            return Entry.of(new Review(text, file.label()));
        } catch (final MalformedLineException e) {
            return Entry.malformed(file.path().toString(), e.getMessage());
        }
    }

    @Override
    public String name() {
        return directory.toString();
    }

    @Override
    public void close() {
        next = files.size();
    }

    private static byte[] read(final Path path) throws MalformedLineException {
        try {
            if (Files.size(path) > Utf8LineReader.MAX_LINE_BYTES) {
                throw new MalformedLineException("file is longer than " + Utf8LineReader.MAX_LINE_BYTES + " bytes");
            }
            return Files.readAllBytes(path);
        } catch (final IOException e) {
            throw new CorpusFormatException("cannot read " + path + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
