package org.dl4jgamma.bench.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one or more {@link Eta0Protocol}s over a {@link SweepPlan}. Up to {@value #MAX_RUNNING_SEARCHES} searches
 * run at once, each on its own coordinating thread (they mostly wait; the others wait for a thread); the trials
 * themselves share the executor's {@code parallel} workers. Different (depth, gamma0, seed) searches therefore
 * train at the same time, while each search stays sequential. The executor is told when a search starts and ends,
 * so that it can train the trials the running searches ask for at the same time together.
 */
public final class Sweep {

    /** Most searches running at once, each holding a thread (the default sweep has 39). */
    public static final int MAX_RUNNING_SEARCHES = 64;

    private static final Logger LOG = LoggerFactory.getLogger(Sweep.class);

    private final SweepPlan plan;
    private final List<Eta0Protocol> protocols;

    /**
     * @param plan      the grid and training settings
     * @param protocols the protocols to run, each over the whole plan
     */
    public Sweep(SweepPlan plan, List<Eta0Protocol> protocols) {
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("no protocol given; pass reference, guided or both");
        }
        this.plan = plan;
        this.protocols = List.copyOf(protocols);
    }

    /** @return the plan */
    public SweepPlan plan() {
        return plan;
    }

    /** @return the total number of (protocol, depth, gamma0, seed) points, for progress reports */
    public int pointCount() {
        return protocols.size() * plan.pointCount();
    }

    /**
     * Runs every search and waits for all of them.
     *
     * @param executor runs the trials
     * @param listener hears about trials and finished points
     * @return the outcomes, by protocol name, sorted by depth, seed and gamma0
     * @throws SweepFailedException if a trial threw
     */
    public SweepResult run(TrialExecutor executor, SweepListener listener) {
        Map<String, List<Future<List<SearchOutcome>>>> futures = new LinkedHashMap<>();
        List<Eta0Protocol.Search> all = new ArrayList<>();
        for (Eta0Protocol protocol : protocols) {
            all.addAll(protocol.searches(plan));
        }
        LOG.info("Sweep of {} points with {} ({} search{})", pointCount(),
                protocols.stream().map(Eta0Protocol::name).toList(), all.size(), all.size() == 1 ? "" : "es");

        AtomicInteger count = new AtomicInteger();
        ExecutorService coordinators = Executors.newFixedThreadPool(Math.min(all.size(), MAX_RUNNING_SEARCHES),
                task -> {
                    Thread thread = new Thread(task, "search-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        try {
            for (Eta0Protocol protocol : protocols) {
                List<Future<List<SearchOutcome>>> list = new ArrayList<>();
                for (Eta0Protocol.Search search : protocol.searches(plan)) {
                    list.add(coordinators.submit(() -> {
                        executor.searchesStarting(1);
                        try {
                            return search.run(executor, listener);
                        } finally {
                            executor.searchFinished();
                        }
                    }));
                }
                futures.put(protocol.name(), list);
            }
            return collect(futures);
        } finally {
            coordinators.shutdownNow();
        }
    }

    private static SweepResult collect(Map<String, List<Future<List<SearchOutcome>>>> futures) {
        Map<String, List<SearchOutcome>> outcomes = new LinkedHashMap<>();
        for (Map.Entry<String, List<Future<List<SearchOutcome>>>> entry : futures.entrySet()) {
            List<SearchOutcome> list = new ArrayList<>();
            for (Future<List<SearchOutcome>> future : entry.getValue()) {
                try {
                    list.addAll(future.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SweepFailedException("interrupted while waiting for the searches", e);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    throw cause instanceof SweepFailedException failed ? failed
                            : new SweepFailedException("a search failed: " + cause, cause);
                }
            }
            list.sort(Comparator.comparingInt(SearchOutcome::depth).thenComparingLong(SearchOutcome::seed)
                    .thenComparingDouble(SearchOutcome::gamma0));
            outcomes.put(entry.getKey(), list);
        }
        return new SweepResult(outcomes);
    }
}
