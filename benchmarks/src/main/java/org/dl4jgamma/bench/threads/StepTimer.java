package org.dl4jgamma.bench.threads;

import java.util.Locale;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Child process of {@code dl4j-gamma threads}: times, under whatever OpenMP settings its environment carries, one
 * SGD step of DL4J's MLP 784-256-256-256-10 (float, batch 128), one 128x784x256 matrix product and one element-wise
 * addition on a 128x256 array, and prints them as one line {@code step_ms=.. gemm_ms=.. add_us=..}. The OpenMP
 * thread count is read once when ND4J's native library loads, so each setting needs its own JVM.
 */
public final class StepTimer {

    private static final int BATCH = 128;

    private StepTimer() {
    }

    /**
     * Runs the timings.
     *
     * @param args {@code [warm-up steps] [timed steps]}
     */
    public static void main(String[] args) {
        int warmUp = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        MultiLayerNetwork net = network();
        INDArray x = Nd4j.rand(DataType.FLOAT, BATCH, 784);
        INDArray y = Nd4j.zeros(DataType.FLOAT, BATCH, 10);
        for (int i = 0; i < BATCH; i++) {
            y.putScalar(i, i % 10, 1.0);
        }

        double stepMs = timeMillis(() -> net.fit(x, y), warmUp, steps);
        INDArray a = Nd4j.rand(DataType.FLOAT, BATCH, 784);
        INDArray w = Nd4j.rand(DataType.FLOAT, 784, 256);
        double gemmMs = timeMillis(() -> a.mmul(w), warmUp, steps * 4);
        INDArray v = Nd4j.rand(DataType.FLOAT, BATCH, 256);
        double addUs = 1e3 * timeMillis(() -> v.addi(1.0f), warmUp * 10, steps * 40);

        System.out.println(String.format(Locale.ROOT, "step_ms=%.4f gemm_ms=%.4f add_us=%.3f", stepMs, gemmMs, addUs));
    }

    private static MultiLayerNetwork network() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).updater(new Sgd(0.01))
                .dataType(DataType.FLOAT).list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(256).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(256).nOut(256).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(256).nOut(256).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(256).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static double timeMillis(Runnable r, int warmUp, int repeats) {
        for (int i = 0; i < warmUp; i++) {
            r.run();
        }

        long start = System.nanoTime();
        for (int i = 0; i < repeats; i++) {
            r.run();
        }
        return (System.nanoTime() - start) / 1e6 / repeats;
    }
}
