package org.dl4jgamma.bench.sweep;

/** How a trial ended. */
public enum TrialStatus {

    /** All steps ran and the loss stayed finite and under the divergence bound. */
    OK,

    /** The loss became NaN or infinite, or exceeded the divergence bound; the trial stopped at that step. */
    DIVERGED
}
