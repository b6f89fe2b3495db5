package org.dl4jgamma.networks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.dl4jgamma.conf.GammaOutputLayer;
import org.dl4jgamma.conf.ReadoutScaling;
import org.dl4jgamma.updater.RegimeUpdater;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class GammaParameterizationTest {

    private static MultiLayerConfiguration dense(int... widths) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().list();
        for (int i = 0; i < widths.length - 1; i++) {
            list.layer(new DenseLayer.Builder().nIn(widths[i]).nOut(widths[i + 1]).activation(Activation.TANH)
                    .build());
        }
        return list.layer(new GammaOutputLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY)
                .nIn(widths[widths.length - 1]).nOut(2).build()).build();
    }

    @Test
    void existingConfigurationIsConvertedAndDepthAndWidthInferred() {
        MultiLayerConfiguration source = dense(10, 32, 32, 32);
        GammaParameterization p = GammaParameterization.builder().gamma0(4).c(0.5)
                .parameterization(Parameterization.NTK).build();

        MultiLayerConfiguration conf = p.apply(source);

        assertEquals(4, GammaParameterization.depth(conf));
        assertEquals(32, GammaParameterization.width(conf));
        GammaOutputLayer readout = (GammaOutputLayer) conf.getConf(3).getLayer();
        assertEquals(ReadoutScaling.NTK, readout.getReadoutScaling());
        assertEquals(4 * Math.sqrt(32), readout.getGamma(), 1e-12);
        RegimeUpdater u = (RegimeUpdater) readout.getIUpdater();
        assertEquals(32 * 0.5 * Math.pow(4, 2.0 / 4), u.getLearningRate(0, 0), 1e-12);
        assertEquals(Activation.TANH.getActivationFunction(), ((DenseLayer) conf.getConf(0).getLayer())
                .getActivationFn(), "activations are kept");
        assertEquals(1.0, ((GammaOutputLayer) source.getConf(3).getLayer()).getGamma(), 0.0, "source unchanged");
    }

    @Test
    void varyingWidthsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GammaParameterization.builder().gamma0(1).build().apply(dense(10, 32, 64, 64)));
        assertTrue(e.getMessage().contains("[32, 64]"), e.getMessage());
    }

    @Test
    void networkWithoutGammaOutputLayerIsRejected() {
        MultiLayerConfiguration stock = new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).build())
                .layer(new OutputLayer.Builder().nIn(4).nOut(2).build()).build();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GammaParameterization.builder().gamma0(1).build().apply(stock));
        assertTrue(e.getMessage().contains("GammaOutputLayer"), e.getMessage());
    }

    @Test
    void nonDenseLayerIsRejected() {
        MultiLayerConfiguration conv = new NeuralNetConfiguration.Builder().list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).build())
                .layer(new GammaOutputLayer.Builder().nOut(2).build())
                .setInputType(InputType.convolutional(8, 8, 1)).build();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GammaParameterization.builder().gamma0(1).build().apply(conv));
        assertTrue(e.getMessage().contains("ConvolutionLayer"), e.getMessage());
    }

    @Test
    void badGammaCAndEta0AreRejected() {
        assertThrows(IllegalArgumentException.class, () -> GammaParameterization.builder().gamma0(0).build());
        assertThrows(IllegalArgumentException.class, () -> GammaParameterization.builder().gamma0(1).c(-2).build());
        assertThrows(IllegalArgumentException.class,
                () -> GammaParameterization.builder().gamma0(1).eta0(Double.NaN).build());
        assertThrows(IllegalArgumentException.class, () -> GammaNetworks.mlp().nIn(3).width(4).depth(0).nOut(2)
                .gamma0(1).buildConfiguration());
        IllegalArgumentException centered = assertThrows(IllegalArgumentException.class, () -> GammaNetworks.mlp()
                .nIn(3).width(4).depth(2).nOut(2).gamma0(1).buildMultiLayerNetwork());
        assertTrue(centered.getMessage().contains("buildComputationGraph"), centered.getMessage());
    }
}
