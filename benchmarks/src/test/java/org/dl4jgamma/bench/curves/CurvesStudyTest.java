package org.dl4jgamma.bench.curves;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The plan's checkpoints and budgets, and the budget convention of a run. */
class CurvesStudyTest {

    /** Round-off of a mean of a few doubles. */
    private static final double TOLERANCE = 1e-12;

    @Test
    void checkpointsAreLogSpacedWithZeroTheBudgetsAndTheEnd() {
        assertArrayEquals(new int[] {0, 1, 3, 10, 32, 100, 250, 316, 500}, CurvesStudy.checkpoints(500, 2,
                List.of(250, 500)));
        assertThrows(IllegalArgumentException.class, () -> CurvesStudy.checkpoints(500, 2, List.of(600)));
    }

    @Test
    void defaultBudgetsAreOneAndThreeTimesPowersOfTenAndTheEnd() {
        assertEquals(List.of(100, 300, 1000, 2000), CurvesStudy.defaultBudgets(2000));
        assertEquals(List.of(100, 300, 1000, 3000, 5000), CurvesStudy.defaultBudgets(5000));
        assertEquals(List.of(50), CurvesStudy.defaultBudgets(50));
    }

    @Test
    void onlineLossAfterABudgetIsTheMeanOfItsLastTenPercent() {
        double[] losses = new double[30];
        for (int i = 0; i < losses.length; i++) {
            losses[i] = i + 1;
        }
        CurveRunSpec spec = new CurveRunSpec("teacher", 3, 8, 4, 30, 10, 20, "rule", 0, new int[] {0, 30});
        CurveRun run = new CurveRun(spec, false, losses, new int[] {0, 30}, new double[2], new double[2],
                new double[2], 1);
        CurveRun diverged = new CurveRun(spec, true, java.util.Arrays.copyOf(losses, 20), new int[] {0},
                new double[1], new double[1], new double[1], 1);

        assertEquals((19 + 20) / 2.0, run.onlineLossAt(20), TOLERANCE, "m = ceil(0.1 * 20) = 2: steps 19 and 20");
        assertEquals(10, run.onlineLossAt(10), TOLERANCE, "m = ceil(1) = 1: step 10");
        assertEquals(Double.NaN, diverged.onlineLossAt(20), "the step that diverged is not a loss after 20 steps");
        assertEquals((18 + 19) / 2.0, diverged.onlineLossAt(19), TOLERANCE, "m = ceil(1.9) = 2: steps 18 and 19");
        assertEquals(Double.NaN, run.onlineLossAt(31), "beyond the run");
    }
}
