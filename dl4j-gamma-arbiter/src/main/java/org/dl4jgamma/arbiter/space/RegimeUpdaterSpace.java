package org.dl4jgamma.arbiter.space;

import java.util.Objects;

import org.dl4jgamma.updater.RegimeUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * An Arbiter updater space whose value is a {@link RegimeUpdater} with the learning rate derived from the same
 * gamma0 draw as the gamma output layer:
 *
 * <pre>
 *   lr = N * eta0(gamma0) * layerMultiplier,   eta0 = c * gamma0^2 (gamma0 &lt;= 1), c * gamma0^(2/L) above
 *   layerMultiplier = 1 / fanIn (stock hidden DenseLayer, weights N(0, 1/fanIn))  or 1 (muP readout)
 * </pre>
 *
 * See {@link RegimeSpace} for the conventions. Typical use, one space per layer (and the same gamma0 instance in
 * the gamma output layer space):
 *
 * <pre>{@code
 * ParameterSpace<Double> gamma0 = new LogUniformSpace(1e-2, 1e3);
 * RegimeUpdaterSpace readoutUpdater = RegimeUpdaterSpace.builder().gamma0(gamma0).c(new LogUniformSpace(1, 100))
 *         .width(128).depth(2).build();
 * }</pre>
 */
public class RegimeUpdaterSpace extends RegimeSpace<IUpdater> {

    private static final long serialVersionUID = 1L;

    private IUpdater inner;

    /** For JSON. */
    protected RegimeUpdaterSpace() {
    }

    private RegimeUpdaterSpace(Builder b) {
        super(b);
        this.inner = b.inner;
    }

    /**
     * A builder: gamma0 and width are required; c defaults to {@code LearningRateRegime.DEFAULT_C}, depth to 2, the
     * wrapped updater to plain SGD (the paper's optimizer); fanIn unset means the readout (multiplier 1).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The updater for this candidate: {@code RegimeUpdater(regime = forDepth(L, c), gamma0, width = N,
     * layerMultiplier, inner)}, whose learning rate is {@code N * eta0(gamma0) * layerMultiplier}.
     *
     * @param values Arbiter's candidate vector
     * @return the updater
     */
    @Override
    public IUpdater getValue(double[] values) {
        return RegimeUpdater.builder().regime(regime(values)).gamma0(gamma0.getValue(values))
                .width(width.getValue(values)).layerMultiplier(layerMultiplier(values)).inner(inner.clone()).build();
    }

    /**
     * The wrapped stock updater.
     *
     * @return the inner updater
     */
    public IUpdater getInner() {
        return inner;
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && Objects.equals(inner, ((RegimeUpdaterSpace) o).inner);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), inner);
    }

    @Override
    public String toString() {
        return "RegimeUpdaterSpace(lr = N * eta0(gamma0) * multiplier, L=" + depth + ", gamma0=" + gamma0 + ", c=" + c
                + ", N=" + width + ", fanIn=" + fanIn + ", inner=" + inner.getClass().getSimpleName() + ")";
    }

    /** Builder of a {@link RegimeUpdaterSpace}. */
    public static final class Builder extends RegimeSpace.Builder<Builder> {

        private IUpdater inner = new Sgd(1.0);

        private Builder() {
        }

        /**
         * The stock updater whose step is taken at the derived rate (default plain SGD).
         *
         * @param inner e.g. {@code new Sgd()}; its own learning rate is ignored
         * @return this builder
         */
        public Builder inner(IUpdater inner) {
            this.inner = inner;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the space
         * @throws IllegalArgumentException if gamma0 or width is missing, the depth is below 1 or the inner updater
         *                                  is null
         */
        public RegimeUpdaterSpace build() {
            if (inner == null) {
                throw new IllegalArgumentException("inner updater must not be null; use new Sgd() for the paper's "
                        + "plain SGD.");
            }
            return new RegimeUpdaterSpace(this);
        }
    }
}
