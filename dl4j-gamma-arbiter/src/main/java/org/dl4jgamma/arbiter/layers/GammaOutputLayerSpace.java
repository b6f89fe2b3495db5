package org.dl4jgamma.arbiter.layers;

import java.util.Objects;

import org.deeplearning4j.arbiter.layers.BaseOutputLayerSpace;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.deeplearning4j.arbiter.util.LeafUtils;
import org.dl4jgamma.conf.GammaOutputLayer;
import org.dl4jgamma.conf.ReadoutScaling;

/**
 * Arbiter layer space of a {@link GammaOutputLayer}: every option of Arbiter's {@code OutputLayerSpace} (loss,
 * activation, nIn/nOut, weight init, updater, ...) plus {@code gamma} and the {@link ReadoutScaling} as parameter
 * spaces. For one candidate the layer computes {@code z = s(N) (W h + b) / gamma} with {@code s(N) = 1/N} (MUP,
 * the default, where gamma is the paper's gamma0), {@code 1/sqrt(N)} (NTK) or 1 (STANDARD).
 *
 * <p>Search gamma over decades with a {@code LogUniformSpace}, and give the same instance to the
 * {@code RegimeUpdaterSpace} so that the learning rate follows the same draw. Works in {@code MultiLayerSpace} and
 * {@code ComputationGraphSpace} like any Arbiter layer space.
 *
 * <pre>{@code
 * ParameterSpace<Double> gamma0 = new LogUniformSpace(1e-2, 1e3);
 * GammaOutputLayerSpace out = new GammaOutputLayerSpace.Builder().gamma(gamma0).nIn(128).nOut(10)
 *         .lossFunction(LossFunction.MSE).activation(Activation.IDENTITY)
 *         .updater(RegimeUpdaterSpace.builder().gamma0(gamma0).width(128).depth(2).build()).build();
 * }</pre>
 */
public class GammaOutputLayerSpace extends BaseOutputLayerSpace<GammaOutputLayer> {

    private static final long serialVersionUID = 1L;

    private ParameterSpace<Double> gamma;

    private ParameterSpace<ReadoutScaling> readoutScaling;

    /** For JSON. */
    protected GammaOutputLayerSpace() {
    }

    private GammaOutputLayerSpace(Builder builder) {
        super(builder);
        this.gamma = builder.gamma;
        this.readoutScaling = builder.readoutScaling;
        this.numParameters = LeafUtils.countUniqueParameters(collectLeaves());
    }

    /**
     * The layer configuration for one candidate: the usual output-layer options, then gamma and the readout
     * scaling (unset ones keep {@link GammaOutputLayer}'s defaults: gamma = 1, MUP, softmax, MCXENT).
     *
     * @param values Arbiter's candidate vector
     * @return the configuration
     * @throws IllegalArgumentException if the drawn gamma is not finite and positive
     */
    @Override
    public GammaOutputLayer getValue(double[] values) {
        GammaOutputLayer.Builder builder = new GammaOutputLayer.Builder();
        setLayerOptionsBuilder(builder, values);

        if (gamma != null) {
            builder.gamma(gamma.getValue(values));
        }
        if (readoutScaling != null) {
            builder.readoutScaling(readoutScaling.getValue(values));
        }
        return builder.build();
    }

    /**
     * The gamma space.
     *
     * @return gamma, or null for the default 1
     */
    public ParameterSpace<Double> getGamma() {
        return gamma;
    }

    /**
     * The readout-scaling space.
     *
     * @return the scaling space, or null for the default MUP
     */
    public ParameterSpace<ReadoutScaling> getReadoutScaling() {
        return readoutScaling;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof GammaOutputLayerSpace) || !super.equals(o)) {
            return false;
        }
        GammaOutputLayerSpace s = (GammaOutputLayerSpace) o;
        return Objects.equals(gamma, s.gamma) && Objects.equals(readoutScaling, s.readoutScaling);
    }

    @Override
    protected boolean canEqual(Object other) {
        return other instanceof GammaOutputLayerSpace;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), gamma, readoutScaling);
    }

    @Override
    public String toString() {
        return "GammaOutputLayerSpace(gamma: " + gamma + ", readoutScaling: " + readoutScaling + ", "
                + super.toString(", ") + ")";
    }

    /** Builder with every option of Arbiter's {@code OutputLayerSpace.Builder} plus gamma and readout scaling. */
    public static class Builder extends BaseOutputLayerSpace.Builder<Builder> {

        private ParameterSpace<Double> gamma;

        private ParameterSpace<ReadoutScaling> readoutScaling;

        /**
         * A searched gamma (with MUP: the paper's gamma0).
         *
         * @param gamma e.g. {@code new LogUniformSpace(1e-2, 1e3)}; share it with the regime updater space
         * @return this builder
         */
        public Builder gamma(ParameterSpace<Double> gamma) {
            this.gamma = gamma;
            return this;
        }

        /**
         * A fixed gamma.
         *
         * @param gamma finite, {@code > 0}
         * @return this builder
         * @throws IllegalArgumentException if gamma is not finite and positive
         */
        public Builder gamma(double gamma) {
            return gamma(new FixedValue<>(GammaOutputLayer.validateGamma(gamma)));
        }

        /**
         * A searched readout scaling.
         *
         * @param readoutScaling e.g. {@code new DiscreteParameterSpace<>(ReadoutScaling.MUP, ReadoutScaling.NTK)}
         * @return this builder
         */
        public Builder readoutScaling(ParameterSpace<ReadoutScaling> readoutScaling) {
            this.readoutScaling = readoutScaling;
            return this;
        }

        /**
         * A fixed readout scaling.
         *
         * @param readoutScaling MUP, NTK or STANDARD
         * @return this builder
         */
        public Builder readoutScaling(ReadoutScaling readoutScaling) {
            return readoutScaling(new FixedValue<>(Objects.requireNonNull(readoutScaling, "readoutScaling")));
        }

        /**
         * Builds the space.
         *
         * @return the space
         */
        @Override
        @SuppressWarnings("unchecked")
        public GammaOutputLayerSpace build() {
            return new GammaOutputLayerSpace(this);
        }
    }
}
