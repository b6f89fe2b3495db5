package org.dl4jgamma.bench.sweep;

/**
 * One training run of the sweep: a centered muP MLP of depth L and width N, trained by online SGD with
 * per-layer learning rate {@code N * eta0} at output scale {@code gamma0}.
 *
 * @param depth     number of weight layers L, at least 1
 * @param width     hidden width N, at least 1
 * @param gamma0    feature-learning strength gamma0 (the network output is divided by {@code gamma0}), positive
 * @param eta0      base learning rate eta0, positive
 * @param seed      seed of the initial weights and of the batch order
 * @param steps     SGD steps, one fresh batch each, at least 1
 * @param batchSize samples per batch, at least 1
 * @param loss      training loss
 * @param useDouble whether to train in double precision (otherwise float)
 */
public record TrialSpec(int depth, int width, double gamma0, double eta0, long seed, int steps, int batchSize,
                        LossKind loss, boolean useDouble) {

    /** Validates every field. */
    public TrialSpec {
        if (depth < 1) {
            throw new IllegalArgumentException("depth = " + depth + "; must be at least 1");
        }
        if (width < 1) {
            throw new IllegalArgumentException("width = " + width + "; must be at least 1");
        }
        if (!(gamma0 > 0) || Double.isInfinite(gamma0)) {
            throw new IllegalArgumentException("gamma0 = " + gamma0 + "; must be finite and positive");
        }
        if (!(eta0 > 0) || Double.isInfinite(eta0)) {
            throw new IllegalArgumentException("eta0 = " + eta0 + "; must be finite and positive");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps = " + steps + "; must be at least 1");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize = " + batchSize + "; must be at least 1");
        }
        if (loss == null) {
            throw new IllegalArgumentException("loss = null; use MSE or XENT");
        }
    }

    /**
     * @param newEta0 another learning rate
     * @return this spec with {@code eta0} replaced
     */
    public TrialSpec withEta0(double newEta0) {
        return new TrialSpec(depth, width, gamma0, newEta0, seed, steps, batchSize, loss, useDouble);
    }

    /**
     * @param newSteps another number of steps
     * @return this spec with {@code steps} replaced
     */
    public TrialSpec withSteps(int newSteps) {
        return new TrialSpec(depth, width, gamma0, eta0, seed, newSteps, batchSize, loss, useDouble);
    }
}
