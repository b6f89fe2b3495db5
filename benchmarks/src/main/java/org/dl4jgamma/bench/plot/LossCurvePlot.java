package org.dl4jgamma.bench.plot;

import java.awt.Color;
import java.awt.Font;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.dl4jgamma.bench.sweep.SearchOutcome;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The online training loss against the step, at eta0*, one line per gamma0, for one (protocol, depth, seed), on
 * logarithmic axes (a spike does not squash the other curves, and a plateau and its end are visible at any step):
 * log10 of the step and of the loss are drawn on linear axes whose tick labels show the values themselves, so that
 * ticks fall between decades too. Line colours follow the viridis colour map at the position of log10 gamma0
 * between the smallest (dark purple) and largest gamma0 (yellow-green).
 */
public final class LossCurvePlot {

    private LossCurvePlot() {
    }

    /**
     * @param title    the title
     * @param outcomes the outcomes of one (protocol, depth, seed), ascending in gamma0
     * @return the chart
     */
    public static XYChart chart(String title, List<SearchOutcome> outcomes) {
        XYChart chart = new XYChartBuilder().width(900).height(620).title(title)
                .xAxisTitle("SGD step (log scale)").yAxisTitle("online training loss").build();
        boolean logarithmic = allPositive(outcomes);
        chart.getStyler().setXAxisTickMarkSpacingHint(120)
                .setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12))
                .setLegendPosition(Styler.LegendPosition.OutsideE)
                .setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12))
                .setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16))
                .setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        chart.getStyler().setxAxisTickLabelsFormattingFunction(
                log10 -> String.format(Locale.ROOT, "%.0f", Math.pow(10, log10)));
        if (logarithmic) {
            chart.setYAxisTitle("online training loss (log scale)");
            chart.getStyler().setyAxisTickLabelsFormattingFunction(
                    log10 -> String.format(Locale.ROOT, "%.2g", Math.pow(10, log10)));
        }

        double logMin = outcomes.stream().mapToDouble(o -> Math.log10(o.gamma0())).min().orElse(0);
        double logMax = outcomes.stream().mapToDouble(o -> Math.log10(o.gamma0())).max().orElse(0);
        for (SearchOutcome outcome : outcomes) {
            if (outcome.best() == null || outcome.best().lossCurve().length == 0) {
                continue;
            }
            double[] curve = outcome.best().lossCurve();
            double[] steps = new double[curve.length];
            for (int t = 0; t < steps.length; t++) {
                steps[t] = Math.log10(t + 1);
            }
            String name = String.format(Locale.ROOT, "gamma0=%.3g, eta0*=%.3g", outcome.gamma0(), outcome.eta0Star());
            double[] drawn = logarithmic ? Arrays.stream(curve).map(Math::log10).toArray() : curve;
            XYSeries series = chart.addSeries(name, steps, drawn);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(colourOf(outcome.gamma0(), logMin, logMax));
            series.setLineWidth(1.6f);
        }
        return chart;
    }

    /** @return whether every curve drawn is positive, as a logarithmic axis needs */
    private static boolean allPositive(List<SearchOutcome> outcomes) {
        return outcomes.stream().filter(o -> o.best() != null).flatMapToDouble(o -> Arrays.stream(o.best().lossCurve()))
                .allMatch(loss -> loss > 0 && Double.isFinite(loss));
    }

    /**
     * @return the viridis colour at log10 gamma0's position in [logMin, logMax], using 0..0.9 of the map (its
     *         last tenth is too light on white)
     */
    static Color colourOf(double gamma0, double logMin, double logMax) {
        double t = logMax > logMin ? (Math.log10(gamma0) - logMin) / (logMax - logMin) : 0;
        return Viridis.at(0.9 * t);
    }
}
