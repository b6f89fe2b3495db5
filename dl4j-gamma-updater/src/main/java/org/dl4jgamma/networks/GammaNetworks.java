package org.dl4jgamma.networks;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jgamma.centering.GammaCentering;
import org.dl4jgamma.conf.GammaOutputLayer;
import org.dl4jgamma.rule.LearningRateRegime;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The paper's network in one call. {@code GammaNetworks.mlp()} returns a builder for an MLP with {@code depth = L}
 * weight layers (L - 1 ReLU hidden layers of width N and a {@link GammaOutputLayer}), put in the paper's
 * parameterization by {@link GammaParameterization}: the function is
 *
 * <pre>
 *   f(x) = (W_L h_{L-1} + b_L) / (N * gamma0),   h_l = relu((W_l h_{l-1} + b_l) / sqrt(fan_in_l))
 * </pre>
 *
 * (minus its value at initialisation when centered), trained by plain SGD at {@code lr = N * eta0} with
 * {@code eta0 = regime(gamma0)} (the paper's rule for depth L with constant c) or a fixed eta0.
 *
 * <pre>{@code
 * ComputationGraph net = GammaNetworks.mlp().nIn(784).width(128).depth(3).nOut(10)
 *         .lossFunction(LossFunction.MSE).gamma0(10).c(1.0).centered(true).seed(0)
 *         .buildComputationGraph();
 * }</pre>
 */
public final class GammaNetworks {

    private static final Logger LOG = LoggerFactory.getLogger(GammaNetworks.class);

    private GammaNetworks() {
    }

    /**
     * A builder for the paper's MLP.
     *
     * @return a new builder
     */
    public static MlpBuilder mlp() {
        return new MlpBuilder();
    }

    /**
     * Builder of the paper's MLP. Required: nIn, width, depth, nOut, gamma0. Defaults: MSE loss (identity output;
     * MCXENT gets softmax), learning rate from the paper's rule with {@code c = }{@link LearningRateRegime#DEFAULT_C},
     * MUP parameterization, centered, seed 0, FLOAT.
     */
    public static final class MlpBuilder {

        private int nIn;

        private int width;

        private int depth;

        private int nOut;

        private LossFunction lossFunction = LossFunction.MSE;

        private Activation activation;

        private final GammaParameterization.Builder parameterization = GammaParameterization.builder();

        private boolean centered = true;

        private long seed;

        private DataType dataType = DataType.FLOAT;

        private MlpBuilder() {
        }

        /**
         * Input width d.
         *
         * @param nIn at least 1
         * @return this builder
         */
        public MlpBuilder nIn(int nIn) {
            this.nIn = nIn;
            return this;
        }

        /**
         * Hidden width N.
         *
         * @param width at least 1
         * @return this builder
         */
        public MlpBuilder width(int width) {
            this.width = width;
            return this;
        }

        /**
         * Depth L: the number of weight layers (L - 1 hidden layers plus the readout).
         *
         * @param depth at least 1
         * @return this builder
         */
        public MlpBuilder depth(int depth) {
            this.depth = depth;
            return this;
        }

        /**
         * Number of outputs.
         *
         * @param nOut at least 1
         * @return this builder
         */
        public MlpBuilder nOut(int nOut) {
            this.nOut = nOut;
            return this;
        }

        /**
         * The loss; MSE gets an identity output and MCXENT a softmax unless {@link #activation} is set. MCXENT is
         * the exact softmax cross-entropy (DL4J's probability clipping at 1e-10 is switched off).
         *
         * @param lossFunction any DL4J loss
         * @return this builder
         */
        public MlpBuilder lossFunction(LossFunction lossFunction) {
            this.lossFunction = lossFunction;
            return this;
        }

        /**
         * The output activation (default: softmax for MCXENT and NEGATIVELOGLIKELIHOOD, identity otherwise).
         *
         * @param activation the activation
         * @return this builder
         */
        public MlpBuilder activation(Activation activation) {
            this.activation = activation;
            return this;
        }

        /**
         * The muP feature-learning strength gamma0 (required).
         *
         * @param gamma0 finite, {@code > 0}
         * @return this builder
         */
        public MlpBuilder gamma0(double gamma0) {
            parameterization.gamma0(gamma0);
            return this;
        }

        /**
         * The paper's rule with {@code c = eta0(1)}.
         *
         * @param c finite, {@code > 0}
         * @return this builder
         */
        public MlpBuilder c(double c) {
            parameterization.c(c);
            return this;
        }

        /**
         * A rule for eta0(gamma0), e.g. one fitted by a sweep.
         *
         * @param regime the rule
         * @return this builder
         */
        public MlpBuilder regime(LearningRateRegime regime) {
            parameterization.regime(regime);
            return this;
        }

        /**
         * A fixed eta0 instead of the rule.
         *
         * @param eta0 finite, {@code > 0}
         * @return this builder
         */
        public MlpBuilder eta0(double eta0) {
            parameterization.eta0(eta0);
            return this;
        }

        /**
         * How the readout is written (default MUP); the function and training are the same for all three.
         *
         * @param p the parameterization
         * @return this builder
         */
        public MlpBuilder parameterization(Parameterization p) {
            parameterization.parameterization(p);
            return this;
        }

        /**
         * Whether to train {@code f(x) - f_0(x)} (default true, as the paper).
         *
         * @param centered true to center
         * @return this builder
         */
        public MlpBuilder centered(boolean centered) {
            this.centered = centered;
            return this;
        }

        /**
         * Initialisation seed: the same seed gives bit-identical initial parameters (drawn with
         * {@code java.util.Random}, see {@link GammaParameterization#reinitialise}).
         *
         * @param seed the seed
         * @return this builder
         */
        public MlpBuilder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Network data type (FLOAT or DOUBLE; DOUBLE is advisable for gamma0 below 1e-2).
         *
         * @param dataType the data type
         * @return this builder
         */
        public MlpBuilder dataType(DataType dataType) {
            this.dataType = dataType;
            return this;
        }

        /**
         * The configuration, uncentered, in the paper's parameterization.
         *
         * @return the configuration
         * @throws IllegalArgumentException if a size or gamma0, c, eta0 is out of range
         */
        public MultiLayerConfiguration buildConfiguration() {
            checkAtLeastOne("nIn", nIn);
            checkAtLeastOne("width", width);
            checkAtLeastOne("depth", depth);
            checkAtLeastOne("nOut", nOut);
            if (lossFunction == null) {
                throw new IllegalArgumentException("lossFunction must not be null.");
            }
            if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
                throw new IllegalArgumentException("dataType must be FLOAT or DOUBLE, got " + dataType + ".");
            }

            NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(seed)
                    .dataType(dataType).list();
            for (int l = 0; l < depth - 1; l++) {
                list.layer(new DenseLayer.Builder().nIn(l == 0 ? nIn : width).nOut(width)
                        .activation(Activation.RELU).build());
            }
            list.layer(new GammaOutputLayer.Builder(lossFunction()).activation(outputActivation())
                    .nIn(depth == 1 ? nIn : width).nOut(nOut).build());

            return parameterization.build().apply(list.build());
        }

        /**
         * An initialised, uncentered MultiLayerNetwork.
         *
         * @return the network
         * @throws IllegalArgumentException if centering was requested (a centered network is a ComputationGraph)
         */
        public MultiLayerNetwork buildMultiLayerNetwork() {
            if (centered) {
                throw new IllegalArgumentException("A centered network is a ComputationGraph (it holds a frozen copy "
                        + "of the initial network): call buildComputationGraph(), or centered(false).");
            }
            return initialised();
        }

        /**
         * An initialised ComputationGraph, centered or not.
         *
         * @return the network
         */
        public ComputationGraph buildComputationGraph() {
            MultiLayerNetwork net = initialised();
            return centered ? GammaCentering.center(net) : net.toComputationGraph();
        }

        private MultiLayerNetwork initialised() {
            MultiLayerNetwork net = new MultiLayerNetwork(buildConfiguration());
            net.init();
            GammaParameterization.reinitialise(net, seed);
            LOG.debug("Built MLP d={} N={} L={} out={} centered={} seed={} {}", nIn, width, depth, nOut, centered,
                    seed, dataType);
            return net;
        }

        /**
         * The loss; MCXENT without DL4J's default clipping of softmax probabilities to [1e-10, 1 - 1e-10], which
         * changes the loss (and its gradient) of confident predictions, the case at small gamma0 without centering.
         */
        private ILossFunction lossFunction() {
            return lossFunction == LossFunction.MCXENT ? new LossMCXENT(0.0, null) : lossFunction.getILossFunction();
        }

        private Activation outputActivation() {
            if (activation != null) {
                return activation;
            }
            boolean softmax = lossFunction == LossFunction.MCXENT || lossFunction == LossFunction.NEGATIVELOGLIKELIHOOD;
            return softmax ? Activation.SOFTMAX : Activation.IDENTITY;
        }

        private static void checkAtLeastOne(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be >= 1, got " + value + ".");
            }
        }
    }
}
