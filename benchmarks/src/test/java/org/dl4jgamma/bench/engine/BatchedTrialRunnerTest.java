package org.dl4jgamma.bench.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.dl4jgamma.bench.sweep.DivergenceGuard;
import org.dl4jgamma.bench.sweep.Dl4jTrialRunner;
import org.dl4jgamma.bench.sweep.LossKind;
import org.dl4jgamma.bench.sweep.TrialResult;
import org.dl4jgamma.bench.sweep.TrialSpec;
import org.dl4jgamma.bench.sweep.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine as the sweep uses it: results equal to the DL4J path's, a diverging trial that leaves its batch without
 * touching the others, and results that do not depend on which trials share a batch.
 */
class BatchedTrialRunnerTest {

    private static final DivergenceGuard GUARD = new DivergenceGuard(DivergenceGuard.DEFAULT_FACTOR);

    private final BatchedTrialRunner runner = new BatchedTrialRunner(BatchedEngineExactnessTest.DATA, GUARD, 16);

    private static TrialSpec spec(double gamma0, double eta0, boolean useDouble) {
        return new TrialSpec(3, 12, gamma0, eta0, 5, 30, 8, LossKind.MSE, useDouble);
    }

    @Test
    void resultsEqualTheDl4jPathInDoublePrecision() {
        List<TrialSpec> specs = List.of(spec(0.1, 0.005, true), spec(1, 0.5, true), spec(10, 0.5, true),
                spec(10, 1e4, true));
        Dl4jTrialRunner dl4j = new Dl4jTrialRunner(BatchedEngineExactnessTest.DATA, GUARD);

        List<TrialResult> batched = runner.runBatch(specs);

        for (int i = 0; i < specs.size(); i++) {
            TrialResult expected = dl4j.run(specs.get(i));
            TrialResult actual = batched.get(i);
            assertEquals(specs.get(i), actual.spec());
            assertEquals(expected.status(), actual.status(), "status of " + specs.get(i));
            assertEquals(expected.stepsRun(), actual.stepsRun(), "steps of " + specs.get(i));
            for (int t = 0; t < expected.stepsRun(); t++) {
                double e = expected.lossCurve()[t];
                assertEquals(e, actual.lossCurve()[t], BatchedEngineExactnessTest.TOLERANCE * Math.abs(e),
                        "loss at step " + t + " of " + specs.get(i));
            }
            if (expected.ok()) {
                assertEquals(expected.finalLoss(), actual.finalLoss(), 1e-9 * expected.finalLoss());
                assertEquals(expected.testLoss(), actual.testLoss(), 1e-9 * expected.testLoss());
                assertEquals(expected.testAccuracy(), actual.testAccuracy(), 0.0);
            }
        }
        assertEquals(TrialStatus.DIVERGED, batched.get(3).status(), "eta0 = 1e4 must diverge");
        assertTrue(batched.get(3).stepsRun() < 30);
    }

    /**
     * A trial's numbers are bit for bit the same alone and in any batch, in float as in double: every product has the
     * shape of one model's (OpenBLAS's float kernels round a column's sums differently for different matrix widths,
     * so one wide product over all models would not be), and the losses are summed model by model. This is what
     * makes a sweep's results independent of how its trials happened to be batched.
     */
    @ParameterizedTest(name = "double = {0}")
    @ValueSource(booleans = {false, true})
    void aTrialsResultDoesNotDependOnItsBatch(boolean useDouble) {
        TrialSpec watched = spec(1, 0.5, useDouble);
        List<TrialSpec> crowd = new ArrayList<>();
        crowd.add(spec(10, 1e4, useDouble));
        crowd.add(spec(0.1, 0.005, useDouble));
        crowd.add(watched);
        crowd.add(spec(3, 1e5, useDouble));
        crowd.add(spec(30, 2, useDouble));

        TrialResult alone = runner.runBatch(List.of(watched)).get(0);
        TrialResult lastAlone = runner.runBatch(List.of(crowd.get(4))).get(0);
        List<TrialResult> together = runner.runBatch(crowd);

        assertEquals(TrialStatus.DIVERGED, together.get(0).status());
        assertEquals(TrialStatus.DIVERGED, together.get(3).status());
        assertEquals(TrialStatus.OK, together.get(2).status());
        assertEquals(TrialStatus.OK, together.get(4).status());
        assertArrayEquals(alone.lossCurve(), together.get(2).lossCurve(), "the curve must be bit for bit the same");
        assertArrayEquals(lastAlone.lossCurve(), together.get(4).lossCurve(),
                "the curve of the trial that moved into a diverged trial's slot must be bit for bit the same");
        assertEquals(alone.testLoss(), together.get(2).testLoss(), 0.0);
        assertEquals(alone.testAccuracy(), together.get(2).testAccuracy(), 0.0);
    }

    @Test
    void rejectsMixedAndOversizedBatchesAndShallowNetworks() {
        TrialSpec a = spec(1, 0.5, false);
        TrialSpec otherSeed = new TrialSpec(3, 12, 1, 0.5, 6, 30, 8, LossKind.MSE, false);
        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class,
                () -> runner.runBatch(List.of(a, otherSeed)));
        assertTrue(mixed.getMessage().contains("share depth, width, seed"), mixed.getMessage());

        BatchedTrialRunner small = new BatchedTrialRunner(BatchedEngineExactnessTest.DATA, GUARD, 1);
        assertThrows(IllegalArgumentException.class, () -> small.runBatch(List.of(a, a)));
        assertThrows(IllegalArgumentException.class,
                () -> new BatchedTrialRunner(BatchedEngineExactnessTest.DATA, GUARD, 0));

        TrialSpec shallow = new TrialSpec(1, 12, 1, 0.5, 5, 30, 8, LossKind.MSE, false);
        IllegalArgumentException depth = assertThrows(IllegalArgumentException.class,
                () -> runner.runBatch(List.of(shallow)));
        assertTrue(depth.getMessage().contains("depth = 1"), depth.getMessage());
    }
}
