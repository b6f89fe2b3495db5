package org.dl4jgamma.bench.perf;

import java.util.Locale;

import org.apache.commons.math3.stat.StatUtils;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dl4jgamma.networks.GammaNetworks;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Child process of {@code dl4j-gamma perf} for JVM settings that must be set at start-up: times the DL4J path's
 * step, {@link #network()} on one fixed batch of 64, and prints one line {@code ms_per_step=<median of blocks>}.
 * Arguments: {@code [blocks] [steps per block]}.
 */
public final class Dl4jStepProbe {

    /** Width of the hidden layers of the sweep's model, 784-128-128-10. */
    static final int WIDTH = 128;

    /** Batch size of the sweep. */
    static final int BATCH = 64;

    private Dl4jStepProbe() {
    }

    /**
     * The DL4J path of the sweep's model: {@code GammaNetworks.mlp()} with muP readout, centered, depth 3, width 128,
     * MSE, float, gamma0 = 10, eta0 = 1e-3.
     *
     * @param centered whether to center the network ({@code f - f_0})
     * @return the initialised network
     */
    public static ComputationGraph network(boolean centered) {
        return GammaNetworks.mlp().nIn(784).width(WIDTH).depth(3).nOut(10).lossFunction(LossFunction.MSE).gamma0(10)
                .eta0(1e-3).centered(centered).seed(1).dataType(DataType.FLOAT).buildComputationGraph();
    }

    /**
     * @param rows rows of the batch
     * @return uniform features in [0, 1) of shape [rows, 784] and one-hot labels {@code i mod 10}
     */
    public static DataSet batch(int rows) {
        INDArray labels = Nd4j.zeros(DataType.FLOAT, rows, 10);
        for (int i = 0; i < rows; i++) {
            labels.putScalar(i, i % 10, 1.0);
        }
        return new DataSet(Nd4j.rand(DataType.FLOAT, rows, 784), labels);
    }

    /**
     * Runs the timing.
     *
     * @param args {@code [blocks] [steps per block]}, defaults 5 and 200
     */
    public static void main(String[] args) {
        int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        ComputationGraph net = network(true);
        DataSet batch = batch(BATCH);
        StepTiming.Block block = StepTiming.block(net::fit, batch);

        block.msPerStep(Math.max(50, steps / 2));
        double[] ms = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            ms[b] = block.msPerStep(steps);
        }
        System.out.println(String.format(Locale.ROOT, "ms_per_step=%.5f", StatUtils.percentile(ms, 50.0)));
    }
}
