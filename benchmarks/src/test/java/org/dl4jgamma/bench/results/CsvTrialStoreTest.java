package org.dl4jgamma.bench.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.dl4jgamma.bench.sweep.LossKind;
import org.dl4jgamma.bench.sweep.TrialResult;
import org.dl4jgamma.bench.sweep.TrialSpec;
import org.dl4jgamma.bench.sweep.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** results.csv and curves.csv: exact round trip, and resume after a crash that cut the last line. */
class CsvTrialStoreTest {

    @TempDir
    Path dir;

    private static TrialResult ok(double eta0) {
        TrialSpec spec = new TrialSpec(3, 128, 1e-3, eta0, 7, 4, 64, LossKind.XENT, true);
        return new TrialResult(spec, TrialStatus.OK, 4, 0.123456789012345, 0.2, 0.875, 1.5,
                new double[] {2.302585092994046, 1.1, 0.3333333333333333, 0.123456789012345});
    }

    private static TrialResult diverged(double eta0) {
        TrialSpec spec = new TrialSpec(2, 128, Math.pow(10, 2.5), eta0, 0, 300, 64, LossKind.MSE, false);
        return new TrialResult(spec, TrialStatus.DIVERGED, 2, Double.NaN, Double.NaN, Double.NaN, 0.01,
                new double[] {0.1, Double.POSITIVE_INFINITY});
    }

    @Test
    void everyFieldRoundTripsExactly() throws IOException {
        CsvTrialStore store = CsvTrialStore.create(dir);
        store.record("reference", ok(Math.pow(10, -3.5)));
        store.record("guided", diverged(1e3));
        store.close();

        CsvTrialStore reopened = CsvTrialStore.resume(dir);

        assertEquals(ok(Math.pow(10, -3.5)), reopened.find("reference", ok(Math.pow(10, -3.5)).spec()).orElseThrow());
        TrialResult back = reopened.find("guided", diverged(1e3).spec()).orElseThrow();
        assertEquals(diverged(1e3), back);
        assertArrayEquals(new double[] {0.1, Double.POSITIVE_INFINITY}, back.lossCurve());
        assertFalse(reopened.find("reference", diverged(1e3).spec()).isPresent(), "the protocol is part of the key");
        reopened.close();
    }

    @Test
    void halfWrittenLastLineIsDroppedAndTheFileContinuesCleanly() throws IOException {
        CsvTrialStore store = CsvTrialStore.create(dir);
        store.record("reference", ok(1e-3));
        store.record("reference", ok(1e-2));
        store.close();
        Path results = dir.resolve(CsvTrialStore.RESULTS_FILE);
        String complete = Files.readString(results);
        String lastLine = complete.substring(complete.lastIndexOf('\n', complete.length() - 2) + 1);
        // A crash while writing a third row: the row for eta0 = 0.1 cut inside its last number, no newline.
        String partial = lastLine.replace("0.01", "0.1").substring(0, lastLine.length() - 3);
        Files.writeString(results, partial, StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        CsvTrialStore resumed = CsvTrialStore.resume(dir);

        assertEquals(2, resumed.all().size());
        assertFalse(resumed.find("reference", ok(0.1).spec()).isPresent());
        assertEquals(complete, Files.readString(results), "the partial line was cut off the file");
        resumed.record("reference", ok(0.1));
        resumed.close();
        CsvTrialStore again = CsvTrialStore.resume(dir);
        assertEquals(List.of(1e-3, 1e-2, 0.1), again.all().stream().map(t -> t.result().spec().eta0()).toList());
        again.close();
    }

    @Test
    void aDamagedCompleteLineIsAnErrorNamingTheLine() throws IOException {
        CsvTrialStore store = CsvTrialStore.create(dir);
        store.record("reference", ok(1e-3));
        store.close();
        Path results = dir.resolve(CsvTrialStore.RESULTS_FILE);
        Files.writeString(results, Files.readString(results).replace("OK", "MAYBE"));

        IOException e = assertThrows(IOException.class, () -> CsvTrialStore.resume(dir));

        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void resumeAfterResultsLostTheirLastLineKeepsOneCurvePerFinishedTrial() throws IOException {
        CsvTrialStore store = CsvTrialStore.create(dir);
        for (double eta0 : new double[] {1e-3, 1e-2, 0.1}) {
            store.record("reference", ok(eta0));
        }
        store.close();
        Path results = dir.resolve(CsvTrialStore.RESULTS_FILE);
        List<String> rows = Files.readAllLines(results);
        Files.write(results, rows.subList(0, rows.size() - 1));

        CsvTrialStore resumed = CsvTrialStore.resume(dir);
        resumed.record("reference", ok(0.1));
        resumed.close();

        List<String> curves = Files.readAllLines(dir.resolve(CsvTrialStore.CURVES_FILE));
        assertEquals(1 + 3, curves.size(), "header and one curve per trial: " + curves);
        assertEquals(curves.size(), curves.stream().distinct().count(), "no curve twice: " + curves);
        CsvTrialStore again = CsvTrialStore.resume(dir);
        assertEquals(List.of(1e-3, 1e-2, 0.1), again.all().stream().map(t -> t.result().spec().eta0()).toList());
        assertArrayEquals(ok(0.1).lossCurve(), again.find("reference", ok(0.1).spec()).orElseThrow().lossCurve());
        again.close();
    }
}
