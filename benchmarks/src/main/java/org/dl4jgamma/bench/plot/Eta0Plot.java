package org.dl4jgamma.bench.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * eta0* (or eta0_max) against gamma0 for all depths of one protocol, on log-log axes, one colour per depth: the
 * found points; the least-squares fit of the small side (solid) and of the large side (dash-dot, darker), each
 * over its side's range and labelled with its slope, standard error and number of points; and the paper's
 * slopes (dotted): slope 2 for gamma0 &lt;= 1 through the measured point with gamma0 &lt;= 1 nearest 1, and slope
 * 2/L for gamma0 &gt;= 1 through the measured point with gamma0 &gt;= 1 nearest 1. With a point at gamma0 = 1
 * both pass through it and meet there.
 */
public final class Eta0Plot {

    /** Colours of depths, in order. */
    static final Color[] DEPTH_COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b)};

    private static final BasicStroke SOLID = new BasicStroke(2.2f);
    private static final BasicStroke DASH_DOT = new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
            10f, new float[] {12f, 4f, 2f, 4f}, 0f);
    private static final BasicStroke DOTTED = new BasicStroke(1.4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND,
            10f, new float[] {1f, 4f}, 0f);

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
        XYChart chart = new XYChartBuilder().width(860).height(760)
                .title(what + " against gamma0 (" + protocol + " protocol)")
                .xAxisTitle("gamma0 (log scale)").yAxisTitle(what + " (log scale)").build();
        chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true)
                .setLegendPosition(Styler.LegendPosition.OutsideS)
                .setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12))
                .setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16))
                .setMarkerSize(9);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));

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
        XYSeries dots = chart.addSeries(String.format("L=%d %s", depth, what(maximum)), xs, ys);
        dots.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        dots.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(colour);

        SlopeFits fits = analysis.fits().stream().filter(f -> f.protocol().equals(protocol) && f.depth() == depth)
                .findFirst().orElse(null);
        PowerLawFit small = fits == null ? null : maximum ? fits.smallMax() : fits.smallStar();
        PowerLawFit large = fits == null ? null : maximum ? fits.largeMax() : fits.largeStar();
        double gMin = xs.get(0);
        double gMax = xs.get(xs.size() - 1);
        addLine(chart, String.format("L=%d fit, gamma0 <= %s: slope %s", depth, number(analysis.smallMax()),
                slope(small)), small, gMin, Math.min(analysis.smallMax(), gMax), colour, SOLID);
        addLine(chart, String.format("L=%d fit, gamma0 >= %s: slope %s", depth, number(analysis.largeMin()),
                slope(large)), large, Math.max(analysis.largeMin(), gMin), gMax, colour.darker(), DASH_DOT);

        addPaperLines(chart, depth, xs, ys, colour, what(maximum));
    }

    private static String what(boolean maximum) {
        return maximum ? "eta0_max" : "eta0*";
    }

    /**
     * @param fit a fit or null
     * @return {@code "2.50 +- 0.12 (5 pts)"}, {@code "2.50 (2 pts, no error estimate)"}, or {@code "-"}
     */
    static String slope(PowerLawFit fit) {
        if (fit == null) {
            return "- (fewer than 2 pts)";
        }
        if (Double.isNaN(fit.slopeStdErr())) {
            return String.format(Locale.ROOT, "%.2f (%d pts, no error estimate)", fit.slope(), fit.n());
        }
        return String.format(Locale.ROOT, "%.2f +- %.2f (%d pts)", fit.slope(), fit.slopeStdErr(), fit.n());
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.3g", value);
    }

    private static void addLine(XYChart chart, String name, PowerLawFit fit, double from, double to, Color colour,
                                BasicStroke stroke) {
        if (fit == null || !(to > from)) {
            return;
        }
        XYSeries line = chart.addSeries(name, new double[] {from, to}, new double[] {fit.predict(from),
            fit.predict(to)});
        style(line, colour, stroke);
    }

    /**
     * The paper's slopes, each anchored at a measured point: slope 2 from the smallest gamma0 up to gamma0 = 1
     * through the point with gamma0 &lt;= 1 nearest 1, slope 2/L from gamma0 = 1 up to the largest gamma0 through
     * the point with gamma0 &gt;= 1 nearest 1.
     */
    private static void addPaperLines(XYChart chart, int depth, List<Double> xs, List<Double> ys, Color colour,
                                      String what) {
        int smallAnchor = -1;
        int largeAnchor = -1;
        for (int i = 0; i < xs.size(); i++) {
            if (xs.get(i) <= 1) {
                smallAnchor = i;
            }
            if (xs.get(i) >= 1 && largeAnchor < 0) {
                largeAnchor = i;
            }
        }
        double largeSlope = SlopeFits.paperLargeSlope(depth);
        List<String> anchors = new ArrayList<>();
        if (smallAnchor >= 0) {
            anchors.add(number(xs.get(smallAnchor)));
        }
        if (largeAnchor >= 0 && largeAnchor != smallAnchor) {
            anchors.add(number(xs.get(largeAnchor)));
        }
        String name = String.format(Locale.ROOT, "L=%d paper slopes 2 and 2/L = %.2f, through measured %s at"
                + " gamma0 = %s", depth, largeSlope, what, String.join(" and ", anchors));

        boolean named = false;
        if (smallAnchor >= 0) {
            named = addAnchored(chart, name, xs.get(0), Math.min(1.0, xs.get(xs.size() - 1)), xs.get(smallAnchor),
                    ys.get(smallAnchor), SlopeFits.PAPER_SMALL_SLOPE, colour);
        }
        if (largeAnchor >= 0) {
            String largeName = named ? name + " (large side)" : name;
            boolean added = addAnchored(chart, largeName, Math.max(1.0, xs.get(0)), xs.get(xs.size() - 1),
                    xs.get(largeAnchor), ys.get(largeAnchor), largeSlope, colour);
            if (added && named) {
                chart.getSeriesMap().get(largeName).setShowInLegend(false);
            }
        }
    }

    /** Adds {@code y = y0 * (x / x0)^slope} over [from, to] if that is not empty; returns whether it did. */
    private static boolean addAnchored(XYChart chart, String name, double from, double to, double x0, double y0,
                                       double slope, Color colour) {
        if (!(to > from)) {
            return false;
        }
        XYSeries line = chart.addSeries(name, new double[] {from, to},
                new double[] {y0 * Math.pow(from / x0, slope), y0 * Math.pow(to / x0, slope)});
        style(line, colour, DOTTED);
        return true;
    }

    private static void style(XYSeries line, Color colour, BasicStroke stroke) {
        line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(colour);
        line.setLineStyle(stroke);
    }
}
