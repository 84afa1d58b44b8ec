package io.sentimentstreams.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class PairedWindowTest {

    @Test
    void shouldCompareColumnsOnTheSameReviews() {
        final PairedWindow window = new PairedWindow(4);
        window.add(PairedWindow.correct(0, 0.9, 1) | PairedWindow.correct(1, 0.2, 1));
        window.add(PairedWindow.correct(0, 0.1, 0) | PairedWindow.correct(1, 0.1, 0));

        assertEquals(1.0, window.accuracy(0));
        assertEquals(0.5, window.accuracy(1));
        assertEquals(0.0, window.accuracy(2), "a column no model filled is never right");
    }

    @Test
    void shouldKeepOnlyTheNewestReviews() {
        final PairedWindow window = new PairedWindow(2);
        window.add(0);
        window.add(1);
        window.add(1);

        assertEquals(2, window.count());
        assertEquals(1.0, window.accuracy(0));
    }

    @Test
    void shouldCountANonFiniteProbabilityAsWrong() {
        assertEquals(0, PairedWindow.correct(0, Double.NaN, 0));
        assertEquals(0, PairedWindow.correct(1, Double.POSITIVE_INFINITY, 1));
    }

    @Test
    void shouldBeEmptyAfterClearing() {
        final PairedWindow window = new PairedWindow(3);
        window.add(1);
        window.clear();

        assertEquals(0, window.count());
        assertTrue(Double.isNaN(window.accuracy(0)));
    }

    @Test
    void shouldReadWhatItWroteIntoASmallerWindowKeepingTheNewest() throws IOException {
        final PairedWindow window = new PairedWindow(4);
        for (final int mask : new int[] {0, 0, 1, 3, 3}) {
            window.add(mask);
        }
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        window.write(new DataOutputStream(bytes));
        final PairedWindow read = new PairedWindow(2);
        read.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

        assertEquals(2, read.count());
        assertEquals(1.0, read.accuracy(0));
        assertEquals(1.0, read.accuracy(1));
    }
}
