package org.dl4jgamma.bench.curves;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;

/** The plateau and step detector on synthetic staircases whose plateau end and step times are known exactly. */
class PlateauDetectorTest {

    /** Plateau end vs the exact crossing, in decades of time, without noise (log-time bins of 0.1 decade). */
    private static final double END_TOLERANCE_DECADES = 0.03;

    /** The same with 5% per-step noise. */
    private static final double NOISY_END_TOLERANCE_DECADES = 0.06;

    /** Step time vs the exact steepest point, in decades (one bin). */
    private static final double STEP_TOLERANCE_DECADES = 0.1;

    /** Plateau level vs the exact L(1..5), relative. */
    private static final double LEVEL_TOLERANCE = 1e-3;

    private static final int STEPS = 5000;
    private static final DoubleUnaryOperator TWO_STEPS = SyntheticCurves.staircase(0.01,
            new double[] {0.05, 0.04}, new double[] {60, 1200}, 5);

    @Test
    void twoStepStaircaseGivesThePlateauEndAndBothStepTimes() {
        PlateauDetector.Result result = PlateauDetector.defaults().detect(SyntheticCurves.sample(TWO_STEPS, STEPS,
                0, 0));

        double level = TWO_STEPS.applyAsDouble(3);
        assertEquals(level, result.plateauLevel(), LEVEL_TOLERANCE * level);
        double end = SyntheticCurves.crossing(TWO_STEPS, 0.9 * level, STEPS);
        assertEquals(Math.log10(end), Math.log10(result.plateauEnd()), END_TOLERANCE_DECADES,
                "plateau end " + result.plateauEnd() + " vs exact " + end);

        assertEquals(2, result.steps().size(), result.steps().toString());
        double first = SyntheticCurves.steepest(TWO_STEPS, 10, 300);
        double second = SyntheticCurves.steepest(TWO_STEPS, 300, STEPS);
        assertEquals(first, Math.log10(result.steps().get(0).time()), STEP_TOLERANCE_DECADES);
        assertEquals(second, Math.log10(result.steps().get(1).time()), STEP_TOLERANCE_DECADES);
        assertTrue(result.steps().get(0).lossBefore() > result.steps().get(0).lossAfter());
    }

    @Test
    void noisyStaircaseStillGivesTwoStepsAtTheRightTimes() {
        for (long seed = 0; seed < 5; seed++) {
            PlateauDetector.Result result = PlateauDetector.defaults().detect(SyntheticCurves.sample(TWO_STEPS,
                    STEPS, 0.05, seed));

            double end = SyntheticCurves.crossing(TWO_STEPS, 0.9 * TWO_STEPS.applyAsDouble(3), STEPS);
            assertEquals(Math.log10(end), Math.log10(result.plateauEnd()), NOISY_END_TOLERANCE_DECADES,
                    "seed " + seed);
            assertEquals(2, result.steps().size(), "seed " + seed + ": " + result.steps());
            assertEquals(SyntheticCurves.steepest(TWO_STEPS, 300, STEPS), Math.log10(result.steps().get(1).time()),
                    STEP_TOLERANCE_DECADES, "seed " + seed);
        }
    }

    @Test
    void aCurveThatStaysOnItsPlateauHasNoEndAndNoSteps() {
        double[] flat = new double[2000];
        Arrays.fill(flat, 0.1);
        flat[1999] = 0.095;

        PlateauDetector.Result result = PlateauDetector.defaults().detect(flat);

        assertFalse(result.plateauEnded());
        assertTrue(Double.isNaN(result.plateauEnd()));
        assertTrue(result.steps().isEmpty(), result.steps().toString());
    }

    @Test
    void aSmoothPowerLawHasNoStepsHoweverSteep() {
        double[] power = SyntheticCurves.sample(t -> 0.1 * Math.pow(t, -0.5), STEPS, 0, 0);

        PlateauDetector.Result result = PlateauDetector.defaults().detect(power);

        assertTrue(result.steps().isEmpty(), result.steps().toString());
        double end = 3 * Math.pow(0.9, -1 / 0.5);
        assertEquals(Math.log10(end), Math.log10(result.plateauEnd()), END_TOLERANCE_DECADES,
                "level L(3) (the median of steps 1..5), 10% below it at t = 3 * 0.9^(-1/0.5)");
    }

    @Test
    void aDivergedTailIsIgnored() {
        double[] curve = SyntheticCurves.sample(TWO_STEPS, 400, 0, 0);
        curve[399] = Double.NaN;

        PlateauDetector.Result result = PlateauDetector.defaults().detect(curve);

        assertTrue(result.plateauEnded());
    }

    @Test
    void badSettingsAreRefusedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PlateauDetector.withDropFraction(1.5));
        assertTrue(e.getMessage().contains("1.5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PlateauDetector(5, 10, 0.1, 2, 0.2, 0.5));
        assertThrows(IllegalArgumentException.class, () -> PlateauDetector.defaults().detect(new double[3]));
    }
}
