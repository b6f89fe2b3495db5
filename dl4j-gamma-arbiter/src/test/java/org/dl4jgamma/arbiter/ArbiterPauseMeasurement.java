package org.dl4jgamma.arbiter;

import java.util.Properties;

import org.deeplearning4j.arbiter.MultiLayerSpace;
import org.deeplearning4j.arbiter.optimize.api.TaskCreator;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxCandidatesCondition;
import org.deeplearning4j.arbiter.optimize.config.OptimizationConfiguration;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.deeplearning4j.arbiter.optimize.runner.LocalOptimizationRunner;
import org.deeplearning4j.arbiter.task.MultiLayerNetworkTaskCreator;
import org.dl4jgamma.arbiter.comparison.GammaSearchComparison;
import org.dl4jgamma.arbiter.data.TeacherDataSource;
import org.dl4jgamma.arbiter.runner.GammaTaskCreator;
import org.dl4jgamma.arbiter.scoring.OnlineLossScoreFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures what Arbiter's pause after each candidate (System.gc() and Thread.sleep(2000) in beta7's task creators)
 * costs on a search of short candidates, against {@link GammaTaskCreator}. Not a CI test: run with
 * {@code -Ddl4jgamma.measurePause=true -Dtest=ArbiterPauseMeasurement}.
 */
@EnabledIfSystemProperty(named = "dl4jgamma.measurePause", matches = "true")
class ArbiterPauseMeasurement {

    private static final Logger LOG = LoggerFactory.getLogger(ArbiterPauseMeasurement.class);

    private static final int CANDIDATES = 5;

    @Test
    void measure() {
        long stock = time(new MultiLayerNetworkTaskCreator());
        long ours = time(new GammaTaskCreator());
        LOG.info("{} candidates of 20 steps: Arbiter's task creator {} ms, GammaTaskCreator {} ms, {} ms per "
                + "candidate saved", CANDIDATES, stock, ours, (stock - ours) / CANDIDATES);
    }

    private static long time(TaskCreator tasks) {
        TeacherDataSource data = new TeacherDataSource();
        data.configure(new Properties());
        MultiLayerSpace space = GammaSearchComparison.builder().widths(64).cRange(1, 5).build().space(true, 0, data);
        Properties properties = new Properties();
        properties.setProperty(TeacherDataSource.STEPS, "20");
        properties.setProperty(TeacherDataSource.HELD_OUT_BATCHES, "2");
        OptimizationConfiguration conf = new OptimizationConfiguration.Builder()
                .candidateGenerator(new RandomSearchGenerator(space)).dataSource(TeacherDataSource.class, properties)
                .scoreFunction(new OnlineLossScoreFunction())
                .terminationConditions(new MaxCandidatesCondition(CANDIDATES)).rngSeed(1).build();
        long start = System.nanoTime();
        new LocalOptimizationRunner(1, conf, tasks).execute();
        return (System.nanoTime() - start) / 1_000_000;
    }
}
