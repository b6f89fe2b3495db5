package org.dl4jgamma.centering;

import static org.dl4jgamma.layers.TestNetworks.WIDTH;
import static org.dl4jgamma.layers.TestNetworks.features;
import static org.dl4jgamma.layers.TestNetworks.gammaLayer;
import static org.dl4jgamma.layers.TestNetworks.mlp;
import static org.dl4jgamma.layers.TestNetworks.oneHotLabels;
import static org.dl4jgamma.layers.TestNetworks.stockLayer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jgamma.conf.GammaOutputLayer;
import org.dl4jgamma.conf.ReadoutScaling;
import org.dl4jgamma.layers.TestNetworks.Head;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;

class GammaCenteringTest {

    /** Relative tolerance between the centered graph and g(x; theta) - g(x; theta0) computed by two networks. */
    private static final double DIFFERENCE_TOLERANCE = 1e-10;

    /**
     * Gradient check (double precision): step, max relative error, and the absolute floor below which a difference
     * is round-off (a score of ~1 perturbed by 1e-6 resolves gradients to ~1e-10; DL4J's default floor is 1e-8).
     */
    private static final double GRAD_EPS = 1e-6;
    private static final double GRAD_MAX_REL_ERROR = 1e-5;
    private static final double GRAD_MIN_ABS_ERROR = 1e-8;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void outputIsExactlyZeroAtInitialisationForEveryInput(DataType type) {
        MultiLayerNetwork net = mlp(gammaLayer(1e-2, ReadoutScaling.MUP, Head.MSE_IDENTITY), type, 3);
        ComputationGraph centered = GammaCentering.center(net);

        INDArray x = features(50, type, 4).muli(10);
        INDArray out = centered.outputSingle(x);
        assertEquals(0.0, out.amaxNumber().doubleValue(), 0.0);
        assertEquals(0.0, centered.outputSingle(true, x).amaxNumber().doubleValue(), 0.0, "training mode too");
        assertFalse(net.output(x).amaxNumber().doubleValue() == 0.0, "the uncentered network is not zero");
    }

    @Test
    void softmaxOfACenteredNetworkIsUniformAtInitialisation() {
        MultiLayerNetwork net = mlp(gammaLayer(1.0, ReadoutScaling.NTK, Head.MCXENT_SOFTMAX), DataType.DOUBLE, 3);
        INDArray out = GammaCentering.center(net).outputSingle(features(7, DataType.DOUBLE, 1));

        double uniform = 1.0 / out.columns();
        assertEquals(uniform, out.minNumber().doubleValue(), 0.0);
        assertEquals(uniform, out.maxNumber().doubleValue(), 0.0);
    }

    @ParameterizedTest
    @EnumSource(Head.class)
    void trainedGraphComputesDifferenceOfTrainedAndInitialNetwork(Head head) {
        MultiLayerNetwork initial = mlp(gammaLayer(0.1, ReadoutScaling.MUP, head), DataType.DOUBLE, 5);
        ComputationGraph centered = GammaCentering.center(initial);
        INDArray x = features(12, DataType.DOUBLE, 6);
        INDArray y = oneHotLabels(12, DataType.DOUBLE);
        INDArray frozenBefore = centered.getLayer("frozen1").params().dup();

        for (int i = 0; i < 5; i++) {
            centered.fit(new DataSet(x, y));
        }

        MultiLayerNetwork trained = initial.clone();
        for (int i = 0; i < 2; i++) {
            trained.getLayer(i).setParams(centered.getLayer("layer" + i).params());
        }
        trained.getLayer(2).setParam("W", centered.getLayer("output").getParam("W"));
        trained.getLayer(2).setParam("b", centered.getLayer("output").getParam("b"));
        INDArray zTrained = preActivation(trained, x);
        INDArray zInitial = preActivation(initial, x);
        INDArray expected = zTrained.sub(zInitial);
        if (head.activation() == Activation.SOFTMAX) {
            expected = org.nd4j.linalg.ops.transforms.Transforms.softmax(expected, true);
        }

        assertClose(expected, centered.outputSingle(x));
        assertArrayEquals(frozenBefore.ravel().toDoubleVector(),
                centered.getLayer("frozen1").params().ravel().toDoubleVector(), 0.0, "frozen branch unchanged");
        assertArrayEquals(initial.getLayer(2).getParam("W").ravel().toDoubleVector(),
                centered.getLayer("output").getParam("W0").ravel().toDoubleVector(), 0.0, "frozen readout unchanged");
        assertFalse(centered.getLayer("layer0").params().equals(initial.getLayer(0).params()), "trainable moved");
    }

    @ParameterizedTest
    @EnumSource(Head.class)
    void gradientsFlowOnlyThroughTrainableParameters(Head head) {
        MultiLayerNetwork net = mlp(gammaLayer(1.0, ReadoutScaling.MUP, head), DataType.DOUBLE, new NoOp(), 8);
        ComputationGraph centered = GammaCentering.center(net);
        INDArray x = features(6, DataType.DOUBLE, 2);
        INDArray y = oneHotLabels(6, DataType.DOUBLE);

        centered.setInputs(x);
        centered.setLabels(y);
        centered.computeGradientAndScore();
        for (String key : new String[] {"output_W0", "output_b0"}) {
            assertEquals(0.0, centered.gradient().getGradientFor(key).amaxNumber().doubleValue(), 0.0, key);
        }
        assertTrue(centered.gradient().getGradientFor("layer0_W").amaxNumber().doubleValue() > 0.0);

        // Perturbing any parameter of the initial copy changes the function, so the numerical gradient of theta0 is
        // not zero: the check covers theta only, which is exactly what training updates.
        Set<String> frozen = Set.of("frozen0_W", "frozen0_b", "frozen1_W", "frozen1_b", "output_W0", "output_b0");
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(centered)
                .inputs(new INDArray[] {x}).labels(new INDArray[] {y}).excludeParams(frozen)
                .epsilon(GRAD_EPS).maxRelError(GRAD_MAX_REL_ERROR).minAbsoluteError(GRAD_MIN_ABS_ERROR)
                .exitOnFirstError(true)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertTrue(ok);
    }

    @Test
    void rejectsNetworksItCannotCenter() {
        MultiLayerNetwork stock = mlp(stockLayer(Head.MSE_IDENTITY), DataType.DOUBLE, 1);
        IllegalArgumentException notGamma = assertThrows(IllegalArgumentException.class,
                () -> GammaCentering.center(stock));
        assertTrue(notGamma.getMessage().contains("OutputLayer"), notGamma.getMessage());

        MultiLayerConfiguration withDropout = new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(WIDTH).dropOut(0.5).build())
                .layer(new GammaOutputLayer.Builder().nIn(WIDTH).nOut(2).build()).build();
        MultiLayerNetwork dropout = new MultiLayerNetwork(withDropout);
        dropout.init();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GammaCentering.center(dropout));
        assertTrue(e.getMessage().contains("dropout"), e.getMessage());

        ComputationGraph once = GammaCentering.center(mlp(gammaLayer(1, ReadoutScaling.MUP, Head.MSE_IDENTITY),
                DataType.DOUBLE, 1));
        assertEquals(2 * (5 * WIDTH + WIDTH + WIDTH * WIDTH + WIDTH + WIDTH * 3 + 3), once.numParams());
    }

    @Test
    void sourceNetworkIsNotModified() {
        MultiLayerNetwork net = mlp(gammaLayer(1, ReadoutScaling.MUP, Head.MSE_IDENTITY), DataType.DOUBLE, 2);
        INDArray before = net.params().dup();
        ComputationGraph centered = GammaCentering.center(net);

        centered.fit(new DataSet(features(4, DataType.DOUBLE, 1), oneHotLabels(4, DataType.DOUBLE)));

        assertArrayEquals(before.ravel().toDoubleVector(), net.params().ravel().toDoubleVector(), 0.0);
    }

    private static INDArray preActivation(MultiLayerNetwork net, INDArray x) {
        INDArray h = net.feedForward(x, false).get(2);
        org.dl4jgamma.conf.GammaOutputLayer conf = (org.dl4jgamma.conf.GammaOutputLayer) net.getLayer(2).conf()
                .getLayer();
        return h.mmul(net.getLayer(2).getParam("W")).addRowVector(net.getLayer(2).getParam("b"))
                .muli(conf.getOutputMultiplier());
    }

    private static void assertClose(INDArray expected, INDArray actual) {
        double[] e = expected.ravel().toDoubleVector();
        double[] a = actual.ravel().toDoubleVector();
        assertEquals(e.length, a.length);
        double scale = 0;
        for (double v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], DIFFERENCE_TOLERANCE * scale, "element " + i);
        }
    }
}
