package org.dl4jgamma.arbiter;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Fails if a dependency change breaks Arbiter 1.0.0-beta7 on DL4J 1.0.0-M2.1: the Arbiter classes this module uses
 * must load and link, and Arbiter must not have downgraded DL4J's shaded Jackson (Arbiter declares
 * {@code org.nd4j:jackson:1.0.0-beta7}, which Maven's nearest-wins rule would otherwise pick; this module's pom pins
 * M2.1's). The tiny search in {@link TinySearchTest} is the end-to-end half of this guard.
 */
class DependencyGuardTest {

    @Test
    void arbiterClassesLoadAndLink() {
        for (String name : new String[] {"org.deeplearning4j.arbiter.MultiLayerSpace",
            "org.deeplearning4j.arbiter.ComputationGraphSpace", "org.deeplearning4j.arbiter.layers.OutputLayerSpace",
            "org.deeplearning4j.arbiter.task.MultiLayerNetworkTaskCreator",
            "org.deeplearning4j.arbiter.task.ComputationGraphTaskCreator",
            "org.deeplearning4j.arbiter.optimize.runner.LocalOptimizationRunner",
            "org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator",
            "org.deeplearning4j.arbiter.optimize.generator.GeneticSearchCandidateGenerator",
            "org.deeplearning4j.arbiter.saver.local.FileModelSaver",
            "org.deeplearning4j.arbiter.optimize.serde.jackson.JsonMapper"}) {
            assertDoesNotThrow(() -> Class.forName(name, true, getClass().getClassLoader()), name);
        }
    }

    @Test
    void shadedJacksonIsDl4jsOwn() {
        String jar = org.nd4j.shade.jackson.databind.ObjectMapper.class.getProtectionDomain().getCodeSource()
                .getLocation().toString();
        assertTrue(jar.contains("1.0.0-M2.1"), "org.nd4j.shade.jackson comes from " + jar + ", not DL4J M2.1's "
                + "org.nd4j:jackson; pin org.nd4j:jackson:${dl4j.version} in the pom.");
    }
}
