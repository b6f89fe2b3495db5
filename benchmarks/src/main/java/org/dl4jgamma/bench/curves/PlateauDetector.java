package org.dl4jgamma.bench.curves;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.commons.math3.stat.StatUtils;

/**
 * Finds the end of the initial plateau and the later drops (staircase steps) of a per-step loss curve. A pure
 * function of the curve: no training, no randomness.
 *
 * <p><b>Method.</b> Step {@code i} (0-based) of the curve is time {@code t = i + 1}.
 * <ol>
 *   <li>Plateau level: {@code l0 = median(loss_1 .. loss_w)} over the first {@code w = initialWindow} steps.</li>
 *   <li>Binning: the curve is averaged into log-time bins ({@link LogTimeCurve#binned}, {@code pointsPerDecade}
 *       bins per decade), giving {@code z_k = log10 loss} at {@code u_k = log10 t}.</li>
 *   <li>Plateau end: the first time at which the binned loss is at or below {@code (1 - dropFraction) * l0} and
 *       stays there for {@code persistence} consecutive bins; the time is interpolated linearly in
 *       {@code (u, z)} between the last bin above that level and the first at or below it. NaN when the curve
 *       never leaves its plateau.</li>
 *   <li>Smoothing for the steps: a centred three-point moving average {@code y_k = (z_{k-1} + z_k + z_{k+1}) / 3}
 *       (the two end points keep {@code z}).</li>
 *   <li>Steps: the drop rate {@code s_k = -(y_{k+1} - y_{k-1}) / (u_{k+1} - u_{k-1}) / (max y - min y)},
 *       {@code u = log10 t}: the fraction of the curve's whole fall (in decades of loss) per decade of time. This
 *       makes the rate free of the loss's scale and floor: a smooth power law {@code t^(-p)} over {@code D} decades
 *       of time has {@code s = 1 / D} everywhere (0.3 for 2000 steps) whatever p, while a staircase puts its fall
 *       into short stretches with {@code s > 1}. A step starts where {@code s} reaches {@code onRate} and ends where
 *       it falls below {@code offRate} (hysteresis, so noise around one threshold does not split a step). Its time
 *       is the bin of largest {@code s} inside, refined by the vertex of the parabola through that bin's rate and
 *       its two neighbours'; its depth is the fall of {@code y} from the bin before the step to the bin after it,
 *       and a step shallower than {@code log10(1 / (1 - dropFraction))} decades is dropped (so is every step of a
 *       curve whose whole fall is shallower than that).</li>
 * </ol>
 *
 * @param initialWindow   steps whose median is the plateau level, at least 1
 * @param pointsPerDecade log-time bins per decade, at least 2
 * @param dropFraction    relative fall below the plateau level that ends it, in (0, 1)
 * @param persistence     bins the loss must stay below that level, at least 1
 * @param onRate          drop rate that starts a step (fraction of the whole fall per decade), positive
 * @param offRate         drop rate below which a step ends, in (0, onRate]
 */
public record PlateauDetector(int initialWindow, int pointsPerDecade, double dropFraction, int persistence,
                              double onRate, double offRate) {

    /** Default {@code initialWindow}: the median of the first 5 steps. */
    public static final int DEFAULT_INITIAL_WINDOW = 5;

    /** Default bins per decade. */
    public static final int DEFAULT_POINTS_PER_DECADE = 10;

    /** Default fall that ends the plateau: 10% below its level. */
    public static final double DEFAULT_DROP_FRACTION = 0.1;

    /** Default persistence: two bins (0.2 decades at 10 bins per decade). */
    public static final int DEFAULT_PERSISTENCE = 2;

    /**
     * Default rate that starts a step: 0.6 of the loss's whole range per decade of time, twice the rate of a smooth
     * power law over 2000 steps.
     */
    public static final double DEFAULT_ON_RATE = 0.6;

    /** Default rate that ends a step: 0.4, a little above a smooth power law's 0.3 over 2000 steps. */
    public static final double DEFAULT_OFF_RATE = 0.4;

    /** Validates the settings. */
    public PlateauDetector {
        if (initialWindow < 1) {
            throw new IllegalArgumentException("initialWindow = " + initialWindow + "; must be at least 1");
        }
        if (pointsPerDecade < 2) {
            throw new IllegalArgumentException("pointsPerDecade = " + pointsPerDecade + "; must be at least 2");
        }
        if (!(dropFraction > 0 && dropFraction < 1)) {
            throw new IllegalArgumentException("dropFraction = " + dropFraction + "; must be in (0, 1), e.g. 0.1");
        }
        if (persistence < 1) {
            throw new IllegalArgumentException("persistence = " + persistence + "; must be at least 1");
        }
        if (!(onRate > 0) || !(offRate > 0 && offRate <= onRate)) {
            throw new IllegalArgumentException("onRate = " + onRate + ", offRate = " + offRate
                    + "; need 0 < offRate <= onRate");
        }
    }

    /**
     * @param dropFraction relative fall that ends the plateau
     * @return the detector with the other settings at their defaults
     */
    public static PlateauDetector withDropFraction(double dropFraction) {
        return new PlateauDetector(DEFAULT_INITIAL_WINDOW, DEFAULT_POINTS_PER_DECADE, dropFraction,
                DEFAULT_PERSISTENCE, DEFAULT_ON_RATE, DEFAULT_OFF_RATE);
    }

    /** @return the detector with every default */
    public static PlateauDetector defaults() {
        return withDropFraction(DEFAULT_DROP_FRACTION);
    }

    /**
     * One drop of a staircase.
     *
     * @param time        step at which the loss falls fastest
     * @param rate        the drop rate there, fraction of the curve's whole fall per decade of time
     * @param lossBefore  smoothed loss in the bin before the step
     * @param lossAfter   smoothed loss in the bin after the step
     */
    public record Step(double time, double rate, double lossBefore, double lossAfter) {
    }

    /**
     * What the detector found in one curve.
     *
     * @param plateauLevel the plateau level {@code l0}
     * @param plateauEnd   the step at which the plateau ends, NaN if it never does
     * @param steps        the drops, in time order (the first is usually the plateau's end)
     */
    public record Result(double plateauLevel, double plateauEnd, List<Step> steps) {

        /** Copies the list. */
        public Result {
            steps = List.copyOf(steps);
        }

        /** @return whether the plateau ended within the curve */
        public boolean plateauEnded() {
            return !Double.isNaN(plateauEnd);
        }
    }

    /**
     * @param perStep the loss of every step; non-finite entries (a diverged tail) are ignored
     * @return the plateau level, its end and the steps
     * @throws IllegalArgumentException if the curve has fewer than {@code initialWindow} finite positive values
     */
    public Result detect(double[] perStep) {
        double level = plateauLevel(perStep);

        LogTimeCurve binned = LogTimeCurve.binned(perStep, pointsPerDecade);
        double[] u = new double[binned.size()];
        double[] z = new double[binned.size()];
        double[] times = binned.times();
        double[] values = binned.values();
        for (int k = 0; k < u.length; k++) {
            u[k] = Math.log10(times[k]);
            z[k] = Math.log10(values[k]);
        }
        double[] y = smoothed(z);

        double end = plateauEnd(u, z, Math.log10((1 - dropFraction) * level));
        List<Step> steps = steps(u, y);
        return new Result(level, end, steps);
    }

    private double plateauLevel(double[] perStep) {
        double[] first = Arrays.stream(perStep).limit(initialWindow).filter(v -> v > 0 && Double.isFinite(v))
                .toArray();
        if (first.length < initialWindow) {
            throw new IllegalArgumentException("the curve has " + first.length + " finite positive values among its"
                    + " first " + initialWindow + " steps; the plateau level needs all " + initialWindow);
        }
        return StatUtils.percentile(first, 50.0);
    }

    private static double[] smoothed(double[] z) {
        double[] y = z.clone();
        for (int k = 1; k < z.length - 1; k++) {
            y[k] = (z[k - 1] + z[k] + z[k + 1]) / 3;
        }
        return y;
    }

    private double plateauEnd(double[] u, double[] z, double threshold) {
        for (int k = 0; k < z.length; k++) {
            if (z[k] > threshold) {
                continue;
            }
            int stay = 1;
            while (stay < persistence && k + stay < z.length && z[k + stay] <= threshold) {
                stay++;
            }
            if (stay < persistence && k + stay < z.length) {
                continue;
            }
            if (k == 0) {
                return Math.pow(10, u[0]);
            }
            double w = (z[k - 1] - threshold) / (z[k - 1] - z[k]);
            return Math.pow(10, u[k - 1] + w * (u[k] - u[k - 1]));
        }
        return Double.NaN;
    }

    private List<Step> steps(double[] u, double[] y) {
        int n = y.length;
        double minDepth = Math.log10(1 / (1 - dropFraction));
        double range = Arrays.stream(y).max().orElse(0) - Arrays.stream(y).min().orElse(0);
        if (!(range >= minDepth)) {
            return List.of();
        }
        double[] rate = new double[n];
        for (int k = 1; k < n - 1; k++) {
            rate[k] = -(y[k + 1] - y[k - 1]) / (u[k + 1] - u[k - 1]) / range;
        }

        List<Step> steps = new ArrayList<>();
        int k = 1;
        while (k < n - 1) {
            if (rate[k] < onRate) {
                k++;
                continue;
            }
            int start = k;
            while (start > 1 && rate[start - 1] >= offRate) {
                start--;
            }
            int peak = k;
            while (k < n - 1 && rate[k] >= offRate) {
                if (rate[k] > rate[peak]) {
                    peak = k;
                }
                k++;
            }
            int before = start - 1;
            int after = Math.min(k, n - 1);
            if (y[before] - y[after] >= minDepth) {
                steps.add(new Step(Math.pow(10, refinedPeak(u, rate, peak)), rate[peak], Math.pow(10, y[before]),
                        Math.pow(10, y[after])));
            }
        }
        return steps;
    }

    /** The log-time of the vertex of the parabola through the peak rate and its neighbours, clamped to them. */
    private static double refinedPeak(double[] u, double[] rate, int peak) {
        if (peak <= 1 || peak >= rate.length - 2) {
            return u[peak];
        }
        double r0 = rate[peak - 1];
        double r1 = rate[peak];
        double r2 = rate[peak + 1];
        double curvature = r0 - 2 * r1 + r2;
        if (!(curvature < 0)) {
            return u[peak];
        }
        double offset = 0.5 * (r0 - r2) / curvature;
        offset = Math.max(-1, Math.min(1, offset));
        double h = offset < 0 ? u[peak] - u[peak - 1] : u[peak + 1] - u[peak];
        return u[peak] + offset * h;
    }
}
