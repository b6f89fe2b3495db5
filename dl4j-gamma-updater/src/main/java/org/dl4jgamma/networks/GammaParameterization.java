package org.dl4jgamma.networks;

import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.dl4jgamma.conf.GammaOutputLayer;
import org.dl4jgamma.rule.LearningRateRegime;
import org.dl4jgamma.updater.RegimeUpdater;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the paper's parameterization (arXiv 2410.04642) to a DL4J configuration of dense layers ending in a
 * {@link GammaOutputLayer}. For L weight layers (L - 1 hidden layers plus the readout) of hidden width N:
 *
 * <pre>
 *   paper:  h_l = phi((W_l h_{l-1} + b_l) / sqrt(fan_in_l)),   W_l ~ N(0, 1), b_l = 0
 *           f   = (W_L h_{L-1} + b_L) / (N * gamma0),          W_L ~ N(0, 1), b_L = 0
 *           plain SGD with lr = N * eta0 on every parameter,   eta0 = regime(gamma0) or fixed
 *   DL4J:   stock DenseLayer with W ~ N(0, 1/fan_in), b = 0, trained at lr / fan_in
 *           GammaOutputLayer with the readout of the chosen {@link Parameterization}
 * </pre>
 *
 * The hidden layers stay DL4J's own {@code DenseLayer}: a weight used as {@code W h / sqrt(fan_in)} at rate lr
 * takes exactly the steps of a stock weight {@code W / sqrt(fan_in)} at rate {@code lr / fan_in}, so no custom
 * hidden layer is needed and any existing dense MLP can be converted. The learning rates are set per layer by a
 * {@link RegimeUpdater}. {@code L} and {@code N} are read from the configuration.
 */
public final class GammaParameterization {

    private static final Logger LOG = LoggerFactory.getLogger(GammaParameterization.class);

    private final double gamma0;

    private final LearningRateRegime regime;

    private final double c;

    private final double eta0;

    private final Parameterization parameterization;

    private final ISchedule schedule;

    private final IUpdater inner;

    private GammaParameterization(Builder b) {
        this.gamma0 = b.gamma0;
        this.regime = b.regime;
        this.c = b.c;
        this.eta0 = b.eta0;
        this.parameterization = b.parameterization;
        this.schedule = b.schedule;
        this.inner = b.inner;
    }

    /**
     * A builder: gamma0 is required; the learning rate comes from a regime, a constant c (the paper's rule with
     * that c and the network's depth), or a fixed eta0.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The depth L of a configuration: its number of weight layers (hidden dense layers plus the readout).
     *
     * @param conf a configuration accepted by {@link #apply(MultiLayerConfiguration)}
     * @return L
     */
    public static int depth(MultiLayerConfiguration conf) {
        return conf.getConfs().size();
    }

    /**
     * The hidden width N of a configuration: the common nOut of its hidden layers (the readout's nIn when there is
     * no hidden layer).
     *
     * @param conf a configuration of dense layers ending in a GammaOutputLayer
     * @return N
     * @throws IllegalArgumentException if the hidden widths differ or the readout's nIn is not N
     */
    public static long width(MultiLayerConfiguration conf) {
        List<NeuralNetConfiguration> layers = conf.getConfs();
        GammaOutputLayer readout = readout(layers);
        TreeSet<Long> widths = new TreeSet<>();
        for (int i = 0; i < layers.size() - 1; i++) {
            widths.add(((DenseLayer) denseLayer(layers, i)).getNOut());
        }

        if (widths.size() > 1) {
            throw new IllegalArgumentException("The hidden layers have different widths " + widths + ", so the "
                    + "width N of lr = N * eta0 is ambiguous; give all hidden layers the same nOut.");
        }
        long n = widths.isEmpty() ? readout.getNIn() : widths.first();
        if (readout.getNIn() != n) {
            throw new IllegalArgumentException("The readout's nIn " + readout.getNIn() + " differs from the hidden "
                    + "width " + n + ".");
        }
        return n;
    }

    /**
     * Returns a copy of {@code conf} in the paper's parameterization: hidden weights N(0, 1/fan_in), zero biases,
     * the readout scaled by {@code 1/(N gamma0)} through the chosen parameterization, and a {@link RegimeUpdater}
     * on every layer with {@code lr = N * eta0 * layerMultiplier}. The input configuration is not modified.
     *
     * @param conf dense layers (any activation) ending in a GammaOutputLayer, all hidden layers of width N
     * @return the converted configuration
     * @throws IllegalArgumentException if a layer is not dense, the last layer is not a GammaOutputLayer or the
     *                                  hidden widths differ
     */
    public MultiLayerConfiguration apply(MultiLayerConfiguration conf) {
        MultiLayerConfiguration out = conf.clone();
        List<NeuralNetConfiguration> layers = out.getConfs();
        int depth = depth(out);
        long width = width(out);
        LearningRateRegime rule = regime != null ? regime
                : LearningRateRegime.forDepth(depth, Double.isNaN(c) ? LearningRateRegime.DEFAULT_C : c);

        for (int i = 0; i < layers.size() - 1; i++) {
            DenseLayer layer = (DenseLayer) denseLayer(layers, i);
            long fanIn = layer.getNIn();
            layer.setWeightInitFn(new WeightInitDistribution(new NormalDistribution(0, 1.0 / Math.sqrt(fanIn))));
            layer.setBiasInit(0.0);
            layer.setIUpdater(updater(rule, width, 1.0 / fanIn));
            layer.setBiasUpdater(null);
        }

        GammaOutputLayer readout = readout(layers);
        readout.setGamma(parameterization.layerGamma(gamma0, width));
        readout.setReadoutScaling(parameterization.readoutScaling());
        readout.setWeightInitFn(new WeightInitDistribution(new NormalDistribution(0,
                parameterization.readoutWeightStd(width))));
        readout.setBiasInit(0.0);
        readout.setIUpdater(updater(rule, width, parameterization.readoutLearningRateMultiplier(width)));
        readout.setBiasUpdater(null);

        LOG.debug("Applied {} parameterization: L = {}, N = {}, gamma0 = {}, eta0 = {}", parameterization, depth,
                width, gamma0, ((RegimeUpdater) readout.getIUpdater()).eta0());
        return out;
    }

    private RegimeUpdater updater(LearningRateRegime rule, long width, double multiplier) {
        RegimeUpdater.Builder b = RegimeUpdater.builder().gamma0(gamma0).width(width).layerMultiplier(multiplier)
                .schedule(schedule == null ? null : schedule.clone()).inner(inner.clone());
        if (!Double.isNaN(eta0)) {
            return b.eta0(eta0).build();
        }
        return b.regime(rule).build();
    }

    private static Layer denseLayer(List<NeuralNetConfiguration> layers, int i) {
        Layer layer = layers.get(i).getLayer();
        if (!(layer instanceof DenseLayer)) {
            throw new IllegalArgumentException("Layer " + i + " is a " + layer.getClass().getSimpleName()
                    + "; the gamma parameterization handles MLPs of DenseLayers ending in a GammaOutputLayer.");
        }
        return layer;
    }

    private static GammaOutputLayer readout(List<NeuralNetConfiguration> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("The configuration has no layers.");
        }
        Layer last = layers.get(layers.size() - 1).getLayer();
        if (!(last instanceof GammaOutputLayer)) {
            throw new IllegalArgumentException("The last layer is a " + last.getClass().getSimpleName() + ", not a "
                    + "GammaOutputLayer; the rule needs gamma, so replace the output layer by "
                    + "new GammaOutputLayer.Builder(...).");
        }
        return (GammaOutputLayer) last;
    }

    /**
     * Draws the initial parameters of a network converted by {@link #apply} again, reproducibly: every weight
     * matrix, in layer order and row-major order within a layer, from one {@code java.util.Random(seed)} as
     * {@code std * nextGaussian()}, with the std that {@link #apply} prescribes ({@code 1/sqrt(fan_in)} for hidden
     * layers, {@link Parameterization#readoutWeightStd} for the readout), and every bias set to 0. Needed because
     * DL4J 1.0.0-M2.1's CPU random generator does not give the same numbers for the same seed from one network build
     * to the next (seen here; DL4J issue 5083), so {@code NeuralNetConfiguration.Builder.seed} alone does not make
     * two builds equal.
     *
     * @param network an initialised network of DenseLayers ending in a GammaOutputLayer
     * @param seed the seed
     * @throws IllegalArgumentException if the network is not of that form
     */
    public static void reinitialise(MultiLayerNetwork network, long seed) {
        MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
        long width = width(conf);
        GammaOutputLayer readout = readout(conf.getConfs());
        double readoutStd = parameterizationOf(readout).readoutWeightStd(width);
        Random random = new Random(seed);

        for (int i = 0; i < network.getnLayers(); i++) {
            org.deeplearning4j.nn.api.Layer layer = network.getLayer(i);
            boolean isReadout = i == network.getnLayers() - 1;
            INDArray w = layer.getParam(DefaultParamInitializer.WEIGHT_KEY);
            double std = isReadout ? readoutStd : 1.0 / Math.sqrt(w.rows());
            double[][] values = new double[(int) w.rows()][(int) w.columns()];
            for (double[] row : values) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = std * random.nextGaussian();
                }
            }
            w.assign(Nd4j.createFromArray(values).castTo(w.dataType()));

            INDArray b = layer.getParam(DefaultParamInitializer.BIAS_KEY);
            if (b != null) {
                b.assign(0.0);
            }
        }
    }

    private static Parameterization parameterizationOf(GammaOutputLayer readout) {
        for (Parameterization p : Parameterization.values()) {
            if (p.readoutScaling() == readout.getReadoutScaling()) {
                return p;
            }
        }
        throw new IllegalStateException("No parameterization for " + readout.getReadoutScaling());
    }

    /**
     * Builder for {@link GammaParameterization}.
     */
    public static final class Builder {

        private double gamma0 = Double.NaN;

        private boolean gamma0Set;

        private LearningRateRegime regime;

        private double c = Double.NaN;

        private boolean cSet;

        private double eta0 = Double.NaN;

        private boolean eta0Set;

        private Parameterization parameterization = Parameterization.MUP;

        private ISchedule schedule;

        private IUpdater inner = new Sgd(1.0);

        private Builder() {
        }

        /**
         * The muP feature-learning strength (required).
         *
         * @param gamma0 finite, {@code > 0}
         * @return this builder
         */
        public Builder gamma0(double gamma0) {
            this.gamma0 = gamma0;
            this.gamma0Set = true;
            return this;
        }

        /**
         * The rule eta0(gamma0); default: the paper's rule for the network's depth with
         * {@code c = LearningRateRegime.DEFAULT_C} (10) or the c given to {@link #c}.
         *
         * @param regime the rule
         * @return this builder
         */
        public Builder regime(LearningRateRegime regime) {
            this.regime = regime;
            return this;
        }

        /**
         * The paper's rule for the network's depth with this {@code c = eta0(1)}.
         *
         * @param c finite, {@code > 0}
         * @return this builder
         */
        public Builder c(double c) {
            this.c = c;
            this.cSet = true;
            return this;
        }

        /**
         * A fixed eta0 instead of a rule (the sweep searches eta0 itself).
         *
         * @param eta0 finite, {@code > 0}
         * @return this builder
         */
        public Builder eta0(double eta0) {
            this.eta0 = eta0;
            this.eta0Set = true;
            return this;
        }

        /**
         * How the readout is written (default MUP).
         *
         * @param parameterization MUP, NTK or STANDARD
         * @return this builder
         */
        public Builder parameterization(Parameterization parameterization) {
            this.parameterization = parameterization;
            return this;
        }

        /**
         * A DL4J schedule multiplying every layer's rate (null for none).
         *
         * @param schedule the schedule
         * @return this builder
         */
        public Builder schedule(ISchedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /**
         * The stock updater whose step is taken (default plain SGD, the paper's optimizer).
         *
         * @param inner the wrapped updater
         * @return this builder
         */
        public Builder inner(IUpdater inner) {
            this.inner = inner;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the parameterization
         * @throws IllegalArgumentException if gamma0 is missing, gamma0, c or eta0 is not finite and positive, or
         *                                  more than one of c, regime and eta0 is given
         */
        public GammaParameterization build() {
            if (Double.isNaN(gamma0) && !gamma0Set) {
                throw new IllegalArgumentException("gamma0 is not set; call gamma0(...) with a finite value > 0.");
            }
            LearningRateRegime.requirePositive("gamma0", gamma0);
            if (cSet) {
                LearningRateRegime.requirePositive("c", c);
            }
            if (eta0Set) {
                LearningRateRegime.requirePositive("eta0", eta0);
            }
            int sources = (cSet ? 1 : 0) + (regime != null ? 1 : 0) + (eta0Set ? 1 : 0);
            if (sources > 1) {
                throw new IllegalArgumentException("Give one source of the learning rate: c, a regime, or a fixed eta0 "
                        + "(got " + (cSet ? "c " : "") + (regime != null ? "regime " : "") + (eta0Set ? "eta0" : "")
                        + ").");
            }
            if (parameterization == null || inner == null) {
                throw new IllegalArgumentException("parameterization and inner updater must not be null.");
            }
            return new GammaParameterization(this);
        }
    }

    /**
     * Gamma0 of this parameterization.
     *
     * @return gamma0
     */
    public double getGamma0() {
        return gamma0;
    }

    /**
     * The parameterization the readout is written in.
     *
     * @return the parameterization
     */
    public Parameterization getParameterization() {
        return parameterization;
    }
}
