package org.dl4jgamma.bench.engine;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.dl4jgamma.bench.data.BatchStream;
import org.dl4jgamma.bench.data.OnlineDataset;
import org.dl4jgamma.bench.sweep.BatchTrialRunner;
import org.dl4jgamma.bench.sweep.Dl4jTrialRunner;
import org.dl4jgamma.bench.sweep.DivergenceGuard;
import org.dl4jgamma.bench.sweep.LossKind;
import org.dl4jgamma.bench.sweep.TrialResult;
import org.dl4jgamma.bench.sweep.TrialSpec;
import org.dl4jgamma.bench.sweep.TrialStatus;
import org.dl4jgamma.conf.GammaOutputLayer;
import org.dl4jgamma.networks.GammaNetworks;
import org.dl4jgamma.updater.RegimeUpdater;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sweep engine: trains trials of one architecture and seed together with {@link BatchedMlp}, directly on ND4J
 * buffers, instead of one DL4J {@code ComputationGraph} per trial. Each trial is the same network as
 * {@link org.dl4jgamma.bench.sweep.Dl4jTrialRunner}'s (the centered muP MLP of {@code GammaNetworks.mlp()}): its
 * initial weights, per-layer learning rates {@code lr_l} and output factor {@code a = s(N) / gamma} are read from
 * the DL4J configuration that {@code GammaNetworks} builds, so both paths train the same function with the same
 * numbers (tested to a relative 1e-9 in double precision, losses and parameters).
 *
 * <p>Trials batch together when they share depth, width, seed, steps, batch size, loss and precision: the same
 * seed gives them the same initial weights and the same batches. At every step each trial's loss (before the
 * update) is checked by the {@link DivergenceGuard}; a diverging trial leaves the batch at once, as it would stop
 * alone, and its result is handed over right then. The survivors are scored on the test set as the DL4J path does.
 * A trial's {@code seconds} is its share of the batch's wall time: building is split evenly among all trials, and
 * every step and the evaluation evenly among the trials they served.
 *
 * <p>Needs ND4J's CPU backend (the products go to the OpenBLAS that it ships); see {@link #unavailableReason()}.
 */
public final class BatchedTrialRunner implements BatchTrialRunner {

    /** Default most trials trained together: 16 models of width 128 keep the first layer within the L2/L3 caches. */
    public static final int DEFAULT_MAX_BATCH = 16;

    /** Rows of the test set per forward pass when scoring. */
    static final int EVALUATION_CHUNK = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(BatchedTrialRunner.class);

    private final OnlineDataset dataset;
    private final DivergenceGuard guard;
    private final int maxBatch;

    /** What trials must share to train together. */
    private record Key(int depth, int width, long seed, int steps, int batchSize, LossKind loss, boolean useDouble) {
    }

    /**
     * @param dataset  where the batches and the test set come from
     * @param guard    decides when a trial has diverged
     * @param maxBatch most trials trained together, at least 1
     * @throws IllegalArgumentException if {@code maxBatch < 1}
     * @throws IllegalStateException if the engine cannot run here (see {@link #unavailableReason()})
     */
    public BatchedTrialRunner(OnlineDataset dataset, DivergenceGuard guard, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch = " + maxBatch + "; must be at least 1 (1 trains every "
                    + "trial alone)");
        }
        Optional<String> reason = unavailableReason();
        if (reason.isPresent()) {
            throw new IllegalStateException(reason.get());
        }
        this.dataset = dataset;
        this.guard = guard;
        this.maxBatch = maxBatch;
    }

    /**
     * Says why the engine cannot run in this process: it calls OpenBLAS through ND4J's CPU backend, so it needs that
     * backend (not CUDA) and the OpenBLAS binding on the class path.
     *
     * @return empty if it can run, otherwise the reason and what to use instead
     */
    public static Optional<String> unavailableReason() {
        String backend = Nd4j.getBackend().getClass().getSimpleName();
        if (!Nd4j.getEnvironment().isCPU()) {
            return Optional.of("the batched sweep engine needs ND4J's CPU backend, this process runs " + backend
                    + "; use --engine dl4j");
        }
        try {
            Class.forName("org.bytedeco.openblas.global.openblas_nolapack");
            return Optional.empty();
        } catch (ClassNotFoundException e) {
            return Optional.of("the batched sweep engine needs the OpenBLAS binding that nd4j-native ships "
                    + "(org.bytedeco:openblas), not found on the class path; use --engine dl4j");
        }
    }

    @Override
    public Object batchKey(TrialSpec spec) {
        return new Key(spec.depth(), spec.width(), spec.seed(), spec.steps(), spec.batchSize(), spec.loss(),
                spec.useDouble());
    }

    @Override
    public int maxBatch() {
        return maxBatch;
    }

    @Override
    public void runBatch(List<TrialSpec> specs, ResultSink sink) {
        validate(specs);
        long start = System.nanoTime();
        TrialSpec common = specs.get(0);
        DataType type = common.useDouble() ? DataType.DOUBLE : DataType.FLOAT;
        BatchedMlp mlp = build(specs, type);
        int models = specs.size();
        double[] seconds = new double[models];
        long built = System.nanoTime();
        Arrays.fill(seconds, (built - start) / 1e9 / models);
        long now = built;

        double[][] curves = new double[models][common.steps()];
        BatchStream stream = dataset.trainingStream(common.seed(), common.batchSize(), type);
        INDArray x = Nd4j.create(type, common.batchSize(), dataset.inputSize());
        INDArray y = Nd4j.create(type, common.batchSize(), dataset.numClasses());
        long trainedSteps = 0;
        for (int step = 0; step < common.steps() && mlp.count() > 0; step++) {
            stream.nextInto(x, y);
            double[] losses = mlp.step(x, y);
            now = share(seconds, mlp, now);
            trainedSteps += mlp.count();

            for (int slot = mlp.count() - 1; slot >= 0; slot--) {
                int model = mlp.modelAt(slot);
                curves[model][step] = losses[slot];
                if (guard.diverged(losses[slot], curves[model][0])) {
                    mlp.remove(slot);
                    double[] curve = Arrays.copyOf(curves[model], step + 1);
                    sink.accept(model, new TrialResult(specs.get(model), TrialStatus.DIVERGED, step + 1, Double.NaN,
                            Double.NaN, Double.NaN, seconds[model], curve));
                }
            }
        }

        long trained = System.nanoTime();
        int survivors = mlp.count();
        if (survivors > 0) {
            DataSet test = dataset.testSet(type);
            double[][] bySlot = mlp.evaluate(test.getFeatures(), test.getLabels(), EVALUATION_CHUNK);
            share(seconds, mlp, System.nanoTime());
            for (int slot = 0; slot < survivors; slot++) {
                int model = mlp.modelAt(slot);
                double[] curve = curves[model];
                sink.accept(model, new TrialResult(specs.get(model), TrialStatus.OK, curve.length,
                        TrialResult.finalLossOf(curve), bySlot[slot][0], bySlot[slot][1], seconds[model], curve));
            }
        }
        LOG.debug("Batch of {} trials (L={} N={} seed={} {} steps {}): {} model-steps, {} trained to the end; "
                + "build {} ms, train {} ms, evaluate {} ms", models, common.depth(), common.width(), common.seed(),
                common.steps(), type, trainedSteps, survivors, (built - start) / 1_000_000,
                (trained - built) / 1_000_000, (System.nanoTime() - trained) / 1_000_000);
    }

    private void validate(List<TrialSpec> specs) {
        if (specs.isEmpty() || specs.size() > maxBatch) {
            throw new IllegalArgumentException("a batch holds 1.." + maxBatch + " trials, got " + specs.size());
        }
        if (specs.get(0).depth() < 2) {
            throw new IllegalArgumentException("depth = " + specs.get(0).depth() + "; the sweep's centered network "
                    + "needs at least one hidden layer (depth >= 2)");
        }
        Object key = batchKey(specs.get(0));
        for (TrialSpec spec : specs) {
            if (!batchKey(spec).equals(key)) {
                throw new IllegalArgumentException("trials of one batch must share depth, width, seed, steps, batch"
                        + " size, loss and precision; " + spec + " differs from " + specs.get(0));
            }
        }
    }

    /**
     * Splits the wall time since {@code since} evenly among the models still training, adding each one's part to
     * its {@code seconds}.
     *
     * @return the current time, for the next call
     */
    private static long share(double[] seconds, BatchedMlp mlp, long since) {
        long now = System.nanoTime();
        double part = (now - since) / 1e9 / mlp.count();
        for (int slot = 0; slot < mlp.count(); slot++) {
            seconds[mlp.modelAt(slot)] += part;
        }
        return now;
    }

    /**
     * Builds the batch from the DL4J configurations of its trials: the first trial's initialised network gives the
     * initial weights (all trials share them: same seed and shape), each trial's configuration its learning rates
     * and output factor.
     */
    BatchedMlp build(List<TrialSpec> specs, DataType type) {
        TrialSpec common = specs.get(0);
        MultiLayerNetwork network = builder(common, type).buildMultiLayerNetwork();
        int depth = network.getnLayers();
        INDArray[] weights = new INDArray[depth];
        INDArray[] biases = new INDArray[depth];
        for (int l = 0; l < depth; l++) {
            weights[l] = network.getLayer(l).getParam(DefaultParamInitializer.WEIGHT_KEY);
            biases[l] = network.getLayer(l).getParam(DefaultParamInitializer.BIAS_KEY);
        }

        double[][] rates = new double[specs.size()][depth];
        double[] scales = new double[specs.size()];
        for (int i = 0; i < specs.size(); i++) {
            MultiLayerConfiguration conf = builder(specs.get(i), type).buildConfiguration();
            for (int l = 0; l < depth; l++) {
                rates[i][l] = learningRate((BaseLayer) conf.getConf(l).getLayer());
            }
            GammaOutputLayer readout = (GammaOutputLayer) conf.getConf(depth - 1).getLayer();
            scales[i] = readout.getReadoutScaling().factor(readout.getNIn()) / readout.getGamma();
        }
        return new BatchedMlp(weights, biases, rates, scales, common.loss(), type);
    }

    private static double learningRate(BaseLayer layer) {
        if (!(layer.getIUpdater() instanceof RegimeUpdater updater) || updater.getSchedule() != null
                || !(updater.getInner() instanceof Sgd) || layer.getBiasUpdater() != null) {
            throw new IllegalStateException("the sweep engine trains plain SGD with one constant rate per layer; "
                    + "layer " + layer.getLayerName() + " has updater " + layer.getIUpdater() + " and bias updater "
                    + layer.getBiasUpdater());
        }
        return updater.getLearningRate(0, 0);
    }

    private GammaNetworks.MlpBuilder builder(TrialSpec spec, DataType type) {
        return Dl4jTrialRunner.network(spec, dataset, type).centered(false);
    }
}
