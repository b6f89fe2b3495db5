package org.dl4jgamma.bench.sweep;

import java.util.ArrayList;
import java.util.List;

/**
 * The authors' eta0 search, run independently at every (depth, gamma0, seed).
 *
 * <p>On the half-decade grid {@code eta0 = 10^(k/2)}: start at a high eta0 and step down half a decade at a
 * time until the first run that does not diverge, at index {@code k_top}; then run the
 * {@code round(2 * decadesBelow)} grid points below it (2.5 decades: five more runs, asked for together since
 * none depends on another, so that a batching runner can train them at once). eta0_max is
 * {@code 10^(k_top/2)}, eta0* the run with the lowest final loss (see {@link SearchOutcome}).
 *
 * <p>Safeguards beyond the authors' description: if the start itself does not diverge, the search steps up
 * until a run diverges (at most {@link #MAX_STEPS_UP} times), so eta0_max is never capped by the start; and it
 * gives up stepping down below {@link #FLOOR_ETA0}.
 */
public final class ReferenceProtocol implements Eta0Protocol {

    /** The name written to results.csv. */
    public static final String NAME = "reference";

    /** Default first eta0 tried. */
    public static final double DEFAULT_START_ETA0 = 1e3;

    /** Default number of decades searched below the first non-diverging eta0. */
    public static final double DEFAULT_DECADES_BELOW = 2.5;

    /** Most steps up from the start when the start does not diverge. */
    public static final int MAX_STEPS_UP = 12;

    /** Smallest eta0 the downward walk tries before giving up. */
    public static final double FLOOR_ETA0 = 1e-14;

    private final LogGrid etaGrid = new LogGrid(2);
    private final int startIndex;
    private final int pointsBelow;

    /**
     * @param startEta0    first eta0 tried; rounded to the nearest half-decade grid point
     * @param decadesBelow decades searched below the first non-diverging eta0, at least 0
     */
    public ReferenceProtocol(double startEta0, double decadesBelow) {
        if (!(decadesBelow >= 0) || Double.isInfinite(decadesBelow)) {
            throw new IllegalArgumentException("decadesBelow = " + decadesBelow + "; must be finite and >= 0");
        }
        this.startIndex = etaGrid.nearestIndex(startEta0);
        this.pointsBelow = (int) Math.round(decadesBelow * etaGrid.pointsPerDecade());
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
                for (double gamma0 : plan.gammas()) {
                    searches.add((executor, listener) -> {
                        SearchOutcome outcome = search(plan, executor, depth, gamma0, seed);
                        OutcomeLog.log(outcome);
                        listener.searchFinished(outcome);
                        return List.of(outcome);
                    });
                }
            }
        }
        return searches;
    }

    /**
     * Runs the search at one point.
     *
     * @param plan     the sweep
     * @param executor runs the trials
     * @param depth    depth L
     * @param gamma0   output scale
     * @param seed     seed
     * @return the outcome
     */
    public SearchOutcome search(SweepPlan plan, TrialExecutor executor, int depth, double gamma0, long seed) {
        List<TrialResult> trials = new ArrayList<>();
        int floorIndex = etaGrid.nearestIndex(FLOOR_ETA0);

        int k = startIndex;
        TrialResult result = runAt(plan, executor, depth, gamma0, seed, k, trials);
        boolean found = result.ok();
        if (found) {
            while (result.ok() && k < startIndex + MAX_STEPS_UP) {
                result = runAt(plan, executor, depth, gamma0, seed, k + 1, trials);
                if (result.ok()) {
                    k++;
                }
            }
        } else {
            while (!found && k > floorIndex) {
                k--;
                found = runAt(plan, executor, depth, gamma0, seed, k, trials).ok();
            }
        }

        if (found) {
            int lowestRun = Math.min(startIndex, k);
            List<TrialSpec> below = new ArrayList<>();
            for (int step = 1; step <= pointsBelow; step++) {
                if (k - step < lowestRun) {
                    below.add(plan.spec(depth, gamma0, etaGrid.value(k - step), seed));
                }
            }
            trials.addAll(executor.runAll(NAME, below));
        }
        return SearchOutcome.of(NAME, depth, gamma0, seed, trials, plan.steps());
    }

    private TrialResult runAt(SweepPlan plan, TrialExecutor executor, int depth, double gamma0, long seed,
                              int etaIndex, List<TrialResult> trials) {
        TrialResult result = executor.run(NAME, plan.spec(depth, gamma0, etaGrid.value(etaIndex), seed));
        trials.add(result);
        return result;
    }
}
