package org.dl4jgamma.networks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class GammaNetworksTest {

    /** Tolerance for the sample std of 128 x 128 N(0, 1/128) weights (about 8 standard errors). */
    private static final double STD_TOLERANCE = 0.05;

    private static GammaNetworks.MlpBuilder builder(long seed) {
        return GammaNetworks.mlp().nIn(128).width(128).depth(3).nOut(10).gamma0(3).seed(seed)
                .dataType(DataType.DOUBLE);
    }

    @Test
    void sameSeedGivesBitIdenticalNetworks() {
        double[] first = builder(5).buildComputationGraph().params().ravel().toDoubleVector();
        double[] second = builder(5).buildComputationGraph().params().ravel().toDoubleVector();
        double[] other = builder(6).buildComputationGraph().params().ravel().toDoubleVector();

        assertArrayEquals(first, second, 0.0);
        assertFalse(Arrays.equals(first, other), "a different seed gives different parameters");
    }

    @Test
    void initialWeightsFollowTheParameterization() {
        MultiLayerNetwork net = builder(1).centered(false).buildMultiLayerNetwork();
        INDArray hidden = net.getLayer(1).getParam("W");
        INDArray readout = net.getLayer(2).getParam("W");

        assertEquals(1.0 / Math.sqrt(128), hidden.stdNumber().doubleValue(), STD_TOLERANCE / Math.sqrt(128));
        assertEquals(1.0, readout.stdNumber().doubleValue(), STD_TOLERANCE * 3);
        assertEquals(0.0, net.getLayer(0).getParam("b").amaxNumber().doubleValue(), 0.0);
    }

    @Test
    void centeredGraphStartsFromTheSeededWeights() {
        ComputationGraph centered = builder(2).buildComputationGraph();
        MultiLayerNetwork plain = builder(2).centered(false).buildMultiLayerNetwork();

        assertArrayEquals(plain.getLayer(0).getParam("W").ravel().toDoubleVector(),
                centered.getLayer("layer0").getParam("W").ravel().toDoubleVector(), 0.0);
    }

    @Test
    void learningRateHasExactlyOneSource() {
        assertMessage(() -> builder(0).c(Double.NaN).buildConfiguration(), "c must be finite");
        assertMessage(() -> builder(0).c(5).eta0(1).buildConfiguration(), "one source");
        assertMessage(() -> GammaNetworks.mlp().nIn(3).width(4).depth(2).nOut(2).buildConfiguration(),
                "gamma0 is not set");
    }

    private static void assertMessage(Executable call, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
