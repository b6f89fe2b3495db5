package org.dl4jgamma.bench.curves;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Log-time binning and interpolation, against hand-computed values. */
class LogTimeCurveTest {

    /** Round-off of log10 and pow. */
    private static final double TOLERANCE = 1e-12;

    @Test
    void oneBinPerDecadeAveragesEachDecade() {
        double[] perStep = new double[100];
        for (int i = 0; i < perStep.length; i++) {
            perStep[i] = i + 1;
        }

        LogTimeCurve curve = LogTimeCurve.binned(perStep, 1);

        assertEquals(3, curve.size());
        assertArrayEquals(new double[] {5, 54.5, 100}, curve.values(), TOLERANCE);
        double logSum = 0;
        for (int t = 1; t <= 9; t++) {
            logSum += Math.log10(t);
        }
        assertEquals(Math.pow(10, logSum / 9), curve.times()[0], TOLERANCE);
    }

    @Test
    void interpolationIsExactOnAPowerLaw() {
        double[] times = {1, 10, 100};
        double[] values = {1, Math.pow(10, -0.5), 0.1};
        LogTimeCurve curve = new LogTimeCurve(times, values);

        assertEquals(-0.5 * Math.log10(3), curve.logValueAt(Math.log10(3)), TOLERANCE);
        assertEquals(-0.5 * 1.7, curve.logValueAt(1.7), TOLERANCE);
        assertEquals(-1.0, curve.logValueAt(2), TOLERANCE);
        assertEquals(-0.5 * 1.7, curve.shifted(1).logValueAt(2.7), TOLERANCE);
        assertThrows(IllegalArgumentException.class, () -> curve.logValueAt(2.5));
    }

    @Test
    void nonPositiveOrUnorderedPointsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LogTimeCurve(new double[] {1, 1}, new double[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> new LogTimeCurve(new double[] {1, 2}, new double[] {1, 0}));
    }
}
