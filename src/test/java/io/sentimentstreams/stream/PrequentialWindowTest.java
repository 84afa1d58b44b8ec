package io.sentimentstreams.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PrequentialWindowTest {

    @Test
    void shouldCountANaNProbabilityAsAWrongPredictionWithTheLargestLoss() {
        final PrequentialWindow window = new PrequentialWindow(4);
        window.add(0.9, 1);
        window.add(Double.NaN, 1);
        window.add(Double.NaN, 0);

        assertEquals(1.0 / 3, window.accuracy(), 1e-12);
        assertEquals((-Math.log(0.9) - 2 * Math.log(1e-7)) / 3, window.loss(), 1e-12);
    }
}
