package org.dl4jgamma.bench.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.dl4jgamma.bench.curves.CurveRun;
import org.dl4jgamma.bench.curves.CurvesAnalysis;
import org.dl4jgamma.bench.curves.CurvesStudy;
import org.dl4jgamma.bench.curves.LogTimeCurve;
import org.dl4jgamma.bench.curves.PlateauDetector;
import org.dl4jgamma.bench.curves.TimeCollapse;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The plots of the curves study ({@code ./dl4j-gamma curves}), written into the output directory; {@code D} is a
 * dataset name:
 * <ul>
 *   <li>{@code loss-D.png}: online loss (mean over seeds, averaged in log-time bins) against the step, log-log, one
 *       line per gamma0 at the rule's eta0, the plateau ends marked;</li>
 *   <li>{@code test-loss-D.png}: test loss at the checkpoints against the step, log-log;</li>
 *   <li>{@code collapse-before-D.png} and {@code collapse-after-D.png}: the curves of the collapse against the
 *       step and against {@code t * eta0 / gamma0^a*};</li>
 *   <li>{@code collapse-spread-D.png}: the spread S(a) the collapse minimises;</li>
 *   <li>{@code best-gamma-D.png} and {@code accuracy-D.png}: online loss and test accuracy after each budget
 *       against gamma0;</li>
 *   <li>{@code features-D.png}: feature movement against the step; {@code features.png} and
 *       {@code plateau-ends.png}: final feature movement and plateau end against gamma0, all datasets.</li>
 * </ul>
 * With {@code svg}, an SVG beside each.
 */
public final class CurvesPlots {

    private static final int BINS_PER_DECADE = 20;
    private static final Color[] DATASET_COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c)};
    private static final Color[] BUDGET_COLOURS = {new Color(0xff7f0e), new Color(0x2ca02c), new Color(0x1f77b4),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0x000000)};

    private CurvesPlots() {
    }

    /**
     * @param dir      output directory
     * @param analysis the analysis
     * @param detector the plateau detector used (for the level marked)
     * @param svg      whether to write SVG too
     * @return the PNG files written
     * @throws IOException if a file cannot be written
     */
    public static List<Path> writeAll(Path dir, CurvesAnalysis analysis, PlateauDetector detector, boolean svg)
            throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dataset : analysis.datasets()) {
            Map<Double, List<CurveRun>> rule = analysis.runsByGamma(dataset, CurvesStudy.RULE);
            write(files, dir, "loss-" + dataset, lossChart(dataset, rule, analysis, detector), svg);
            write(files, dir, "test-loss-" + dataset, checkpointChart(dataset, rule, false), svg);
            write(files, dir, "features-" + dataset, checkpointChart(dataset, rule, true), svg);
            for (CurvesAnalysis.Collapse collapse : analysis.collapses()) {
                if (collapse.dataset().equals(dataset) && collapse.result() != null) {
                    write(files, dir, "collapse-before-" + dataset, collapseChart(collapse, rule, false), svg);
                    write(files, dir, "collapse-after-" + dataset, collapseChart(collapse, rule, true), svg);
                    write(files, dir, "collapse-spread-" + dataset, spreadChart(collapse), svg);
                }
            }
            write(files, dir, "best-gamma-" + dataset, budgetChart(dataset, analysis, false), svg);
            write(files, dir, "accuracy-" + dataset, budgetChart(dataset, analysis, true), svg);
        }
        write(files, dir, "features", summaryChart(analysis, true), svg);
        write(files, dir, "plateau-ends", summaryChart(analysis, false), svg);
        return files;
    }

    private static void write(List<Path> files, Path dir, String name, XYChart chart, boolean svg)
            throws IOException {
        if (chart.getSeriesMap().isEmpty()) {
            return;
        }
        linearWhereNarrow(chart);
        Path file = dir.resolve(name + ".png");
        PlotFiles.write(chart, file, svg);
        files.add(file);
    }

    /**
     * A log y axis shows tick labels at powers of ten only, so data spanning less than a decade would have none:
     * such an axis becomes linear, and its title loses "(log scale)".
     */
    private static void linearWhereNarrow(XYChart chart) {
        if (!chart.getStyler().isYAxisLogarithmic()) {
            return;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (XYSeries series : chart.getSeriesMap().values()) {
            for (double y : series.getYData()) {
                if (y > 0 && Double.isFinite(y)) {
                    min = Math.min(min, y);
                    max = Math.max(max, y);
                }
            }
        }
        if (max / min < 10) {
            chart.getStyler().setYAxisLogarithmic(false).setYAxisDecimalPattern("0.####");
            chart.setYAxisTitle(chart.getYAxisTitle().replace(" (log scale)", ""));
        }
    }

    private static XYChart chart(String title, String xTitle, String yTitle, boolean logX, boolean logY) {
        XYChart chart = new XYChartBuilder().width(900).height(620).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setXAxisLogarithmic(logX).setYAxisLogarithmic(logY)
                .setLegendPosition(Styler.LegendPosition.OutsideE)
                .setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12))
                .setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16))
                .setChartBackgroundColor(Color.WHITE)
                .setMarkerSize(7);
        chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        return chart;
    }

    private static Color gammaColour(int index, int count) {
        float t = count <= 1 ? 0f : (float) index / (count - 1);
        return new Color(t, 0.15f, 1f - t);
    }

    private static String gammaLabel(double gamma0) {
        return String.format(Locale.ROOT, "gamma0=%.3g", gamma0);
    }

    private static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color colour) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(colour);
        series.setLineStyle(new BasicStroke(2f));
        return series;
    }

    private static XYChart lossChart(String dataset, Map<Double, List<CurveRun>> byGamma, CurvesAnalysis analysis,
                                     PlateauDetector detector) {
        XYChart chart = chart("Online loss at the rule's eta0, " + dataset + " (mean over seeds)",
                "SGD step t (log scale)", "online training loss (log scale)", true, true);
        List<Double> endX = new ArrayList<>();
        List<Double> endY = new ArrayList<>();
        int i = 0;
        for (Map.Entry<Double, List<CurveRun>> entry : byGamma.entrySet()) {
            LogTimeCurve curve = CurvesAnalysis.meanCurve(entry.getValue(), BINS_PER_DECADE);
            Color colour = gammaColour(i++, byGamma.size());
            if (curve.size() < 2) {
                continue;
            }
            line(chart, gammaLabel(entry.getKey()), curve.times(), curve.values(), colour);
            for (CurveRun run : entry.getValue()) {
                PlateauDetector.Result plateau = analysis.plateau(run);
                if (plateau != null && plateau.plateauEnded()) {
                    endX.add(plateau.plateauEnd());
                    endY.add((1 - detector.dropFraction()) * plateau.plateauLevel());
                }
            }
        }
        if (!endX.isEmpty()) {
            XYSeries ends = chart.addSeries(String.format(Locale.ROOT, "plateau end (%.0f%% below), each seed",
                    100 * detector.dropFraction()), endX, endY);
            ends.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            ends.setMarker(SeriesMarkers.DIAMOND).setMarkerColor(Color.BLACK);
        }
        return chart;
    }

    private static XYChart checkpointChart(String dataset, Map<Double, List<CurveRun>> byGamma, boolean features) {
        XYChart chart = features
                ? chart("Feature movement of the last hidden layer, " + dataset, "SGD step t (log scale)",
                        "||H_t - H_0|| / ||H_0|| on the probe batch (log scale)", true, true)
                : chart("Test loss at the rule's eta0, " + dataset + " (mean over seeds)", "SGD step t (log scale)",
                        "test loss (log scale)", true, true);
        int i = 0;
        for (Map.Entry<Double, List<CurveRun>> entry : byGamma.entrySet()) {
            Color colour = gammaColour(i++, byGamma.size());
            CurveRun first = entry.getValue().get(0);
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int c = 0; c < first.checkpoints().length; c++) {
                int step = first.checkpoints()[c];
                double sum = 0;
                int count = 0;
                for (CurveRun run : entry.getValue()) {
                    int index = run.checkpointIndex(step);
                    if (index >= 0) {
                        sum += features ? run.featureChange()[index] : run.testLoss()[index];
                        count++;
                    }
                }
                double mean = sum / count;
                if (step > 0 && count == entry.getValue().size() && mean > 0 && Double.isFinite(mean)) {
                    x.add((double) step);
                    y.add(mean);
                }
            }
            if (x.size() >= 2) {
                XYSeries series = chart.addSeries(gammaLabel(entry.getKey()), x, y);
                series.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(colour).setLineColor(colour);
            }
        }
        return chart;
    }

    private static XYChart collapseChart(CurvesAnalysis.Collapse collapse, Map<Double, List<CurveRun>> byGamma,
                                         boolean after) {
        TimeCollapse.Result result = collapse.result();
        String title = after
                ? String.format(Locale.ROOT, "After rescaling: a* = %.3f, spread %.3g x before, %s",
                        result.exponent(), result.quality(), collapse.dataset())
                : String.format(Locale.ROOT, "Before rescaling, %s (spread S = %.3g)", collapse.dataset(),
                        result.spreadBefore());
        String xTitle = after ? String.format(Locale.ROOT, "t * eta0 / gamma0^%.3f (log scale)", result.exponent())
                : "SGD step t (log scale)";
        XYChart chart = chart(title, xTitle, "online training loss, mean over seeds (log scale)", true, true);
        List<Double> gammas = collapse.inputs().stream().map(TimeCollapse.Input::gamma0).distinct().toList();
        int i = 0;
        for (double gamma0 : gammas) {
            List<CurveRun> seeds = byGamma.get(gamma0).stream().filter(r -> !r.diverged()).toList();
            LogTimeCurve curve = CurvesAnalysis.meanCurve(seeds, BINS_PER_DECADE);
            if (after) {
                curve = curve.shifted(Math.log10(seeds.get(0).spec().eta0()) - result.exponent() * Math.log10(gamma0));
            }
            line(chart, gammaLabel(gamma0), curve.times(), curve.values(), gammaColour(i++, gammas.size()));
        }
        return chart;
    }

    private static XYChart spreadChart(CurvesAnalysis.Collapse collapse) {
        TimeCollapse.Result result = collapse.result();
        XYChart chart = chart(String.format(Locale.ROOT, "Collapse spread S(a), %s: minimum at a* = %.3f +- %s",
                collapse.dataset(), result.exponent(), Double.isNaN(result.exponentStdErr()) ? "n/a"
                        : String.format(Locale.ROOT, "%.3f", result.exponentStdErr())),
                "exponent a of t * eta0 / gamma0^a", "S(a): mean variance of log10 loss (log scale)", false, true);
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int k = 0; k < result.scanExponents().length; k++) {
            if (Double.isFinite(result.scanSpreads()[k]) && result.scanSpreads()[k] > 0) {
                x.add(result.scanExponents()[k]);
                y.add(result.scanSpreads()[k]);
            }
        }
        if (x.size() >= 2) {
            line(chart, "S(a)", toArray(x), toArray(y), DATASET_COLOURS[0]);
            line(chart, "S before rescaling", new double[] {x.get(0), x.get(x.size() - 1)},
                    new double[] {result.spreadBefore(), result.spreadBefore()}, Color.GRAY)
                    .setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                            new float[] {6f, 5f}, 0f));
            XYSeries best = chart.addSeries("a*", new double[] {result.exponent()},
                    new double[] {result.spreadAfter()});
            best.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            best.setMarker(SeriesMarkers.DIAMOND).setMarkerColor(DATASET_COLOURS[1]);
        }
        return chart;
    }

    private static XYChart budgetChart(String dataset, CurvesAnalysis analysis, boolean accuracy) {
        XYChart chart = accuracy
                ? chart("Test accuracy after B steps against gamma0, " + dataset, "gamma0 (log scale)",
                        "test accuracy", true, false)
                : chart("Online loss after B steps against gamma0, " + dataset, "gamma0 (log scale)",
                        "online loss, mean of the last 10% of B steps (log scale)", true, true);
        List<Integer> budgets = analysis.budgetPoints().stream().map(CurvesAnalysis.BudgetPoint::budget).distinct()
                .sorted().toList();
        for (String source : List.of(CurvesStudy.RULE, CurvesStudy.SWEEP)) {
            for (int b = 0; b < budgets.size(); b++) {
                int budget = budgets.get(b);
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                for (CurvesAnalysis.BudgetPoint p : analysis.budgetPoints()) {
                    double value = accuracy ? p.testAccuracy() : p.onlineLoss();
                    if (p.dataset().equals(dataset) && p.eta0Source().equals(source) && p.budget() == budget
                            && Double.isFinite(value) && value > 0) {
                        x.add(p.gamma0());
                        y.add(value);
                    }
                }
                if (x.isEmpty()) {
                    continue;
                }
                String eta = source.equals(CurvesStudy.RULE) ? "rule eta0" : "sweep eta0*";
                XYSeries series = chart.addSeries("B=" + budget + ", " + eta, x, y);
                Color colour = BUDGET_COLOURS[Math.max(0, BUDGET_COLOURS.length - budgets.size() + b)];
                series.setMarker(source.equals(CurvesStudy.RULE) ? SeriesMarkers.CIRCLE : SeriesMarkers.SQUARE)
                        .setMarkerColor(colour).setLineColor(colour);
                if (source.equals(CurvesStudy.SWEEP)) {
                    series.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                            new float[] {6f, 5f}, 0f));
                }
            }
        }
        return chart;
    }

    private static XYChart summaryChart(CurvesAnalysis analysis, boolean features) {
        XYChart chart = features
                ? chart("Final feature movement against gamma0 (rule eta0, mean over seeds)", "gamma0 (log scale)",
                        "||H_T - H_0|| / ||H_0|| (log scale)", true, true)
                : chart("Plateau end against gamma0 (rule eta0, geometric mean over seeds)", "gamma0 (log scale)",
                        "step at which the loss leaves its plateau (log scale)", true, true);
        int d = 0;
        for (String dataset : analysis.datasets()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (CurvesAnalysis.GammaSummary s : analysis.summaries()) {
                double value = features ? s.featureChange() : s.plateauEnd();
                if (s.dataset().equals(dataset) && s.eta0Source().equals(CurvesStudy.RULE) && value > 0
                        && Double.isFinite(value)) {
                    x.add(s.gamma0());
                    y.add(value);
                }
            }
            if (!x.isEmpty()) {
                Color colour = DATASET_COLOURS[d % DATASET_COLOURS.length];
                XYSeries series = chart.addSeries(dataset, x, y);
                series.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(colour).setLineColor(colour);
            }
            d++;
        }
        return chart;
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
