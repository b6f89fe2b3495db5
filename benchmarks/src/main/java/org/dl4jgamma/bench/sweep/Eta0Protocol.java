package org.dl4jgamma.bench.sweep;

import java.util.List;

/**
 * A way of searching eta0 at every (depth, gamma0, seed) of a {@link SweepPlan}. A protocol splits its work
 * into independent searches; each search runs its trials in order (a trial may depend on the ones before), and
 * different searches run at the same time.
 */
public interface Eta0Protocol {

    /** @return the name written to results.csv, e.g. {@code reference} */
    String name();

    /**
     * @param plan the sweep
     * @return the independent searches that cover the plan
     */
    List<Search> searches(SweepPlan plan);

    /** One sequential piece of a protocol's work, e.g. all eta0 at one (depth, gamma0, seed). */
    @FunctionalInterface
    interface Search {

        /**
         * @param executor runs the trials
         * @param listener told about each finished (depth, gamma0, seed)
         * @return one outcome per (depth, gamma0, seed) covered
         */
        List<SearchOutcome> run(TrialExecutor executor, SweepListener listener);

        /** @return how many (depth, gamma0, seed) points this search covers */
        default int points() {
            return 1;
        }
    }
}
