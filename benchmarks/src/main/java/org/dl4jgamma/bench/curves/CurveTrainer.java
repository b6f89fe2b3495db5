package org.dl4jgamma.bench.curves;

import java.util.Arrays;
import java.util.Locale;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dl4jgamma.bench.data.BatchStream;
import org.dl4jgamma.bench.data.OnlineDataset;
import org.dl4jgamma.bench.sweep.DivergenceGuard;
import org.dl4jgamma.centering.GammaCentering;
import org.dl4jgamma.networks.GammaNetworks;
import org.dl4jgamma.networks.Parameterization;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one {@link CurveRunSpec} with DL4J: the updater module's one-call network ({@code GammaNetworks.mlp()},
 * centered, muP readout, MSE, plain SGD with per-layer learning rate {@code N * eta0}), one fresh batch per step.
 *
 * <p>Every step records {@code graph.score()} after {@code graph.fit(batch)}, the batch's loss before the update.
 * At every checkpoint it measures, in inference mode, the test loss ({@code graph.score(test)}), the test accuracy
 * ({@code mean_i [argmax output_i == argmax label_i]}) and the feature movement of the last hidden layer (trainable
 * branch {@code "layer" + (L - 2)} of the centered graph) on the first {@code probeSize} test inputs, see
 * {@link CurveRun}. The {@link DivergenceGuard} stops a run whose loss is not finite or exceeds its bound.
 *
 * <p>Memory: the batches, the checkpoint temporaries and the network are closed as soon as they are done with, so
 * the native memory of a study stays flat however many runs it has.
 *
 * <p>Thread safety: each call builds its own network and stream; run with {@code OMP_NUM_THREADS=1} so that parallel
 * runs do not compete for cores.
 */
public final class CurveTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(CurveTrainer.class);

    private final OnlineDataset dataset;
    private final DivergenceGuard guard;
    private final int probeSize;
    private final int testSize;

    /**
     * @param dataset   where the batches and the test set come from
     * @param guard     decides when a run diverged
     * @param probeSize test inputs in the fixed probe batch of the feature movement, at least 1
     * @param testSize  test samples used for the test loss and accuracy (the first ones), at least 1; capped at
     *                  the test set's size
     */
    public CurveTrainer(OnlineDataset dataset, DivergenceGuard guard, int probeSize, int testSize) {
        if (probeSize < 1 || testSize < 1) {
            throw new IllegalArgumentException("probeSize = " + probeSize + ", testSize = " + testSize
                    + "; both must be at least 1");
        }
        this.dataset = dataset;
        this.guard = guard;
        this.probeSize = probeSize;
        this.testSize = testSize;
    }

    /** @return the dataset trained on */
    public OnlineDataset dataset() {
        return dataset;
    }

    /**
     * @param spec the run; its dataset must be this trainer's
     * @return the run's record
     */
    public CurveRun run(CurveRunSpec spec) {
        if (!spec.dataset().equals(dataset.name())) {
            throw new IllegalArgumentException("run on " + spec.dataset() + " given to the trainer of "
                    + dataset.name());
        }
        long start = System.nanoTime();
        LOG.info("Run start: {}", spec.label());

        ComputationGraph graph = build(spec);
        DataSet test = firstRows(dataset.testSet(DataType.FLOAT), testSize);
        INDArray probe = firstRows(dataset.testSet(DataType.FLOAT), probeSize).getFeatures();
        String lastHidden = GammaCentering.TRAINABLE_PREFIX + (spec.depth() - 2);
        INDArray initialFeatures = graph.feedForward(probe, false).get(lastHidden).dup();
        double initialNorm = initialFeatures.norm2Number().doubleValue();
        BatchStream stream = dataset.trainingStream(spec.seed(), spec.batchSize(), DataType.FLOAT);

        int[] checkpoints = spec.checkpoints();
        double[] testLoss = new double[checkpoints.length];
        double[] accuracy = new double[checkpoints.length];
        double[] features = new double[checkpoints.length];
        double[] loss = new double[spec.steps()];
        int reached = 0;
        int step = 0;
        boolean diverged = false;
        while (true) {
            if (reached < checkpoints.length && checkpoints[reached] == step) {
                testLoss[reached] = graph.score(test);
                accuracy[reached] = accuracy(graph, test);
                INDArray moved = graph.feedForward(probe, false).get(lastHidden).sub(initialFeatures);
                features[reached] = moved.norm2Number().doubleValue() / initialNorm;
                release(moved);
                reached++;
            }
            if (step == spec.steps() || diverged) {
                break;
            }
            DataSet batch = stream.next();
            graph.fit(batch);
            loss[step] = graph.score();
            release(batch.getFeatures(), batch.getLabels());
            diverged = guard.diverged(loss[step], loss[0]);
            step++;
        }

        graph.close();
        release(initialFeatures);
        CurveRun run = new CurveRun(spec, diverged, Arrays.copyOf(loss, step), Arrays.copyOf(checkpoints, reached),
                Arrays.copyOf(testLoss, reached), Arrays.copyOf(accuracy, reached), Arrays.copyOf(features, reached),
                (System.nanoTime() - start) / 1e9);
        LOG.info("Run end: {}: {} after {} steps in {} s, final online loss {}, feature movement {}", spec.label(),
                diverged ? "DIVERGED" : "ok", step, String.format(Locale.ROOT, "%.1f", run.seconds()),
                String.format(Locale.ROOT, "%.4g", run.onlineLossAt(step)),
                String.format(Locale.ROOT, "%.3g", run.finalFeatureChange()));
        return run;
    }

    private ComputationGraph build(CurveRunSpec spec) {
        return GammaNetworks.mlp()
                .nIn(dataset.inputSize())
                .width(spec.width())
                .depth(spec.depth())
                .nOut(dataset.numClasses())
                .lossFunction(LossFunctions.LossFunction.MSE)
                .gamma0(spec.gamma0())
                .eta0(spec.eta0())
                .parameterization(Parameterization.MUP)
                .centered(true)
                .seed(spec.seed())
                .dataType(DataType.FLOAT)
                .buildComputationGraph();
    }

    private static double accuracy(ComputationGraph graph, DataSet test) {
        INDArray output = graph.outputSingle(test.getFeatures());
        INDArray predicted = output.argMax(1);
        INDArray actual = test.getLabels().argMax(1);
        double accuracy = predicted.eq(actual).castTo(DataType.DOUBLE).meanNumber().doubleValue();
        release(output, predicted, actual);
        return accuracy;
    }

    /**
     * Frees the native memory of arrays no longer used at once. ND4J otherwise frees it only when the garbage
     * collector finds the Java wrappers dead, which with a large heap can take long enough for a long study to grow
     * to many gigabytes (the first default run here was killed by the kernel's out-of-memory killer).
     */
    private static void release(INDArray... arrays) {
        for (INDArray array : arrays) {
            if (array != null && array.closeable()) {
                array.close();
            }
        }
    }

    private static DataSet firstRows(DataSet data, int rows) {
        long n = Math.min(rows, data.numExamples());
        return new DataSet(data.getFeatures().get(NDArrayIndex.interval(0, n), NDArrayIndex.all()),
                data.getLabels().get(NDArrayIndex.interval(0, n), NDArrayIndex.all()));
    }
}
