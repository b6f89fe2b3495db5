package org.dl4jgamma.bench.sweep;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A trial runner with a known landscape on the half-decade grids {@code gamma0 = 10^(j/2)}, {@code eta0 = 10^(k/2)}:
 * a run diverges (after {@link #DIVERGED_STEPS} steps) when {@code k > kMax(j)}; otherwise its loss is constant,
 * {@code 1 + (k - kOpt(j))^2 + depth / 100}, so eta0* is at {@code kOpt} and eta0_max at {@code kMax}.
 */
final class FakeTrialRunner implements TrialRunner {

    static final int DIVERGED_STEPS = 3;

    private final IntUnaryOperator kMax;
    private final IntUnaryOperator kOpt;
    final AtomicInteger calls = new AtomicInteger();

    FakeTrialRunner(IntUnaryOperator kMax, IntUnaryOperator kOpt) {
        this.kMax = kMax;
        this.kOpt = kOpt;
    }

    static int gammaIndex(double gamma0) {
        return (int) Math.round(2 * Math.log10(gamma0));
    }

    static int etaIndex(double eta0) {
        return (int) Math.round(2 * Math.log10(eta0));
    }

    @Override
    public TrialResult run(TrialSpec spec) {
        calls.incrementAndGet();
        int j = gammaIndex(spec.gamma0());
        int k = etaIndex(spec.eta0());
        if (k > kMax.applyAsInt(j)) {
            double[] curve = {1.0, 5.0, Double.NaN};
            return new TrialResult(spec, TrialStatus.DIVERGED, DIVERGED_STEPS, Double.NaN, Double.NaN, Double.NaN,
                    0.0, curve);
        }
        double loss = 1.0 + Math.pow(k - kOpt.applyAsInt(j), 2) + spec.depth() / 100.0;
        double[] curve = new double[spec.steps()];
        Arrays.fill(curve, loss);
        return new TrialResult(spec, TrialStatus.OK, spec.steps(), loss, loss, 0.5, 0.0, curve);
    }
}
