package org.dl4jgamma.conf;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.dl4jgamma.params.GammaOutputParamInitializer;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.shade.jackson.annotation.JsonIgnore;

/**
 * Configuration of a DL4J output layer whose readout is divided by the feature-learning strength {@code gamma}.
 * For an input {@code h} of width {@code N} (the layer's nIn) it computes
 *
 * <pre>
 *   z      = s(N) * (W h + b) / gamma
 *   output = activation(z)
 *   loss   = lossFunction(labels, z, activation)      (as in DL4J's OutputLayer: the loss sees z)
 * </pre>
 *
 * where {@code s(N)} is the {@link ReadoutScaling}: {@code 1/N} (MUP), {@code 1/sqrt(N)} (NTK) or {@code 1}
 * (STANDARD). With {@code MUP} the {@code gamma} here is the paper's {@code gamma0} (arXiv 2410.04642); the same
 * network written in the NTK parameterization has {@code gamma_NTK = gamma0 * sqrt(N)}. Small gamma gives lazy,
 * kernel-like training; large gamma gives rich, feature-learning training.
 *
 * <p>With {@code MUP} or {@code NTK} the weights default to N(0, 1) and the biases to 0, so the scale lives in the
 * forward pass; a weight initialisation set on this layer's builder overrides that default (a network-wide
 * {@code weightInit} on {@code NeuralNetConfiguration.Builder} does not, because the layer's own value wins).
 * With gamma = 1 and {@code STANDARD} the layer computes exactly what DL4J's {@code OutputLayer} computes.
 *
 * <p>Centered form ({@link #isCentered()}): the layer is then fed the concatenation {@code [h | h0]} of the
 * trainable network's features {@code h} and those of a frozen copy of the initial network {@code h0} (width
 * {@code 2N}), and computes {@code z = s(N) * ((W h + b) - (W0 h0 + b0)) / gamma} with {@code W0, b0} frozen copies
 * of the initial readout. Build centered networks with {@code org.dl4jgamma.centering.GammaCentering} rather than
 * by hand.
 */
public class GammaOutputLayer extends BaseOutputLayer {

    private static final long serialVersionUID = 1L;

    /** Default {@code gamma}: 1. */
    public static final double DEFAULT_GAMMA = 1.0;

    /** Default readout scaling: {@link ReadoutScaling#MUP}, the paper's parameterization. */
    public static final ReadoutScaling DEFAULT_SCALING = ReadoutScaling.MUP;

    private double gamma = DEFAULT_GAMMA;

    private ReadoutScaling readoutScaling = DEFAULT_SCALING;

    private boolean centered;

    /** For JSON deserialisation; use {@link Builder}. */
    public GammaOutputLayer() {
        super();
    }

    /**
     * Builds the configuration from a validated builder.
     *
     * @param builder the builder
     */
    protected GammaOutputLayer(Builder builder) {
        super(builder);
        this.gamma = builder.gamma;
        this.readoutScaling = builder.readoutScaling;
        this.centered = builder.centered;
        initializeConstraints(builder);
    }

    /**
     * Checks that {@code gamma} is finite and strictly positive.
     *
     * @param gamma the value to check
     * @return {@code gamma}
     * @throws IllegalArgumentException naming the value and the accepted range
     */
    public static double validateGamma(double gamma) {
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("gamma must be finite and > 0 (0 < gamma < infinity), got " + gamma
                    + "; gamma divides the readout, e.g. gamma = 1e-2 (lazy) ... 1e3 (rich).");
        }
        return gamma;
    }

    /**
     * The feature-learning strength: the readout is divided by it.
     *
     * @return gamma, finite and {@code > 0}
     */
    public double getGamma() {
        return gamma;
    }

    /**
     * Sets gamma (used by JSON deserialisation; prefer the builder).
     *
     * @param gamma finite, {@code > 0}
     * @throws IllegalArgumentException if gamma is not finite or not positive
     */
    public void setGamma(double gamma) {
        this.gamma = validateGamma(gamma);
    }

    /**
     * The width-dependent readout factor {@code s(N)}.
     *
     * @return the readout scaling
     */
    public ReadoutScaling getReadoutScaling() {
        return readoutScaling;
    }

    /**
     * Sets the readout scaling (used by JSON deserialisation; prefer the builder).
     *
     * @param readoutScaling not null
     */
    public void setReadoutScaling(ReadoutScaling readoutScaling) {
        this.readoutScaling = Objects.requireNonNull(readoutScaling, "readoutScaling");
    }

    /**
     * Whether this readout is centered: its input is {@code [h | h0]} and it subtracts the frozen initial readout.
     *
     * @return true for the centered form
     */
    public boolean isCentered() {
        return centered;
    }

    /**
     * Sets the centered form (used by JSON deserialisation and by {@code GammaCentering}).
     *
     * @param centered true if the input is {@code [h | h0]}
     */
    public void setCentered(boolean centered) {
        this.centered = centered;
    }

    /**
     * The factor applied to {@code W h + b}: {@code s(N) / gamma} with {@code N = nIn}.
     *
     * @return {@code readoutScaling.factor(nIn) / gamma}
     */
    @JsonIgnore
    public double getOutputMultiplier() {
        return readoutScaling.factor(getNIn()) / gamma;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                        Collection<TrainingListener> trainingListeners,
                                                        int layerIndex, INDArray layerParamsView,
                                                        boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("GammaOutputLayer", getLayerName(), layerIndex, getNIn(), getNOut());

        org.dl4jgamma.layers.GammaOutputLayer layer =
                new org.dl4jgamma.layers.GammaOutputLayer(conf, networkDataType);
        layer.setListeners(trainingListeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(paramTable);
        layer.setConf(conf);
        return layer;
    }

    @Override
    public ParamInitializer initializer() {
        return GammaOutputParamInitializer.getInstance();
    }

    /**
     * The frozen copies {@code W0, b0} of a centered readout are never updated ({@link NoOp}); the others use the
     * layer's updater as usual.
     */
    @Override
    public IUpdater getUpdaterByParam(String paramName) {
        if (GammaOutputParamInitializer.isFrozenParam(paramName)) {
            return new NoOp();
        }
        return super.getUpdaterByParam(paramName);
    }

    /**
     * For a centered readout the input {@code [h | h0]} has width {@code 2N}, so {@code nIn = size / 2}.
     */
    @Override
    public void setNIn(InputType inputType, boolean override) {
        super.setNIn(inputType, override);
        if (centered && (getNIn() <= 0 || override) && inputType instanceof InputType.InputTypeFeedForward) {
            long size = ((InputType.InputTypeFeedForward) inputType).getSize();
            if (size % 2 != 0) {
                throw new IllegalArgumentException("A centered GammaOutputLayer takes [h | h0] of even width, got "
                        + size + "; build centered networks with GammaCentering.center(...).");
            }
            setNIn(size / 2);
        }
    }

    @Override
    public GammaOutputLayer clone() {
        return (GammaOutputLayer) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof GammaOutputLayer) || !super.equals(o)) {
            return false;
        }
        GammaOutputLayer other = (GammaOutputLayer) o;
        return Double.compare(gamma, other.gamma) == 0 && readoutScaling == other.readoutScaling
                && centered == other.centered;
    }

    @Override
    protected boolean canEqual(Object other) {
        return other instanceof GammaOutputLayer;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), gamma, readoutScaling, centered);
    }

    @Override
    public String toString() {
        return "GammaOutputLayer(gamma=" + gamma + ", readoutScaling=" + readoutScaling + ", centered=" + centered
                + ", " + super.toString() + ")";
    }

    /**
     * Builder for {@link GammaOutputLayer}, with every option of DL4J's {@code OutputLayer.Builder} plus
     * {@link #gamma(double)} and {@link #readoutScaling(ReadoutScaling)}. Defaults: gamma = 1, MUP, softmax
     * activation, MCXENT loss (as {@code OutputLayer}).
     */
    public static class Builder extends BaseOutputLayer.Builder<Builder> {

        private double gamma = DEFAULT_GAMMA;

        private ReadoutScaling readoutScaling = DEFAULT_SCALING;

        private boolean centered;

        /** A builder with softmax activation and MCXENT loss, as DL4J's {@code OutputLayer.Builder()}. */
        public Builder() {
            this.setActivationFn(new ActivationSoftmax());
        }

        /**
         * A builder with the given loss and softmax activation, as DL4J's {@code OutputLayer.Builder(loss)}.
         *
         * @param lossFunction the loss
         */
        public Builder(LossFunction lossFunction) {
            this();
            lossFunction(lossFunction);
        }

        /**
         * A builder with the given loss and softmax activation.
         *
         * @param lossFunction the loss
         */
        public Builder(ILossFunction lossFunction) {
            this();
            lossFunction(lossFunction);
        }

        /**
         * Sets gamma, the divisor of the readout (checked in {@link #build()}).
         *
         * @param gamma finite, {@code > 0}; with MUP this is the paper's gamma0
         * @return this builder
         */
        public Builder gamma(double gamma) {
            this.gamma = gamma;
            return this;
        }

        /**
         * Sets the readout scaling {@code s(N)}.
         *
         * @param readoutScaling MUP ({@code 1/N}), NTK ({@code 1/sqrt(N)}) or STANDARD ({@code 1})
         * @return this builder
         */
        public Builder readoutScaling(ReadoutScaling readoutScaling) {
            this.readoutScaling = readoutScaling;
            return this;
        }

        /**
         * Selects the centered form, whose input is {@code [h | h0]}; normally set by {@code GammaCentering}.
         *
         * @param centered true for the centered form
         * @return this builder
         */
        public Builder centered(boolean centered) {
            this.centered = centered;
            return this;
        }

        /**
         * Validates the options and builds the configuration. With MUP or NTK and no weight initialisation set
         * on this builder, weights are initialised N(0, 1).
         *
         * @return the configuration
         * @throws IllegalArgumentException if gamma is not finite and positive, or the scaling is null
         */
        @Override
        @SuppressWarnings("unchecked")
        public GammaOutputLayer build() {
            validateGamma(gamma);
            if (readoutScaling == null) {
                throw new IllegalArgumentException("readoutScaling must not be null; use MUP, NTK or STANDARD.");
            }

            if (weightInitFn == null && readoutScaling.usesUnitVarianceWeights()) {
                weightInitFn = new WeightInitDistribution(new NormalDistribution(0, 1));
            }
            return new GammaOutputLayer(this);
        }
    }
}
