package org.dl4jgamma.bench.curves;

import java.util.Arrays;

/**
 * One long training run of the curves study: the centered muP MLP of depth L and width N trained by online SGD
 * with per-layer learning rate {@code N * eta0} at output scale gamma0, on one dataset.
 *
 * @param dataset     name of the dataset ({@code fashion-mnist} or {@code teacher})
 * @param depth       number of weight layers L, at least 2 (the feature diagnostics need a hidden layer)
 * @param width       hidden width N, at least 1
 * @param batchSize   samples per SGD step, at least 1
 * @param steps       SGD steps T, at least 1
 * @param gamma0      feature-learning strength, finite and positive
 * @param eta0        base learning rate, finite and positive
 * @param eta0Source  where eta0 came from: {@code rule} (the regime rule) or {@code sweep} (eta0* of a sweep)
 * @param seed        seed of the initial weights and of the batch order
 * @param checkpoints steps (0 = before training, up to {@code steps}) at which the test loss, accuracy and feature
 *                    movement are measured, strictly increasing
 */
public record CurveRunSpec(String dataset, int depth, int width, int batchSize, int steps, double gamma0, double eta0,
                           String eta0Source, long seed, int[] checkpoints) {

    /** Validates every field. */
    public CurveRunSpec {
        if (depth < 2) {
            throw new IllegalArgumentException("depth = " + depth + "; the curves study needs at least one hidden"
                    + " layer, depth >= 2");
        }
        if (width < 1 || batchSize < 1 || steps < 1) {
            throw new IllegalArgumentException("width = " + width + ", batch = " + batchSize + ", steps = " + steps
                    + "; each must be at least 1");
        }
        if (!(gamma0 > 0) || !(eta0 > 0) || Double.isInfinite(gamma0) || Double.isInfinite(eta0)) {
            throw new IllegalArgumentException("gamma0 = " + gamma0 + ", eta0 = " + eta0
                    + "; both must be finite and positive");
        }
        for (int i = 0; i < checkpoints.length; i++) {
            if (checkpoints[i] < 0 || checkpoints[i] > steps || (i > 0 && checkpoints[i] <= checkpoints[i - 1])) {
                throw new IllegalArgumentException("checkpoints " + Arrays.toString(checkpoints) + "; must be strictly"
                        + " increasing within 0.." + steps);
            }
        }
        checkpoints = checkpoints.clone();
    }

    /** @return the checkpoint steps (a copy) */
    @Override
    public int[] checkpoints() {
        return checkpoints.clone();
    }

    /** @return a short label for logs, e.g. {@code teacher gamma0=100 eta0=215 (rule) seed 0} */
    public String label() {
        return String.format(java.util.Locale.ROOT, "%s gamma0=%.4g eta0=%.4g (%s) seed %d", dataset, gamma0, eta0,
                eta0Source, seed);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CurveRunSpec s && dataset.equals(s.dataset) && depth == s.depth && width == s.width
                && batchSize == s.batchSize && steps == s.steps && Double.compare(gamma0, s.gamma0) == 0
                && Double.compare(eta0, s.eta0) == 0 && eta0Source.equals(s.eta0Source) && seed == s.seed
                && Arrays.equals(checkpoints, s.checkpoints);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(dataset, depth, width, batchSize, steps, gamma0, eta0, eta0Source, seed)
                * 31 + Arrays.hashCode(checkpoints);
    }
}
