package org.dl4jgamma.arbiter.comparison;

import java.util.List;

import org.dl4jgamma.arbiter.runner.CandidateOutcome;

/**
 * The result of one Arbiter random search of a {@link GammaSearchComparison}.
 *
 * @param gammaSearched true for the search over gamma0, false for the search with gamma0 fixed at 1
 * @param searchSeed the seed of the candidate generator (and of the networks' initialisation)
 * @param bestOnlineLoss the lowest online held-out loss found ({@code +infinity} if every candidate diverged)
 * @param testAccuracy test-set accuracy of the best candidate (NaN if none completed)
 * @param bestGamma0 gamma0 of the best candidate
 * @param bestEta0 the width-free learning rate {@code eta0 = lr_readout / N} of the best candidate
 * @param bestWidth hidden width N of the best candidate
 * @param bestSoFar {@code bestSoFar[i]} = lowest online loss among candidates 0..i (by candidate index)
 * @param failedCandidates candidates Arbiter marked failed (an exception; 0 in a healthy search)
 * @param divergedCandidates candidates stopped for divergence (score {@code +infinity})
 * @param candidates every candidate's outcome, by index
 */
public record SearchResult(boolean gammaSearched, long searchSeed, double bestOnlineLoss, double testAccuracy,
                           double bestGamma0, double bestEta0, long bestWidth, double[] bestSoFar,
                           int failedCandidates, int divergedCandidates, List<CandidateOutcome> candidates) {
}
