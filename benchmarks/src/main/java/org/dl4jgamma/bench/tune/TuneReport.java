package org.dl4jgamma.bench.tune;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.dl4jgamma.arbiter.comparison.ComparisonResult;
import org.dl4jgamma.arbiter.comparison.SearchResult;
import org.dl4jgamma.bench.plot.PlotFiles;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes the result of a tuned-gamma vs gamma = 1 comparison: {@code tune.csv} (one row per search seed and side),
 * {@code tune.md} (the table, means and standard deviations over seeds) and {@code best-so-far.png} (lowest online
 * held-out loss among the first k candidates, per seed and averaged, for both searches).
 */
public final class TuneReport {

    private TuneReport() {
    }

    /**
     * The markdown table of a comparison: one row per search and seed, then the mean +- sd over seeds.
     *
     * @param result the comparison
     * @param command the command line that produced it
     * @return markdown text
     */
    public static String markdown(ComparisonResult result, String command) {
        StringBuilder md = new StringBuilder("# Tuned gamma0 vs gamma0 = 1 (Arbiter random search)\n\n");
        md.append("Command: `").append(command).append("`\n\n");
        md.append("| search | seed | best online loss | test accuracy | gamma0 found | eta0 | width | diverged |"
                + " failed |\n|---|---|---|---|---|---|---|---|---|\n");
        for (SearchResult r : all(result)) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %.4f | %.3f | %.3g | %.3g | %d | %d | %d |%n",
                    label(r.gammaSearched()), r.searchSeed(), r.bestOnlineLoss(), r.testAccuracy(), r.bestGamma0(),
                    r.bestEta0(), r.bestWidth(), r.divergedCandidates(), r.failedCandidates()));
        }

        md.append("\n| search | mean best online loss | sd | mean test accuracy | sd |\n|---|---|---|---|---|\n");
        for (List<SearchResult> side : List.of(result.gammaSearched(), result.gammaFixed())) {
            SummaryStatistics loss = new SummaryStatistics();
            SummaryStatistics accuracy = new SummaryStatistics();
            side.forEach(r -> {
                loss.addValue(r.bestOnlineLoss());
                accuracy.addValue(r.testAccuracy());
            });
            md.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.3f | %.3f |%n",
                    label(side.get(0).gammaSearched()), loss.getMean(), loss.getStandardDeviation(),
                    accuracy.getMean(), accuracy.getStandardDeviation()));
        }
        return md.toString();
    }

    /**
     * Writes tune.csv, tune.md and best-so-far.png into {@code out}.
     *
     * @param result the comparison
     * @param command the command line, for tune.md
     * @param out the output directory (created if needed)
     * @throws IOException if a file cannot be written
     */
    public static void write(ComparisonResult result, String command, Path out) throws IOException {
        Files.createDirectories(out);
        Files.writeString(out.resolve("tune.md"), markdown(result, command), StandardCharsets.UTF_8);

        try (Writer w = Files.newBufferedWriter(out.resolve("tune.csv"), StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader("search", "seed",
                     "best_online_loss", "test_accuracy", "gamma0", "eta0", "width", "diverged", "failed",
                     "best_so_far").build())) {
            for (SearchResult r : all(result)) {
                StringBuilder curve = new StringBuilder();
                for (double v : r.bestSoFar()) {
                    curve.append(curve.length() == 0 ? "" : ";").append(v);
                }
                csv.printRecord(label(r.gammaSearched()), r.searchSeed(), r.bestOnlineLoss(), r.testAccuracy(),
                        r.bestGamma0(), r.bestEta0(), r.bestWidth(), r.divergedCandidates(), r.failedCandidates(),
                        curve);
            }
        }

        PlotFiles.write(bestSoFarChart(result), out.resolve("best-so-far.png"), false);
    }

    private static XYChart bestSoFarChart(ComparisonResult result) {
        XYChart chart = new XYChartBuilder().width(900).height(600)
                .title("Best online loss so far against candidates (Arbiter random search)")
                .xAxisTitle("candidates evaluated").yAxisTitle("best online held-out loss so far").build();
        chart.getStyler().setYAxisDecimalPattern("0.000");
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);

        java.awt.Color[] colours = {new java.awt.Color(0xD5, 0x5E, 0x00), new java.awt.Color(0x00, 0x72, 0xB2)};
        List<List<SearchResult>> sides = List.of(result.gammaSearched(), result.gammaFixed());
        for (int s = 0; s < sides.size(); s++) {
            List<SearchResult> side = sides.get(s);
            int n = side.stream().mapToInt(r -> r.bestSoFar().length).min().orElse(0);
            double[] x = new double[n];
            double[] mean = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = i + 1;
                for (SearchResult r : side) {
                    mean[i] += finiteOr(r.bestSoFar()[i]) / side.size();
                }
            }
            for (SearchResult r : side) {
                XYSeries seed = chart.addSeries(label(r.gammaSearched()) + ", seed " + r.searchSeed(), x,
                        finite(r.bestSoFar(), n));
                seed.setMarker(SeriesMarkers.NONE);
                seed.setLineColor(translucent(colours[s]));
                seed.setShowInLegend(false);
            }
            XYSeries avg = chart.addSeries(label(side.get(0).gammaSearched()) + ", mean of " + side.size()
                    + " seeds", x, mean);
            avg.setMarkerColor(colours[s]);
            avg.setLineColor(colours[s]);
            avg.setLineWidth(3f);
        }
        return chart;
    }

    private static List<SearchResult> all(ComparisonResult result) {
        List<SearchResult> all = new ArrayList<>(result.gammaSearched());
        all.addAll(result.gammaFixed());
        return all;
    }

    private static String label(boolean gammaSearched) {
        return gammaSearched ? "gamma0 searched" : "gamma0 = 1";
    }

    private static double[] finite(double[] values, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = finiteOr(values[i]);
        }
        return out;
    }

    /** A candidate that diverged scores +infinity; the plot shows 1.0 (above any completed MSE) instead. */
    private static double finiteOr(double v) {
        return Double.isFinite(v) ? v : 1.0;
    }

    private static java.awt.Color translucent(java.awt.Color c) {
        return new java.awt.Color(c.getRed(), c.getGreen(), c.getBlue(), 90);
    }
}
