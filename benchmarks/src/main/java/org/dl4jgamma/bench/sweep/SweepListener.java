package org.dl4jgamma.bench.sweep;

/** Hears about the sweep's progress, e.g. to drive a progress bar. Calls may come from several threads. */
public interface SweepListener {

    /** A listener that ignores everything. */
    SweepListener NONE = new SweepListener() {
    };

    /**
     * @param protocol the protocol that asked for the trial
     * @param result   the finished trial
     * @param resumed  whether it was found in the store instead of run
     */
    default void trialFinished(String protocol, TrialResult result, boolean resumed) {
    }

    /**
     * @param outcome a finished eta0 search at one (depth, gamma0, seed)
     */
    default void searchFinished(SearchOutcome outcome) {
    }
}
