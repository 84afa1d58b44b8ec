package io.sentimentstreams.text.corpus;

/**
 * Parses tab-separated lines. The first non-blank line decides, for the whole file, whether it is
 * <em>labeled</em> (the line starts with {@code 0} or {@code 1} followed by a tab) or <em>unlabeled</em>
 * (the whole line is the text). In a labeled file the first well-formed line also fixes the number of columns:
 * <ul>
 *   <li>{@code label<TAB>text} (IMDB {@code train.tsv.gz}, rt-polarity {@code stream.tsv.gz}), or</li>
 *   <li>{@code label<TAB>text<TAB>domain} (Amazon multi-domain {@code stream.tsv.gz}); the domain must be
 *       non-blank and is not kept, since {@link Review} has no field for it.</li>
 * </ul>
 * Lines that do not follow the file's layout are malformed.
 */
final class TsvLineParser implements LineParser {

    private static final char TAB = '\t';

    private Boolean labeled;
    private long decidedAt;
    private int columns;
    private long columnsDecidedAt;

    @Override
    public Review parse(final String line, final long lineNumber) throws MalformedLineException {
        if (labeled == null) {
            labeled = startsWithLabel(line);
            decidedAt = lineNumber;
        }
        return labeled ? parseLabeled(line, lineNumber) : parseUnlabeled(line);
    }

    private Review parseUnlabeled(final String line) throws MalformedLineException {
        if (startsWithLabel(line)) {
            throw new MalformedLineException("line starts with a 0/1 label and a tab, but the file is unlabeled"
                    + " (decided from line " + decidedAt + ")");
        }
        return new Review(line, Review.UNLABELED);
    }

    private Review parseLabeled(final String line, final long lineNumber) throws MalformedLineException {
        final int firstTab = line.indexOf(TAB);
        if (firstTab < 0) {
            throw new MalformedLineException("expected label<TAB>text, found no tab (the file is labeled:"
                    + " decided from line " + decidedAt + ")");
        }
        final int label = label(line, firstTab);
        final int secondTab = line.indexOf(TAB, firstTab + 1);
        final int fields = secondTab < 0 ? 2 : 2 + countTabs(line, secondTab);
        if (columns == 0) {
            if (fields > 3) {
                throw new MalformedLineException("expected label<TAB>text or label<TAB>text<TAB>domain, found "
                        + fields + " tab-separated fields");
            }
            columns = fields;
            columnsDecidedAt = lineNumber;
        } else if (fields != columns) {
            throw new MalformedLineException("expected " + columns + " tab-separated fields as on line "
                    + columnsDecidedAt + ", found " + fields);
        }
        final String text = secondTab < 0 ? line.substring(firstTab + 1) : line.substring(firstTab + 1, secondTab);
        if (text.isBlank()) {
            throw new MalformedLineException("empty text");
        }
        if (columns == 3 && line.substring(secondTab + 1).isBlank()) {
            throw new MalformedLineException("empty domain");
        }
        return new Review(text, label);
    }

    private static int label(final String line, final int firstTab) throws MalformedLineException {
        if (firstTab == 1 && line.charAt(0) == '1') {
            return Review.POSITIVE;
        }
        if (firstTab == 1 && line.charAt(0) == '0') {
            return Review.NEGATIVE;
        }
        throw new MalformedLineException(
                "label must be 0 or 1, got '" + MalformedLineException.abbreviate(line.substring(0, firstTab)) + "'");
    }

    private static int countTabs(final String line, final int from) {
        int count = 0;
        for (int i = from; i < line.length(); i++) {
            if (line.charAt(i) == TAB) {
                count++;
            }
        }
        return count;
    }

    private static boolean startsWithLabel(final String line) {
        return line.length() >= 2 && (line.charAt(0) == '0' || line.charAt(0) == '1') && line.charAt(1) == TAB;
    }
}
