package org.dl4jgamma.bench.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntUnaryOperator;

import org.junit.jupiter.api.Test;

/**
 * The {@link TrialExecutor} with a {@link BatchTrialRunner}: a sweep gives the same outcomes as with trials run one
 * by one, runs as many trials, batches respect their size limit and keys, results reported early (diverged trials)
 * or out of order reach the right search, and a failing batch fails the sweep instead of hanging it.
 */
class TrialExecutorBatchingTest {

    private static final IntUnaryOperator K_MAX = j -> j <= 0 ? 2 * j + 2 : j + 2;
    private static final IntUnaryOperator K_OPT = j -> K_MAX.applyAsInt(j) - 1;
    private static final Duration NO_HANG = Duration.ofSeconds(60);

    /**
     * Batches {@link FakeTrialRunner}'s trials by depth: reports the diverged trials of a batch first, then the rest
     * in reverse order, and records every batch; throws for any batch holding gamma0 = {@code failAtGamma0}.
     */
    private static final class FakeBatchRunner implements BatchTrialRunner {

        final FakeTrialRunner trials = new FakeTrialRunner(K_MAX, K_OPT);
        final List<List<TrialSpec>> batches = Collections.synchronizedList(new ArrayList<>());
        private final int maxBatch;
        private final double failAtGamma0;

        FakeBatchRunner(int maxBatch, double failAtGamma0) {
            this.maxBatch = maxBatch;
            this.failAtGamma0 = failAtGamma0;
        }

        @Override
        public Object batchKey(TrialSpec spec) {
            return List.of(spec.depth(), spec.steps(), spec.useDouble());
        }

        @Override
        public int maxBatch() {
            return maxBatch;
        }

        @Override
        public void runBatch(List<TrialSpec> specs, ResultSink sink) {
            batches.add(List.copyOf(specs));
            if (specs.stream().anyMatch(s -> s.gamma0() == failAtGamma0)) {
                throw new IllegalStateException("injected failure at gamma0 = " + failAtGamma0);
            }
            List<TrialResult> results = new ArrayList<>();
            for (TrialSpec spec : specs) {
                results.add(trials.run(spec));
            }
            for (int i = 0; i < specs.size(); i++) {
                if (!results.get(i).ok()) {
                    sink.accept(i, results.get(i));
                }
            }
            for (int i = specs.size() - 1; i >= 0; i--) {
                if (results.get(i).ok()) {
                    sink.accept(i, results.get(i));
                }
            }
        }
    }

    private static SweepPlan plan() {
        return new SweepPlan(List.of(2, 3), 16, 8, 300, LossKind.MSE, new LogGrid(2).valuesBetween(1e-3, 1e3),
                List.of(0L, 1L), false, SweepPlan.DEFAULT_DOUBLE_BELOW_GAMMA);
    }

    private static SweepResult sweep(TrialRunner runner, int parallel) {
        List<Eta0Protocol> protocols = List.of(new ReferenceProtocol(1e3, 2.5), new GuidedProtocol(
                new PowerLawRules(1.0), GuidedProtocol.DEFAULT_RADIUS, GuidedProtocol.DEFAULT_SCREEN_FRACTION));
        try (TrialExecutor executor = new TrialExecutor(runner, new InMemoryTrialStore(), SweepListener.NONE,
                parallel)) {
            return new Sweep(plan(), protocols).run(executor, SweepListener.NONE);
        }
    }

    @Test
    void aBatchedSweepFindsWhatTheUnbatchedOneFindsRunningEveryTrialOnceInValidBatches() {
        FakeTrialRunner unbatched = new FakeTrialRunner(K_MAX, K_OPT);
        SweepResult expected = sweep(unbatched, 2);
        FakeBatchRunner runner = new FakeBatchRunner(4, Double.NaN);

        SweepResult actual = assertTimeoutPreemptively(NO_HANG, () -> sweep(runner, 2));

        for (String protocol : List.of(ReferenceProtocol.NAME, GuidedProtocol.NAME)) {
            List<SearchOutcome> want = expected.outcomes().get(protocol);
            List<SearchOutcome> got = actual.outcomes().get(protocol);
            assertEquals(want.size(), got.size(), protocol);
            for (int i = 0; i < want.size(); i++) {
                String point = protocol + " L=" + want.get(i).depth() + " gamma0=" + want.get(i).gamma0();
                assertEquals(want.get(i).gamma0(), got.get(i).gamma0(), point);
                assertEquals(want.get(i).eta0Star(), got.get(i).eta0Star(), 0.0, point);
                assertEquals(want.get(i).eta0Max(), got.get(i).eta0Max(), 0.0, point);
                assertEquals(want.get(i).trials().size(), got.get(i).trials().size(), point);
            }
        }
        assertEquals(unbatched.calls.get(), runner.trials.calls.get(), "trials run");
        assertEquals(unbatched.calls.get(), runner.batches.stream().mapToInt(List::size).sum(), "trials batched");
        assertEquals(expected.stepsSpent(ReferenceProtocol.NAME), actual.stepsSpent(ReferenceProtocol.NAME));
        for (List<TrialSpec> batch : runner.batches) {
            assertTrue(batch.size() >= 1 && batch.size() <= 4, "batch of " + batch.size());
            assertEquals(1, batch.stream().map(runner::batchKey).distinct().count(), "mixed keys in " + batch);
        }
        assertTrue(runner.batches.stream().anyMatch(b -> b.size() > 1), "no two trials were ever batched");
    }

    @Test
    void oneWorkerAndBatchesOfOneStillFinish() {
        FakeBatchRunner runner = new FakeBatchRunner(1, Double.NaN);

        SweepResult result = assertTimeoutPreemptively(NO_HANG, () -> sweep(runner, 1));

        assertEquals(2 * 2 * 13, result.outcomes().get(ReferenceProtocol.NAME).size());
        assertTrue(runner.batches.stream().allMatch(b -> b.size() == 1));
    }

    @Test
    void aFailingBatchFailsTheSweepInsteadOfHangingIt() {
        FakeBatchRunner runner = new FakeBatchRunner(4, 10.0);

        SweepFailedException e = assertTimeoutPreemptively(NO_HANG,
                () -> assertThrows(SweepFailedException.class, () -> sweep(runner, 2)));

        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof IllegalStateException)) {
            cause = cause.getCause();
        }
        assertTrue(cause.getMessage().contains("injected failure at gamma0 = 10.0"), String.valueOf(e));
    }
}
