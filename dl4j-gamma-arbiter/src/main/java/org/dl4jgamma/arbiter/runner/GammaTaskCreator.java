package org.dl4jgamma.arbiter.runner;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.commons.lang3.exception.ExceptionUtils;
import org.deeplearning4j.arbiter.DL4JConfiguration;
import org.deeplearning4j.arbiter.GraphConfiguration;
import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.OptimizationResult;
import org.deeplearning4j.arbiter.optimize.api.TaskCreator;
import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.arbiter.optimize.api.saving.ResultSaver;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.deeplearning4j.arbiter.optimize.runner.CandidateInfo;
import org.deeplearning4j.arbiter.optimize.runner.CandidateStatus;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;
import org.deeplearning4j.arbiter.optimize.runner.listener.StatusListener;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jgamma.conf.GammaOutputLayer;
import org.dl4jgamma.networks.GammaParameterization;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Arbiter {@link TaskCreator} for short online candidates, for {@code MultiLayerSpace} and
 * {@code ComputationGraphSpace} searches with a {@link DataSource}. It trains like Arbiter's own task creators (one
 * SGD step per training batch, then the score function on the data source's test data) with three differences:
 *
 * <ul>
 *   <li>No pause: Arbiter's {@code MultiLayerNetworkTaskCreator} and {@code ComputationGraphTaskCreator} (beta7)
 *       call {@code System.gc()} and {@code Thread.sleep(2000)} after every candidate, in the task's
 *       {@code finally} block; this one only destroys the thread's workspaces, as they do.</li>
 *   <li>Divergence guard: training stops at the first step whose loss is NaN, infinite or above
 *       {@link #getDivergenceThreshold()}; the candidate completes with score {@code +infinity} and a logged
 *       reason, not as a failure.</li>
 *   <li>Bookkeeping: each candidate leaves a {@link CandidateOutcome} (gamma, learning rate, steps, test metric)
 *       in {@link #outcomes()} and in the {@code OptimizationResult}; one INFO line is logged per candidate.</li>
 * </ul>
 *
 * Exceptions are still caught and the candidate marked failed, as Arbiter does, with the stack trace logged at
 * WARN. Use it with {@code new LocalOptimizationRunner(1, configuration, taskCreator)}.
 */
public class GammaTaskCreator implements TaskCreator {

    private static final Logger LOG = LoggerFactory.getLogger(GammaTaskCreator.class);

    /** Default divergence threshold on the training loss: 1e6. */
    public static final double DEFAULT_DIVERGENCE_THRESHOLD = 1e6;

    private final double divergenceThreshold;

    private final TestEvaluator testEvaluator;

    private final ConcurrentLinkedQueue<CandidateOutcome> outcomes = new ConcurrentLinkedQueue<>();

    /** A task creator with the default divergence threshold and no test evaluator. */
    public GammaTaskCreator() {
        this(DEFAULT_DIVERGENCE_THRESHOLD, null);
    }

    /**
     * A task creator.
     *
     * @param divergenceThreshold training stops as diverged when a step's loss exceeds it (or is not finite);
     *                            {@code > 0}
     * @param testEvaluator evaluates each trained, non-diverged model (e.g. test accuracy); null for none
     * @throws IllegalArgumentException if the threshold is not positive
     */
    public GammaTaskCreator(double divergenceThreshold, TestEvaluator testEvaluator) {
        if (!(divergenceThreshold > 0)) {
            throw new IllegalArgumentException("divergenceThreshold must be > 0, got " + divergenceThreshold
                    + "; the default is " + DEFAULT_DIVERGENCE_THRESHOLD + ".");
        }
        this.divergenceThreshold = divergenceThreshold;
        this.testEvaluator = testEvaluator;
    }

    /**
     * The training loss above which a candidate counts as diverged.
     *
     * @return the threshold
     */
    public double getDivergenceThreshold() {
        return divergenceThreshold;
    }

    /**
     * The outcomes of the candidates run so far, by candidate index.
     *
     * @return a new list
     */
    public List<CandidateOutcome> outcomes() {
        List<CandidateOutcome> list = new ArrayList<>(outcomes);
        list.sort(Comparator.comparingInt(CandidateOutcome::index));
        return list;
    }

    /** Not supported: use a {@link DataSource} ({@code OptimizationConfiguration.Builder.dataSource}). */
    @Override
    public Callable<OptimizationResult> create(Candidate candidate, DataProvider dataProvider,
                                               ScoreFunction scoreFunction, List<StatusListener> statusListeners,
                                               IOptimizationRunner runner) {
        throw new UnsupportedOperationException("GammaTaskCreator reads data from a DataSource; configure the search "
                + "with OptimizationConfiguration.Builder.dataSource(...) instead of the deprecated DataProvider.");
    }

    @Override
    public Callable<OptimizationResult> create(Candidate candidate, Class<? extends DataSource> dataSource,
                                               Properties dataSourceProperties, ScoreFunction scoreFunction,
                                               List<StatusListener> statusListeners, IOptimizationRunner runner) {
        return () -> run(candidate, dataSource, dataSourceProperties, scoreFunction, statusListeners, runner);
    }

    private OptimizationResult run(Candidate candidate, Class<? extends DataSource> dataSource,
                                   Properties properties, ScoreFunction scoreFunction,
                                   List<StatusListener> listeners, IOptimizationRunner runner) {
        long start = System.currentTimeMillis();
        CandidateInfo info = new CandidateInfo(candidate.getIndex(), CandidateStatus.Running, null, start, start,
                null, candidate.getFlatParameters(), null);
        OptimizationResult result;
        try {
            result = train(candidate, dataSource, properties, scoreFunction, runner, info, start);
        } catch (Throwable t) {
            LOG.warn("Candidate {} failed", candidate.getIndex(), t);
            info.setCandidateStatus(CandidateStatus.Failed);
            info.setExceptionStackTrace(ExceptionUtils.getStackTrace(t));
            CandidateOutcome outcome = new CandidateOutcome(candidate.getIndex(), Double.NaN, false, true,
                    String.valueOf(t), 0, Double.NaN, Double.NaN, -1, Double.NaN,
                    System.currentTimeMillis() - start);
            outcomes.add(outcome);
            result = new OptimizationResult(candidate, null, candidate.getIndex(), outcome, info, null);
        } finally {
            Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
        }

        info.setEndTime(System.currentTimeMillis());
        notifyListeners(listeners, info, runner, result);
        return result;
    }

    private OptimizationResult train(Candidate candidate, Class<? extends DataSource> dataSourceClass,
                                     Properties properties, ScoreFunction scoreFunction, IOptimizationRunner runner,
                                     CandidateInfo info, long start) throws Exception {
        Model model = instantiate(candidate.getValue());
        GammaOutputLayer readout = findReadout(model);
        DataSource dataSource = dataSourceClass.getConstructor().newInstance();
        if (properties != null) {
            dataSource.configure(properties);
        }

        int steps = 0;
        String reason = "";
        DataSetIterator train = (DataSetIterator) dataSource.trainData();
        while (train.hasNext()) {
            DataSet batch = train.next();
            fit(model, batch);
            steps++;

            double loss = model.score();
            if (!Double.isFinite(loss) || loss > divergenceThreshold) {
                reason = "training loss " + loss + " at step " + steps + (Double.isFinite(loss)
                        ? " above the divergence threshold " + divergenceThreshold : "");
                break;
            }
        }

        double score = reason.isEmpty() ? scoreFunction.score(model, dataSourceClass, properties) : Double.NaN;
        if (reason.isEmpty() && !Double.isFinite(score)) {
            reason = "held-out loss " + score + " after " + steps + " steps";
        }
        boolean diverged = !reason.isEmpty();
        if (diverged) {
            score = Double.POSITIVE_INFINITY;
        }

        double testMetric = !diverged && testEvaluator != null ? testEvaluator.evaluate(model, dataSource)
                : Double.NaN;
        CandidateOutcome outcome = new CandidateOutcome(candidate.getIndex(), score, diverged, false, reason, steps,
                readout == null ? Double.NaN : readout.getGamma(), readoutLearningRate(readout),
                readout == null ? -1 : readout.getNIn(), testMetric, System.currentTimeMillis() - start);
        outcomes.add(outcome);
        log(outcome);

        info.setCandidateStatus(CandidateStatus.Complete);
        info.setScore(score);
        OptimizationResult result = new OptimizationResult(candidate, score, candidate.getIndex(), outcome, info,
                null);
        ResultSaver saver = runner.getConfiguration().getResultSaver();
        if (saver != null) {
            result.setResultReference(saver.saveModel(result, model));
        }
        return result;
    }

    private static void log(CandidateOutcome o) {
        if (o.diverged()) {
            LOG.warn("Candidate {} diverged: {} (gamma = {}, readout lr = {}, N = {}); score = +inf", o.index(),
                    o.reason(), o.gamma(), o.readoutLearningRate(), o.width());
        }
        LOG.info("Candidate {}: online loss = {}, gamma = {}, readout lr = {}, N = {}, steps = {}, test = {}, "
                        + "{} ms{}", o.index(), String.format("%.5g", o.score()), String.format("%.4g", o.gamma()),
                String.format("%.4g", o.readoutLearningRate()), o.width(), o.stepsRun(),
                String.format("%.4f", o.testMetric()), o.millis(), o.diverged() ? " (diverged)" : "");
    }

    private static Model instantiate(Object value) {
        if (value instanceof DL4JConfiguration) {
            MultiLayerConfiguration conf = ((DL4JConfiguration) value).getMultiLayerConfiguration();
            MultiLayerNetwork net = new MultiLayerNetwork(conf);
            net.init();
            reinitialiseReproducibly(net, conf.getConf(0).getSeed());
            return net;
        }
        if (value instanceof GraphConfiguration) {
            ComputationGraph graph = new ComputationGraph(((GraphConfiguration) value).getConfiguration());
            graph.init();
            return graph;
        }
        throw new IllegalArgumentException("GammaTaskCreator trains MultiLayerSpace or ComputationGraphSpace "
                + "candidates, got " + (value == null ? "null" : value.getClass().getName()) + ".");
    }

    /**
     * DL4J M2.1's CPU random generator does not reproduce a seed, so a dense MLP ending in a GammaOutputLayer gets its
     * initial weights again from {@code java.util.Random(seed)} ({@link GammaParameterization#reinitialise}); other
     * networks keep DL4J's initialisation.
     */
    private static void reinitialiseReproducibly(MultiLayerNetwork net, long seed) {
        try {
            GammaParameterization.reinitialise(net, seed);
        } catch (IllegalArgumentException | ClassCastException e) {
            LOG.debug("Keeping DL4J's initialisation (not a dense MLP with a gamma readout): {}", e.getMessage());
        }
    }

    private static void fit(Model model, DataSet batch) {
        if (model instanceof MultiLayerNetwork) {
            ((MultiLayerNetwork) model).fit(batch);
        } else {
            ((ComputationGraph) model).fit(batch);
        }
    }

    /** The last GammaOutputLayer of the model, or null. */
    private static GammaOutputLayer findReadout(Model model) {
        GammaOutputLayer found = null;
        org.deeplearning4j.nn.api.Layer[] layers = model instanceof MultiLayerNetwork
                ? ((MultiLayerNetwork) model).getLayers() : ((ComputationGraph) model).getLayers();
        for (org.deeplearning4j.nn.api.Layer layer : layers) {
            Layer conf = layer.conf().getLayer();
            if (conf instanceof GammaOutputLayer) {
                found = (GammaOutputLayer) conf;
            }
        }
        return found;
    }

    private static double readoutLearningRate(GammaOutputLayer readout) {
        if (readout == null || readout.getIUpdater() == null || !readout.getIUpdater().hasLearningRate()) {
            return Double.NaN;
        }
        return readout.getIUpdater().getLearningRate(0, 0);
    }

    private static void notifyListeners(List<StatusListener> listeners, CandidateInfo info,
                                        IOptimizationRunner runner, OptimizationResult result) {
        if (listeners == null) {
            return;
        }
        for (StatusListener listener : listeners) {
            try {
                listener.onCandidateStatusChange(info, runner, result);
            } catch (RuntimeException e) {
                LOG.error("Status listener failed for candidate {}", info.getIndex(), e);
            }
        }
    }

    /** Evaluates a trained model, e.g. its accuracy on the data source's test set. */
    @FunctionalInterface
    public interface TestEvaluator {

        /**
         * Evaluates a trained, non-diverged model.
         *
         * @param model a MultiLayerNetwork or ComputationGraph
         * @param dataSource the candidate's configured data source
         * @return the metric
         */
        double evaluate(Model model, DataSource dataSource);
    }
}
