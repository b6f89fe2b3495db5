package org.dl4jgamma.bench.analysis;

/**
 * What the searches found at one (protocol, depth, gamma0), over all seeds. Averages over seeds are taken of
 * log10 eta0 (geometric means), since eta0 lives on a log grid.
 *
 * @param protocol          protocol name
 * @param depth             depth L
 * @param gamma0            output scale
 * @param seeds             number of seeds whose search found an eta0*
 * @param eta0Star          geometric mean of eta0* over seeds, {@code 10^mean(log10 eta0*)}; NaN if none
 * @param log10Eta0StarSd   sample standard deviation of log10 eta0* over seeds (0 for one seed)
 * @param eta0Max           geometric mean of eta0_max over seeds; NaN if none
 * @param finalLoss         mean final training loss at eta0*
 * @param testLoss          mean test loss at eta0*
 * @param testAccuracy      mean test accuracy at eta0*
 */
public record PointSummary(String protocol, int depth, double gamma0, int seeds, double eta0Star,
                           double log10Eta0StarSd, double eta0Max, double finalLoss, double testLoss,
                           double testAccuracy) {
}
