package org.dl4jgamma.networks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dl4jgamma.centering.GammaCentering;
import org.dl4jgamma.rule.LearningRateRegime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The DL4J network from {@link GammaNetworks} trains exactly like the independent {@link ReferenceMlp}: depth 3,
 * width 16, 10 SGD steps, centered and uncentered, MSE and cross-entropy, gamma0 in {1e-2, 1, 1e2}, every
 * parameterization.
 */
class ReferenceExactnessTest {

    /** Relative agreement required of every loss and every final parameter (double precision). */
    private static final double RELATIVE_TOLERANCE = 1e-9;

    /**
     * Parameters smaller than this fraction of their layer's largest entry are compared against that scale, since
     * their relative error is the round-off of the larger ones.
     */
    private static final double SCALE_FLOOR = 1e-6;

    private static final int D = 8;
    private static final int WIDTH = 16;
    private static final int DEPTH = 3;
    private static final int K = 4;
    private static final int BATCH = 6;
    private static final int STEPS = 10;

    /** c of the rule: large enough that 10 steps move the parameters, small enough that none diverges. */
    private static final double C = 0.5;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> s = Stream.builder();
        for (double gamma0 : new double[] {1e-2, 1.0, 1e2}) {
            for (boolean centered : new boolean[] {false, true}) {
                for (LossFunction loss : new LossFunction[] {LossFunction.MSE, LossFunction.MCXENT}) {
                    for (Parameterization p : Parameterization.values()) {
                        s.add(Arguments.of(gamma0, centered, loss, p));
                    }
                }
            }
        }
        return s.build();
    }

    @ParameterizedTest(name = "gamma0={0} centered={1} {2} {3}")
    @MethodSource("cases")
    void dl4jNetworkTrainsLikeTheReference(double gamma0, boolean centered, LossFunction loss, Parameterization p) {
        double eta0 = LearningRateRegime.forDepth(DEPTH, C).eta0(gamma0);
        ComputationGraph net = GammaNetworks.mlp().nIn(D).width(WIDTH).depth(DEPTH).nOut(K).lossFunction(loss)
                .gamma0(gamma0).c(C).parameterization(p).centered(centered).seed(42).dataType(DataType.DOUBLE)
                .buildComputationGraph();
        ReferenceMlp reference = new ReferenceMlp(paperWeights(net, p), paperBiases(net, p), WIDTH, gamma0,
                centered, loss == LossFunction.MCXENT);
        Random random = new Random(7);

        for (int step = 0; step < STEPS; step++) {
            double[][] x = gaussian(random, BATCH, D);
            double[][] y = oneHot(random, BATCH, K);
            double expected = reference.step(x, y, WIDTH * eta0);

            net.fit(new DataSet(Nd4j.createFromArray(x), Nd4j.createFromArray(y)));

            assertRelative(expected, net.score(), "loss at step " + step);
        }

        double[][][] w = paperWeights(net, p);
        double[][] b = paperBiases(net, p);
        for (int l = 0; l < DEPTH; l++) {
            assertArraysRelative(reference.w[l], w[l], "W" + l);
            assertArraysRelative(new double[][] {reference.b[l]}, new double[][] {b[l]}, "b" + l);
        }
    }

    /** The DL4J parameters converted to the paper's: hidden W * sqrt(fan_in), readout W / readoutWeightStd. */
    private static double[][][] paperWeights(ComputationGraph net, Parameterization p) {
        double[][][] w = new double[DEPTH][][];
        for (int l = 0; l < DEPTH; l++) {
            INDArray dl4j = layer(net, l).getParam("W");
            double factor = factor(l, p, dl4j.rows());
            w[l] = dl4j.mul(factor).toDoubleMatrix();
        }
        return w;
    }

    private static double[][] paperBiases(ComputationGraph net, Parameterization p) {
        double[][] b = new double[DEPTH][];
        for (int l = 0; l < DEPTH; l++) {
            INDArray dl4j = layer(net, l).getParam("b");
            b[l] = dl4j.mul(factor(l, p, layer(net, l).getParam("W").rows())).ravel().toDoubleVector();
        }
        return b;
    }

    private static double factor(int l, Parameterization p, long fanIn) {
        return l < DEPTH - 1 ? Math.sqrt(fanIn) : 1.0 / p.readoutWeightStd(WIDTH);
    }

    private static Layer layer(ComputationGraph net, int l) {
        boolean centered = net.getConfiguration().getVertices().containsKey(GammaCentering.MERGE);
        if (centered) {
            return net.getLayer(l == DEPTH - 1 ? GammaCentering.OUTPUT : GammaCentering.TRAINABLE_PREFIX + l);
        }
        return net.getLayer(l);
    }

    private static double[][] gaussian(Random r, int rows, int cols) {
        double[][] a = new double[rows][cols];
        for (double[] row : a) {
            for (int j = 0; j < cols; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return a;
    }

    private static double[][] oneHot(Random r, int rows, int k) {
        double[][] a = new double[rows][k];
        for (double[] row : a) {
            row[r.nextInt(k)] = 1.0;
        }
        return a;
    }

    private static void assertRelative(double expected, double actual, String what) {
        assertTrue(Double.isFinite(expected), what + " is not finite: " + expected);
        assertEquals(expected, actual, RELATIVE_TOLERANCE * Math.abs(expected), what);
    }

    private static void assertArraysRelative(double[][] expected, double[][] actual, String what) {
        double max = 0;
        for (double[] row : expected) {
            for (double v : row) {
                max = Math.max(max, Math.abs(v));
            }
        }
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                double scale = Math.max(Math.abs(expected[i][j]), SCALE_FLOOR * max);
                assertEquals(expected[i][j], actual[i][j], RELATIVE_TOLERANCE * scale, what + "[" + i + "][" + j
                        + "]");
            }
        }
    }
}
