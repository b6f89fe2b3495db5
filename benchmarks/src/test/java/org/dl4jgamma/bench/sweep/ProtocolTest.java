package org.dl4jgamma.bench.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.IntUnaryOperator;

import org.junit.jupiter.api.Test;

/**
 * The two eta0 protocols on a {@link FakeTrialRunner} whose divergence threshold and optimum are known exactly.
 *
 * <p>Landscape: on the half-decade grids gamma0 = 10^(j/2), eta0 = 10^(k/2), the run diverges above
 * {@code kMax(j)} and its loss is smallest at {@code kOpt(j) = kMax(j) - 1}. Two regimes like the paper's,
 * for depth 2: {@code kMax = 2j + 2} for {@code j <= 0} (eta0_max = 10 gamma0^2) and {@code kMax = j + 2} above
 * (eta0_max = 10 gamma0).
 */
class ProtocolTest {

    private static final int STEPS = 300;
    private static final IntUnaryOperator K_MAX = j -> j <= 0 ? 2 * j + 2 : j + 2;
    private static final IntUnaryOperator K_OPT = j -> K_MAX.applyAsInt(j) - 1;

    private static SweepPlan plan(double gammaMin, double gammaMax) {
        return new SweepPlan(List.of(2), 16, 8, STEPS, LossKind.MSE, new LogGrid(2).valuesBetween(gammaMin, gammaMax),
                List.of(0L), false, SweepPlan.DEFAULT_DOUBLE_BELOW_GAMMA);
    }

    private static SweepResult run(SweepPlan plan, Eta0Protocol protocol, TrialRunner runner, int parallel) {
        try (TrialExecutor executor = new TrialExecutor(runner, new InMemoryTrialStore(), SweepListener.NONE,
                parallel)) {
            return new Sweep(plan, List.of(protocol)).run(executor, SweepListener.NONE);
        }
    }

    private static GuidedProtocol guided(double defaultC) {
        return new GuidedProtocol(new PowerLawRules(defaultC), GuidedProtocol.DEFAULT_RADIUS,
                GuidedProtocol.DEFAULT_SCREEN_FRACTION);
    }

    @Test
    void referenceFindsExactEta0StarAndEta0MaxAndSpendsTheExpectedSteps() {
        SweepPlan plan = plan(1e-3, 1e3);
        FakeTrialRunner runner = new FakeTrialRunner(K_MAX, K_OPT);

        SweepResult result = run(plan, new ReferenceProtocol(1e3, 2.5), runner, 2);

        List<SearchOutcome> outcomes = result.outcomes().get(ReferenceProtocol.NAME);
        assertEquals(13, outcomes.size());
        long expectedSteps = 0;
        for (SearchOutcome outcome : outcomes) {
            int j = FakeTrialRunner.gammaIndex(outcome.gamma0());
            int kMax = K_MAX.applyAsInt(j);
            assertEquals(Math.pow(10, K_OPT.applyAsInt(j) / 2.0), outcome.eta0Star(), 0.0, "eta0* at j=" + j);
            assertEquals(Math.pow(10, kMax / 2.0), outcome.eta0Max(), 0.0, "eta0_max at j=" + j);

            int diverged = Math.max(1, 6 - kMax);
            int ok = kMax - Math.min(6, kMax - 5) + 1;
            assertEquals(diverged, outcome.divergedCount(), "diverged runs at j=" + j);
            assertEquals(diverged + ok, outcome.trials().size(), "trials at j=" + j);
            expectedSteps += (long) diverged * FakeTrialRunner.DIVERGED_STEPS + (long) ok * STEPS;
        }
        assertEquals(expectedSteps, result.stepsSpent(ReferenceProtocol.NAME));
    }

    @Test
    void referenceStepsUpWhenTheStartDoesNotDiverge() {
        SweepPlan plan = plan(1e3, 1e3);
        FakeTrialRunner runner = new FakeTrialRunner(K_MAX, K_OPT);

        SearchOutcome outcome = run(plan, new ReferenceProtocol(1.0, 1.0), runner, 1)
                .outcomes().get(ReferenceProtocol.NAME).get(0);

        assertEquals(Math.pow(10, 4.0), outcome.eta0Max(), 0.0);
        assertEquals(Math.pow(10, 3.5), outcome.eta0Star(), 0.0);
        assertEquals(9 + 1, outcome.trials().size(), "k=0..8 OK, k=9 diverged; the 2 below k=8 were already run");
    }

    @Test
    void guidedFindsTheSameEta0StarWithFarFewerSteps() {
        SweepPlan plan = plan(1e-3, 1e3);
        SweepResult reference = run(plan, new ReferenceProtocol(1e3, 2.5), new FakeTrialRunner(K_MAX, K_OPT), 2);

        SweepResult guided = run(plan, guided(1.0),
                new FakeTrialRunner(K_MAX, K_OPT), 2);

        List<SearchOutcome> outcomes = guided.outcomes().get(GuidedProtocol.NAME);
        for (SearchOutcome outcome : outcomes) {
            int j = FakeTrialRunner.gammaIndex(outcome.gamma0());
            assertEquals(Math.pow(10, K_OPT.applyAsInt(j) / 2.0), outcome.eta0Star(), 0.0, "eta0* at j=" + j);
        }
        long referenceSteps = reference.stepsSpent(ReferenceProtocol.NAME);
        long guidedSteps = guided.stepsSpent(GuidedProtocol.NAME);
        assertTrue(5 * guidedSteps <= referenceSteps, "guided " + guidedSteps + " vs reference " + referenceSteps);
    }

    @Test
    void guidedWidensItsBracketWhenThePredictionIsFarOff() {
        SweepPlan plan = plan(1e-1, 1e-1);
        FakeTrialRunner runner = new FakeTrialRunner(K_MAX, K_OPT);

        SearchOutcome outcome = run(plan, guided(1e-4), runner, 1)
                .outcomes().get(GuidedProtocol.NAME).get(0);

        assertEquals(Math.pow(10, K_OPT.applyAsInt(-2) / 2.0), outcome.eta0Star(), 0.0);
    }

    @Test
    void bothProtocolsAgreeOnEveryPoint() {
        SweepPlan plan = plan(1e-2, 1e2);
        try (TrialExecutor executor = new TrialExecutor(new FakeTrialRunner(K_MAX, K_OPT), new InMemoryTrialStore(),
                SweepListener.NONE, 2)) {
            SweepResult result = new Sweep(plan, List.of(new ReferenceProtocol(1e3, 2.5),
                    guided(1.0))).run(executor, SweepListener.NONE);

            int[] agreement = result.agreement(ReferenceProtocol.NAME, GuidedProtocol.NAME, 0);
            assertEquals(9, agreement[1]);
            assertEquals(9, agreement[0]);
        }
    }

    @Test
    void resumedTrialsAreTakenFromTheStoreAndNotRunAgain() {
        SweepPlan plan = plan(1e-1, 1e1);
        InMemoryTrialStore store = new InMemoryTrialStore();
        FakeTrialRunner first = new FakeTrialRunner(K_MAX, K_OPT);
        try (TrialExecutor executor = new TrialExecutor(first, store, SweepListener.NONE, 2)) {
            new Sweep(plan, List.of(new ReferenceProtocol(1e3, 2.5))).run(executor, SweepListener.NONE);
        }

        FakeTrialRunner second = new FakeTrialRunner(K_MAX, K_OPT);
        try (TrialExecutor executor = new TrialExecutor(second, store, SweepListener.NONE, 2)) {
            new Sweep(plan, List.of(new ReferenceProtocol(1e3, 2.5))).run(executor, SweepListener.NONE);
        }

        assertTrue(first.calls.get() > 0);
        assertEquals(0, second.calls.get());
    }
}
