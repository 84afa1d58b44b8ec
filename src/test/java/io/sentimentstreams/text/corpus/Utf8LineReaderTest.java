package io.sentimentstreams.text.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Utf8LineReaderTest {

    private static List<String> lines(final Utf8LineReader reader) throws IOException, MalformedLineException {
        final List<String> lines = new ArrayList<>();
        while (reader.advance()) {
            lines.add(reader.text());
        }
        return lines;
    }

    private static InputStream bytes(final String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldSplitOnlyOnNewline() throws Exception {
        final Utf8LineReader reader = new Utf8LineReader(bytes("a\u0085b\rc\u2028d\u001ae\r\nf\n"));

        assertEquals(List.of("a\u0085b\rc\u2028d\u001ae", "f"), lines(reader));
    }

    @Test
    void shouldReadLinesLongerThanItsBuffer() throws Exception {
        final String longLine = "x".repeat(200_000);
        final Utf8LineReader reader = new Utf8LineReader(bytes(longLine + "\nshort\n"));

        assertEquals(List.of(longLine, "short"), lines(reader));
    }

    @Test
    void shouldReportOverlongLineAndGoOnWithTheNext() throws Exception {
        final Utf8LineReader reader = new Utf8LineReader(bytes("12345\n123456\n1\n"), 5);

        assertTrue(reader.advance());
        assertEquals("12345", reader.text());
        assertTrue(reader.advance());
        final MalformedLineException e = assertThrows(MalformedLineException.class, reader::text);
        assertEquals("line is longer than 5 bytes", e.getMessage());
        assertTrue(reader.advance());
        assertEquals(3, reader.lineNumber());
        assertEquals("1", reader.text());
        assertFalse(reader.advance());
    }

    @Test
    void shouldReturnNoLineForEmptyInput() throws Exception {
        assertFalse(new Utf8LineReader(bytes("")).advance());
    }
}
