package org.dl4jgamma.layers;

import static org.dl4jgamma.layers.TestNetworks.N_IN;
import static org.dl4jgamma.layers.TestNetworks.N_OUT;
import static org.dl4jgamma.layers.TestNetworks.WIDTH;
import static org.dl4jgamma.layers.TestNetworks.features;
import static org.dl4jgamma.layers.TestNetworks.gammaLayer;
import static org.dl4jgamma.layers.TestNetworks.mlp;
import static org.dl4jgamma.layers.TestNetworks.oneHotLabels;
import static org.dl4jgamma.layers.TestNetworks.stockLayer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4jgamma.conf.ReadoutScaling;
import org.dl4jgamma.layers.TestNetworks.Head;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.ops.transforms.Transforms;

class GammaOutputLayerTest {

    /** Relative tolerance for comparing a double-precision forward pass with the formula computed by hand. */
    private static final double FORMULA_TOLERANCE = 1e-12;

    /**
     * DL4J gradient check settings (double precision). The readout weights are scaled to size gamma / s(N) (see
     * {@link #gradientCheckPassesInDoublePrecision}), up to 7e3, so the central-difference step is relative to that
     * size, {@code max(1e-6, 1e-8 * gamma / s(N))}: a fixed 1e-6 on a weight of 7e3 moves the score by ~1e-11,
     * which round-off swamps. A missing or doubled factor s(N) / gamma gives relative errors near 1.
     */
    private static final double GRAD_MIN_STEP = 1e-6;
    private static final double GRAD_RELATIVE_STEP = 1e-8;
    private static final double GRAD_MAX_REL_ERROR = 1e-5;
    private static final double GRAD_MIN_ABS_ERROR = 1e-10;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    static Stream<Arguments> gammaScalingHead() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (double gamma : new double[] {1e-3, 1.0, 1e3}) {
            for (ReadoutScaling scaling : ReadoutScaling.values()) {
                for (Head head : Head.values()) {
                    b.add(Arguments.of(gamma, scaling, head));
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest
    @MethodSource("gammaScalingHead")
    void forwardPassIsScaledReadout(double gamma, ReadoutScaling scaling, Head head) {
        MultiLayerNetwork net = mlp(gammaLayer(gamma, scaling, head), DataType.DOUBLE, 11);
        INDArray x = features(4, DataType.DOUBLE, 5);

        List<INDArray> acts = net.feedForward(x, false);
        INDArray h = acts.get(2);
        INDArray w = net.getLayer(2).getParam("W");
        INDArray b = net.getLayer(2).getParam("b");
        INDArray z = h.mmul(w).addRowVector(b).muli(scaling.factor(WIDTH) / gamma);
        INDArray expected = head.activation == Activation.SOFTMAX ? Transforms.softmax(z, true) : z;

        INDArray actual = net.output(x);
        assertClose(expected, actual, FORMULA_TOLERANCE);
    }

    @ParameterizedTest
    @MethodSource("gammaScalingHead")
    void gradientCheckPassesInDoublePrecision(double gamma, ReadoutScaling scaling, Head head) {
        MultiLayerNetwork net = mlp(gammaLayer(gamma, scaling, head), DataType.DOUBLE, new NoOp(), 13);
        // Readout weights times gamma / s(N): z stays O(1), so finite differences are well conditioned at every
        // gamma, while the layer still multiplies by s(N) / gamma on the way forward and back.
        double readoutSize = gamma / scaling.factor(WIDTH);
        net.getLayer(2).getParam("W").muli(readoutSize);
        INDArray x = features(6, DataType.DOUBLE, 3);
        INDArray y = oneHotLabels(6, DataType.DOUBLE);

        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .epsilon(Math.max(GRAD_MIN_STEP, GRAD_RELATIVE_STEP * readoutSize)).maxRelError(GRAD_MAX_REL_ERROR)
                .minAbsoluteError(GRAD_MIN_ABS_ERROR)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(true));

        assertTrue(ok, "gradient check failed for gamma=" + gamma + ", " + scaling + ", " + head);
    }

    @ParameterizedTest
    @EnumSource(Head.class)
    void gradientCheckPassesInComputationGraph(Head head) {
        ComputationGraph graph = graph(gammaLayerFor(1e-3, head), new NoOp());
        graph.getLayer("out").getParam("W").muli(1e-3 / ReadoutScaling.MUP.factor(WIDTH));
        INDArray x = features(6, DataType.DOUBLE, 3);
        INDArray y = oneHotLabels(6, DataType.DOUBLE);

        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                .inputs(new INDArray[] {x}).labels(new INDArray[] {y}).epsilon(GRAD_MIN_STEP)
                .maxRelError(GRAD_MAX_REL_ERROR).minAbsoluteError(GRAD_MIN_ABS_ERROR)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(true));

        assertTrue(ok);
    }

    @ParameterizedTest
    @EnumSource(Head.class)
    void graphAndMultiLayerNetworkComputeTheSame(Head head) {
        MultiLayerNetwork net = mlp(gammaLayer(0.01, ReadoutScaling.MUP, head), DataType.DOUBLE, 17);
        ComputationGraph graph = graph(gammaLayerFor(0.01, head), new Sgd(0.1));
        graph.setParams(net.params());
        INDArray x = features(8, DataType.DOUBLE, 2);
        INDArray y = oneHotLabels(8, DataType.DOUBLE);

        assertArrayEquals(flat(net.output(x)), flat(graph.outputSingle(x)), 0.0);
        net.fit(x, y);
        graph.fit(new DataSet(x, y));
        assertEquals(net.score(), graph.score(), 0.0);
        assertArrayEquals(flat(net.params()), flat(graph.params()), 0.0);
    }

    static Stream<Arguments> headAndType() {
        return Stream.of(Head.values()).flatMap(h -> Stream.of(DataType.FLOAT, DataType.DOUBLE)
                .map(t -> Arguments.of(h, t)));
    }

    @ParameterizedTest
    @MethodSource("headAndType")
    void gammaOneStandardMatchesStockOutputLayerBitForBit(Head head, DataType type) {
        MultiLayerNetwork gamma = mlp(gammaLayer(1.0, ReadoutScaling.STANDARD, head), type, 21);
        MultiLayerNetwork stock = mlp(stockLayer(head), type, 21);
        INDArray x = features(10, type, 8);
        INDArray y = oneHotLabels(10, type);

        // DL4J M2.1's CPU random generator does not reproduce a seed from one build to the next: copy the
        // parameters so that both networks start from the same point.
        gamma.setParams(stock.params().dup());
        assertArrayEquals(flat(stock.output(x)), flat(gamma.output(x)), 0.0, "outputs");

        stock.setInput(x);
        stock.setLabels(y);
        stock.computeGradientAndScore();
        gamma.setInput(x);
        gamma.setLabels(y);
        gamma.computeGradientAndScore();
        assertEquals(stock.score(), gamma.score(), 0.0, "score");
        assertArrayEquals(flat(stock.gradient().gradient()), flat(gamma.gradient().gradient()),
                0.0, "gradients");

        for (int step = 0; step < 5; step++) {
            stock.fit(x, y);
            gamma.fit(x, y);
            assertEquals(stock.score(), gamma.score(), 0.0, "score after step " + step);
        }
        assertArrayEquals(flat(stock.params()), flat(gamma.params()), 0.0, "trained params");
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void trainsInFloatAndDouble(DataType type) {
        MultiLayerNetwork net = mlp(gammaLayer(0.5, ReadoutScaling.MUP, Head.MSE_IDENTITY), type,
                new Nesterovs(0.05, 0.9), 4);
        INDArray x = features(16, type, 6);
        INDArray y = oneHotLabels(16, type);
        net.setInput(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        double initial = net.score();

        for (int i = 0; i < 50; i++) {
            net.fit(x, y);
        }

        assertEquals(type, net.output(x).dataType());
        assertTrue(net.score() < 0.5 * initial, "loss " + net.score() + " did not halve from " + initial);
    }

    @Test
    void largeGammaShrinksTheOutputByGamma() {
        MultiLayerNetwork small = mlp(gammaLayer(1.0, ReadoutScaling.NTK, Head.MSE_IDENTITY), DataType.DOUBLE, 9);
        MultiLayerNetwork large = mlp(gammaLayer(1e3, ReadoutScaling.NTK, Head.MSE_IDENTITY), DataType.DOUBLE, 9);
        large.setParams(small.params().dup());
        INDArray x = features(3, DataType.DOUBLE, 1);

        assertClose(small.output(x).div(1e3), large.output(x), FORMULA_TOLERANCE);
        assertFalse(large.getLayer(2) instanceof org.deeplearning4j.nn.layers.OutputLayer);
        assertEquals(N_OUT, large.output(x).columns());
        assertTrue(large.getLayer(2).activate(x.getRow(0, true).mmul(Nd4j.zeros(TestNetworks.N_IN, WIDTH)), false,
                LayerWorkspaceMgr.noWorkspaces()).sumNumber().doubleValue() == 0.0, "zero input, zero bias -> 0");
    }

    /**
     * The training score reuses the loss computed during backpropagation: it must equal the loss computed afresh
     * from the parameters before the update; and a score asked for after the update, on the very same feature and
     * label arrays (a network that is only the readout, so the layer's input is the caller's array), must be
     * computed afresh, not taken from the kept value.
     */
    @ParameterizedTest
    @EnumSource(Head.class)
    void theTrainingScoreIsTheLossBeforeTheUpdateAndALaterScoreIsFresh(Head head) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.5)).list()
                .layer(new org.dl4jgamma.conf.GammaOutputLayer.Builder(head.loss).activation(head.activation())
                        .gamma(0.5).readoutScaling(ReadoutScaling.NTK).nIn(N_IN).nOut(N_OUT).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        DataSet batch = new DataSet(features(6, DataType.DOUBLE, 4), oneHotLabels(6, DataType.DOUBLE));
        double before = net.score(batch, false);

        net.fit(batch);
        double trainingScore = net.score();
        double afterTraining = net.score(batch, true);
        double afterInference = net.score(batch, false);

        assertEquals(before, trainingScore, 0.0, "the training score is the loss before the update");
        assertEquals(afterInference, afterTraining, 0.0, "a later training-mode score is computed afresh");
        assertTrue(afterInference < before, "one step of SGD lowered the loss: " + before + " -> " + afterInference);
    }

    private static org.dl4jgamma.conf.GammaOutputLayer gammaLayerFor(double gamma, Head head) {
        return gammaLayer(gamma, ReadoutScaling.MUP, head);
    }

    private static ComputationGraph graph(org.dl4jgamma.conf.GammaOutputLayer output, IUpdater updater) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(17)
                .dataType(DataType.DOUBLE).updater(updater)
                .weightInit(org.deeplearning4j.nn.weights.WeightInit.XAVIER)
                .graphBuilder().addInputs("in")
                .addLayer("h1", new DenseLayer.Builder().nIn(TestNetworks.N_IN).nOut(WIDTH)
                        .activation(Activation.TANH).build(), "in")
                .addLayer("h2", new DenseLayer.Builder().nIn(WIDTH).nOut(WIDTH).activation(Activation.TANH).build(),
                        "h1")
                .addLayer("out", output, "h2")
                .setOutputs("out").build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    static double[] flat(INDArray a) {
        return a.ravel().toDoubleVector();
    }

    static void assertClose(INDArray expected, INDArray actual, double relTol) {
        assertArrayEquals(expected.shape(), actual.shape());
        double[] e = flat(expected);
        double[] a = flat(actual);
        for (int i = 0; i < e.length; i++) {
            double scale = Math.max(Math.abs(e[i]), Double.MIN_NORMAL);
            assertTrue(Math.abs(e[i] - a[i]) <= relTol * scale, "element " + i + ": expected " + e[i] + ", got "
                    + a[i]);
        }
    }
}
