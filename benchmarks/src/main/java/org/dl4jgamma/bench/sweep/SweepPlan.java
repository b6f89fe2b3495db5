package org.dl4jgamma.bench.sweep;

import java.util.List;

/**
 * What a sweep covers: the grid of (depth, gamma0, seed) and the training settings shared by all trials.
 *
 * @param depths           depths L to sweep
 * @param width            hidden width N
 * @param batchSize        samples per SGD step
 * @param steps            SGD steps of a full-length trial
 * @param loss             training loss
 * @param gammas           gamma0 values, ascending
 * @param seeds            seeds; each seed gets its own eta0 searches
 * @param forceDouble      train every trial in double precision
 * @param doubleBelowGamma train in double precision where {@code gamma0 < doubleBelowGamma}, even without
 *                         {@code forceDouble}
 */
public record SweepPlan(List<Integer> depths, int width, int batchSize, int steps, LossKind loss,
                        List<Double> gammas, List<Long> seeds, boolean forceDouble, double doubleBelowGamma) {

    /** Default threshold of gamma0 below which trials train in double precision. */
    public static final double DEFAULT_DOUBLE_BELOW_GAMMA = 1e-2;

    /** Checks the lists and copies them. */
    public SweepPlan {
        if (depths == null || depths.isEmpty() || gammas == null || gammas.isEmpty() || seeds == null
                || seeds.isEmpty()) {
            throw new IllegalArgumentException("depths, gammas and seeds must each hold at least one value, got "
                    + depths + ", " + gammas + ", " + seeds);
        }
        depths = List.copyOf(depths);
        gammas = gammas.stream().sorted().toList();
        seeds = List.copyOf(seeds);
    }

    /**
     * @param depth  depth L
     * @param gamma0 output scale
     * @param eta0   learning rate
     * @param seed   seed
     * @return the full-length trial at that point, in double precision when forced or when
     *         {@code gamma0 < doubleBelowGamma}
     */
    public TrialSpec spec(int depth, double gamma0, double eta0, long seed) {
        boolean useDouble = forceDouble || gamma0 < doubleBelowGamma;
        return new TrialSpec(depth, width, gamma0, eta0, seed, steps, batchSize, loss, useDouble);
    }

    /** @return the number of (depth, gamma0, seed) points */
    public int pointCount() {
        return depths.size() * gammas.size() * seeds.size();
    }
}
