package org.dl4jgamma.layers;

import static org.dl4jgamma.layers.TestNetworks.features;
import static org.dl4jgamma.layers.TestNetworks.gammaLayer;
import static org.dl4jgamma.layers.TestNetworks.mlp;
import static org.dl4jgamma.layers.TestNetworks.oneHotLabels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.dl4jgamma.centering.GammaCentering;
import org.dl4jgamma.conf.ReadoutScaling;
import org.dl4jgamma.layers.TestNetworks.Head;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;

/** ModelSerializer round trips: equal parameters, equal outputs, and identical training afterwards. */
class GammaSerializationTest {

    private static final int STEPS_AFTER_RESTORE = 3;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(ReadoutScaling.class)
    void multiLayerNetworkRoundTripTrainsIdentically(ReadoutScaling scaling) throws IOException {
        MultiLayerNetwork net = mlp(gammaLayer(0.05, scaling, Head.MCXENT_SOFTMAX), DataType.DOUBLE,
                new Adam(1e-2), 31);
        INDArray x = features(9, DataType.DOUBLE, 2);
        INDArray y = oneHotLabels(9, DataType.DOUBLE);
        net.fit(x, y);
        File file = dir.resolve("mln.zip").toFile();

        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);

        assertEquals(net.getLayerWiseConfigurations(), restored.getLayerWiseConfigurations());
        assertArrayEquals(flat(net.params()), flat(restored.params()), 0.0);
        assertArrayEquals(flat(net.getUpdater().getStateViewArray()),
                flat(restored.getUpdater().getStateViewArray()), 0.0, "updater state");
        assertArrayEquals(flat(net.output(x)), flat(restored.output(x)), 0.0);
        for (int i = 0; i < STEPS_AFTER_RESTORE; i++) {
            net.fit(x, y);
            restored.fit(x, y);
            assertEquals(net.score(), restored.score(), 0.0);
        }
        assertArrayEquals(flat(net.params()), flat(restored.params()), 0.0);
    }

    @Test
    void centeredGraphRoundTripTrainsIdentically() throws IOException {
        ComputationGraph graph = GammaCentering.center(mlp(gammaLayer(10.0, ReadoutScaling.MUP, Head.MSE_IDENTITY),
                DataType.DOUBLE, new Adam(1e-2), 32));
        DataSet batch = new DataSet(features(9, DataType.DOUBLE, 3), oneHotLabels(9, DataType.DOUBLE));
        graph.fit(batch);
        File file = dir.resolve("centered.zip").toFile();

        ModelSerializer.writeModel(graph, file, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);

        assertEquals(graph.getConfiguration(), restored.getConfiguration());
        assertArrayEquals(flat(graph.params()), flat(restored.params()), 0.0);
        assertArrayEquals(flat(graph.outputSingle(batch.getFeatures())),
                flat(restored.outputSingle(batch.getFeatures())), 0.0);
        for (int i = 0; i < STEPS_AFTER_RESTORE; i++) {
            graph.fit(batch);
            restored.fit(batch);
            assertEquals(graph.score(), restored.score(), 0.0);
        }
        assertArrayEquals(flat(graph.params()), flat(restored.params()), 0.0);
        assertArrayEquals(flat(graph.getLayer("output").getParam("W0")),
                flat(restored.getLayer("output").getParam("W0")), 0.0);
    }

    private static double[] flat(INDArray a) {
        return a.ravel().toDoubleVector();
    }
}
