package org.dl4jgamma.bench.curves;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs the study's runs on a fixed pool of worker threads, at most {@code parallel} at once, each single-threaded
 * (with {@code OMP_NUM_THREADS=1}), longest first so that the pool stays busy to the end. Every finished run is
 * handed to the listener (the CSV store, the progress bar) as soon as it finishes.
 */
public final class CurvesRunner {

    private final Map<String, CurveTrainer> trainers;
    private final int parallel;

    /**
     * @param trainers the trainer of each dataset, by dataset name
     * @param parallel runs at once, at least 1
     */
    public CurvesRunner(Map<String, CurveTrainer> trainers, int parallel) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel = " + parallel + "; must be at least 1");
        }
        this.trainers = Map.copyOf(trainers);
        this.parallel = parallel;
    }

    /**
     * @param specs    the runs
     * @param finished called once per finished run, from a worker thread
     * @return the runs' records, in the order of {@code specs}
     * @throws IllegalStateException if a run threw (the message names it)
     */
    public List<CurveRun> runAll(List<CurveRunSpec> specs, Consumer<CurveRun> finished) {
        for (CurveRunSpec spec : specs) {
            if (!trainers.containsKey(spec.dataset())) {
                throw new IllegalArgumentException("no trainer for dataset " + spec.dataset() + "; known: "
                        + trainers.keySet());
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> Integer.compare(specs.get(b).steps(), specs.get(a).steps()));

        AtomicInteger count = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(parallel, task -> {
            Thread thread = new Thread(task, "curve-run-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<CurveRun>> futures = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                futures.add(null);
            }
            for (int i : order) {
                CurveRunSpec spec = specs.get(i);
                futures.set(i, workers.submit(() -> {
                    CurveRun run = trainers.get(spec.dataset()).run(spec);
                    finished.accept(run);
                    return run;
                }));
            }
            List<CurveRun> runs = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                runs.add(await(futures.get(i), specs.get(i)));
            }
            return runs;
        } finally {
            workers.shutdownNow();
        }
    }

    private static CurveRun await(Future<CurveRun> future, CurveRunSpec spec) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for run " + spec.label(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("run " + spec.label() + " failed: " + e.getCause(), e.getCause());
        }
    }
}
