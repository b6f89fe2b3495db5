package org.dl4jgamma.bench.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.dl4jgamma.bench.sweep.LogGrid;
import org.dl4jgamma.bench.sweep.LossKind;
import org.dl4jgamma.bench.sweep.SearchOutcome;
import org.dl4jgamma.bench.sweep.SweepResult;
import org.dl4jgamma.bench.sweep.TrialResult;
import org.dl4jgamma.bench.sweep.TrialSpec;
import org.dl4jgamma.bench.sweep.TrialStatus;
import org.junit.jupiter.api.Test;

/** Slope fits on exact power laws recover the exponents. */
class PowerLawFitTest {

    /** Round-off of log10 and least squares on a few points. */
    private static final double TOLERANCE = 1e-10;

    @Test
    void exactPowerLawIsRecoveredWithZeroStandardError() {
        double[] x = {1e-3, 1e-2, 1e-1, 0.5};
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 0.3 * Math.pow(x[i], 2.0);
        }

        PowerLawFit fit = PowerLawFit.fit(x, y);

        assertEquals(2.0, fit.slope(), TOLERANCE);
        assertEquals(0.3, fit.prefactor(), TOLERANCE);
        assertEquals(0.0, fit.slopeStdErr(), TOLERANCE);
        assertEquals(0.3 * 4.0, fit.predict(2.0), TOLERANCE);
    }

    @Test
    void standardErrorMatchesTheHandComputedValue() {
        double[] x = {1, 10, 100};
        double[] y = {1, 100, 1000};

        PowerLawFit fit = PowerLawFit.fit(x, y);

        // u = 0, 1, 2; v = 0, 2, 3: slope 1.5, residuals 1/6, -1/3, 1/6, SSE = 1/6, Sxx = 2: se = sqrt(1/12).
        assertEquals(1.5, fit.slope(), TOLERANCE);
        assertEquals(Math.sqrt(1.0 / 12.0), fit.slopeStdErr(), TOLERANCE);
    }

    @Test
    void fewerThanTwoPointsIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> PowerLawFit.fit(new double[] {1}, new double[] {1}));
    }

    @Test
    void sweepAnalysisFitsEachSideOfTheTwoRegimes() {
        int depth = 4;
        List<SearchOutcome> outcomes = new ArrayList<>();
        for (double gamma0 : new LogGrid(2).valuesBetween(1e-3, 1e3)) {
            double eta0 = gamma0 <= 1 ? 0.5 * gamma0 * gamma0 : 0.5 * Math.pow(gamma0, 2.0 / depth);
            TrialSpec spec = new TrialSpec(depth, 8, gamma0, eta0, 0, 10, 4, LossKind.MSE, false);
            TrialResult best = new TrialResult(spec, TrialStatus.OK, 10, 0.1, 0.1, 0.5, 0, new double[10]);
            TrialSpec above = spec.withEta0(3 * eta0);
            TrialResult max = new TrialResult(above, TrialStatus.OK, 10, 0.2, 0.2, 0.5, 0, new double[10]);
            outcomes.add(SearchOutcome.of("reference", depth, gamma0, 0, List.of(best, max), 10));
        }

        SweepAnalysis analysis = SweepAnalysis.of(new SweepResult(java.util.Map.of("reference", outcomes)),
                SweepAnalysis.DEFAULT_SMALL_MAX, SweepAnalysis.DEFAULT_LARGE_MIN);

        SlopeFits fits = analysis.fits().get(0);
        assertNotNull(fits.smallStar());
        assertEquals(2.0, fits.smallStar().slope(), TOLERANCE);
        assertEquals(0.5, fits.largeStar().slope(), TOLERANCE);
        assertEquals(2.0, fits.smallMax().slope(), TOLERANCE);
        assertEquals(0.5, fits.largeMax().slope(), TOLERANCE);
        assertEquals(5, fits.smallStar().n(), "gamma0 = 1e-3 .. 1e-1 on the half-decade grid");
    }
}
