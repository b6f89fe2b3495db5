package org.dl4jgamma.updater;

import java.util.Map;
import java.util.Objects;

import org.dl4jgamma.rule.LearningRateRegime;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A DL4J {@link IUpdater} whose learning rate follows the feature-learning strength {@code gamma0} by the regime
 * rule, scaled for width and for the layer:
 *
 * <pre>
 *   lr(t) = eta0 * width * layerMultiplier * schedule(t)
 *   eta0  = regime.eta0(gamma0)        (or a fixed eta0, for sweeps that search eta0 themselves)
 * </pre>
 *
 * <ul>
 *   <li>{@code gamma0} is the muP gamma of arXiv 2410.04642 (for an NTK-parameterized readout with gamma_NTK,
 *       {@code gamma0 = gamma_NTK / sqrt(N)}).</li>
 *   <li>{@code width} is N, the hidden width: the paper trains every parameter with {@code lr = N * eta0}.</li>
 *   <li>{@code layerMultiplier} converts the paper's forward multipliers into DL4J's stock layers: a weight used as
 *       {@code W h / sqrt(fan_in)} with W ~ N(0, 1) at rate lr trains exactly like a stock weight initialised with
 *       std {@code 1/sqrt(fan_in)} at rate {@code lr / fan_in}; so hidden layers get {@code 1 / fan_in} and the
 *       muP readout 1.</li>
 *   <li>{@code schedule}, optional, is a DL4J {@link ISchedule} whose value multiplies the rate (e.g. an
 *       exponential decay starting at 1). Without it the factor is 1.</li>
 * </ul>
 *
 * <p>The step itself is the wrapped stock updater's ({@link Sgd} by default, the paper's plain SGD) run at
 * {@code lr(t)}. Other updaters (Nesterovs, Adam, ...) can be wrapped, but the regime exponents were established
 * for SGD only. The configuration serialises to JSON with the network, like DL4J's own updaters.
 */
public class RegimeUpdater implements IUpdater {

    private static final long serialVersionUID = 1L;

    @JsonProperty("regime")
    private LearningRateRegime regime;

    @JsonProperty("gamma0")
    private double gamma0;

    @JsonProperty("fixedEta0")
    private double fixedEta0 = Double.NaN;

    @JsonProperty("width")
    private long width;

    @JsonProperty("layerMultiplier")
    private double layerMultiplier = 1.0;

    @JsonProperty("schedule")
    private ISchedule schedule;

    @JsonProperty("inner")
    private IUpdater inner;

    /** For JSON deserialisation; use {@link #builder()}. */
    protected RegimeUpdater() {
    }

    private RegimeUpdater(Builder b) {
        this.regime = b.regime;
        this.gamma0 = b.gamma0;
        this.fixedEta0 = b.fixedEta0;
        this.width = b.width;
        this.layerMultiplier = b.layerMultiplier;
        this.schedule = b.schedule;
        this.inner = b.inner;
    }

    /**
     * A builder; {@code gamma0} and {@code width} are required, and either a regime or a fixed eta0.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The width-free learning rate: the fixed eta0 if one was set, else {@code regime.eta0(gamma0)}.
     *
     * @return eta0
     */
    public double eta0() {
        return Double.isNaN(fixedEta0) ? regime.eta0(gamma0) : fixedEta0;
    }

    /**
     * The learning rate before the schedule: {@code eta0 * width * layerMultiplier}.
     *
     * @return the base learning rate of this layer
     */
    public double baseLearningRate() {
        return eta0() * width * layerMultiplier;
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        double base = baseLearningRate();
        return schedule == null ? base : base * schedule.valueAt(iteration, epoch);
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    /**
     * Not supported: the learning rate of this updater is derived from gamma0. Change gamma0, the regime or the
     * fixed eta0 with {@link #toBuilder()} instead.
     */
    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        throw new UnsupportedOperationException("RegimeUpdater derives its learning rate from gamma0 (lr = eta0 * "
                + "width * layerMultiplier); set gamma0, the regime or eta0 through RegimeUpdater.toBuilder() "
                + "instead of a learning rate of " + lr + ".");
    }

    @Override
    public long stateSize(long numParams) {
        return inner.stateSize(numParams);
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        return new RegimeGradientUpdater(this, innerAtRate().instantiate(viewArray, initializeViewArray));
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        return new RegimeGradientUpdater(this, innerAtRate().instantiate(updaterState, initializeStateArrays));
    }

    /** A copy of the wrapped updater that reads its rate from this one. */
    private IUpdater innerAtRate() {
        IUpdater copy = inner.clone();
        copy.setLrAndSchedule(Double.NaN, new RegimeSchedule(this));
        return copy;
    }

    /**
     * A builder initialised with this updater's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.regime = regime;
        b.gamma0 = gamma0;
        b.fixedEta0 = fixedEta0;
        b.eta0Set = !Double.isNaN(fixedEta0);
        b.width = width;
        b.layerMultiplier = layerMultiplier;
        b.schedule = schedule == null ? null : schedule.clone();
        b.inner = inner.clone();
        return b;
    }

    @Override
    public RegimeUpdater clone() {
        return toBuilder().build();
    }

    /**
     * The rule, or null when a fixed eta0 is used.
     *
     * @return the regime
     */
    public LearningRateRegime getRegime() {
        return regime;
    }

    /**
     * The muP feature-learning strength.
     *
     * @return gamma0
     */
    public double getGamma0() {
        return gamma0;
    }

    /**
     * The hidden width N.
     *
     * @return N
     */
    public long getWidth() {
        return width;
    }

    /**
     * This layer's multiplier (1/fan_in for stock hidden layers, 1 for the muP readout).
     *
     * @return the multiplier
     */
    public double getLayerMultiplier() {
        return layerMultiplier;
    }

    /**
     * The optional schedule multiplying the rate.
     *
     * @return the schedule or null
     */
    public ISchedule getSchedule() {
        return schedule;
    }

    /**
     * The wrapped stock updater whose step is applied.
     *
     * @return the inner updater
     */
    public IUpdater getInner() {
        return inner;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RegimeUpdater)) {
            return false;
        }
        RegimeUpdater u = (RegimeUpdater) o;
        return Double.compare(gamma0, u.gamma0) == 0 && Double.compare(fixedEta0, u.fixedEta0) == 0
                && width == u.width && Double.compare(layerMultiplier, u.layerMultiplier) == 0
                && Objects.equals(regime, u.regime) && Objects.equals(schedule, u.schedule)
                && Objects.equals(inner, u.inner);
    }

    @Override
    public int hashCode() {
        return Objects.hash(regime, gamma0, fixedEta0, width, layerMultiplier, schedule, inner);
    }

    @Override
    public String toString() {
        return "RegimeUpdater(gamma0=" + gamma0 + ", eta0=" + eta0() + ", width=" + width + ", layerMultiplier="
                + layerMultiplier + ", lr=" + baseLearningRate() + (schedule == null ? "" : " * " + schedule)
                + ", inner=" + inner.getClass().getSimpleName() + ")";
    }

    /**
     * Builder for {@link RegimeUpdater}; values are checked in {@link #build()}.
     */
    public static final class Builder {

        private LearningRateRegime regime;

        private double gamma0 = Double.NaN;

        private double fixedEta0 = Double.NaN;

        private boolean eta0Set;

        private long width;

        private double layerMultiplier = 1.0;

        private ISchedule schedule;

        private IUpdater inner = new Sgd(1.0);

        private Builder() {
        }

        /**
         * The rule eta0(gamma0); ignored when a fixed eta0 is set.
         *
         * @param regime the rule
         * @return this builder
         */
        public Builder regime(LearningRateRegime regime) {
            this.regime = regime;
            return this;
        }

        /**
         * The muP feature-learning strength gamma0 (required).
         *
         * @param gamma0 finite, {@code > 0}
         * @return this builder
         */
        public Builder gamma0(double gamma0) {
            this.gamma0 = gamma0;
            return this;
        }

        /**
         * A fixed width-free learning rate, overriding the regime (for sweeps that search eta0).
         *
         * @param eta0 finite, {@code > 0}
         * @return this builder
         */
        public Builder eta0(double eta0) {
            this.fixedEta0 = eta0;
            this.eta0Set = true;
            return this;
        }

        /**
         * The hidden width N (required): the paper's rate is {@code lr = N * eta0}.
         *
         * @param width at least 1
         * @return this builder
         */
        public Builder width(long width) {
            this.width = width;
            return this;
        }

        /**
         * The per-layer multiplier: {@code 1 / fan_in} for a stock hidden layer, 1 for the muP readout.
         *
         * @param layerMultiplier finite, {@code > 0}
         * @return this builder
         */
        public Builder layerMultiplier(double layerMultiplier) {
            this.layerMultiplier = layerMultiplier;
            return this;
        }

        /**
         * A DL4J schedule whose value multiplies the rate (null for none).
         *
         * @param schedule the schedule
         * @return this builder
         */
        public Builder schedule(ISchedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /**
         * The stock updater whose step is applied at the derived rate (default: plain SGD).
         *
         * @param inner e.g. {@code new Sgd()}, {@code new Nesterovs()}; its own learning rate is ignored
         * @return this builder
         */
        public Builder inner(IUpdater inner) {
            this.inner = inner;
            return this;
        }

        /**
         * Validates and builds the updater.
         *
         * @return the updater
         * @throws IllegalArgumentException naming the bad value and its accepted range
         */
        public RegimeUpdater build() {
            LearningRateRegime.requirePositive("gamma0", gamma0);
            if (width < 1) {
                throw new IllegalArgumentException("width N must be >= 1, got " + width + ".");
            }
            LearningRateRegime.requirePositive("layerMultiplier", layerMultiplier);
            if (eta0Set) {
                LearningRateRegime.requirePositive("eta0", fixedEta0);
            }
            if (!eta0Set && regime == null) {
                throw new IllegalArgumentException("Give a LearningRateRegime (regime(...)) or a fixed eta0 "
                        + "(eta0(...)).");
            }
            if (inner == null || !inner.hasLearningRate()) {
                throw new IllegalArgumentException("The wrapped updater must have a learning rate (Sgd, Nesterovs, "
                        + "Adam, ...), got " + inner + ".");
            }
            return new RegimeUpdater(this);
        }
    }
}
