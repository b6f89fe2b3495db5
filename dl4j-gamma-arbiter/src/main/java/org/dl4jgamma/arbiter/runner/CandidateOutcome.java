package org.dl4jgamma.arbiter.runner;

import java.io.Serializable;

/**
 * What one candidate of a search did, as recorded by {@link GammaTaskCreator} (and attached to Arbiter's
 * {@code OptimizationResult} as its model-specific result).
 *
 * @param index Arbiter's candidate index (0, 1, ...)
 * @param score the online held-out loss, {@code +infinity} if diverged, NaN if failed
 * @param diverged true if the training or held-out loss left the finite range (or passed the divergence threshold)
 * @param failed true if an exception stopped the candidate (Arbiter marks it failed)
 * @param reason why it diverged or failed (empty otherwise)
 * @param stepsRun SGD steps taken (fewer than planned when stopped for divergence)
 * @param gamma the gamma of the gamma output layer (with MUP: gamma0), NaN if there is none
 * @param readoutLearningRate the learning rate of the gamma output layer's weights at step 0, NaN if unknown
 * @param width the input width N of the gamma output layer, -1 if there is none
 * @param testMetric the value of the task creator's test evaluator (e.g. test accuracy), NaN if none
 * @param millis wall time of the candidate in milliseconds
 */
public record CandidateOutcome(int index, double score, boolean diverged, boolean failed, String reason,
                               int stepsRun, double gamma, double readoutLearningRate, long width, double testMetric,
                               long millis) implements Serializable {
}
