package org.dl4jgamma.updater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.dl4jgamma.networks.GammaNetworks;
import org.dl4jgamma.rule.LearningRateRegime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

class RegimeUpdaterTest {

    /** Relative tolerance for learning rates computed through the updater against the formula. */
    private static final double LR_TOLERANCE = 1e-12;

    /** Relative tolerance for a parameter step measured as the difference of two parameter vectors. */
    private static final double STEP_TOLERANCE = 1e-9;

    private static final int D = 6;

    @TempDir
    Path dir;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    static Stream<Arguments> gammaDepthWidth() {
        return Stream.of(Arguments.of(1e-3, 2, 8), Arguments.of(0.3, 3, 32), Arguments.of(1.0, 4, 16),
                Arguments.of(50.0, 3, 64), Arguments.of(1e3, 5, 8));
    }

    @ParameterizedTest
    @MethodSource("gammaDepthWidth")
    void effectiveLearningRatePerLayerEqualsTheFormula(double gamma0, int depth, int width) {
        double c = 0.7;
        MultiLayerNetwork net = GammaNetworks.mlp().nIn(D).width(width).depth(depth).nOut(3).gamma0(gamma0).c(c)
                .centered(false).dataType(DataType.DOUBLE).buildMultiLayerNetwork();
        double eta0 = gamma0 <= 1 ? c * gamma0 * gamma0 : c * Math.pow(gamma0, 2.0 / depth);

        for (int l = 0; l < depth; l++) {
            BaseLayer layer = (BaseLayer) net.getLayer(l).conf().getLayer();
            long fanIn = l == 0 ? D : width;
            double expected = width * eta0 * (l < depth - 1 ? 1.0 / fanIn : 1.0);

            assertEquals(expected, layer.getIUpdater().getLearningRate(0, 0), LR_TOLERANCE * expected, "layer " + l);
            assertEquals(expected, layer.getUpdaterByParam("b").getLearningRate(5, 1), LR_TOLERANCE * expected);
        }
    }

    @ParameterizedTest
    @MethodSource("gammaDepthWidth")
    void oneSgdStepMovesEachParameterByLearningRateTimesGradient(double gamma0, int depth, int width) {
        MultiLayerNetwork net = GammaNetworks.mlp().nIn(D).width(width).depth(depth).nOut(3).gamma0(gamma0)
                .centered(false).dataType(DataType.DOUBLE).seed(3).buildMultiLayerNetwork();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 5, D).subi(0.5);
        INDArray y = Nd4j.eye(3).getRows(0, 1, 2, 0, 1);
        net.setInput(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        INDArray before = net.params().dup();
        INDArray gradient = net.gradient().gradient().dup().divi(5);

        net.fit(x, y);

        long offset = 0;
        for (int l = 0; l < depth; l++) {
            double lr = ((BaseLayer) net.getLayer(l).conf().getLayer()).getIUpdater().getLearningRate(0, 0);
            long n = net.getLayer(l).numParams();
            INDArray step = before.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(offset, offset + n))
                    .sub(net.params().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(offset, offset + n)));
            INDArray expected = gradient.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(offset, offset + n))
                    .mul(lr);
            double scale = expected.amaxNumber().doubleValue();
            assertTrue(scale > 0, "layer " + l + " has a gradient");
            assertEquals(0.0, step.sub(expected).amaxNumber().doubleValue(), STEP_TOLERANCE * scale, "layer " + l);
            offset += n;
        }
    }

    @Test
    void scheduleMultipliesTheRegimeRate() {
        RegimeUpdater u = RegimeUpdater.builder().regime(LearningRateRegime.forDepth(2, 2.0)).gamma0(0.5).width(10)
                .layerMultiplier(0.1).schedule(new ExponentialSchedule(ScheduleType.ITERATION, 1.0, 0.5)).build();

        double base = 2.0 * 0.25 * 10 * 0.1;
        assertEquals(base, u.baseLearningRate(), LR_TOLERANCE);
        assertEquals(base, u.getLearningRate(0, 0), LR_TOLERANCE);
        assertEquals(base * 0.125, u.getLearningRate(3, 0), LR_TOLERANCE);
    }

    @Test
    void fixedEta0OverridesTheRegime() {
        RegimeUpdater u = RegimeUpdater.builder().regime(LearningRateRegime.forDepth(2)).eta0(0.01).gamma0(7)
                .width(100).build();

        assertEquals(1.0, u.getLearningRate(0, 0), LR_TOLERANCE);
    }

    @Test
    void configurationJsonRoundTripIsEqual() {
        MultiLayerConfiguration conf = GammaNetworks.mlp().nIn(D).width(8).depth(3).nOut(2).gamma0(20).c(0.3)
                .buildConfiguration();

        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());

        assertEquals(conf, back);
        RegimeUpdater u = (RegimeUpdater) ((BaseLayer) back.getConf(1).getLayer()).getIUpdater();
        assertEquals(20.0, u.getGamma0(), 0.0);
        assertEquals(LearningRateRegime.forDepth(3, 0.3), u.getRegime());
        assertEquals(1.0 / 8, u.getLayerMultiplier(), 0.0);
    }

    @Test
    void modelSerializerRoundTripTrainsIdentically() throws IOException {
        MultiLayerConfiguration conf = GammaNetworks.mlp().nIn(D).width(8).depth(3).nOut(3).gamma0(5)
                .dataType(DataType.DOUBLE).buildConfiguration();
        for (int l = 0; l < 3; l++) {
            BaseLayer layer = (BaseLayer) conf.getConf(l).getLayer();
            RegimeUpdater u = (RegimeUpdater) layer.getIUpdater();
            layer.setIUpdater(u.toBuilder().inner(new Nesterovs(1.0, 0.9)).build());
        }
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, D);
        INDArray y = Nd4j.eye(3).getRows(0, 1, 2, 0);
        net.fit(x, y);
        File file = dir.resolve("net.zip").toFile();

        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);

        assertTrue(net.getUpdater().getStateViewArray().amaxNumber().doubleValue() > 0, "momentum state exists");
        assertArrayEquals(flat(net.getUpdater().getStateViewArray()),
                flat(restored.getUpdater().getStateViewArray()), 0.0);
        for (int i = 0; i < 3; i++) {
            net.fit(x, y);
            restored.fit(x, y);
            assertEquals(net.score(), restored.score(), 0.0);
        }
        assertArrayEquals(flat(net.params()), flat(restored.params()), 0.0);
        assertInstanceOf(RegimeUpdater.class, ((BaseLayer) restored.getLayer(0).conf().getLayer()).getIUpdater());
    }

    @Test
    void badInputIsRejectedWithTheValue() {
        RegimeUpdater.Builder ok = RegimeUpdater.builder().regime(LearningRateRegime.forDepth(2)).gamma0(1)
                .width(4);

        assertMessage(() -> RegimeUpdater.builder().gamma0(-1).width(4).regime(LearningRateRegime.forDepth(2))
                .build(), "-1.0");
        assertMessage(() -> RegimeUpdater.builder().gamma0(Double.NaN).width(4).eta0(1).build(), "NaN");
        assertMessage(() -> RegimeUpdater.builder().gamma0(1).width(0).eta0(1).build(), "got 0");
        assertMessage(() -> RegimeUpdater.builder().gamma0(1).width(4).eta0(Double.POSITIVE_INFINITY).build(),
                "Infinity");
        assertMessage(() -> RegimeUpdater.builder().gamma0(1).width(4).build(), "LearningRateRegime");
        assertThrows(UnsupportedOperationException.class, () -> ok.build().setLrAndSchedule(0.1, null));
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    private static double[] flat(INDArray a) {
        return a.ravel().toDoubleVector();
    }
}
