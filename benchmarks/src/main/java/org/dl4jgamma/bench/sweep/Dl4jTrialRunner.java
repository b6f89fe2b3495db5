package org.dl4jgamma.bench.sweep;

import java.util.Arrays;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dl4jgamma.bench.data.BatchStream;
import org.dl4jgamma.bench.data.OnlineDataset;
import org.dl4jgamma.networks.GammaNetworks;
import org.dl4jgamma.networks.Parameterization;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Trains the paper's network with DL4J: a centered MLP with muP readout from the updater module's one-call
 * builder ({@code GammaNetworks.mlp()}), plain SGD with per-layer learning rate {@code N * eta0}, one fresh
 * batch per step from an {@link OnlineDataset}.
 *
 * <p>At every step t the batch's loss before the update, {@code loss_t}, is recorded; the run stops at once
 * when the {@link DivergenceGuard} says it diverged. A completed run is scored on the dataset's test set: the
 * test loss (the training loss function, averaged over the test set) and the accuracy
 * {@code mean_i [argmax output_i == argmax label_i]}.
 *
 * <p>Thread safety: every call builds its own network and batch stream; run it with {@code OMP_NUM_THREADS=1}
 * so that each trial is single-threaded and parallel trials do not compete for cores.
 */
public final class Dl4jTrialRunner implements TrialRunner {

    private final OnlineDataset dataset;
    private final DivergenceGuard guard;

    /**
     * @param dataset where the batches and the test set come from
     * @param guard   decides when a run has diverged
     */
    public Dl4jTrialRunner(OnlineDataset dataset, DivergenceGuard guard) {
        this.dataset = dataset;
        this.guard = guard;
    }

    @Override
    public TrialResult run(TrialSpec spec) {
        long start = System.nanoTime();
        DataType dataType = spec.useDouble() ? DataType.DOUBLE : DataType.FLOAT;
        ComputationGraph graph = build(spec, dataType);
        BatchStream stream = dataset.trainingStream(spec.seed(), spec.batchSize(), dataType);

        DataSet batch = new DataSet(Nd4j.create(dataType, spec.batchSize(), dataset.inputSize()),
                Nd4j.create(dataType, spec.batchSize(), dataset.numClasses()));
        double[] curve = new double[spec.steps()];
        for (int step = 0; step < spec.steps(); step++) {
            stream.nextInto(batch.getFeatures(), batch.getLabels());
            graph.fit(batch);
            curve[step] = graph.score();
            if (guard.diverged(curve[step], curve[0])) {
                double[] taken = Arrays.copyOf(curve, step + 1);
                return new TrialResult(spec, TrialStatus.DIVERGED, step + 1, Double.NaN, Double.NaN, Double.NaN,
                        seconds(start), taken);
            }
        }

        DataSet test = dataset.testSet(dataType);
        double testLoss = graph.score(test);
        INDArray predicted = graph.outputSingle(test.getFeatures()).argMax(1);
        INDArray actual = test.getLabels().argMax(1);
        double accuracy = predicted.eq(actual).castTo(DataType.DOUBLE).meanNumber().doubleValue();
        return new TrialResult(spec, TrialStatus.OK, spec.steps(), TrialResult.finalLossOf(curve), testLoss, accuracy,
                seconds(start), curve);
    }

    private ComputationGraph build(TrialSpec spec, DataType dataType) {
        return network(spec, dataset, dataType).centered(true).buildComputationGraph();
    }

    /**
     * The builder of a trial's network, shared by every trial runner: {@code GammaNetworks.mlp()} with muP readout,
     * the trial's depth, width, gamma0, eta0, loss (MCXENT for cross-entropy), seed and data type, and the data set's
     * input and output sizes. The caller chooses the centering and what to build.
     *
     * @param spec     the trial
     * @param dataset  its data, for the input and output sizes
     * @param dataType the precision
     * @return the configured builder
     */
    public static GammaNetworks.MlpBuilder network(TrialSpec spec, OnlineDataset dataset, DataType dataType) {
        LossFunctions.LossFunction loss = spec.loss() == LossKind.MSE
                ? LossFunctions.LossFunction.MSE : LossFunctions.LossFunction.MCXENT;
        return GammaNetworks.mlp()
                .nIn(dataset.inputSize())
                .width(spec.width())
                .depth(spec.depth())
                .nOut(dataset.numClasses())
                .lossFunction(loss)
                .gamma0(spec.gamma0())
                .eta0(spec.eta0())
                .parameterization(Parameterization.MUP)
                .seed(spec.seed())
                .dataType(dataType);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
