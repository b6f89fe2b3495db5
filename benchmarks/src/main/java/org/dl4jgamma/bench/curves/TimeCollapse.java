package org.dl4jgamma.bench.curves;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Finds the exponent {@code a} of the time rescaling {@code t -> tau = t * eta0 / gamma0^a} under which loss curves
 * of different gamma0 coincide best. A pure function of the curves (the bootstrap draws from its own seeded
 * {@link Random}).
 *
 * <p><b>Spread.</b> For an exponent a, every curve i is drawn against {@code log10 tau = log10 t + log10 eta0_i -
 * a log10 gamma0_i}. The common range is the overlap {@code [max_i first log10 tau_i, min_i last log10 tau_i]};
 * on {@code gridPoints} equally spaced log10 tau in it, each curve's {@code log10 loss} is interpolated
 * ({@link LogTimeCurve#logValueAt}) and
 *
 * <pre>
 *   S(a) = (1 / K) * sum_k (1 / n) * sum_i (y_i(k) - mean_i y_i(k))^2
 * </pre>
 *
 * the variance of {@code log10 loss} across the n curves, averaged over the K grid points. An exponent whose
 * overlap is shorter than {@code minOverlapDecades} has {@code S = +infinity}. The spread before rescaling,
 * {@code S_raw}, is the same measure on the raw times t; the collapse quality is {@code S(a*) / S_raw} (0: perfect
 * collapse, 1: no better than not rescaling at all, above 1: worse).
 *
 * <p><b>Fit.</b> {@code a*} minimises S over {@code [minExponent, maxExponent]}: a scan in steps of
 * {@code scanStep}, then a golden-section search within one step either side of the best scanned point.
 *
 * <p><b>Uncertainty.</b> Curves sharing a gamma0 are seeds of one group. A bootstrap replicate draws, for every
 * group independently, as many curves as it has with replacement, and refits; the uncertainty is the standard
 * deviation of {@code a*} over the replicates. With one curve per group it is NaN (nothing to resample).
 *
 * @param minExponent       smallest exponent considered
 * @param maxExponent       largest exponent considered, above {@code minExponent}
 * @param scanStep          step of the initial scan, positive
 * @param gridPoints        points K of the common log10 tau grid, at least 2
 * @param minOverlapDecades shortest overlap of the rescaled curves that counts, in decades, positive
 */
public record TimeCollapse(double minExponent, double maxExponent, double scanStep, int gridPoints,
                           double minOverlapDecades) {

    /** Default range of exponents: [-1, 3]. */
    public static final double DEFAULT_MIN_EXPONENT = -1;

    /** Default largest exponent. */
    public static final double DEFAULT_MAX_EXPONENT = 3;

    /** Default scan step. */
    public static final double DEFAULT_SCAN_STEP = 0.01;

    /** Default points of the common grid. */
    public static final int DEFAULT_GRID_POINTS = 60;

    /** Default shortest overlap: one decade. */
    public static final double DEFAULT_MIN_OVERLAP = 1.0;

    private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;
    private static final double EXPONENT_TOLERANCE = 1e-6;

    /** Validates the settings. */
    public TimeCollapse {
        if (!(maxExponent > minExponent)) {
            throw new IllegalArgumentException("exponent range [" + minExponent + ", " + maxExponent
                    + "]; need min < max");
        }
        if (!(scanStep > 0)) {
            throw new IllegalArgumentException("scanStep = " + scanStep + "; must be positive");
        }
        if (gridPoints < 2) {
            throw new IllegalArgumentException("gridPoints = " + gridPoints + "; must be at least 2");
        }
        if (!(minOverlapDecades > 0)) {
            throw new IllegalArgumentException("minOverlapDecades = " + minOverlapDecades + "; must be positive");
        }
    }

    /** @return the collapse fit with every default */
    public static TimeCollapse defaults() {
        return new TimeCollapse(DEFAULT_MIN_EXPONENT, DEFAULT_MAX_EXPONENT, DEFAULT_SCAN_STEP, DEFAULT_GRID_POINTS,
                DEFAULT_MIN_OVERLAP);
    }

    /**
     * One curve to collapse.
     *
     * @param gamma0 its gamma0, positive
     * @param eta0   its eta0, positive
     * @param curve  its loss against the step, with at least two points
     */
    public record Input(double gamma0, double eta0, LogTimeCurve curve) {

        /** Validates the fields. */
        public Input {
            if (!(gamma0 > 0) || !(eta0 > 0) || Double.isInfinite(gamma0) || Double.isInfinite(eta0)) {
                throw new IllegalArgumentException("gamma0 = " + gamma0 + ", eta0 = " + eta0
                        + "; both must be finite and positive");
            }
            if (curve.size() < 2) {
                throw new IllegalArgumentException("a curve of " + curve.size() + " points at gamma0 = " + gamma0
                        + "; the collapse needs at least 2");
            }
        }

        /**
         * @param exponent a
         * @return {@code log10(eta0 / gamma0^a)}, the shift of log10 t
         */
        public double logShift(double exponent) {
            return Math.log10(eta0) - exponent * Math.log10(gamma0);
        }
    }

    /**
     * The fitted collapse.
     *
     * @param exponent       the best exponent a*
     * @param exponentStdErr its bootstrap standard deviation, NaN with one curve per gamma0
     * @param spreadAfter    {@code S(a*)}
     * @param spreadBefore   {@code S_raw}, the spread of the curves against the raw step
     * @param scanExponents  the scanned exponents
     * @param scanSpreads    S at each scanned exponent (+infinity where the overlap is too short)
     * @param replicates     bootstrap replicates that gave a finite a*
     */
    public record Result(double exponent, double exponentStdErr, double spreadAfter, double spreadBefore,
                         double[] scanExponents, double[] scanSpreads, int replicates) {

        /** @return the collapse quality {@code S(a*) / S_raw}; smaller is better */
        public double quality() {
            return spreadAfter / spreadBefore;
        }
    }

    /**
     * @param inputs       the curves, at least two distinct gamma0
     * @param bootstrap    bootstrap replicates, 0 for none
     * @param bootstrapSeed seed of the resampling
     * @return the fit
     * @throws IllegalArgumentException with fewer than two gamma0, or if no exponent in range gives an overlap of
     *                                  {@code minOverlapDecades}
     */
    public Result fit(List<Input> inputs, int bootstrap, long bootstrapSeed) {
        List<List<Input>> groups = groups(inputs);
        if (groups.size() < 2) {
            throw new IllegalArgumentException(groups.size() + " distinct gamma0; a time collapse needs at least 2");
        }

        double[] scanExponents = scanExponents();
        double[] scanSpreads = new double[scanExponents.length];
        for (int i = 0; i < scanExponents.length; i++) {
            scanSpreads[i] = spread(inputs, scanExponents[i], true);
        }
        double best = minimise(inputs, scanExponents, scanSpreads);
        if (Double.isNaN(best)) {
            throw new IllegalArgumentException("no exponent in [" + minExponent + ", " + maxExponent + "] leaves the "
                    + inputs.size() + " rescaled curves overlapping by " + minOverlapDecades + " decades; run more"
                    + " steps, narrow the gamma0 range or lower the required overlap");
        }

        double[] draws = bootstrap(groups, bootstrap, bootstrapSeed);
        return new Result(best, standardDeviation(draws), spread(inputs, best, true), spread(inputs, 0, false),
                scanExponents, scanSpreads, draws.length);
    }

    /**
     * The spread measure S, see the class documentation.
     *
     * @param inputs   the curves
     * @param exponent a
     * @param rescale  false to measure against the raw step t (then {@code exponent} is ignored)
     * @return S, or +infinity if the overlap is shorter than {@code minOverlapDecades}
     */
    public double spread(List<Input> inputs, double exponent, boolean rescale) {
        int n = inputs.size();
        double[] shifts = new double[n];
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            Input input = inputs.get(i);
            shifts[i] = rescale ? input.logShift(exponent) : 0;
            lo = Math.max(lo, input.curve().firstLogTime() + shifts[i]);
            hi = Math.min(hi, input.curve().lastLogTime() + shifts[i]);
        }
        if (!(hi - lo >= minOverlapDecades)) {
            return Double.POSITIVE_INFINITY;
        }

        double total = 0;
        double[] y = new double[n];
        for (int k = 0; k < gridPoints; k++) {
            double logTau = lo + (hi - lo) * k / (gridPoints - 1);
            double mean = 0;
            for (int i = 0; i < n; i++) {
                y[i] = inputs.get(i).curve().logValueAt(logTau - shifts[i]);
                mean += y[i];
            }
            mean /= n;
            double variance = 0;
            for (int i = 0; i < n; i++) {
                variance += (y[i] - mean) * (y[i] - mean);
            }
            total += variance / n;
        }
        return total / gridPoints;
    }

    private double[] scanExponents() {
        int count = (int) Math.floor((maxExponent - minExponent) / scanStep + 1e-9) + 1;
        double[] exponents = new double[count];
        for (int i = 0; i < count; i++) {
            exponents[i] = minExponent + i * scanStep;
        }
        return exponents;
    }

    /** The scan's best point refined by golden-section search; NaN if every scanned spread is infinite. */
    private double minimise(List<Input> inputs, double[] exponents, double[] spreads) {
        int best = -1;
        for (int i = 0; i < spreads.length; i++) {
            if (spreads[i] < Double.POSITIVE_INFINITY && (best < 0 || spreads[i] < spreads[best])) {
                best = i;
            }
        }
        if (best < 0) {
            return Double.NaN;
        }

        double a = Math.max(minExponent, exponents[best] - scanStep);
        double b = Math.min(maxExponent, exponents[best] + scanStep);
        double c = b - GOLDEN * (b - a);
        double d = a + GOLDEN * (b - a);
        double fc = spread(inputs, c, true);
        double fd = spread(inputs, d, true);
        while (b - a > EXPONENT_TOLERANCE) {
            if (fc < fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - GOLDEN * (b - a);
                fc = spread(inputs, c, true);
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + GOLDEN * (b - a);
                fd = spread(inputs, d, true);
            }
        }
        double refined = 0.5 * (a + b);
        return spread(inputs, refined, true) <= spreads[best] ? refined : exponents[best];
    }

    private double[] bootstrap(List<List<Input>> groups, int replicates, long seed) {
        boolean resamplable = groups.stream().anyMatch(g -> g.size() > 1);
        if (replicates <= 0 || !resamplable) {
            return new double[0];
        }

        Random random = new Random(seed);
        double[] draws = new double[replicates];
        int kept = 0;
        for (int r = 0; r < replicates; r++) {
            List<Input> sample = new ArrayList<>();
            for (List<Input> group : groups) {
                for (int j = 0; j < group.size(); j++) {
                    sample.add(group.get(random.nextInt(group.size())));
                }
            }
            double[] exponents = scanExponents();
            double[] spreads = new double[exponents.length];
            for (int i = 0; i < exponents.length; i++) {
                spreads[i] = spread(sample, exponents[i], true);
            }
            double best = minimise(sample, exponents, spreads);
            if (!Double.isNaN(best)) {
                draws[kept++] = best;
            }
        }
        return Arrays.copyOf(draws, kept);
    }

    private static List<List<Input>> groups(List<Input> inputs) {
        List<List<Input>> groups = new ArrayList<>();
        for (Input input : inputs) {
            List<Input> group = groups.stream().filter(g -> sameGamma(g.get(0).gamma0(), input.gamma0())).findFirst()
                    .orElse(null);
            if (group == null) {
                group = new ArrayList<>();
                groups.add(group);
            }
            group.add(input);
        }
        return groups;
    }

    private static boolean sameGamma(double a, double b) {
        return Math.abs(Math.log10(a) - Math.log10(b)) < 1e-9;
    }

    private static double standardDeviation(double[] values) {
        if (values.length < 2) {
            return Double.NaN;
        }
        double mean = Arrays.stream(values).average().orElse(Double.NaN);
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return Math.sqrt(sum / (values.length - 1));
    }
}
