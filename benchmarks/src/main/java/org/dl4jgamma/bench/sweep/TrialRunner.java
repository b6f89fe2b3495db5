package org.dl4jgamma.bench.sweep;

/**
 * Runs one trial. Implementations must be safe to call from several threads at once, each call training its
 * own network single-threaded, and must stop a diverging run at once (see {@link DivergenceGuard}).
 */
public interface TrialRunner {

    /**
     * @param spec the trial
     * @return its result, {@code OK} or {@code DIVERGED}
     */
    TrialResult run(TrialSpec spec);
}
