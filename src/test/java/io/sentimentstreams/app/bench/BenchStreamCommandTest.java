package io.sentimentstreams.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sentimentstreams.app.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code bench-stream} refuses bad usage in one line, before it starts anything. */
class BenchStreamCommandTest {

    private record Run(int code, String err) {
    }

    private static Run run(final String... args) {
        final StringWriter err = new StringWriter();
        final int code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
        return new Run(code, err.toString());
    }

    @Test
    void shouldRejectTooFewReviewsAsBadUsage() {
        final Run run = run("bench-stream", "--reviews", "0");
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().startsWith("error: --reviews must be at least 10, got 0"), run.err());
    }

    @Test
    void shouldRejectAnEmptyWarmUpAsBadUsage() {
        final Run run = run("bench-stream", "--warm-up", "0");
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().startsWith("error: --warm-up must be at least 1, got 0"), run.err());
    }

    @Test
    void shouldRejectARateThatIsNotPositiveAsBadUsage() {
        final Run run = run("bench-stream", "--rate", "0");
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().startsWith("error: --rate must be a positive number of reviews per second, got 0.0"),
                run.err());
    }

    @Test
    void shouldRejectANegativeProducerLingerAsBadUsage() {
        final Run run = run("bench-stream", "--producer-linger-ms", "-1");
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().startsWith("error: --producer-linger-ms must be at least 0, got -1"), run.err());
    }

    @Test
    void shouldRejectASettingTheBenchmarkChooses() {
        final Run run = run("bench-stream", "--set", "state.dir=/tmp/x");
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().startsWith("error: --set state.dir is chosen by the benchmark"), run.err());
    }

    @Test
    void shouldRejectAnInvalidSettingAsBadUsage() {
        final Run run = run("bench-stream", "--set", "scoring.batch.max.records=0");
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().startsWith("error: ") && run.err().lines().findFirst().orElseThrow()
                .contains("scoring.batch.max.records") && run.err().lines().count() == 2, run.err());
    }
}
