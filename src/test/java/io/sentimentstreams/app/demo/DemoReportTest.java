package io.sentimentstreams.app.demo;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoReportTest {

    @TempDir
    Path dir;

    private static DemoReport report(final Double prequential) {
        return new DemoReport("synthetic", 20, 20, 3, 20, 0, 0, 3, 0, 2.0, 10.0, 150.0, 300.0, prequential,
                DemoReport.measured(0.55), Map.of("instance-1", 0L), null, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void shouldWriteAnAccuracyNotMeasuredAsJsonNullAndPrintItAsADash() throws Exception {
        final Path file = dir.resolve("sub/report.json");
        final DemoReport notTrained = report(DemoReport.measured(Double.NaN));

        notTrained.write(file, new DemoReport.Curves(new double[] {1, 2}, new double[] {2, 3},
                new double[] {Double.NaN, Double.NaN}, new double[] {Double.NaN, Double.NaN}));
        final StringWriter printed = new StringWriter();
        notTrained.print(new PrintWriter(printed));

        final JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertAll(
                () -> assertTrue(json.get("prequentialAccuracy").isNull(), json::toString),
                () -> assertEquals(0.55, json.get("scoringAccuracy").asDouble()),
                () -> assertEquals(150.0, json.get("latencyP50Ms").asDouble()),
                () -> assertTrue(printed.toString().contains("prequential accuracy: - "), printed::toString),
                () -> assertTrue(Files.size(dir.resolve("sub/report.png")) > 0));
    }

    @Test
    void shouldKeepARealAccuracyOfZero() throws Exception {
        final Path file = dir.resolve("report.json");
        report(DemoReport.measured(0.0)).write(file, new DemoReport.Curves(new double[0], new double[0],
                new double[0], new double[0]));
        assertEquals(0.0, new ObjectMapper().readTree(file.toFile()).get("prequentialAccuracy").asDouble(-1));
    }
}
