package io.sentimentstreams.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PageHinkleyTest {

    @Test
    void shouldFollowThePublishedRecurrenceStepByStep() {
        // x = 0, 1, 1 with δ = 0.1: means 0, 1/2, 2/3; m = -0.1, 0.3, 0.5333...; M = -0.1 throughout
        final PageHinkley test = new PageHinkley(0.1, 100, 1);
        test.add(0);
        assertEquals(0.0, test.statistic(), 1e-12);        // m_1 = M_1 = -0.1
        test.add(1);
        assertEquals(0.4, test.statistic(), 1e-12);        // m_2 = -0.1 + 1 - 0.5 - 0.1 = 0.3
        test.add(1);
        assertEquals(0.3 + 1 - 2.0 / 3 - 0.1 + 0.1, test.statistic(), 1e-12);
    }

    @Test
    void shouldStayQuietOnAStationaryErrorStream() {
        final PageHinkley test = new PageHinkley(0.005, 50, 30);
        final SplittableRandom random = new SplittableRandom(1);
        for (int t = 0; t < 100_000; t++) {
            assertFalse(test.add(random.nextDouble() < 0.2 ? 1 : 0), "false alarm at " + t);
        }
    }

    @Test
    void shouldSignalARiseOfTheErrorRateSoonAfterIt() {
        final PageHinkley test = new PageHinkley(0.005, 50, 30);
        final SplittableRandom random = new SplittableRandom(2);
        for (int t = 0; t < 5_000; t++) {
            assertFalse(test.add(random.nextDouble() < 0.1 ? 1 : 0), "false alarm at " + t);
        }
        int delay = 0;
        while (!test.add(random.nextDouble() < 0.5 ? 1 : 0)) {
            delay++;
            assertTrue(delay < 1_000, "no alarm 1000 observations after the error rate rose from 0.1 to 0.5");
        }
        // PH grows by about 0.5 - 0.1 - δ per observation after the change: λ = 50 is crossed near 50 / 0.395
        assertTrue(delay > 50 && delay < 400, "alarm after " + delay);
        assertEquals(0, test.count(), "the test starts afresh after a drift");
    }

    @Test
    void shouldNotSignalAFallOfTheErrorRate() {
        final PageHinkley test = new PageHinkley(0.005, 50, 30);
        final SplittableRandom random = new SplittableRandom(3);
        for (int t = 0; t < 20_000; t++) {
            final double rate = t < 2_000 ? 0.5 : 0.1;
            assertFalse(test.add(random.nextDouble() < rate ? 1 : 0), "alarm on an improvement at " + t);
        }
    }

    @Test
    void shouldRejectParametersOutsideTheDefinition() {
        assertThrows(IllegalArgumentException.class, () -> new PageHinkley(-0.1, 50, 30));
        assertThrows(IllegalArgumentException.class, () -> new PageHinkley(0.005, 0, 30));
        assertThrows(IllegalArgumentException.class, () -> new PageHinkley(0.005, 50, 0));
    }

    @Test
    void shouldContinueExactlyAsWithoutARestartAfterWriteAndRead() throws IOException {
        final PageHinkley uninterrupted = new PageHinkley(0.005, 50, 30);
        final PageHinkley interrupted = new PageHinkley(0.005, 50, 30);
        final SplittableRandom random = new SplittableRandom(4);
        final double[] errors = new double[3_000];
        for (int t = 0; t < errors.length; t++) {
            errors[t] = random.nextDouble() < (t < 1_000 ? 0.1 : 0.5) ? 1 : 0;
        }
        for (int t = 0; t < 1_050; t++) {                  // 50 observations into the rise: not yet signalled
            assertFalse(uninterrupted.add(errors[t]));
            interrupted.add(errors[t]);
        }
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            interrupted.write(out);
        }
        final PageHinkley restored = new PageHinkley(0.005, 50, 30);
        restored.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

        assertEquals(uninterrupted.count(), restored.count());
        assertEquals(uninterrupted.statistic(), restored.statistic());
        int signals = 0;
        for (int t = 1_050; t < errors.length; t++) {
            final boolean expected = uninterrupted.add(errors[t]);
            assertEquals(expected, restored.add(errors[t]), "the same answer at observation " + t);
            assertEquals(uninterrupted.statistic(), restored.statistic());
            signals += expected ? 1 : 0;
        }
        assertTrue(signals >= 1, "the rise was signalled after the restart");
    }
}
