package org.dl4jgamma.arbiter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import org.deeplearning4j.arbiter.DL4JConfiguration;
import org.deeplearning4j.arbiter.MultiLayerSpace;
import org.deeplearning4j.arbiter.layers.DenseLayerSpace;
import org.deeplearning4j.arbiter.optimize.api.OptimizationResult;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxCandidatesCondition;
import org.deeplearning4j.arbiter.optimize.config.OptimizationConfiguration;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.deeplearning4j.arbiter.optimize.runner.CandidateInfo;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;
import org.deeplearning4j.arbiter.optimize.runner.LocalOptimizationRunner;
import org.deeplearning4j.arbiter.optimize.runner.listener.BaseStatusListener;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.dl4jgamma.arbiter.comparison.ComparisonResult;
import org.dl4jgamma.arbiter.comparison.GammaSearchComparison;
import org.dl4jgamma.arbiter.comparison.SearchResult;
import org.dl4jgamma.arbiter.data.TeacherDataSource;
import org.dl4jgamma.arbiter.layers.GammaOutputLayerSpace;
import org.dl4jgamma.arbiter.runner.CandidateOutcome;
import org.dl4jgamma.arbiter.runner.GammaTaskCreator;
import org.dl4jgamma.arbiter.scoring.OnlineLossScoreFunction;
import org.dl4jgamma.arbiter.space.IntegerChoiceSpace;
import org.dl4jgamma.arbiter.space.LogUniformSpace;
import org.dl4jgamma.arbiter.space.RegimeSpace;
import org.dl4jgamma.conf.GammaOutputLayer;
import org.junit.jupiter.api.Test;

/**
 * A tiny Arbiter search (3 candidates, 20 steps) on the teacher: no candidate may fail, and the chosen gamma and
 * learning rates must obey the rule exactly. Also guards Arbiter beta7 on DL4J M2.1: if a dependency change breaks
 * Arbiter, this search fails or marks candidates failed.
 */
class TinySearchTest {

    private static final double EXACT = 1e-12;

    private static final int DEPTH = 3;

    @Test
    void tinySearchCompletesAndObeysTheRule() {
        TeacherDataSource data = new TeacherDataSource();
        data.configure(new Properties());
        MultiLayerSpace space = GammaSearchComparison.builder().depth(DEPTH).cRange(0.5, 5).build()
                .space(true, 0, data);
        Properties properties = new Properties();
        properties.setProperty(TeacherDataSource.STEPS, "20");
        properties.setProperty(TeacherDataSource.HELD_OUT_BATCHES, "2");
        OptimizationConfiguration conf = new OptimizationConfiguration.Builder()
                .candidateGenerator(new RandomSearchGenerator(space)).dataSource(TeacherDataSource.class, properties)
                .scoreFunction(new OnlineLossScoreFunction()).terminationConditions(new MaxCandidatesCondition(3))
                .rngSeed(42).build();
        GammaTaskCreator tasks = new GammaTaskCreator();
        LocalOptimizationRunner runner = new LocalOptimizationRunner(1, conf, tasks);
        List<OptimizationResult> results = new CopyOnWriteArrayList<>();
        runner.addListeners(new BaseStatusListener() {
            @Override
            public void onCandidateStatusChange(CandidateInfo info, IOptimizationRunner r, OptimizationResult res) {
                if (res != null) {
                    results.add(res);
                }
            }
        });

        runner.execute();

        assertEquals(0, runner.numCandidatesFailed(), "no candidate may fail: " + tasks.outcomes());
        assertEquals(3, runner.numCandidatesCompleted());
        assertEquals(3, results.size());
        for (OptimizationResult result : results) {
            assertRuleHolds(space, result);
            assertTrue(Double.isFinite(result.getScore()), "finite online loss: " + result.getModelSpecificResults());
        }
    }

    /** lr of every layer = N * c * gamma0^(2 or 2/L) * (1/fanIn or 1), from the draws, computed independently. */
    private static void assertRuleHolds(MultiLayerSpace space, OptimizationResult result) {
        double[] u = result.getCandidate().getFlatParameters();
        GammaOutputLayerSpace readoutSpace = (GammaOutputLayerSpace) space.getLayerSpace(DEPTH - 1);
        RegimeSpace<?> updaterSpace = (RegimeSpace<?>) readoutSpace.getUpdater();
        LogUniformSpace gammaSpace = (LogUniformSpace) readoutSpace.getGamma();
        LogUniformSpace cSpace = (LogUniformSpace) updaterSpace.getC();
        double gamma0 = 1e-2 * Math.pow(1e3 / 1e-2, u[gammaSpace.getIndex()]);
        double c = 0.5 * Math.pow(5 / 0.5, u[cSpace.getIndex()]);
        int[] widths = ((IntegerChoiceSpace) updaterSpace.getWidth()).getValues();
        int n = widths[Math.min(widths.length - 1, (int) (u[((IntegerChoiceSpace) updaterSpace.getWidth())
                .getIndex()] * widths.length))];
        double eta0 = gamma0 <= 1 ? c * gamma0 * gamma0 : c * Math.pow(gamma0, 2.0 / DEPTH);

        List<NeuralNetConfiguration> layers = ((DL4JConfiguration) result.getCandidate().getValue())
                .getMultiLayerConfiguration().getConfs();
        GammaOutputLayer readout = (GammaOutputLayer) layers.get(DEPTH - 1).getLayer();
        assertEquals(gamma0, readout.getGamma(), gamma0 * EXACT, "the readout's gamma is the gamma0 draw");
        assertEquals(n, readout.getNIn());
        for (int l = 0; l < DEPTH; l++) {
            FeedForwardLayer layer = (FeedForwardLayer) layers.get(l).getLayer();
            double multiplier = l == DEPTH - 1 ? 1.0 : 1.0 / layer.getNIn();
            double expected = n * eta0 * multiplier;
            double lr = ((BaseLayer) layer).getIUpdater().getLearningRate(0, 0);
            assertEquals(expected, lr, expected * EXACT, "layer " + l + " learning rate");
        }
        CandidateOutcome outcome = (CandidateOutcome) result.getModelSpecificResults();
        assertEquals(gamma0, outcome.gamma(), gamma0 * EXACT);
        assertEquals(n * eta0, outcome.readoutLearningRate(), n * eta0 * EXACT);
    }

    @Test
    void divergingCandidateIsReportedAsDivergedNotFailed() {
        GammaSearchComparison comparison = GammaSearchComparison.builder().candidates(1).steps(20).heldOutBatches(2)
                .cRange(1e7, 1e7).gammaRange(10, 10).widths(32).searchSeeds(0).build();

        SearchResult result = comparison.runSearch(true, 0);

        CandidateOutcome outcome = result.candidates().get(0);
        assertEquals(0, result.failedCandidates(), "divergence must not be an Arbiter failure");
        assertTrue(outcome.diverged(), "c = 1e7 must diverge: " + outcome);
        assertFalse(outcome.failed());
        assertEquals(Double.POSITIVE_INFINITY, outcome.score());
        assertTrue(outcome.reason().contains("training loss"), outcome.reason());
    }

    @Test
    void comparisonReturnsBothSidesWithBestSoFarCurves() {
        ComparisonResult result = GammaSearchComparison.builder().candidates(2).steps(10).heldOutBatches(2)
                .widths(32).cRange(1, 10).searchSeeds(5).build().run();

        assertEquals(1, result.gammaSearched().size());
        assertEquals(1, result.gammaFixed().size());
        SearchResult fixed = result.gammaFixed().get(0);
        assertEquals(1.0, fixed.bestGamma0(), 0.0, "the fixed side keeps gamma0 = 1");
        for (SearchResult side : List.of(result.gammaSearched().get(0), fixed)) {
            assertEquals(0, side.failedCandidates());
            assertEquals(2, side.bestSoFar().length);
            assertTrue(side.bestSoFar()[1] <= side.bestSoFar()[0], "best-so-far never increases");
            assertEquals(side.bestOnlineLoss(), side.bestSoFar()[1], 0.0);
            assertTrue(side.testAccuracy() >= 0 && side.testAccuracy() <= 1, "accuracy " + side.testAccuracy());
        }
    }
}
