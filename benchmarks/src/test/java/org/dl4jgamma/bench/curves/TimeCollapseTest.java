package org.dl4jgamma.bench.curves;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;

/**
 * The collapse fit on curves {@code L_i(t) = F(t * eta0_i / gamma0_i^a0)} built from one master curve F, so that the
 * exponent a0 is known.
 */
class TimeCollapseTest {

    /** a* vs a0 without noise: limited by the linear interpolation between log-time bins of 0.05 decade. */
    private static final double EXPONENT_TOLERANCE = 0.01;

    /** a* vs a0 with 5% per-step noise and three seeds. */
    private static final double NOISY_EXPONENT_TOLERANCE = 0.05;

    /** Largest collapse quality S(a*) / S(raw) accepted for an exact collapse. */
    private static final double EXACT_QUALITY = 0.01;

    private static final double[] GAMMAS = {10, 100, 1000, 1e4};
    private static final DoubleUnaryOperator MASTER = SyntheticCurves.staircase(0.02, new double[] {0.08},
            new double[] {30}, 3);
    private static final int STEPS = 3000;

    private static List<TimeCollapse.Input> curves(double a0, int seeds, double noise) {
        List<TimeCollapse.Input> inputs = new ArrayList<>();
        for (double gamma0 : GAMMAS) {
            double eta0 = 10 * Math.pow(gamma0, 2.0 / 3);
            double scale = eta0 / Math.pow(gamma0, a0);
            for (int seed = 0; seed < seeds; seed++) {
                double[] curve = SyntheticCurves.sample(t -> MASTER.applyAsDouble(t * scale), STEPS, noise,
                        seed * 100 + (long) gamma0);
                inputs.add(new TimeCollapse.Input(gamma0, eta0, LogTimeCurve.binned(curve, 20)));
            }
        }
        return inputs;
    }

    @Test
    void exactCollapseRecoversTheExponent() {
        double a0 = 1.2;

        TimeCollapse.Result result = TimeCollapse.defaults().fit(curves(a0, 1, 0), 0, 0);

        assertEquals(a0, result.exponent(), EXPONENT_TOLERANCE);
        assertTrue(result.quality() < EXACT_QUALITY, "quality " + result.quality());
        assertTrue(result.spreadBefore() > 0);
        assertTrue(Double.isNaN(result.exponentStdErr()), "one curve per gamma0: nothing to resample");
    }

    @Test
    void anExponentBelowTheRuleIsRecoveredToo() {
        double a0 = 0.3;

        TimeCollapse.Result result = TimeCollapse.defaults().fit(curves(a0, 1, 0), 0, 0);

        assertEquals(a0, result.exponent(), EXPONENT_TOLERANCE);
    }

    @Test
    void noisySeedsGiveTheExponentWithABootstrapUncertainty() {
        double a0 = 1.0;

        TimeCollapse.Result result = TimeCollapse.defaults().fit(curves(a0, 3, 0.05), 30, 7);

        assertEquals(a0, result.exponent(), NOISY_EXPONENT_TOLERANCE);
        assertEquals(30, result.replicates());
        assertTrue(result.exponentStdErr() > 0 && result.exponentStdErr() < NOISY_EXPONENT_TOLERANCE,
                "bootstrap sd " + result.exponentStdErr());
        assertTrue(result.quality() < 0.5, "quality " + result.quality());
    }

    @Test
    void theSpreadIsSmallestAtTheTrueExponentAndInfiniteWithoutOverlap() {
        List<TimeCollapse.Input> inputs = curves(1.2, 1, 0);
        TimeCollapse collapse = TimeCollapse.defaults();

        double atTruth = collapse.spread(inputs, 1.2, true);

        assertTrue(atTruth < collapse.spread(inputs, 1.0, true));
        assertTrue(atTruth < collapse.spread(inputs, 1.4, true));
        assertEquals(Double.POSITIVE_INFINITY, collapse.spread(inputs, 3.0, true), "shifts of 7 decades");
    }

    @Test
    void oneGammaIsRefused() {
        List<TimeCollapse.Input> one = curves(1, 2, 0).subList(0, 2);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TimeCollapse.defaults().fit(one, 0, 0));

        assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
    }
}
