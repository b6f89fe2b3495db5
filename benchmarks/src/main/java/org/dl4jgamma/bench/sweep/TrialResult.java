package org.dl4jgamma.bench.sweep;

import java.util.Arrays;

/**
 * The outcome of one {@link TrialSpec}.
 *
 * @param spec         the trial that ran
 * @param status       {@code OK} or {@code DIVERGED}
 * @param stepsRun     SGD steps actually taken (fewer than {@code spec.steps()} when it diverged)
 * @param finalLoss    mean online training loss over the last 10% of the steps, see {@link #finalLossOf};
 *                     NaN when diverged
 * @param testLoss     loss on the held-out test set after training; NaN when diverged or not measured
 * @param testAccuracy fraction of test samples whose argmax output is the label; NaN when diverged or not
 *                     measured
 * @param seconds      wall time of the trial
 * @param lossCurve    online loss of every step taken, each measured on its batch before that step's update
 */
public record TrialResult(TrialSpec spec, TrialStatus status, int stepsRun, double finalLoss, double testLoss,
                          double testAccuracy, double seconds, double[] lossCurve) {

    /** Fraction of the steps, at the end of a run, over which the final loss is averaged. */
    public static final double FINAL_FRACTION = 0.1;

    /** Checks the fields that every result must satisfy. */
    public TrialResult {
        if (spec == null || status == null || lossCurve == null) {
            throw new IllegalArgumentException("spec, status and lossCurve are required, got " + spec + ", "
                    + status + ", " + (lossCurve == null ? null : "a curve"));
        }
        if (stepsRun < 0 || stepsRun > spec.steps()) {
            throw new IllegalArgumentException("stepsRun = " + stepsRun + "; must be in 0.." + spec.steps());
        }
    }

    /** @return whether the trial ran to the end without diverging */
    public boolean ok() {
        return status == TrialStatus.OK;
    }

    /**
     * The final loss of a completed run: the mean of the last {@code m = max(1, ceil(0.1 * n))} entries of an
     * n-step loss curve, {@code (1/m) * sum_{t = n-m}^{n-1} loss_t}.
     *
     * @param curve online losses, one per step
     * @return the mean over the last 10% of steps, NaN for an empty curve
     */
    public static double finalLossOf(double[] curve) {
        int n = curve.length;
        if (n == 0) {
            return Double.NaN;
        }
        int m = Math.max(1, (int) Math.ceil(FINAL_FRACTION * n - 1e-9));
        double sum = 0;
        for (int t = n - m; t < n; t++) {
            sum += curve[t];
        }
        return sum / m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrialResult r && spec.equals(r.spec) && status == r.status && stepsRun == r.stepsRun
                && Double.compare(finalLoss, r.finalLoss) == 0 && Double.compare(testLoss, r.testLoss) == 0
                && Double.compare(testAccuracy, r.testAccuracy) == 0 && Double.compare(seconds, r.seconds) == 0
                && Arrays.equals(lossCurve, r.lossCurve);
    }

    @Override
    public int hashCode() {
        return 31 * spec.hashCode() + Arrays.hashCode(lossCurve);
    }

    @Override
    public String toString() {
        return "TrialResult[" + spec + ", " + status + ", stepsRun=" + stepsRun + ", finalLoss=" + finalLoss
                + ", testLoss=" + testLoss + ", testAccuracy=" + testAccuracy + ", seconds=" + seconds + "]";
    }
}
