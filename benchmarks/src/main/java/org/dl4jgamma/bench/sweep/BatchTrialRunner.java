package org.dl4jgamma.bench.sweep;

import java.util.List;

/**
 * A {@link TrialRunner} that can also train several trials together, faster than one by one. Trials train together
 * only when their {@link #batchKey keys} are equal, and the result of a trial must not depend on which other trials
 * share its batch. The {@link TrialExecutor} gathers the trials that the sweep's searches ask for at the same time
 * into such batches.
 */
public interface BatchTrialRunner extends TrialRunner {

    /** Receives each trial's result as soon as that trial is done, while the rest of its batch may still train. */
    @FunctionalInterface
    interface ResultSink {

        /**
         * @param index  the trial's position in the batch
         * @param result its result
         */
        void accept(int index, TrialResult result);
    }

    /**
     * @param spec a trial
     * @return a key, equal for trials that may train together; {@code null} when this trial must train alone
     */
    Object batchKey(TrialSpec spec);

    /** @return the most trials trained in one batch, at least 1 */
    int maxBatch();

    /**
     * Trains trials with equal, non-null {@link #batchKey keys} together, handing each result to {@code sink} as
     * soon as its trial is done (a diverged trial at once, the others when the batch ends), exactly once, from the
     * calling thread.
     *
     * @param specs the trials, at most {@link #maxBatch()}
     * @param sink  receives the results
     */
    void runBatch(List<TrialSpec> specs, ResultSink sink);

    /**
     * Trains trials together and waits for all.
     *
     * @param specs the trials, at most {@link #maxBatch()}
     * @return their results, in the order of {@code specs}
     */
    default List<TrialResult> runBatch(List<TrialSpec> specs) {
        TrialResult[] results = new TrialResult[specs.size()];
        runBatch(specs, (index, result) -> results[index] = result);
        return List.of(results);
    }

    @Override
    default TrialResult run(TrialSpec spec) {
        return runBatch(List.of(spec)).get(0);
    }
}
