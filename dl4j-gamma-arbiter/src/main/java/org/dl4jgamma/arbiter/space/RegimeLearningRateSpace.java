package org.dl4jgamma.arbiter.space;

/**
 * The learning rate derived from gamma0 by the regime rule, as a {@code Double} space for Arbiter's stock updater
 * spaces (e.g. {@code new SgdSpace(lrSpace)}):
 *
 * <pre>
 *   lr = N * eta0(gamma0) * layerMultiplier,   eta0 = c * gamma0^2 (gamma0 &lt;= 1), c * gamma0^(2/L) above
 * </pre>
 *
 * See {@link RegimeSpace} for the conventions. Prefer {@link RegimeUpdaterSpace} with the gamma output layer: its
 * {@code RegimeUpdater} records gamma0, c and N in the network's configuration.
 */
public class RegimeLearningRateSpace extends RegimeSpace<Double> {

    private static final long serialVersionUID = 1L;

    /** For JSON. */
    protected RegimeLearningRateSpace() {
    }

    private RegimeLearningRateSpace(Builder b) {
        super(b);
    }

    /**
     * A builder: gamma0 and width are required; c defaults to {@code LearningRateRegime.DEFAULT_C}, depth to 2.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@code lr = N * eta0(gamma0) * layerMultiplier} for this candidate.
     *
     * @param values Arbiter's candidate vector
     * @return lr
     */
    @Override
    public Double getValue(double[] values) {
        return learningRate(values);
    }

    @Override
    public String toString() {
        return "RegimeLearningRateSpace(lr = N * eta0(gamma0) * multiplier, L=" + depth + ", gamma0=" + gamma0
                + ", c=" + c + ", N=" + width + ", fanIn=" + fanIn + ")";
    }

    /** Builder of a {@link RegimeLearningRateSpace}. */
    public static final class Builder extends RegimeSpace.Builder<Builder> {

        private Builder() {
        }

        /**
         * Validates and builds.
         *
         * @return the space
         * @throws IllegalArgumentException if gamma0 or width is missing or the depth is below 1
         */
        public RegimeLearningRateSpace build() {
            return new RegimeLearningRateSpace(this);
        }
    }
}
