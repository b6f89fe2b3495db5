package org.dl4jgamma.networks;

import org.dl4jgamma.conf.ReadoutScaling;

/**
 * How the readout factor {@code 1 / (N * gamma0)} of the paper's network is written in DL4J. All three give the
 * same function and, with the learning rates {@link GammaParameterization} sets, the same training trajectory; they
 * differ in which numbers a user sees in the configuration:
 *
 * <pre>
 *   MUP:      s(N) = 1/N,        gamma = gamma0,            readout W ~ N(0, 1),   readout lr = N * eta0
 *   NTK:      s(N) = 1/sqrt(N),  gamma = gamma0 * sqrt(N),  readout W ~ N(0, 1),   readout lr = N * eta0
 *   STANDARD: s(N) = 1,          gamma = gamma0 * sqrt(N),  readout W ~ N(0, 1/N), readout lr = eta0
 * </pre>
 *
 * (With STANDARD the readout weight is {@code W / sqrt(N)}, which trained at {@code lr / N} follows the same path.)
 */
public enum Parameterization {

    /** muP / mean-field readout: gamma is gamma0. */
    MUP(ReadoutScaling.MUP),

    /** NTK readout: gamma = gamma0 * sqrt(N). */
    NTK(ReadoutScaling.NTK),

    /** DL4J's usual readout with the scale in the initialisation: gamma = gamma0 * sqrt(N). */
    STANDARD(ReadoutScaling.STANDARD);

    private final ReadoutScaling scaling;

    Parameterization(ReadoutScaling scaling) {
        this.scaling = scaling;
    }

    /**
     * The gamma output layer's readout scaling for this parameterization.
     *
     * @return the scaling s(N)
     */
    public ReadoutScaling readoutScaling() {
        return scaling;
    }

    /**
     * The gamma of the output layer that represents the paper's gamma0 at width N.
     *
     * @param gamma0 the muP gamma
     * @param width N
     * @return {@code gamma0} (MUP) or {@code gamma0 * sqrt(N)} (NTK, STANDARD)
     */
    public double layerGamma(double gamma0, long width) {
        return this == MUP ? gamma0 : gamma0 * Math.sqrt(width);
    }

    /**
     * Standard deviation of the readout weights: 1, or {@code 1/sqrt(N)} for STANDARD.
     *
     * @param width N
     * @return the std
     */
    public double readoutWeightStd(long width) {
        return this == STANDARD ? 1.0 / Math.sqrt(width) : 1.0;
    }

    /**
     * Per-layer learning-rate multiplier of the readout: 1, or {@code 1/N} for STANDARD.
     *
     * @param width N
     * @return the multiplier
     */
    public double readoutLearningRateMultiplier(long width) {
        return this == STANDARD ? 1.0 / width : 1.0;
    }

    /**
     * The muP gamma0 of an output layer written in this parameterization.
     *
     * @param layerGamma the layer's gamma
     * @param width N
     * @return {@code layerGamma} (MUP) or {@code layerGamma / sqrt(N)}
     */
    public double gamma0(double layerGamma, long width) {
        return this == MUP ? layerGamma : layerGamma / Math.sqrt(width);
    }
}
