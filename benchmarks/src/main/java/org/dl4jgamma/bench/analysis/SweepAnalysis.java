package org.dl4jgamma.bench.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.dl4jgamma.bench.sweep.SearchOutcome;
import org.dl4jgamma.bench.sweep.SweepResult;

/**
 * Turns a {@link SweepResult} into per-point summaries and slope fits.
 *
 * <p>Per (protocol, depth), the slope of log10 eta0* against log10 gamma0 is fitted by least squares on the
 * small side ({@code gamma0 <= smallMax}) and on the large side ({@code gamma0 >= largeMin}), using every
 * seed's eta0* as its own point; likewise for eta0_max. The paper predicts slope 2 on the small side and 2/L on
 * the large side.
 */
public final class SweepAnalysis {

    /** Default upper end of the small-gamma0 side. */
    public static final double DEFAULT_SMALL_MAX = 0.1;

    /** Default lower end of the large-gamma0 side. */
    public static final double DEFAULT_LARGE_MIN = 10.0;

    private final List<PointSummary> points = new ArrayList<>();
    private final List<SlopeFits> fits = new ArrayList<>();
    private final double smallMax;
    private final double largeMin;

    private SweepAnalysis(double smallMax, double largeMin) {
        this.smallMax = smallMax;
        this.largeMin = largeMin;
    }

    /**
     * @param result   the sweep's outcomes
     * @param smallMax largest gamma0 on the small side
     * @param largeMin smallest gamma0 on the large side
     * @return the analysis
     */
    public static SweepAnalysis of(SweepResult result, double smallMax, double largeMin) {
        if (!(smallMax > 0) || !(largeMin > 0)) {
            throw new IllegalArgumentException("smallMax = " + smallMax + ", largeMin = " + largeMin
                    + "; both must be positive");
        }
        SweepAnalysis analysis = new SweepAnalysis(smallMax, largeMin);
        for (Map.Entry<String, List<SearchOutcome>> entry : result.outcomes().entrySet()) {
            Map<Integer, List<SearchOutcome>> byDepth = new TreeMap<>();
            for (SearchOutcome outcome : entry.getValue()) {
                byDepth.computeIfAbsent(outcome.depth(), d -> new ArrayList<>()).add(outcome);
            }
            for (Map.Entry<Integer, List<SearchOutcome>> depth : byDepth.entrySet()) {
                analysis.addDepth(entry.getKey(), depth.getKey(), depth.getValue());
            }
        }
        return analysis;
    }

    private void addDepth(String protocol, int depth, List<SearchOutcome> outcomes) {
        Map<Double, List<SearchOutcome>> byGamma = new TreeMap<>();
        for (SearchOutcome outcome : outcomes) {
            byGamma.computeIfAbsent(outcome.gamma0(), g -> new ArrayList<>()).add(outcome);
        }
        byGamma.forEach((gamma0, list) -> points.add(summarise(protocol, depth, gamma0, list)));

        fits.add(new SlopeFits(protocol, depth,
                fit(outcomes, true, true), fit(outcomes, false, true),
                fit(outcomes, true, false), fit(outcomes, false, false)));
    }

    private static PointSummary summarise(String protocol, int depth, double gamma0, List<SearchOutcome> list) {
        SummaryStatistics logStar = new SummaryStatistics();
        SummaryStatistics logMax = new SummaryStatistics();
        SummaryStatistics finalLoss = new SummaryStatistics();
        SummaryStatistics testLoss = new SummaryStatistics();
        SummaryStatistics accuracy = new SummaryStatistics();
        for (SearchOutcome outcome : list) {
            if (outcome.best() != null) {
                logStar.addValue(Math.log10(outcome.eta0Star()));
                finalLoss.addValue(outcome.best().finalLoss());
                testLoss.addValue(outcome.best().testLoss());
                accuracy.addValue(outcome.best().testAccuracy());
            }
            if (!Double.isNaN(outcome.eta0Max())) {
                logMax.addValue(Math.log10(outcome.eta0Max()));
            }
        }
        int n = (int) logStar.getN();
        return new PointSummary(protocol, depth, gamma0, n,
                n == 0 ? Double.NaN : Math.pow(10, logStar.getMean()),
                n < 2 ? 0.0 : logStar.getStandardDeviation(),
                logMax.getN() == 0 ? Double.NaN : Math.pow(10, logMax.getMean()),
                n == 0 ? Double.NaN : finalLoss.getMean(),
                n == 0 ? Double.NaN : testLoss.getMean(),
                n == 0 ? Double.NaN : accuracy.getMean());
    }

    private PowerLawFit fit(List<SearchOutcome> outcomes, boolean smallSide, boolean star) {
        List<double[]> xy = new ArrayList<>();
        for (SearchOutcome outcome : outcomes) {
            boolean onSide = smallSide ? outcome.gamma0() <= smallMax : outcome.gamma0() >= largeMin;
            double y = star ? outcome.eta0Star() : outcome.eta0Max();
            if (onSide && !Double.isNaN(y)) {
                xy.add(new double[] {outcome.gamma0(), y});
            }
        }
        long distinctX = xy.stream().mapToDouble(p -> p[0]).distinct().count();
        if (distinctX < 2) {
            return null;
        }
        return PowerLawFit.fit(xy.stream().mapToDouble(p -> p[0]).toArray(),
                xy.stream().mapToDouble(p -> p[1]).toArray());
    }

    /** @return per-point summaries, by protocol, depth and gamma0 */
    public List<PointSummary> points() {
        return List.copyOf(points);
    }

    /** @return the slope fits, by protocol and depth */
    public List<SlopeFits> fits() {
        return List.copyOf(fits);
    }

    /** @return largest gamma0 of the small side */
    public double smallMax() {
        return smallMax;
    }

    /** @return smallest gamma0 of the large side */
    public double largeMin() {
        return largeMin;
    }

    /**
     * @param protocol a protocol name
     * @return the point summaries of that protocol, grouped by depth
     */
    public Map<Integer, List<PointSummary>> pointsByDepth(String protocol) {
        Map<Integer, List<PointSummary>> map = new LinkedHashMap<>();
        for (PointSummary point : points) {
            if (point.protocol().equals(protocol)) {
                map.computeIfAbsent(point.depth(), d -> new ArrayList<>()).add(point);
            }
        }
        return map;
    }
}
