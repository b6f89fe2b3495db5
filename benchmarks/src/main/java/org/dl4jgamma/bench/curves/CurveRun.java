package org.dl4jgamma.bench.curves;

import java.util.Arrays;

/**
 * The record of one {@link CurveRunSpec}: the online loss of every step and, at each checkpoint reached, the test
 * loss, the test accuracy and the feature movement.
 *
 * <p>Feature movement at step t is {@code ||H_t - H_0||_F / ||H_0||_F}, where {@code H_t} holds the activations of
 * the last hidden layer (after the ReLU) of the trained network on a fixed probe batch of test inputs and
 * {@code ||.||_F} is the Frobenius norm. It is 0 at initialisation; the lazy (kernel) regime keeps it small, the
 * rich regime moves the features by O(1).
 *
 * @param spec           the run
 * @param diverged       whether the divergence guard stopped it
 * @param onlineLoss     the loss of every step taken, on that step's fresh batch before its update
 * @param checkpoints    the checkpoints reached (a prefix of {@code spec.checkpoints()})
 * @param testLoss       test loss at each checkpoint reached
 * @param testAccuracy   test accuracy at each checkpoint reached
 * @param featureChange  feature movement at each checkpoint reached
 * @param seconds        wall time
 */
public record CurveRun(CurveRunSpec spec, boolean diverged, double[] onlineLoss, int[] checkpoints, double[] testLoss,
                       double[] testAccuracy, double[] featureChange, double seconds) {

    /** Checks that the checkpoint arrays agree. */
    public CurveRun {
        if (testLoss.length != checkpoints.length || testAccuracy.length != checkpoints.length
                || featureChange.length != checkpoints.length) {
            throw new IllegalArgumentException(checkpoints.length + " checkpoints but " + testLoss.length + ", "
                    + testAccuracy.length + ", " + featureChange.length + " test values; one each per checkpoint");
        }
    }

    /**
     * The online loss after a budget of B steps: the mean of the losses of steps {@code B - m + 1 .. B} with
     * {@code m = max(1, ceil(0.1 * B))}, the sweep's "last 10%" convention.
     *
     * @param budget B, at least 1
     * @return the mean, NaN if the run stopped before step B
     */
    public double onlineLossAt(int budget) {
        if (budget < 1 || budget > onlineLoss.length || diverged && budget == onlineLoss.length) {
            return Double.NaN;
        }
        int m = Math.max(1, (int) Math.ceil(0.1 * budget - 1e-9));
        double sum = 0;
        for (int t = budget - m; t < budget; t++) {
            sum += onlineLoss[t];
        }
        return sum / m;
    }

    /**
     * @param step a checkpoint step
     * @return the index of that checkpoint among those reached, or -1
     */
    public int checkpointIndex(int step) {
        for (int i = 0; i < checkpoints.length; i++) {
            if (checkpoints[i] == step) {
                return i;
            }
        }
        return -1;
    }

    /** @return the feature movement at the last checkpoint reached, NaN if none */
    public double finalFeatureChange() {
        return featureChange.length == 0 ? Double.NaN : featureChange[featureChange.length - 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CurveRun r && spec.equals(r.spec) && diverged == r.diverged
                && Arrays.equals(onlineLoss, r.onlineLoss) && Arrays.equals(checkpoints, r.checkpoints)
                && Arrays.equals(testLoss, r.testLoss) && Arrays.equals(testAccuracy, r.testAccuracy)
                && Arrays.equals(featureChange, r.featureChange) && Double.compare(seconds, r.seconds) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * spec.hashCode() + Arrays.hashCode(onlineLoss);
    }

    @Override
    public String toString() {
        return "CurveRun[" + spec.label() + (diverged ? ", diverged" : "") + ", " + onlineLoss.length + " steps]";
    }
}
