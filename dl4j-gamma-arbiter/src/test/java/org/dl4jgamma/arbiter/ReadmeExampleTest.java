package org.dl4jgamma.arbiter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.arbiter.MultiLayerSpace;
import org.deeplearning4j.arbiter.layers.DenseLayerSpace;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.dl4jgamma.arbiter.layers.GammaOutputLayerSpace;
import org.dl4jgamma.arbiter.space.LogUniformSpace;
import org.dl4jgamma.arbiter.space.RegimeUpdaterSpace;
import org.dl4jgamma.conf.GammaOutputLayer;
import org.dl4jgamma.conf.ReadoutScaling;
import org.dl4jgamma.updater.RegimeUpdater;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** The README's Arbiter example, compiled: gamma0 is one dimension, shared by the readout and the learning rates. */
class ReadmeExampleTest {

    /** Relative tolerance of the learning rate computed from the drawn gamma0 and c. */
    private static final double LR_TOLERANCE = 1e-12;

    @Test
    void readmeSpaceSearchesGammaWithTheRuleTiedLearningRate() {
        ParameterSpace<Double> gamma0 = new LogUniformSpace(1e-2, 1e3);   // one dimension, shared below
        ParameterSpace<Double> c = new LogUniformSpace(1, 100);
        MultiLayerSpace space = new MultiLayerSpace.Builder()
                .addLayer(new DenseLayerSpace.Builder().nIn(784).nOut(128).activation(Activation.RELU)
                        .weightInit(WeightInit.NORMAL)
                        .updater(RegimeUpdaterSpace.builder().gamma0(gamma0).c(c).width(128).fanIn(784).depth(2)
                                .build())
                        .build())
                // was: new OutputLayerSpace.Builder()...updater(new SgdSpace(learningRate))
                .addLayer(new GammaOutputLayerSpace.Builder().gamma(gamma0).readoutScaling(ReadoutScaling.MUP)
                        .nIn(128).nOut(10).lossFunction(LossFunction.MSE).activation(Activation.IDENTITY)
                        .updater(RegimeUpdaterSpace.builder().gamma0(gamma0).c(c).width(128).depth(2).build())
                        .build())
                .build();

        new RandomSearchGenerator(space);   // numbers the dimensions, as any Arbiter search does
        assertEquals(2, space.numParameters(), "gamma0 and c");
        MultiLayerConfiguration conf = space.getValue(new double[] {0.8, 0.25}).getMultiLayerConfiguration();
        double drawnGamma = ((GammaOutputLayer) conf.getConf(1).getLayer()).getGamma();
        RegimeUpdater readout = (RegimeUpdater) ((BaseLayer) conf.getConf(1).getLayer()).getIUpdater();
        RegimeUpdater hidden = (RegimeUpdater) ((BaseLayer) conf.getConf(0).getLayer()).getIUpdater();
        double drawnC = readout.getRegime().getC();
        double eta0 = drawnGamma <= 1 ? drawnC * drawnGamma * drawnGamma : drawnC * drawnGamma;

        assertEquals(drawnGamma, readout.getGamma0(), 0.0, "the readout's gamma and the rule's gamma0 are one draw");
        assertEquals(drawnGamma, hidden.getGamma0(), 0.0);
        assertEquals(128 * eta0, readout.getLearningRate(0, 0), LR_TOLERANCE * 128 * eta0);
        assertEquals(128 * eta0 / 784, hidden.getLearningRate(0, 0), LR_TOLERANCE * 128 * eta0 / 784);
    }
}
