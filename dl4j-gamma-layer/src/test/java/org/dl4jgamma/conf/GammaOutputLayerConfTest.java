package org.dl4jgamma.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class GammaOutputLayerConfTest {

    /** Sampling tolerance for the mean and std of 200,000 N(0, 1) draws (about 10 standard errors). */
    private static final double SAMPLE_TOLERANCE = 0.03;

    private static MultiLayerConfiguration mlpConf(GammaOutputLayer output) {
        return new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(6).activation(Activation.RELU).build())
                .layer(output)
                .build();
    }

    private static GammaOutputLayer layer(double gamma, ReadoutScaling scaling) {
        return new GammaOutputLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY).gamma(gamma)
                .readoutScaling(scaling).nIn(6).nOut(2).build();
    }

    @ParameterizedTest
    @EnumSource(ReadoutScaling.class)
    void jsonAndYamlRoundTripsGiveEqualConfigurations(ReadoutScaling scaling) {
        MultiLayerConfiguration conf = mlpConf(layer(0.125, scaling));

        MultiLayerConfiguration fromJson = MultiLayerConfiguration.fromJson(conf.toJson());
        MultiLayerConfiguration fromYaml = MultiLayerConfiguration.fromYaml(conf.toYaml());

        assertEquals(conf, fromJson);
        assertEquals(conf, fromYaml);
        GammaOutputLayer restored = (GammaOutputLayer) fromJson.getConf(1).getLayer();
        assertEquals(0.125, restored.getGamma(), 0.0);
        assertEquals(scaling, restored.getReadoutScaling());
        assertFalse(restored.isCentered());
    }

    @Test
    void graphJsonRoundTripGivesEqualConfiguration() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).graphBuilder()
                .addInputs("in")
                .addLayer("hidden", new DenseLayer.Builder().nIn(4).nOut(6).build(), "in")
                .addLayer("out", layer(1e3, ReadoutScaling.NTK), "hidden")
                .setOutputs("out")
                .build();

        assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));
        assertEquals(conf, ComputationGraphConfiguration.fromYaml(conf.toYaml()));
    }

    @Test
    void differentGammaOrScalingMakesConfigurationsUnequal() {
        assertFalse(layer(1.0, ReadoutScaling.MUP).equals(layer(2.0, ReadoutScaling.MUP)));
        assertFalse(layer(1.0, ReadoutScaling.MUP).equals(layer(1.0, ReadoutScaling.NTK)));
        assertEquals(layer(1.0, ReadoutScaling.MUP), layer(1.0, ReadoutScaling.MUP));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void badGammaIsRejectedWithValueAndRange(double gamma) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> layer(gamma,
                ReadoutScaling.MUP));

        assertTrue(e.getMessage().contains(String.valueOf(gamma)), e.getMessage());
        assertTrue(e.getMessage().contains("0 < gamma < infinity"), e.getMessage());
    }

    @Test
    void badGammaInJsonIsRejectedWithValue() {
        String json = mlpConf(layer(0.5, ReadoutScaling.MUP)).toJson().replace("\"gamma\" : 0.5", "\"gamma\" : -2.0");

        RuntimeException e = assertThrows(RuntimeException.class, () -> MultiLayerConfiguration.fromJson(json));

        IllegalArgumentException cause = findCause(e, IllegalArgumentException.class);
        assertTrue(cause.getMessage().contains("-2.0"), cause.getMessage());
    }

    @Test
    void unknownScalingNameInJsonIsRejectedWithNameAndAcceptedNames() {
        String json = mlpConf(layer(1.0, ReadoutScaling.NTK)).toJson();
        assertTrue(json.contains("\"NTK\""), "scaling is written by name");

        RuntimeException e = assertThrows(RuntimeException.class,
                () -> MultiLayerConfiguration.fromJson(json.replace("\"NTK\"", "\"MEANFIELD\"")));

        IllegalArgumentException cause = findCause(e, IllegalArgumentException.class);
        assertTrue(cause.getMessage().contains("\"MEANFIELD\""), cause.getMessage());
        assertTrue(cause.getMessage().contains("MUP, NTK, STANDARD"), cause.getMessage());
    }

    @Test
    void scalingNamesParseCaseInsensitively() {
        assertEquals(ReadoutScaling.MUP, ReadoutScaling.fromName("mup"));
        assertEquals(ReadoutScaling.STANDARD, ReadoutScaling.fromName(" Standard "));
        assertThrows(IllegalArgumentException.class, () -> ReadoutScaling.fromName(null));
    }

    @Test
    void readoutFactorsFollowTheFormulas() {
        assertEquals(1.0 / 64, ReadoutScaling.MUP.factor(64), 0.0);
        assertEquals(1.0 / 8, ReadoutScaling.NTK.factor(64), 0.0);
        assertEquals(1.0, ReadoutScaling.STANDARD.factor(64), 0.0);
        assertEquals(1.0 / (64 * 0.25), layer(0.25, ReadoutScaling.MUP).clone().getReadoutScaling().factor(64)
                / 0.25, 0.0);
        assertThrows(IllegalArgumentException.class, () -> ReadoutScaling.MUP.factor(0));
    }

    @Test
    void mupAndNtkDefaultToUnitGaussianWeightsAndZeroBias() {
        GammaOutputLayer mup = new GammaOutputLayer.Builder().gamma(1).nIn(400).nOut(500).build();
        assertInstanceOf(WeightInitDistribution.class, mup.getWeightInitFn());

        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(7)
                .dataType(DataType.DOUBLE).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(400).build())
                .layer(mup).build());
        net.init();
        INDArray w = net.getLayer(1).getParam("W");
        INDArray b = net.getLayer(1).getParam("b");

        assertEquals(0.0, w.meanNumber().doubleValue(), SAMPLE_TOLERANCE);
        assertEquals(1.0, w.stdNumber().doubleValue(), SAMPLE_TOLERANCE);
        assertEquals(0.0, b.amaxNumber().doubleValue(), 0.0);
    }

    @Test
    void weightInitOnTheLayerOverridesTheDefault() {
        GammaOutputLayer ntk = new GammaOutputLayer.Builder().readoutScaling(ReadoutScaling.NTK)
                .weightInit(WeightInit.ZERO).nIn(4).nOut(2).build();
        GammaOutputLayer standard = new GammaOutputLayer.Builder().readoutScaling(ReadoutScaling.STANDARD)
                .nIn(4).nOut(2).build();

        assertEquals(WeightInit.ZERO.getWeightInitFunction(), ntk.getWeightInitFn());
        assertEquals(null, standard.getWeightInitFn(), "STANDARD keeps DL4J's network-wide default");
    }

    static <T extends Throwable> T findCause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        throw new AssertionError("No " + type.getSimpleName() + " in the cause chain of " + t, t);
    }
}
