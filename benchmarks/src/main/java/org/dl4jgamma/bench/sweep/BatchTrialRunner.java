package org.dl4jgamma.bench.sweep;

import java.util.List;

/**
 * A {@link TrialRunner} that can also train several trials together, faster than one by one. Trials train together
 * only when their {@link #batchKey keys} are equal, and the result of a trial must not depend on which other trials
 * share its batch. The {@link TrialExecutor} gathers the trials that the sweep's searches ask for at the same time
 * into such batches.
 */
public interface BatchTrialRunner extends TrialRunner {

    /**
     * @param spec a trial
     * @return a key, equal for trials that may train together; {@code null} when this trial must train alone
     */
    Object batchKey(TrialSpec spec);

    /** @return the most trials trained in one batch, at least 1 */
    int maxBatch();

    /**
     * Trains trials with equal, non-null {@link #batchKey keys} together.
     *
     * @param specs the trials, at most {@link #maxBatch()}
     * @return their results, in the order of {@code specs}
     */
    List<TrialResult> runBatch(List<TrialSpec> specs);

    @Override
    default TrialResult run(TrialSpec spec) {
        return runBatch(List.of(spec)).get(0);
    }
}
