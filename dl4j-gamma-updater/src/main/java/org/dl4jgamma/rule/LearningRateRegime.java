package org.dl4jgamma.rule;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Objects;

import org.nd4j.shade.jackson.annotation.JsonAutoDetect;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

/**
 * The regime rule for the SGD learning rate as a function of the feature-learning strength {@code gamma0} (the
 * muP gamma of the paper "The Optimization Landscape of SGD Across the Feature Learning Strength",
 * arXiv 2410.04642):
 *
 * <pre>
 *   eta0(gamma0) = cSmall * gamma0^smallExponent     for gamma0 &lt;= crossover
 *   eta0(gamma0) = cLarge * gamma0^largeExponent     for gamma0 &gt;  crossover
 * </pre>
 *
 * The paper's rule for a network with {@code L} weight layers ({@link #forDepth(int)}) has
 * {@code cSmall = cLarge = c}, {@code smallExponent = 2}, {@code largeExponent = 2/L} and {@code crossover = 1},
 * so {@code c = eta0(1)}. The two pieces must meet at the crossover:
 * {@code cSmall * crossover^smallExponent = cLarge * crossover^largeExponent} (to relative {@value #MEET_TOLERANCE}).
 * A rule fitted from a sweep, two independent power laws, is built with
 * {@link #fromPowerLaws(double, double, double, double)}, which puts the crossover at their intersection.
 *
 * <p>{@code eta0} is the width-free learning rate: with the muP readout the SGD learning rate of the network is
 * {@code lr = N * eta0} (times a per-layer multiplier), see {@code RegimeUpdater}. The exponents were established
 * for plain SGD. Instances are immutable and serialise to JSON ({@link #toJson()}).
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public final class LearningRateRegime implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Default {@code c = eta0(gamma0 = 1)}: 10, the eta0* that the default sweep ({@code ./dl4j-gamma sweep}:
     * centered muP MLP, width 128, batch 64, 300 steps of online SGD with {@code lr = N * eta0}, MSE on
     * Fashion-MNIST) found at gamma0 = 1 for L = 2, 3 and 4 alike (see the README). Other data, widths or step
     * budgets may want another c; fit one with a sweep.
     */
    public static final double DEFAULT_C = 10.0;

    /** Default small-gamma exponent: {@code eta0 ~ gamma0^2} for {@code gamma0 << 1}. */
    public static final double DEFAULT_SMALL_EXPONENT = 2.0;

    /** Default crossover between the two regimes: {@code gamma0 = 1}. */
    public static final double DEFAULT_CROSSOVER = 1.0;

    /** Relative tolerance for the two pieces to meet at the crossover. */
    public static final double MEET_TOLERANCE = 1e-6;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final double cSmall;

    private final double smallExponent;

    private final double cLarge;

    private final double largeExponent;

    private final double crossover;

    @JsonCreator
    private LearningRateRegime(@JsonProperty("cSmall") double cSmall,
                               @JsonProperty("smallExponent") double smallExponent,
                               @JsonProperty("cLarge") double cLarge,
                               @JsonProperty("largeExponent") double largeExponent,
                               @JsonProperty("crossover") double crossover) {
        this.cSmall = requirePositive("cSmall", cSmall);
        this.smallExponent = finite("smallExponent", smallExponent);
        this.cLarge = requirePositive("cLarge", cLarge);
        this.largeExponent = finite("largeExponent", largeExponent);
        this.crossover = requirePositive("crossover", crossover);
        checkPiecesMeet();
    }

    /**
     * The paper's rule for {@code depth} weight layers with {@link #DEFAULT_C}:
     * {@code eta0 = c gamma0^2} for {@code gamma0 <= 1}, {@code c gamma0^(2/L)} above.
     *
     * @param depth L, the number of weight layers (hidden layers plus readout), at least 1
     * @return the rule
     * @throws IllegalArgumentException if {@code depth < 1}
     */
    public static LearningRateRegime forDepth(int depth) {
        return forDepth(depth, DEFAULT_C);
    }

    /**
     * The paper's rule for {@code depth} weight layers: {@code eta0 = c gamma0^2} for {@code gamma0 <= 1},
     * {@code c gamma0^(2/L)} above.
     *
     * @param depth L, the number of weight layers, at least 1
     * @param c eta0 at gamma0 = 1, finite and {@code > 0}
     * @return the rule
     * @throws IllegalArgumentException if {@code depth < 1} or {@code c} is not finite and positive
     */
    public static LearningRateRegime forDepth(int depth, double c) {
        return builder().c(c).largeExponent(largeExponentForDepth(depth)).build();
    }

    /**
     * The paper's large-gamma exponent {@code 2 / L}.
     *
     * @param depth L, the number of weight layers, at least 1
     * @return {@code 2.0 / depth}
     * @throws IllegalArgumentException if {@code depth < 1}
     */
    public static double largeExponentForDepth(int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth L (number of weight layers) must be >= 1, got " + depth
                    + "; an MLP with one hidden layer has L = 2.");
        }
        return 2.0 / depth;
    }

    /**
     * A rule from two independently fitted power laws, {@code cSmall gamma0^a} and {@code cLarge gamma0^b}, with
     * the crossover at their intersection {@code x = (cSmall / cLarge)^(1 / (b - a))}.
     *
     * @param cSmall prefactor of the small-gamma law, {@code > 0}
     * @param smallExponent exponent {@code a} of the small-gamma law
     * @param cLarge prefactor of the large-gamma law, {@code > 0}
     * @param largeExponent exponent {@code b} of the large-gamma law, different from {@code a}
     * @return the rule
     * @throws IllegalArgumentException if a value is not finite, a prefactor is not positive, or the exponents are
     *                                  equal (parallel laws never meet)
     */
    public static LearningRateRegime fromPowerLaws(double cSmall, double smallExponent, double cLarge,
                                                   double largeExponent) {
        requirePositive("cSmall", cSmall);
        requirePositive("cLarge", cLarge);
        if (finite("smallExponent", smallExponent) == finite("largeExponent", largeExponent)) {
            throw new IllegalArgumentException("The two power laws have the same exponent " + smallExponent
                    + " and never meet; fit a single law or use different exponents.");
        }

        double crossover = Math.pow(cSmall / cLarge, 1.0 / (largeExponent - smallExponent));
        return new LearningRateRegime(cSmall, smallExponent, cLarge, largeExponent, crossover);
    }

    /**
     * A builder with the paper's defaults ({@code c = DEFAULT_C}, exponents 2 and 1, crossover 1); set
     * {@link Builder#largeExponent(double)} to {@code 2/L} for depth L, or use {@link #forDepth(int)}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The learning rate for a given gamma0 (see the class formula).
     *
     * @param gamma0 the muP feature-learning strength, finite and {@code > 0}
     * @return eta0, the width-free learning rate
     * @throws IllegalArgumentException if gamma0 is not finite and positive
     */
    public double eta0(double gamma0) {
        requirePositive("gamma0", gamma0);
        return gamma0 <= crossover ? cSmall * Math.pow(gamma0, smallExponent) : cLarge * Math.pow(gamma0,
                largeExponent);
    }

    /**
     * {@code c = eta0(1)}.
     *
     * @return the learning rate at gamma0 = 1
     */
    public double getC() {
        return eta0(1.0);
    }

    /**
     * The prefactor of the small-gamma law.
     *
     * @return cSmall
     */
    public double getCSmall() {
        return cSmall;
    }

    /**
     * The exponent of the small-gamma law (paper: 2).
     *
     * @return smallExponent
     */
    public double getSmallExponent() {
        return smallExponent;
    }

    /**
     * The prefactor of the large-gamma law.
     *
     * @return cLarge
     */
    public double getCLarge() {
        return cLarge;
    }

    /**
     * The exponent of the large-gamma law (paper: 2/L).
     *
     * @return largeExponent
     */
    public double getLargeExponent() {
        return largeExponent;
    }

    /**
     * The gamma0 where the rule switches from the small-gamma law to the large-gamma law.
     *
     * @return crossover
     */
    public double getCrossover() {
        return crossover;
    }

    /**
     * This rule as JSON (fields {@code cSmall, smallExponent, cLarge, largeExponent, crossover}).
     *
     * @return JSON text
     */
    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a rule written by {@link #toJson()} (for example the fitted rule a sweep exports).
     *
     * @param json JSON text
     * @return the rule, validated as by the builder
     * @throws IllegalArgumentException if the JSON is malformed or the rule is invalid
     */
    public static LearningRateRegime fromJson(String json) {
        try {
            return MAPPER.readValue(json, LearningRateRegime.class);
        } catch (IOException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof IllegalArgumentException) {
                    throw (IllegalArgumentException) c;
                }
            }
            throw new IllegalArgumentException("Not a learning-rate rule in JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LearningRateRegime)) {
            return false;
        }
        LearningRateRegime r = (LearningRateRegime) o;
        return Double.compare(cSmall, r.cSmall) == 0 && Double.compare(smallExponent, r.smallExponent) == 0
                && Double.compare(cLarge, r.cLarge) == 0 && Double.compare(largeExponent, r.largeExponent) == 0
                && Double.compare(crossover, r.crossover) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(cSmall, smallExponent, cLarge, largeExponent, crossover);
    }

    @Override
    public String toString() {
        return String.format("eta0 = %.6g * gamma0^%.4g (gamma0 <= %.4g), %.6g * gamma0^%.4g (above)", cSmall,
                smallExponent, crossover, cLarge, largeExponent);
    }

    private void checkPiecesMeet() {
        double small = cSmall * Math.pow(crossover, smallExponent);
        double large = cLarge * Math.pow(crossover, largeExponent);
        if (Math.abs(small - large) > MEET_TOLERANCE * Math.max(small, large)) {
            throw new IllegalArgumentException(String.format("The two pieces of the rule do not meet at the "
                    + "crossover %g: cSmall * crossover^%g = %g but cLarge * crossover^%g = %g. Use equal c with "
                    + "crossover 1, or LearningRateRegime.fromPowerLaws(...) to put the crossover at the "
                    + "intersection.", crossover, smallExponent, small, largeExponent, large));
        }
    }

    /**
     * Checks a value that must be finite and strictly positive (gamma0, c, eta0, multipliers).
     *
     * @param name the value's name, for the message
     * @param value the value
     * @return {@code value}
     * @throws IllegalArgumentException naming the value, e.g. {@code "gamma0 must be finite and > 0, got -1.0."}
     */
    public static double requirePositive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, got " + value + ".");
        }
        return value;
    }

    private static double finite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, got " + value + ".");
        }
        return value;
    }

    /**
     * Builder for a {@link LearningRateRegime}; values are checked in {@link #build()}.
     */
    public static final class Builder {

        private double cSmall = DEFAULT_C;

        private double cLarge = DEFAULT_C;

        private double smallExponent = DEFAULT_SMALL_EXPONENT;

        private double largeExponent = largeExponentForDepth(2);

        private double crossover = DEFAULT_CROSSOVER;

        private Builder() {
        }

        /**
         * Sets both prefactors to {@code c}; with crossover 1, {@code c = eta0(1)}.
         *
         * @param c finite, {@code > 0}
         * @return this builder
         */
        public Builder c(double c) {
            this.cSmall = c;
            this.cLarge = c;
            return this;
        }

        /**
         * Sets the prefactor of the small-gamma law only.
         *
         * @param cSmall finite, {@code > 0}
         * @return this builder
         */
        public Builder cSmall(double cSmall) {
            this.cSmall = cSmall;
            return this;
        }

        /**
         * Sets the prefactor of the large-gamma law only.
         *
         * @param cLarge finite, {@code > 0}
         * @return this builder
         */
        public Builder cLarge(double cLarge) {
            this.cLarge = cLarge;
            return this;
        }

        /**
         * Sets the small-gamma exponent (paper: 2).
         *
         * @param exponent finite
         * @return this builder
         */
        public Builder smallExponent(double exponent) {
            this.smallExponent = exponent;
            return this;
        }

        /**
         * Sets the large-gamma exponent (paper: 2/L).
         *
         * @param exponent finite
         * @return this builder
         */
        public Builder largeExponent(double exponent) {
            this.largeExponent = exponent;
            return this;
        }

        /**
         * Sets the large-gamma exponent to the paper's {@code 2/L}.
         *
         * @param depth L, the number of weight layers, at least 1
         * @return this builder
         */
        public Builder depth(int depth) {
            this.largeExponent = largeExponentForDepth(depth);
            return this;
        }

        /**
         * Sets the crossover gamma0 between the two laws (paper: 1).
         *
         * @param crossover finite, {@code > 0}
         * @return this builder
         */
        public Builder crossover(double crossover) {
            this.crossover = crossover;
            return this;
        }

        /**
         * Validates and builds the rule.
         *
         * @return the rule
         * @throws IllegalArgumentException if a value is out of range or the pieces do not meet at the crossover
         */
        public LearningRateRegime build() {
            return new LearningRateRegime(cSmall, smallExponent, cLarge, largeExponent, crossover);
        }
    }
}
