package org.dl4jgamma.bench.engine;

import java.util.Random;

import org.dl4jgamma.bench.sweep.LossKind;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times the sweep engine's training step for {@code dl4j-gamma perf}: {@code M} models of the sweep's network
 * (centered muP MLP, input {@code d}, {@code L - 1} ReLU layers of width {@code N}, {@code K} outputs, MSE) trained
 * together by {@link BatchedMlp} on one fixed batch, and the same step's matrix products alone.
 *
 * <p>The models get the sweep's learning rates for {@code gamma0} spread log-uniformly over {@code [1, 10]}:
 * {@code lr_l = N eta0 / fan_in_l} for hidden layers and {@code N eta0} for the readout, output factor
 * {@code 1 / (N gamma0)}, with a small {@code eta0 = 1e-2} so that repeated steps on one batch stay finite.
 * Initial weights {@code W_l ~ N(0, 1)} from {@code java.util.Random(seed)}, inputs uniform in {@code [0, 1)},
 * labels one-hot. Not thread safe.
 */
public final class EngineStepBenchmark {

    private static final double ETA0 = 1e-2;

    private final BatchedMlp mlp;
    private final RecordingGemm gemm;
    private final INDArray x;
    private final INDArray y;
    private final int models;

    private EngineStepBenchmark(BatchedMlp mlp, RecordingGemm gemm, INDArray x, INDArray y, int models) {
        this.mlp = mlp;
        this.gemm = gemm;
        this.x = x;
        this.y = y;
        this.models = models;
    }

    /**
     * Builds the models and the batch and records the products of one step.
     *
     * @param models number of models trained together {@code M}, at least 1
     * @param nIn    input size {@code d}, at least 1
     * @param width  hidden width {@code N}, at least 1
     * @param depth  weight layers {@code L}, at least 2
     * @param nOut   outputs {@code K}, at least 1
     * @param batch  batch size {@code B}, at least 1
     * @param type   {@code FLOAT} or {@code DOUBLE}
     * @param seed   seed of the weights and of the batch
     * @return the benchmark
     * @throws IllegalArgumentException naming the first value out of range
     */
    public static EngineStepBenchmark create(int models, int nIn, int width, int depth, int nOut, int batch,
                                             DataType type, long seed) {
        atLeast("models", models, 1);
        atLeast("nIn", nIn, 1);
        atLeast("width", width, 1);
        atLeast("depth", depth, 2);
        atLeast("nOut", nOut, 1);
        atLeast("batch", batch, 1);

        Random random = new Random(seed);
        INDArray[] weights = new INDArray[depth];
        INDArray[] biases = new INDArray[depth];
        for (int l = 0; l < depth; l++) {
            int in = l == 0 ? nIn : width;
            int out = l == depth - 1 ? nOut : width;
            weights[l] = gaussian(random, in, out, type);
            biases[l] = Nd4j.zeros(type, out);
        }

        double[][] rates = new double[models][depth];
        double[] scales = new double[models];
        for (int m = 0; m < models; m++) {
            double gamma0 = Math.pow(10, models == 1 ? 0 : (double) m / (models - 1));
            for (int l = 0; l < depth; l++) {
                rates[m][l] = l == depth - 1 ? width * ETA0 : width * ETA0 / (l == 0 ? nIn : width);
            }
            scales[m] = 1.0 / (width * gamma0);
        }

        RecordingGemm gemm = new RecordingGemm(Gemm.of(type));
        BatchedMlp mlp = new BatchedMlp(weights, biases, rates, scales, LossKind.MSE, type, gemm);
        INDArray x = uniform(random, batch, nIn, type);
        INDArray y = Nd4j.zeros(type, batch, nOut);
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, random.nextInt(nOut), 1.0);
        }

        mlp.step(x, y);
        gemm.startRecording();
        mlp.step(x, y);
        gemm.stopRecording();
        gemm.replay();
        return new EngineStepBenchmark(mlp, gemm, x, y, models);
    }

    /** @return the number of models {@code M} trained together */
    public int models() {
        return models;
    }

    /** @return matrix products in one step of all models */
    public int productsPerStep() {
        return gemm.recorded();
    }

    /** @return floating-point operations of one step's products, {@code sum 2 m n k}, for all models */
    public double productFlopsPerStep() {
        return gemm.flops();
    }

    /**
     * Runs training steps of all {@code M} models.
     *
     * @param steps steps to run, at least 1
     * @return wall time per step of all models together, in ms (divide by {@link #models()} for one trial's share)
     */
    public double msPerStep(int steps) {
        atLeast("steps", steps, 1);
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            mlp.step(x, y);
        }
        return (System.nanoTime() - start) / 1e6 / steps;
    }

    /**
     * Replays the recorded products of one step, {@code steps} times.
     *
     * @param steps replays, at least 1
     * @return wall time per replay, in ms
     */
    public double msPerProducts(int steps) {
        atLeast("steps", steps, 1);
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            gemm.replay();
        }
        return (System.nanoTime() - start) / 1e6 / steps;
    }

    private static INDArray gaussian(Random random, int rows, int cols, DataType type) {
        double[] values = new double[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
        }
        return Nd4j.createFromArray(values).reshape(rows, cols).castTo(type).dup('c');
    }

    private static INDArray uniform(Random random, int rows, int cols, DataType type) {
        double[] values = new double[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble();
        }
        return Nd4j.createFromArray(values).reshape(rows, cols).castTo(type).dup('c');
    }

    private static void atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " = " + value + "; must be at least " + min);
        }
    }
}
