package org.dl4jgamma.bench.curves;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs written to the three CSV files read back identically, diverged ones included. */
class CurveRunStoreTest {

    @TempDir
    Path dir;

    @Test
    void runsRoundTripExactly() throws IOException {
        int[] checkpoints = {0, 1, 3, 4};
        CurveRunSpec spec = new CurveRunSpec("teacher", 3, 8, 4, 4, 100, 215.44346900318845, "rule", 1, checkpoints);
        CurveRun ok = new CurveRun(spec, false, new double[] {0.1, 0.0999, 1.0 / 3, 0.05}, checkpoints,
                new double[] {0.1, 0.09, 0.08, 0.07}, new double[] {0.1, 0.2, 0.3, 0.4},
                new double[] {0, 0.5, 1.5, 2.5}, 1.25);
        CurveRunSpec other = new CurveRunSpec("teacher", 3, 8, 4, 4, 1000, 1000, "sweep", 0, new int[] {0, 1});
        CurveRun diverged = new CurveRun(other, true, new double[] {0.1, Double.NaN}, new int[] {0, 1},
                new double[] {0.1, Double.NaN}, new double[] {0.1, 0.1}, new double[] {0, 3}, 0.5);

        try (CurveRunStore store = new CurveRunStore(dir)) {
            store.record(ok);
            store.record(diverged);
        }
        List<CurveRun> read = CurveRunStore.read(dir);

        assertEquals(List.of(ok, diverged), read);
        assertArrayEquals(ok.onlineLoss(), read.get(0).onlineLoss());
    }

    @Test
    void aDamagedFileIsNamed() throws IOException {
        try (CurveRunStore store = new CurveRunStore(dir)) {
            store.record(new CurveRun(new CurveRunSpec("teacher", 3, 8, 4, 2, 10, 46, "rule", 0, new int[] {0}),
                    false, new double[] {0.1, 0.1}, new int[] {0}, new double[1], new double[1], new double[1], 1));
        }
        Files.writeString(dir.resolve(CurveRunStore.RUNS_FILE), "dataset\nteacher\n");

        IOException e = assertThrows(IOException.class, () -> CurveRunStore.read(dir));

        assertEquals(true, e.getMessage().contains(dir.toString()), e.getMessage());
    }
}
