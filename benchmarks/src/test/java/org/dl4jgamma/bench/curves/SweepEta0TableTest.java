package org.dl4jgamma.bench.curves;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** eta0* read from a sweep's results.csv: full-length completed trials only, geometric mean over seeds. */
class SweepEta0TableTest {

    /** Round-off of log10 and pow. */
    private static final double TOLERANCE = 1e-9;

    private static final String HEADER = "protocol,depth,width,gamma0,eta0,seed,steps,batch,loss,precision,status,"
            + "steps_run,final_loss,test_loss,test_accuracy,seconds";

    @TempDir
    Path dir;

    private static String row(String protocol, int depth, double gamma0, double eta0, long seed, int steps,
                              String status, double loss) {
        return String.join(",", protocol, Integer.toString(depth), "128", Double.toString(gamma0),
                Double.toString(eta0), Long.toString(seed), Integer.toString(steps), "64", "mse", "float", status,
                Integer.toString(steps), Double.toString(loss), "0.03", "0.8", "1.0");
    }

    private void writeSweep(List<String> rows) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        rows.forEach(r -> text.append(r).append('\n'));
        Files.writeString(dir.resolve("results.csv"), text.toString());
        Files.writeString(dir.resolve("sweep-settings.properties"), "dataset=teacher\n");
    }

    @Test
    void eta0StarIsTheBestFullLengthTrialGeometricallyAveragedOverSeeds() throws IOException {
        writeSweep(List.of(
                row("reference", 3, 10, 10, 0, 300, "OK", 0.05),
                row("reference", 3, 10, 100, 0, 300, "OK", 0.03),
                row("reference", 3, 10, 1000, 0, 300, "DIVERGED", Double.NaN),
                row("reference", 3, 10, 10, 1, 300, "OK", 0.02),
                row("reference", 3, 10, 100, 1, 300, "OK", 0.04),
                row("reference", 3, 100, 1000, 0, 300, "OK", 0.03),
                row("reference", 3, 100, 100, 0, 15, "OK", 0.01),
                row("guided", 3, 100, 10, 0, 300, "OK", 0.001),
                row("reference", 2, 100, 5, 0, 300, "OK", 0.001)));

        SweepEta0Table table = SweepEta0Table.read(dir, 3);

        assertEquals("teacher", table.dataset());
        assertEquals("reference", table.protocol());
        assertEquals(Math.sqrt(100 * 10), table.eta0At(10), TOLERANCE * 100, "seeds 0 and 1: 100 and 10");
        assertEquals(1000, table.eta0At(100), TOLERANCE * 1000, "the shorter, better run does not count");
        assertEquals(Math.pow(10, (Math.log10(Math.sqrt(1000)) + 3) / 2), table.eta0At(Math.sqrt(1000)),
                TOLERANCE * 1000, "log-log interpolation halfway");
        assertTrue(Double.isNaN(table.eta0At(1000)), "outside the swept range");
    }

    @Test
    void aMissingFileOrDepthIsExplained() throws IOException {
        IOException missing = assertThrows(IOException.class, () -> SweepEta0Table.read(dir, 3));
        assertTrue(missing.getMessage().contains("--sweep-results"), missing.getMessage());

        writeSweep(List.of(row("reference", 2, 10, 10, 0, 300, "OK", 0.05)));
        IllegalArgumentException depth = assertThrows(IllegalArgumentException.class,
                () -> SweepEta0Table.read(dir, 3));
        assertTrue(depth.getMessage().contains("depth 3"), depth.getMessage());
    }
}
