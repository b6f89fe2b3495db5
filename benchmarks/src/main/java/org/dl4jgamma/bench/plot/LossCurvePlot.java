package org.dl4jgamma.bench.plot;

import java.awt.Color;
import java.awt.Font;
import java.util.List;
import java.util.Locale;

import org.dl4jgamma.bench.sweep.SearchOutcome;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The online training loss against the step, at eta0*, one line per gamma0, for one (protocol, depth, seed).
 * Lines go from blue (smallest gamma0) to red (largest).
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
                .xAxisTitle("SGD step").yAxisTitle("online training loss").build();
        chart.getStyler().setXAxisTickMarkSpacingHint(90)
                .setLegendPosition(Styler.LegendPosition.OutsideE)
                .setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12))
                .setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16))
                .setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));

        int n = outcomes.size();
        for (int i = 0; i < n; i++) {
            SearchOutcome outcome = outcomes.get(i);
            if (outcome.best() == null || outcome.best().lossCurve().length == 0) {
                continue;
            }
            double[] curve = outcome.best().lossCurve();
            double[] steps = new double[curve.length];
            for (int t = 0; t < steps.length; t++) {
                steps[t] = t + 1;
            }
            String name = String.format(Locale.ROOT, "gamma0=%.3g, eta0*=%.3g", outcome.gamma0(), outcome.eta0Star());
            XYSeries series = chart.addSeries(name, steps, curve);
            series.setMarker(SeriesMarkers.NONE);
            float t = n == 1 ? 0f : (float) i / (n - 1);
            series.setLineColor(new Color(t, 0.15f, 1f - t));
        }
        return chart;
    }
}
