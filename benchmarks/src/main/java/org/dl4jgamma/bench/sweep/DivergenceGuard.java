package org.dl4jgamma.bench.sweep;

/**
 * Decides when a run has diverged: its online loss is NaN or infinite, or exceeds {@code factor} times the
 * loss of its first step, {@code loss_t > factor * loss_0}.
 */
public final class DivergenceGuard {

    /** Default bound on the loss relative to the first step's loss. */
    public static final double DEFAULT_FACTOR = 10.0;

    private final double factor;

    /**
     * @param factor bound relative to the initial loss, greater than 1
     */
    public DivergenceGuard(double factor) {
        if (!(factor > 1) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("divergence factor = " + factor + "; must be finite and above 1");
        }
        this.factor = factor;
    }

    /** @return the bound relative to the initial loss */
    public double factor() {
        return factor;
    }

    /**
     * @param loss        the loss of the current step
     * @param initialLoss the loss of the first step
     * @return true if {@code loss} is not finite or {@code loss > factor * initialLoss}
     */
    public boolean diverged(double loss, double initialLoss) {
        return !Double.isFinite(loss) || !Double.isFinite(initialLoss) || loss > factor * initialLoss;
    }
}
