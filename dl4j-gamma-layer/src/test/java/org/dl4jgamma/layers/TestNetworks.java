package org.dl4jgamma.layers;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.dl4jgamma.conf.GammaOutputLayer;
import org.dl4jgamma.conf.ReadoutScaling;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** Small networks and data shared by the layer tests. */
public final class TestNetworks {

    /** Input width of the test networks. */
    public static final int N_IN = 5;

    /** Hidden width of the test networks (the readout's N). */
    public static final int WIDTH = 7;

    /** Number of outputs of the test networks. */
    public static final int N_OUT = 3;

    private TestNetworks() {
    }

    /** A loss with the activation it is normally paired with. */
    public enum Head {
        /** Mean squared error on an identity output. */
        MSE_IDENTITY(LossFunction.MSE, Activation.IDENTITY),
        /** Multi-class cross-entropy on a softmax output. */
        MCXENT_SOFTMAX(LossFunction.MCXENT, Activation.SOFTMAX);

        final LossFunction loss;
        final Activation activation;

        Head(LossFunction loss, Activation activation) {
            this.loss = loss;
            this.activation = activation;
        }

        /** The output activation of this head. */
        public Activation activation() {
            return activation;
        }
    }

    /** A gamma output layer for the test networks. */
    public static GammaOutputLayer gammaLayer(double gamma, ReadoutScaling scaling, Head head) {
        return new GammaOutputLayer.Builder(head.loss).activation(head.activation).gamma(gamma)
                .readoutScaling(scaling).nIn(WIDTH).nOut(N_OUT).build();
    }

    /** The stock output layer with DL4J's default initialisation. */
    public static OutputLayer stockLayer(Head head) {
        return new OutputLayer.Builder(head.loss).activation(head.activation).nIn(WIDTH).nOut(N_OUT).build();
    }

    /** N_IN -> WIDTH (tanh) -> WIDTH (tanh) -> output, initialised. */
    public static MultiLayerNetwork mlp(BaseOutputLayer output, DataType dataType, IUpdater updater, long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dataType)
                .updater(updater)
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nIn(N_IN).nOut(WIDTH).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(WIDTH).nOut(WIDTH).activation(Activation.TANH).build())
                .layer(output)
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Same as {@link #mlp(BaseOutputLayer, DataType, IUpdater, long)} with SGD(0.1). */
    public static MultiLayerNetwork mlp(BaseOutputLayer output, DataType dataType, long seed) {
        return mlp(output, dataType, new Sgd(0.1), seed);
    }

    /** Gaussian features [rows, N_IN]. */
    public static INDArray features(int rows, DataType dataType, long seed) {
        return Nd4j.getRandomFactory().getNewRandomInstance(seed).nextGaussian(new long[] {rows, N_IN})
                .castTo(dataType);
    }

    /** One-hot labels [rows, N_OUT] cycling through the classes. */
    public static INDArray oneHotLabels(int rows, DataType dataType) {
        INDArray labels = Nd4j.zeros(dataType, rows, N_OUT);
        for (int i = 0; i < rows; i++) {
            labels.putScalar(i, (i * 2 + 1) % N_OUT, 1.0);
        }
        return labels;
    }
}
