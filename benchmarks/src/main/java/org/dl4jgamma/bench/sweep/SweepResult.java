package org.dl4jgamma.bench.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcomes of a sweep, by protocol name.
 *
 * @param outcomes for each protocol, one outcome per (depth, gamma0, seed), sorted by depth, seed and gamma0
 */
public record SweepResult(Map<String, List<SearchOutcome>> outcomes) {

    /** Copies the map. */
    public SweepResult {
        outcomes = new LinkedHashMap<>(outcomes);
    }

    /**
     * @param protocol a protocol name
     * @return the training steps the protocol spent, resumed trials included
     */
    public long stepsSpent(String protocol) {
        long sum = 0;
        for (SearchOutcome outcome : outcomes.getOrDefault(protocol, List.of())) {
            sum += outcome.stepsSpent();
        }
        return sum;
    }

    /**
     * Compares two protocols point by point: eta0* agrees when both found one and their half-decade grid indices
     * {@code round(2 * log10 eta0*)} differ by at most {@code tolerance}.
     *
     * @param first     a protocol name
     * @param second    another protocol name
     * @param tolerance grid points of difference still counted as agreement
     * @return {agreeing points, points compared}
     */
    public int[] agreement(String first, String second, int tolerance) {
        LogGrid grid = new LogGrid(2);
        int agree = 0;
        int compared = 0;
        for (SearchOutcome a : outcomes.getOrDefault(first, List.of())) {
            for (SearchOutcome b : outcomes.getOrDefault(second, List.of())) {
                if (a.depth() != b.depth() || a.seed() != b.seed() || !Objects.equals(a.gamma0(), b.gamma0())) {
                    continue;
                }
                compared++;
                if (a.best() != null && b.best() != null
                        && Math.abs(grid.nearestIndex(a.eta0Star()) - grid.nearestIndex(b.eta0Star())) <= tolerance) {
                    agree++;
                }
            }
        }
        return new int[] {agree, compared};
    }
}
