package io.sentimentstreams.app.demo;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sentimentstreams.app.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's flags are checked before anything starts: a bad one is one line and exit code 2 (1 for a bad path). */
class DemoCommandTest {

    @TempDir
    Path dir;

    /** Exit code and what a command printed. */
    private record Run(int code, String out, String err) {
    }

    private Run run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void shouldRejectANonPositiveRateAsBadUsage() {
        final Run r = run("demo", "--rate", "0", "--cache-dir", dir.toString());
        assertAll(
                () -> assertEquals(2, r.code()),
                () -> assertTrue(r.err().startsWith("error: --rate must be more than 0 reviews per second, got 0.0"),
                        r.err()),
                () -> assertEquals(2, r.err().lines().count(), "the error and the usage hint: " + r.err()));
    }

    @Test
    void shouldRejectZeroReviewsAsBadUsage() {
        final Run r = run("demo", "--reviews", "0", "--cache-dir", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: --reviews must be at least 1, got 0"), r.err());
    }

    @Test
    void shouldRejectAReportPathThatIsADirectoryBeforeStarting() {
        final Run r = run("demo", "--report", dir.toString(), "--cache-dir", dir.toString());
        assertAll(
                () -> assertEquals(2, r.code()),
                () -> assertEquals("error: --report " + dir + " is a directory; give a file name, such as "
                        + dir.resolve("demo.json"), r.err().lines().findFirst().orElseThrow()),
                () -> assertTrue(!r.err().contains("broker"), "nothing was started: " + r.err()));
    }

    @Test
    void shouldRejectAReportUnderAFileBeforeStarting() throws Exception {
        final Path file = Files.writeString(dir.resolve("a-file"), "x");
        final Run r = run("demo", "--report", file.resolve("r.json").toString(), "--cache-dir", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: --report " + file.resolve("r.json") + ": cannot create the directory "
                + file), r.err());
        assertEquals(2, r.err().strip().lines().count(), r.err());
    }

    @Test
    void shouldRejectALogFileThatIsADirectory() {
        final Run r = run("demo", "--log-file", dir.toString(), "--cache-dir", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("error: --log-file " + dir + " is a directory"), r.err());
    }
}
