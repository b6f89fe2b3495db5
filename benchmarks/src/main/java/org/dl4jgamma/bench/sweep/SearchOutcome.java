package org.dl4jgamma.bench.sweep;

import java.util.List;

/**
 * What one eta0 search found at one (depth, gamma0, seed).
 *
 * <p>{@code eta0*} is the eta0 with the lowest final loss among the search's trials that ran the full number
 * of steps without diverging (ties go to the larger eta0); {@code eta0_max} is the largest eta0 that did not
 * diverge in any of the search's trials. Both are NaN when every trial diverged.
 *
 * @param protocol  the protocol's name
 * @param depth     depth L
 * @param gamma0    output scale gamma0
 * @param seed      seed
 * @param trials    every trial the search ran, in the order it asked for them
 * @param best      the full-length trial at eta0*, or null when there is none
 * @param eta0Max   largest non-diverging eta0, or NaN
 */
public record SearchOutcome(String protocol, int depth, double gamma0, long seed, List<TrialResult> trials,
                            TrialResult best, double eta0Max) {

    /** Makes the list of trials unmodifiable. */
    public SearchOutcome {
        trials = List.copyOf(trials);
    }

    /**
     * Builds the outcome of a search from its trials.
     *
     * @param protocol  the protocol's name
     * @param depth     depth L
     * @param gamma0    output scale gamma0
     * @param seed      seed
     * @param trials    every trial the search ran
     * @param fullSteps the number of steps of a full-length trial (shorter screening runs never give eta0*)
     * @return the outcome, with eta0* and eta0_max as defined in the class comment
     */
    public static SearchOutcome of(String protocol, int depth, double gamma0, long seed, List<TrialResult> trials,
                                   int fullSteps) {
        TrialResult best = null;
        double eta0Max = Double.NaN;
        for (TrialResult trial : trials) {
            if (!trial.ok()) {
                continue;
            }
            if (Double.isNaN(eta0Max) || trial.spec().eta0() > eta0Max) {
                eta0Max = trial.spec().eta0();
            }
            if (trial.spec().steps() == fullSteps && isBetter(trial, best)) {
                best = trial;
            }
        }
        return new SearchOutcome(protocol, depth, gamma0, seed, trials, best, eta0Max);
    }

    private static boolean isBetter(TrialResult candidate, TrialResult best) {
        if (best == null) {
            return true;
        }
        int byLoss = Double.compare(candidate.finalLoss(), best.finalLoss());
        return byLoss < 0 || byLoss == 0 && candidate.spec().eta0() > best.spec().eta0();
    }

    /** @return eta0*, or NaN when every trial diverged */
    public double eta0Star() {
        return best == null ? Double.NaN : best.spec().eta0();
    }

    /** @return the training steps this search spent, the sum of {@code stepsRun} over its trials */
    public long stepsSpent() {
        long sum = 0;
        for (TrialResult trial : trials) {
            sum += trial.stepsRun();
        }
        return sum;
    }

    /** @return how many of the search's trials diverged */
    public int divergedCount() {
        int count = 0;
        for (TrialResult trial : trials) {
            if (!trial.ok()) {
                count++;
            }
        }
        return count;
    }
}
