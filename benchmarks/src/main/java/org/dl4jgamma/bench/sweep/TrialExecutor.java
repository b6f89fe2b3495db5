package org.dl4jgamma.bench.sweep;

import java.util.ArrayList;
import java.util.Comparator;
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
 * <p>With a {@link BatchTrialRunner}, trials asked for at the same time are trained together. The sweep tells the
 * executor how many searches are live ({@link #searchesStarting}, {@link #searchFinished}); a request waits until
 * no live search is still computing its next request, that is until every live search either waits for trials or
 * has trials training. Then all waiting requests are grouped by {@link BatchTrialRunner#batchKey}, split into
 * batches of at most {@link BatchTrialRunner#maxBatch()} trials (and into at least {@code parallel} batches when
 * there are enough trials), and the batches go to the workers. Outside a sweep (no live search declared) a
 * request is dispatched at once.
 */
public final class TrialExecutor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrialExecutor.class);

    private final TrialRunner runner;
    private final TrialStore store;
    private final SweepListener listener;
    private final ExecutorService workers;
    private final int parallel;
    private final Object lock = new Object();
    private final List<Request> waiting = new ArrayList<>();
    private int liveSearches;
    private int requestsInFlight;

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
            Optional<TrialResult> stored = store.find(protocol, specs.get(i));
            if (stored.isPresent()) {
                listener.trialFinished(protocol, stored.get(), true);
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
            waiting.add(request);
            dispatchIfReady();
        }
        for (int i = 0; i < missing.size(); i++) {
            results[missingAt.get(i)] = await(request.futures.get(i));
        }
        return List.of(results);
    }

    /**
     * Declares searches that will ask for trials; requests then wait to be batched until no live search is still
     * computing. Called by the sweep before it starts them.
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
            dispatchIfReady();
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

    /** Under the lock: sends every waiting request to the workers once no live search is computing. */
    private void dispatchIfReady() {
        if (waiting.isEmpty() || waiting.size() + requestsInFlight < liveSearches) {
            return;
        }
        BatchTrialRunner batches = (BatchTrialRunner) runner;
        Map<Object, List<Item>> groups = new LinkedHashMap<>();
        List<List<Item>> chunks = new ArrayList<>();
        for (Request request : waiting) {
            for (int i = 0; i < request.specs.size(); i++) {
                Item item = new Item(request, i);
                Object key = batches.batchKey(item.spec());
                if (key == null) {
                    chunks.add(List.of(item));
                } else {
                    groups.computeIfAbsent(key, k -> new ArrayList<>()).add(item);
                }
            }
        }
        for (List<Item> group : groups.values()) {
            group.sort(Comparator.comparingDouble((Item it) -> it.spec().gamma0())
                    .thenComparingDouble(it -> it.spec().eta0()));
            for (int from = 0; from < group.size(); from += batches.maxBatch()) {
                chunks.add(new ArrayList<>(group.subList(from, Math.min(group.size(), from + batches.maxBatch()))));
            }
        }
        splitForWorkers(chunks);

        requestsInFlight += waiting.size();
        waiting.clear();
        for (List<Item> chunk : chunks) {
            workers.submit(() -> runChunk(chunk));
        }
    }

    /** Halves the largest batch until there are at least {@code parallel} batches or none can be split. */
    private void splitForWorkers(List<List<Item>> chunks) {
        while (chunks.size() < parallel) {
            List<Item> largest = chunks.stream().max(Comparator.comparingInt(List::size)).orElseThrow();
            if (largest.size() < 2) {
                return;
            }
            int half = largest.size() / 2;
            chunks.remove(largest);
            chunks.add(new ArrayList<>(largest.subList(0, half)));
            chunks.add(new ArrayList<>(largest.subList(half, largest.size())));
        }
    }

    private void runChunk(List<Item> chunk) {
        List<TrialResult> results;
        try {
            List<TrialSpec> specs = chunk.stream().map(Item::spec).toList();
            results = chunk.size() == 1 && ((BatchTrialRunner) runner).batchKey(specs.get(0)) == null
                    ? List.of(runner.run(specs.get(0))) : ((BatchTrialRunner) runner).runBatch(specs);
            for (int i = 0; i < chunk.size(); i++) {
                check(chunk.get(i).spec(), results.get(i));
                store.record(chunk.get(i).request.protocol, results.get(i));
                listener.trialFinished(chunk.get(i).request.protocol, results.get(i), false);
            }
        } catch (RuntimeException | Error e) {
            LOG.error("A batch of {} trials failed: {}", chunk.size(), e.toString());
            complete(chunk, null, e);
            return;
        }
        complete(chunk, results, null);
    }

    /** Hands results (or the failure) to the waiting searches; a request stops being in flight when all are in. */
    private void complete(List<Item> chunk, List<TrialResult> results, Throwable failure) {
        synchronized (lock) {
            for (Item item : chunk) {
                if (--item.request.outstanding == 0) {
                    requestsInFlight--;
                }
            }
        }
        for (int i = 0; i < chunk.size(); i++) {
            CompletableFuture<TrialResult> future = chunk.get(i).request.futures.get(chunk.get(i).index);
            if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                future.complete(results.get(i));
            }
        }
    }

    private static void check(TrialSpec spec, TrialResult result) {
        if (!result.spec().equals(spec)) {
            throw new IllegalStateException("the trial runner returned a result for " + result.spec()
                    + " when asked for " + spec);
        }
    }

    private TrialResult runOne(String protocol, TrialSpec spec) {
        Optional<TrialResult> stored = store.find(protocol, spec);
        if (stored.isPresent()) {
            listener.trialFinished(protocol, stored.get(), true);
            return stored.get();
        }

        TrialResult result = runner.run(spec);
        check(spec, result);
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
