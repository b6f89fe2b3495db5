package org.dl4jgamma.arbiter.space;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.deeplearning4j.arbiter.optimize.api.AbstractParameterSpace;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.deeplearning4j.arbiter.util.LeafUtils;
import org.dl4jgamma.rule.LearningRateRegime;

/**
 * Common part of the spaces whose value is derived from gamma0 by the regime rule (no dimension of its own): for
 * the values that the nested spaces take in one candidate,
 *
 * <pre>
 *   eta0            = LearningRateRegime.forDepth(L, c).eta0(gamma0)
 *                   = c * gamma0^2 (gamma0 &lt;= 1),  c * gamma0^(2/L) (gamma0 &gt; 1)
 *   layerMultiplier = 1 / fanIn   (a stock DenseLayer of the paper's MLP)   or 1 (the muP readout; no fanIn set)
 *   lr              = N * eta0 * layerMultiplier
 * </pre>
 *
 * with gamma0 the muP gamma of arXiv 2410.04642, {@code L} the number of weight layers and {@code N} the hidden
 * width. {@code gamma0}, {@code c}, {@code N} and {@code fanIn} are nested spaces: pass the same gamma0 instance
 * that the {@code GammaOutputLayerSpace} holds, so that gamma is one search dimension with one value in both
 * places. Unlike Arbiter's {@code MathOp}, these spaces read back from JSON.
 *
 * @param <T> the derived value type
 */
public abstract class RegimeSpace<T> extends AbstractParameterSpace<T> {

    private static final long serialVersionUID = 1L;

    /** The feature-learning strength gamma0 (shared with the gamma output layer space). */
    protected ParameterSpace<Double> gamma0;

    /** The rule's constant {@code c = eta0(gamma0 = 1)}. */
    protected ParameterSpace<Double> c;

    /** The hidden width N of {@code lr = N * eta0}. */
    protected ParameterSpace<Integer> width;

    /** The fan-in of a stock hidden layer ({@code layerMultiplier = 1 / fanIn}); null for the muP readout. */
    protected ParameterSpace<Integer> fanIn;

    /** The number of weight layers L of the rule's large-gamma exponent {@code 2/L}. */
    protected int depth;

    /** For JSON. */
    protected RegimeSpace() {
    }

    /**
     * Copies and validates the builder's values.
     *
     * @param b the builder
     * @throws IllegalArgumentException if gamma0, c or the width is missing, or the depth is below 1
     */
    protected RegimeSpace(Builder<?> b) {
        if (b.gamma0 == null || b.c == null || b.width == null) {
            throw new IllegalArgumentException("gamma0, c and width are required (got gamma0 = " + b.gamma0
                    + ", c = " + b.c + ", width = " + b.width
                    + "); pass the gamma0 space the output layer space uses.");
        }
        LearningRateRegime.largeExponentForDepth(b.depth);
        this.gamma0 = b.gamma0;
        this.c = b.c;
        this.width = b.width;
        this.fanIn = b.fanIn;
        this.depth = b.depth;
    }

    /**
     * The rule for this candidate: {@code LearningRateRegime.forDepth(L, c)}.
     *
     * @param values Arbiter's candidate vector
     * @return the rule
     */
    protected LearningRateRegime regime(double[] values) {
        return LearningRateRegime.forDepth(depth, c.getValue(values));
    }

    /**
     * The layer multiplier for this candidate: {@code 1 / fanIn}, or 1 without a fan-in.
     *
     * @param values Arbiter's candidate vector
     * @return the multiplier
     */
    protected double layerMultiplier(double[] values) {
        return fanIn == null ? 1.0 : 1.0 / fanIn.getValue(values);
    }

    /**
     * The derived learning rate {@code lr = N * eta0(gamma0) * layerMultiplier}.
     *
     * @param values Arbiter's candidate vector
     * @return lr
     */
    public double learningRate(double[] values) {
        return width.getValue(values) * regime(values).eta0(gamma0.getValue(values)) * layerMultiplier(values);
    }

    /** The number of distinct dimensions among the nested spaces (a shared gamma0 counts once). */
    @Override
    public int numParameters() {
        return LeafUtils.countUniqueParameters(collectLeaves());
    }

    @Override
    public List<ParameterSpace> collectLeaves() {
        List<ParameterSpace> leaves = new ArrayList<>();
        for (ParameterSpace<?> nested : getNestedSpaces().values()) {
            leaves.addAll(nested.collectLeaves());
        }
        return leaves;
    }

    @Override
    public boolean isLeaf() {
        return false;
    }

    /**
     * Not supported: this space has no dimension of its own; Arbiter numbers the nested leaves.
     */
    @Override
    public void setIndices(int... indices) {
        throw new UnsupportedOperationException("A derived regime space has no dimension of its own; the candidate "
                + "generator sets the indices of its nested spaces.");
    }

    /**
     * The gamma0 space.
     *
     * @return gamma0
     */
    public ParameterSpace<Double> getGamma0() {
        return gamma0;
    }

    /**
     * The c space.
     *
     * @return c
     */
    public ParameterSpace<Double> getC() {
        return c;
    }

    /**
     * The width space.
     *
     * @return N
     */
    public ParameterSpace<Integer> getWidth() {
        return width;
    }

    /**
     * The fan-in space, or null for the readout.
     *
     * @return fanIn
     */
    public ParameterSpace<Integer> getFanIn() {
        return fanIn;
    }

    /**
     * The depth L.
     *
     * @return L
     */
    public int getDepth() {
        return depth;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        RegimeSpace<?> s = (RegimeSpace<?>) o;
        return depth == s.depth && Objects.equals(gamma0, s.gamma0) && Objects.equals(c, s.c)
                && Objects.equals(width, s.width) && Objects.equals(fanIn, s.fanIn);
    }

    @Override
    public int hashCode() {
        return Objects.hash(gamma0, c, width, fanIn, depth);
    }

    /**
     * Builder of the common values.
     *
     * @param <B> the concrete builder
     */
    @SuppressWarnings("unchecked")
    public abstract static class Builder<B extends Builder<B>> {

        private ParameterSpace<Double> gamma0;

        private ParameterSpace<Double> c = new FixedValue<>(LearningRateRegime.DEFAULT_C);

        private ParameterSpace<Integer> width;

        private ParameterSpace<Integer> fanIn;

        private int depth = 2;

        /**
         * The gamma0 space: pass the instance the gamma output layer space holds (required).
         *
         * @param gamma0 e.g. {@code new LogUniformSpace(1e-2, 1e3)}, or {@code new FixedValue<>(1.0)}
         * @return this builder
         */
        public B gamma0(ParameterSpace<Double> gamma0) {
            this.gamma0 = gamma0;
            return (B) this;
        }

        /**
         * A searched rule constant c (default: fixed {@link LearningRateRegime#DEFAULT_C}).
         *
         * @param c e.g. {@code new LogUniformSpace(1, 100)}
         * @return this builder
         */
        public B c(ParameterSpace<Double> c) {
            this.c = c;
            return (B) this;
        }

        /**
         * A fixed rule constant c.
         *
         * @param c finite, {@code > 0} (checked when a value is drawn)
         * @return this builder
         */
        public B c(double c) {
            return c(new FixedValue<>(c));
        }

        /**
         * The hidden width N (required): share the space the dense layers' nOut uses when it is searched.
         *
         * @param width the width space
         * @return this builder
         */
        public B width(ParameterSpace<Integer> width) {
            this.width = width;
            return (B) this;
        }

        /**
         * A fixed hidden width N.
         *
         * @param width at least 1 (checked when a value is drawn)
         * @return this builder
         */
        public B width(int width) {
            return width(new FixedValue<>(width));
        }

        /**
         * The fan-in of a stock hidden layer, for {@code layerMultiplier = 1 / fanIn}; leave unset for the readout.
         *
         * @param fanIn the fan-in space (the previous layer's width space, or a fixed input size)
         * @return this builder
         */
        public B fanIn(ParameterSpace<Integer> fanIn) {
            this.fanIn = fanIn;
            return (B) this;
        }

        /**
         * A fixed fan-in of a stock hidden layer.
         *
         * @param fanIn at least 1
         * @return this builder
         */
        public B fanIn(int fanIn) {
            return fanIn(new FixedValue<>(fanIn));
        }

        /**
         * The number of weight layers L of the network (default 2).
         *
         * @param depth at least 1
         * @return this builder
         */
        public B depth(int depth) {
            this.depth = depth;
            return (B) this;
        }
    }
}
