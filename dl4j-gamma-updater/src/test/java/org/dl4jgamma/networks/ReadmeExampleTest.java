package org.dl4jgamma.networks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** The README's one-call network, compiled and run: it is centered, so its output starts at exactly zero. */
class ReadmeExampleTest {

    @Test
    void readmeOneCallNetworkStartsAtZero() {
        ComputationGraph net = GammaNetworks.mlp()
                .nIn(784).width(128).depth(3).nOut(10)
                .lossFunction(LossFunction.MSE)
                .gamma0(10).c(10)
                .parameterization(Parameterization.MUP)
                .centered(true).seed(0).dataType(DataType.FLOAT)
                .buildComputationGraph();

        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 784);
        assertEquals(0.0, net.outputSingle(x).amaxNumber().doubleValue(), 0.0);
    }
}
