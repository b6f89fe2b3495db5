package org.dl4jgamma.bench.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dl4jgamma.bench.analysis.PointSummary;
import org.dl4jgamma.bench.analysis.PowerLawFit;
import org.dl4jgamma.bench.analysis.SlopeFits;
import org.dl4jgamma.bench.analysis.SweepAnalysis;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * eta0* (or eta0_max) against gamma0 for all depths of one protocol, on log-log axes: the found points, the
 * fitted lines of each side over that side's range, and the paper's slopes (2 below gamma0 = 1, 2/L above)
 * drawn dashed through the same points (least-squares prefactor with the slope fixed).
 */
public final class Eta0Plot {

    /** Colours of depths, in order. */
    static final Color[] DEPTH_COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b)};

    private Eta0Plot() {
    }

    /**
     * @param analysis the analysis
     * @param protocol the protocol whose points are drawn
     * @param maximum  false for eta0*, true for eta0_max
     * @return the chart
     */
    public static XYChart chart(SweepAnalysis analysis, String protocol, boolean maximum) {
        String what = maximum ? "eta0_max" : "eta0*";
        XYChart chart = new XYChartBuilder().width(800).height(620)
                .title(what + " against gamma0 (" + protocol + " protocol)")
                .xAxisTitle("gamma0 (log scale)").yAxisTitle(what + " (log scale)").build();
        chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true)
                .setLegendPosition(Styler.LegendPosition.InsideNW)
                .setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12))
                .setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16))
                .setMarkerSize(9);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));

        Map<Integer, List<PointSummary>> byDepth = analysis.pointsByDepth(protocol);
        int colour = 0;
        for (Map.Entry<Integer, List<PointSummary>> entry : byDepth.entrySet()) {
            int depth = entry.getKey();
            Color c = DEPTH_COLOURS[colour++ % DEPTH_COLOURS.length];
            addDepth(chart, analysis, protocol, depth, entry.getValue(), maximum, c);
        }
        return chart;
    }

    private static void addDepth(XYChart chart, SweepAnalysis analysis, String protocol, int depth,
                                 List<PointSummary> points, boolean maximum, Color colour) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (PointSummary p : points) {
            double y = maximum ? p.eta0Max() : p.eta0Star();
            if (!Double.isNaN(y)) {
                xs.add(p.gamma0());
                ys.add(y);
            }
        }
        if (xs.isEmpty()) {
            return;
        }
        XYSeries dots = chart.addSeries(String.format("L=%d %s", depth, maximum ? "eta0_max" : "eta0*"), xs, ys);
        dots.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        dots.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(colour);

        SlopeFits fits = analysis.fits().stream().filter(f -> f.protocol().equals(protocol) && f.depth() == depth)
                .findFirst().orElse(null);
        PowerLawFit small = fits == null ? null : maximum ? fits.smallMax() : fits.smallStar();
        PowerLawFit large = fits == null ? null : maximum ? fits.largeMax() : fits.largeStar();
        double gMin = xs.get(0);
        double gMax = xs.get(xs.size() - 1);
        addLine(chart, String.format("L=%d fit, small gamma0: slope %s", depth, slope(small)), small,
                gMin, Math.min(analysis.smallMax(), gMax), colour, false);
        addLine(chart, String.format("L=%d fit, large gamma0: slope %s", depth, slope(large)), large,
                Math.max(analysis.largeMin(), gMin), gMax, colour, false);

        addPaperLine(chart, depth, xs, ys, colour);
    }

    private static String slope(PowerLawFit fit) {
        return fit == null ? "-" : String.format("%.2f", fit.slope());
    }

    private static void addLine(XYChart chart, String name, PowerLawFit fit, double from, double to, Color colour,
                                boolean dashed) {
        if (fit == null || !(to > from)) {
            return;
        }
        XYSeries line = chart.addSeries(name, new double[] {from, to}, new double[] {fit.predict(from),
            fit.predict(to)});
        style(line, colour, dashed);
    }

    /** The paper's rule through the points: slope 2 up to gamma0 = 1, then 2/L, prefactor by least squares. */
    private static void addPaperLine(XYChart chart, int depth, List<Double> xs, List<Double> ys, Color colour) {
        double large = 2.0 / depth;
        double sumLogC = 0;
        for (int i = 0; i < xs.size(); i++) {
            double exponent = xs.get(i) <= 1 ? 2.0 : large;
            sumLogC += Math.log10(ys.get(i)) - exponent * Math.log10(xs.get(i));
        }
        double c = Math.pow(10, sumLogC / xs.size());
        double gMin = xs.get(0);
        double gMax = xs.get(xs.size() - 1);
        List<Double> lx = new ArrayList<>();
        List<Double> ly = new ArrayList<>();
        lx.add(gMin);
        ly.add(c * Math.pow(gMin, gMin <= 1 ? 2.0 : large));
        if (gMin < 1 && gMax > 1) {
            lx.add(1.0);
            ly.add(c);
        }
        lx.add(gMax);
        ly.add(c * Math.pow(gMax, gMax <= 1 ? 2.0 : large));
        XYSeries line = chart.addSeries(String.format("L=%d paper slopes 2 and 2/L = %.2f", depth, large), lx, ly);
        style(line, colour, true);
    }

    private static void style(XYSeries line, Color colour, boolean dashed) {
        line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(colour);
        line.setLineStyle(dashed
                ? new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 5f}, 0f)
                : new BasicStroke(2.2f));
    }
}
