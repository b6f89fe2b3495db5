package org.dl4jgamma.bench.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dl4jgamma.bench.analysis.PowerLawFit;
import org.dl4jgamma.bench.analysis.SweepAnalysis;
import org.dl4jgamma.bench.sweep.LossKind;
import org.dl4jgamma.bench.sweep.SearchOutcome;
import org.dl4jgamma.bench.sweep.SweepResult;
import org.dl4jgamma.bench.sweep.TrialResult;
import org.dl4jgamma.bench.sweep.TrialSpec;
import org.dl4jgamma.bench.sweep.TrialStatus;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/** Details of the plots: round colour-bar ticks, slope labels, where the paper's lines are anchored. */
class PlotDetailsTest {

    private static final double TOLERANCE = 1e-9;

    @Test
    void colourBarTicksAreRoundMultiples() {
        double[] ticks = HeatmapPlot.roundTicks(-1.13, -1.01, 6);

        assertArrayEquals(new double[] {0.02, -1.12, -1.10, -1.08, -1.06, -1.04, -1.02}, ticks, TOLERANCE);
        assertEquals(2, HeatmapPlot.decimalsOf(ticks[0]));
        assertArrayEquals(new double[] {0.5, -1.5, -1.0, -0.5, 0.0}, HeatmapPlot.roundTicks(-1.7, 0.2, 6), TOLERANCE);
        assertEquals(1, HeatmapPlot.decimalsOf(0.5));
    }

    @Test
    void slopeLabelsCarryTheirUncertaintyOrPointCount() {
        assertEquals("2.50 (2 pts, no error estimate)",
                Eta0Plot.slope(PowerLawFit.fit(new double[] {1, 10}, new double[] {1, Math.pow(10, 2.5)})));
        assertEquals("2.00 +- 0.00 (3 pts)",
                Eta0Plot.slope(PowerLawFit.fit(new double[] {1, 10, 100}, new double[] {1, 100, 1e4})));
    }

    @Test
    void neighbouringGammaCurvesGetDifferentColours() {
        assertNotEquals(LossCurvePlot.colourOf(1, -2, 2), LossCurvePlot.colourOf(10, -2, 2));
    }

    /** eta0* = 10 at gamma0 = 1, slope 2 below and 1 above (L = 2); the paper's lines must pass through it. */
    @Test
    void paperLinesAreAnchoredAtTheMeasuredPointNearestOne() {
        List<SearchOutcome> outcomes = new ArrayList<>();
        for (double gamma0 : new double[] {0.01, 0.1, 1, 10, 100}) {
            double eta0 = gamma0 <= 1 ? 10 * gamma0 * gamma0 : 10 * gamma0;
            TrialSpec spec = new TrialSpec(2, 8, gamma0, eta0, 0, 10, 8, LossKind.MSE, false);
            TrialResult trial = new TrialResult(spec, TrialStatus.OK, 10, 0.1, 0.1, 0.5, 1, new double[] {0.2, 0.1});
            outcomes.add(SearchOutcome.of("reference", 2, gamma0, 0, List.of(trial), 10));
        }
        SweepAnalysis analysis = SweepAnalysis.of(new SweepResult(Map.of("reference", outcomes)), 0.1, 10);

        XYChart chart = Eta0Plot.chart(analysis, "reference", false);

        List<XYSeries> paper = chart.getSeriesMap().values().stream().filter(s -> s.getName().contains("paper"))
                .toList();
        assertEquals(2, paper.size());
        for (XYSeries line : paper) {
            double[] x = line.getXData();
            double[] y = line.getYData();
            int atOne = x[0] == 1.0 ? 0 : x.length - 1;
            assertEquals(1.0, x[atOne], TOLERANCE);
            assertEquals(10.0, y[atOne], TOLERANCE, line.getName());
        }
        assertEquals(10.0 * 1e-4, paper.get(0).getYData()[0], TOLERANCE);
        assertEquals(1000.0, paper.get(1).getYData()[1], 1e-6);
    }
}
