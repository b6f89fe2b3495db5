package org.dl4jgamma.bench.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.dl4jgamma.bench.analysis.PowerLawFit;

/**
 * An eta0 search guided by the learning-rate rule, cheaper than the {@link ReferenceProtocol}.
 *
 * <p>For each (depth, seed) it walks the gamma0 grid upwards. At each gamma0:
 * <ol>
 *   <li><b>Predict.</b> eta0 is predicted by a rule fitted to the eta0* this walk has found so far (see
 *       {@link #predict}), or by the paper's default rule before there are any; p is the nearest index on the
 *       half-decade grid {@code eta0 = 10^(k/2)}.</li>
 *   <li><b>Screen.</b> The bracket {@code p - radius .. p + radius} is run for a short screening length
 *       ({@code screenFraction} of the steps), all at once. A screening run's score is its mean online loss over
 *       the second half of its steps (half, not a tenth, to average out the noise of few batches).</li>
 *   <li><b>Widen.</b> While the lowest screening score sits at the top of the bracket, the next point up
 *       is screened too, until one diverges; while it sits at the bottom, the next point down. If every point
 *       diverged, the bracket moves down by its own width.</li>
 *   <li><b>Confirm.</b> The best screened eta0 is run at full length; if that run diverges, the next grid point
 *       down is, and so on. The full-length run is this protocol's eta0*.</li>
 * </ol>
 * eta0_max is the largest eta0 not seen to diverge, screening runs included, so it is only a lower estimate of
 * the reference protocol's eta0_max.
 */
public final class GuidedProtocol implements Eta0Protocol {

    /** The name written to results.csv. */
    public static final String NAME = "guided";

    /** Default half-width of the bracket, in half-decade grid points. */
    public static final int DEFAULT_RADIUS = 1;

    /** Default length of a screening run as a fraction of the full steps. */
    public static final double DEFAULT_SCREEN_FRACTION = 0.05;

    /** Most points added to a bracket at one gamma0. */
    public static final int MAX_WIDENINGS = 12;

    /** Most full-length confirmations at one gamma0. */
    public static final int MAX_CONFIRMATIONS = 4;

    /** Fewest points on a side of gamma0 = 1 before its exponent is fitted rather than taken from the paper. */
    public static final int MIN_POINTS_TO_FIT = 3;

    private final LogGrid etaGrid = new LogGrid(2);
    private final Eta0RuleFactory rules;
    private final int radius;
    private final double screenFraction;

    /**
     * @param rules          makes the default and fitted rules
     * @param radius         half-width of the first bracket in grid points, at least 0
     * @param screenFraction screening length as a fraction of the full steps, in (0, 1]
     */
    public GuidedProtocol(Eta0RuleFactory rules, int radius, double screenFraction) {
        if (radius < 0) {
            throw new IllegalArgumentException("radius = " + radius + "; must be at least 0");
        }
        if (!(screenFraction > 0 && screenFraction <= 1)) {
            throw new IllegalArgumentException("screenFraction = " + screenFraction + "; must be in (0, 1]");
        }
        this.rules = rules;
        this.radius = radius;
        this.screenFraction = screenFraction;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Search> searches(SweepPlan plan) {
        List<Search> searches = new ArrayList<>();
        for (int depth : plan.depths()) {
            for (long seed : plan.seeds()) {
                searches.add(new Search() {
                    @Override
                    public List<SearchOutcome> run(TrialExecutor executor, SweepListener listener) {
                        return walk(plan, executor, listener, depth, seed);
                    }

                    @Override
                    public int points() {
                        return plan.gammas().size();
                    }
                });
            }
        }
        return searches;
    }

    private List<SearchOutcome> walk(SweepPlan plan, TrialExecutor executor, SweepListener listener, int depth,
                                     long seed) {
        List<double[]> found = new ArrayList<>();
        List<SearchOutcome> outcomes = new ArrayList<>();
        for (double gamma0 : plan.gammas()) {
            double predicted = predict(depth, found).eta0(gamma0);
            SearchOutcome outcome = searchAt(plan, executor, depth, gamma0, seed, etaGrid.nearestIndex(predicted));
            OutcomeLog.log(outcome);
            listener.searchFinished(outcome);
            outcomes.add(outcome);
            if (outcome.best() != null) {
                found.add(new double[] {gamma0, outcome.eta0Star()});
            }
        }
        return outcomes;
    }

    /**
     * The rule used to predict the next eta0*, from the points {@code (gamma0, eta0*)} found so far.
     *
     * <p>Each side of gamma0 = 1 gets a power law {@code eta0 = c * gamma0^e}: with at least
     * {@link #MIN_POINTS_TO_FIT} points on that side (gamma0 &lt;= 1, resp. &gt;= 1) both c and e are
     * least-squares fits; with fewer, e is the paper's (2, resp. 2/L) and c goes through the side's point nearest
     * gamma0 = 1. A side without points shares the other side's c, so the two laws meet at gamma0 = 1. Without
     * any point, or when the laws cannot form a rule, the paper's default rule is used.
     *
     * @param depth depth L
     * @param found points {@code {gamma0, eta0*}} found so far
     * @return the rule
     */
    Eta0Rule predict(int depth, List<double[]> found) {
        List<double[]> small = new ArrayList<>();
        List<double[]> large = new ArrayList<>();
        for (double[] point : found) {
            if (point[0] <= 1) {
                small.add(point);
            }
            if (point[0] >= 1) {
                large.add(point);
            }
        }
        if (small.isEmpty() && large.isEmpty()) {
            return rules.defaultRule(depth);
        }

        double[] smallLaw = sideLaw(small, 2.0);
        double[] largeLaw = sideLaw(large, 2.0 / depth);
        if (smallLaw[0] == 0) {
            smallLaw[0] = largeLaw[0];
        }
        if (largeLaw[0] == 0) {
            largeLaw[0] = smallLaw[0];
        }
        try {
            return rules.fromPowerLaws(smallLaw[0], smallLaw[1], largeLaw[0], largeLaw[1]);
        } catch (IllegalArgumentException e) {
            return rules.defaultRule(depth);
        }
    }

    /** @return {c, exponent}; c = 0 when there are no points */
    private static double[] sideLaw(List<double[]> points, double paperExponent) {
        if (points.isEmpty()) {
            return new double[] {0, paperExponent};
        }
        if (points.size() >= MIN_POINTS_TO_FIT) {
            double[] x = new double[points.size()];
            double[] y = new double[points.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = points.get(i)[0];
                y[i] = points.get(i)[1];
            }
            PowerLawFit fit = PowerLawFit.fit(x, y);
            return new double[] {fit.prefactor(), fit.slope()};
        }

        double[] nearest = points.get(0);
        for (double[] point : points) {
            if (Math.abs(Math.log(point[0])) < Math.abs(Math.log(nearest[0]))) {
                nearest = point;
            }
        }
        return new double[] {nearest[1] / Math.pow(nearest[0], paperExponent), paperExponent};
    }

    private SearchOutcome searchAt(SweepPlan plan, TrialExecutor executor, int depth, double gamma0, long seed,
                                   int predictedIndex) {
        List<TrialResult> trials = new ArrayList<>();
        TreeMap<Integer, TrialResult> screened = new TreeMap<>();
        int screenSteps = Math.max(1, (int) Math.round(screenFraction * plan.steps()));

        List<Integer> bracket = new ArrayList<>();
        for (int k = predictedIndex - radius; k <= predictedIndex + radius; k++) {
            bracket.add(k);
        }
        screen(plan, executor, depth, gamma0, seed, screenSteps, bracket, screened, trials);

        for (int widenings = 0; widenings < MAX_WIDENINGS; widenings++) {
            Integer best = bestIndex(screened);
            int low = screened.firstKey();
            int high = screened.lastKey();
            List<Integer> next = new ArrayList<>();
            if (best == null) {
                for (int k = low - (2 * radius + 1); k < low; k++) {
                    next.add(k);
                }
            } else if (best == high) {
                next.add(high + 1);
            } else if (best == low) {
                next.add(low - 1);
            } else {
                break;
            }
            screen(plan, executor, depth, gamma0, seed, screenSteps, next, screened, trials);
        }

        Integer best = bestIndex(screened);
        if (best != null) {
            for (int k = best; k > best - MAX_CONFIRMATIONS; k--) {
                TrialResult full = executor.run(NAME, plan.spec(depth, gamma0, etaGrid.value(k), seed));
                trials.add(full);
                if (full.ok()) {
                    break;
                }
            }
        }
        return SearchOutcome.of(NAME, depth, gamma0, seed, trials, plan.steps());
    }

    private void screen(SweepPlan plan, TrialExecutor executor, int depth, double gamma0, long seed, int steps,
                        List<Integer> indices, Map<Integer, TrialResult> screened, List<TrialResult> trials) {
        List<TrialSpec> specs = new ArrayList<>();
        for (int k : indices) {
            specs.add(plan.spec(depth, gamma0, etaGrid.value(k), seed).withSteps(steps));
        }
        List<TrialResult> results = executor.runAll(NAME, specs);
        for (int i = 0; i < indices.size(); i++) {
            screened.put(indices.get(i), results.get(i));
        }
        trials.addAll(results);
    }

    /**
     * @param result a screening run
     * @return its mean online loss over the last {@code ceil(n / 2)} of its n steps
     */
    static double screeningScore(TrialResult result) {
        double[] curve = result.lossCurve();
        int n = curve.length;
        if (n == 0) {
            return result.finalLoss();
        }
        int m = (n + 1) / 2;
        double sum = 0;
        for (int t = n - m; t < n; t++) {
            sum += curve[t];
        }
        return sum / m;
    }

    /** @return the index with the lowest screening score among non-diverged runs (ties: larger index), or null */
    private static Integer bestIndex(TreeMap<Integer, TrialResult> screened) {
        Integer best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (Map.Entry<Integer, TrialResult> entry : screened.entrySet()) {
            TrialResult result = entry.getValue();
            double score = screeningScore(result);
            if (result.ok() && score <= bestLoss) {
                best = entry.getKey();
                bestLoss = score;
            }
        }
        return best;
    }
}
