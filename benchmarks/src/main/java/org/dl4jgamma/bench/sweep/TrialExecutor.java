package org.dl4jgamma.bench.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs trials for the protocols on a fixed pool of worker threads, at most {@code parallel} at once, each
 * single-threaded. A trial already in the {@link TrialStore} (a resumed sweep) is returned from there and not
 * run again; every trial that runs is recorded in the store as soon as it finishes.
 */
public final class TrialExecutor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrialExecutor.class);

    private final TrialRunner runner;
    private final TrialStore store;
    private final SweepListener listener;
    private final ExecutorService workers;

    /**
     * @param runner   runs one trial
     * @param store    where results are found and recorded
     * @param listener hears about every finished trial
     * @param parallel number of trials run at once, at least 1
     */
    public TrialExecutor(TrialRunner runner, TrialStore store, SweepListener listener, int parallel) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel = " + parallel + "; must be at least 1");
        }
        this.runner = runner;
        this.store = store;
        this.listener = listener;
        AtomicInteger count = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(parallel, task -> {
            Thread thread = new Thread(task, "trial-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Runs one trial, or returns its stored result. Blocks until done.
     *
     * @param protocol name of the protocol asking
     * @param spec     the trial
     * @return its result
     */
    public TrialResult run(String protocol, TrialSpec spec) {
        return runAll(protocol, List.of(spec)).get(0);
    }

    /**
     * Runs several independent trials at once (as many as the pool allows) and waits for all of them.
     *
     * @param protocol name of the protocol asking
     * @param specs    the trials
     * @return their results, in the order of {@code specs}
     * @throws SweepFailedException if a trial threw
     */
    public List<TrialResult> runAll(String protocol, List<TrialSpec> specs) {
        List<Future<TrialResult>> futures = new ArrayList<>();
        for (TrialSpec spec : specs) {
            futures.add(workers.submit(() -> runOne(protocol, spec)));
        }

        List<TrialResult> results = new ArrayList<>();
        for (Future<TrialResult> future : futures) {
            try {
                results.add(future.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SweepFailedException("interrupted while waiting for a trial", e);
            } catch (ExecutionException e) {
                throw new SweepFailedException("a trial failed: " + e.getCause(), e.getCause());
            }
        }
        return results;
    }

    private TrialResult runOne(String protocol, TrialSpec spec) {
        Optional<TrialResult> stored = store.find(protocol, spec);
        if (stored.isPresent()) {
            listener.trialFinished(protocol, stored.get(), true);
            return stored.get();
        }

        TrialResult result = runner.run(spec);
        if (!result.spec().equals(spec)) {
            throw new IllegalStateException("the trial runner returned a result for " + result.spec()
                    + " when asked for " + spec);
        }
        store.record(protocol, result);
        LOG.debug("{} trial {}: {} after {} steps, final loss {}", protocol, spec, result.status(),
                result.stepsRun(), result.finalLoss());
        listener.trialFinished(protocol, result, false);
        return result;
    }

    /** Stops the worker threads; trials still running are abandoned. */
    @Override
    public void close() {
        workers.shutdownNow();
    }
}
