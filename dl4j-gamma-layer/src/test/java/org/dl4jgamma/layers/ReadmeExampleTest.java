package org.dl4jgamma.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jgamma.conf.GammaOutputLayer;
import org.dl4jgamma.conf.ReadoutScaling;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** The README's example of switching an existing configuration to the gamma layer, compiled and run. */
class ReadmeExampleTest {

    @Test
    void readmeConfigurationTrains() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .updater(new Sgd(0.1))
                .list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(256).activation(Activation.RELU).build())
                // was: new OutputLayer.Builder(LossFunction.MCXENT).nIn(256).nOut(10).activation(Activation.SOFTMAX)
                .layer(new GammaOutputLayer.Builder(LossFunction.MCXENT).gamma(10).readoutScaling(ReadoutScaling.MUP)
                        .nIn(256).nOut(10).activation(Activation.SOFTMAX).build())
                .build();

        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 784);
        INDArray y = Nd4j.eye(10).getRows(0, 1, 2, 3, 4, 5, 6, 7).castTo(DataType.FLOAT);
        net.fit(x, y);

        assertEquals(10, net.output(x).columns());
        assertTrue(Double.isFinite(net.score()));
        assertEquals(10.0, ((GammaOutputLayer) net.getLayer(1).conf().getLayer()).getGamma(), 0.0);
    }
}
