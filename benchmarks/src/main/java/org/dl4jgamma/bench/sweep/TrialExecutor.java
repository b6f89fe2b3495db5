package org.dl4jgamma.bench.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
 *
 * <p>With a {@link BatchTrialRunner}, trials asked for at the same time are trained together. Waiting trials sit
 * in one queue; whenever a worker is free it takes the group of waiting trials with equal
 * {@link BatchTrialRunner#batchKey keys} that holds the oldest one (so that no search starves), at most
 * {@link BatchTrialRunner#maxBatch()} of them (or a fair share of that group when more workers are free than there
 * are groups, so that no core idles). So that batches are not
 * cut short by a search that is about to ask, the sweep tells the executor how many searches are live
 * ({@link #searchesStarting}, {@link #searchFinished}), and a free worker takes trials only once every live
 * search is waiting for trials (none is still computing its next request). Outside a sweep (no live search
 * declared) trials go to a free worker at once. Which trials share a batch depends on timing, so the runner's
 * results must not depend on it (see {@link BatchTrialRunner}).
 */
public final class TrialExecutor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrialExecutor.class);

    private final TrialRunner runner;
    private final TrialStore store;
    private final SweepListener listener;
    private final ExecutorService workers;
    private final int parallel;
    private final Object lock = new Object();
    private final List<Item> queue = new ArrayList<>();
    private int liveSearches;
    private int pendingRequests;
    private int busyWorkers;

    /** One call of {@link #runAll} waiting for trials that are not stored yet. */
    private static final class Request {

        final String protocol;
        final List<TrialSpec> specs;
        final List<CompletableFuture<TrialResult>> futures = new ArrayList<>();
        int outstanding;

        Request(String protocol, List<TrialSpec> specs) {
            this.protocol = protocol;
            this.specs = specs;
            this.outstanding = specs.size();
            for (int i = 0; i < specs.size(); i++) {
                futures.add(new CompletableFuture<>());
            }
        }
    }

    /** One trial of a request. */
    private record Item(Request request, int index) {

        TrialSpec spec() {
            return request.specs.get(index);
        }
    }

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
        this.parallel = parallel;
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
        if (!(runner instanceof BatchTrialRunner)) {
            List<Future<TrialResult>> futures = new ArrayList<>();
            for (TrialSpec spec : specs) {
                futures.add(workers.submit(() -> runOne(protocol, spec)));
            }
            List<TrialResult> results = new ArrayList<>();
            for (Future<TrialResult> future : futures) {
                results.add(await(future));
            }
            return results;
        }

        TrialResult[] results = new TrialResult[specs.size()];
        List<TrialSpec> missing = new ArrayList<>();
        List<Integer> missingAt = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Optional<TrialResult> stored = stored(protocol, specs.get(i));
            if (stored.isPresent()) {
                results[i] = stored.get();
            } else {
                missing.add(specs.get(i));
                missingAt.add(i);
            }
        }
        if (missing.isEmpty()) {
            return List.of(results);
        }

        Request request = new Request(protocol, missing);
        synchronized (lock) {
            for (int i = 0; i < missing.size(); i++) {
                queue.add(new Item(request, i));
            }
            pendingRequests++;
            dispatch();
        }
        for (int i = 0; i < missing.size(); i++) {
            results[missingAt.get(i)] = await(request.futures.get(i));
        }
        return List.of(results);
    }

    /**
     * Declares searches that will ask for trials; requests then wait to be batched until no live search is still
     * computing. Called by the sweep as a search starts.
     *
     * @param searches number of searches starting
     */
    public void searchesStarting(int searches) {
        synchronized (lock) {
            liveSearches += searches;
        }
    }

    /** Declares that a search started with {@link #searchesStarting} has ended (normally or not). */
    public void searchFinished() {
        synchronized (lock) {
            liveSearches--;
            dispatch();
        }
    }

    private static TrialResult await(Future<TrialResult> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SweepFailedException("interrupted while waiting for a trial", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof SweepFailedException failed ? failed
                    : new SweepFailedException("a trial failed: " + cause, cause);
        }
    }

    /**
     * Under the lock: while a worker is free, trials wait and no live search is still computing, hands the next
     * batch to a worker.
     */
    private void dispatch() {
        while (busyWorkers < parallel && !queue.isEmpty() && pendingRequests >= liveSearches) {
            List<Item> batch = nextBatch(parallel - busyWorkers);
            queue.removeAll(batch);
            busyWorkers++;
            workers.submit(() -> runBatch(batch));
        }
    }

    /**
     * Under the lock: the group of queued trials with equal keys that holds the oldest trial (a trial with a null key
     * is a group of its own), cut to at most {@code maxBatch} trials, and, when fewer groups than free workers wait,
     * to the group's share of the free workers: {@code ceil(size / (free - (groups - 1)))}.
     */
    private List<Item> nextBatch(int freeWorkers) {
        BatchTrialRunner batches = (BatchTrialRunner) runner;
        Map<Object, List<Item>> groups = new LinkedHashMap<>();
        for (Item item : queue) {
            Object key = batches.batchKey(item.spec());
            groups.computeIfAbsent(key == null ? item : key, k -> new ArrayList<>()).add(item);
        }

        List<Item> oldest = groups.values().iterator().next();
        int shares = Math.max(1, freeWorkers - (groups.size() - 1));
        int size = Math.min(batches.maxBatch(), (oldest.size() + shares - 1) / shares);
        return new ArrayList<>(oldest.subList(0, size));
    }

    /**
     * On a worker: trains a batch; each trial is recorded and handed to its search as soon as the runner reports it,
     * so that the search can ask for its next trial while the rest of the batch trains. If the batch fails, the
     * trials not yet reported fail with it.
     */
    private void runBatch(List<Item> batch) {
        boolean[] done = new boolean[batch.size()];
        try {
            List<TrialSpec> specs = batch.stream().map(Item::spec).toList();
            ((BatchTrialRunner) runner).runBatch(specs, (index, result) -> {
                Item item = batch.get(index);
                record(item.request.protocol, item.spec(), result);
                done[index] = true;
                finish(item, result, null);
            });
        } catch (RuntimeException | Error e) {
            LOG.error("A batch of {} trials failed: {}", batch.size(), e.toString());
            for (int i = 0; i < batch.size(); i++) {
                if (!done[i]) {
                    finish(batch.get(i), null, e);
                }
            }
        } finally {
            synchronized (lock) {
                busyWorkers--;
                dispatch();
            }
        }
    }

    /**
     * Hands one trial's result (or failure) to its search; its request stops being pending when all its trials are
     * in, and the search then asks again, which may dispatch the next batch.
     */
    private void finish(Item item, TrialResult result, Throwable failure) {
        synchronized (lock) {
            if (--item.request.outstanding == 0) {
                pendingRequests--;
            }
        }
        CompletableFuture<TrialResult> future = item.request.futures.get(item.index);
        if (failure != null) {
            future.completeExceptionally(failure);
        } else {
            future.complete(result);
        }
    }

    private static void check(TrialSpec spec, TrialResult result) {
        if (!result.spec().equals(spec)) {
            throw new IllegalStateException("the trial runner returned a result for " + result.spec()
                    + " when asked for " + spec);
        }
    }

    private TrialResult runOne(String protocol, TrialSpec spec) {
        Optional<TrialResult> stored = stored(protocol, spec);
        if (stored.isPresent()) {
            return stored.get();
        }

        TrialResult result = runner.run(spec);
        record(protocol, spec, result);
        return result;
    }

    /** A trial already in the store (a resumed sweep), announced to the listener as resumed. */
    private Optional<TrialResult> stored(String protocol, TrialSpec spec) {
        Optional<TrialResult> stored = store.find(protocol, spec);
        stored.ifPresent(result -> listener.trialFinished(protocol, result, true));
        return stored;
    }

    /** Checks that a result answers its trial, records it in the store and announces it. */
    private void record(String protocol, TrialSpec spec, TrialResult result) {
        check(spec, result);
        store.record(protocol, result);
        LOG.debug("{} trial {}: {} after {} steps, final loss {}", protocol, spec, result.status(),
                result.stepsRun(), result.finalLoss());
        listener.trialFinished(protocol, result, false);
    }

    /** Stops the worker threads; trials still running are abandoned. */
    @Override
    public void close() {
        workers.shutdownNow();
    }
}
