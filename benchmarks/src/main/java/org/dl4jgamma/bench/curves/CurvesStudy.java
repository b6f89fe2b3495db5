package org.dl4jgamma.bench.curves;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;

/**
 * The plan of the curves study: which runs to train. For every dataset, gamma0 and seed, one run at the rule's
 * eta0 ({@link #RULE}); and, for the dataset a sweep ran on, one more run at the sweep's eta0* for every gamma0
 * inside the sweep's gamma0 range ({@link #SWEEP}). Every run of the plan has the same depth, width, batch, steps
 * and checkpoints.
 *
 * @param datasets    dataset names
 * @param depth       depth L
 * @param width       hidden width N
 * @param batchSize   samples per step
 * @param steps       steps T per run
 * @param gammas      gamma0 values, ascending
 * @param seeds       seeds
 * @param checkpoints checkpoint steps, see {@link #checkpoints}
 */
public record CurvesStudy(List<String> datasets, int depth, int width, int batchSize, int steps, List<Double> gammas,
                          List<Long> seeds, int[] checkpoints) {

    /** eta0 source of the runs at the regime rule's eta0. */
    public static final String RULE = "rule";

    /** eta0 source of the runs at a sweep's eta0*. */
    public static final String SWEEP = "sweep";

    /** Copies the lists. */
    public CurvesStudy {
        datasets = List.copyOf(datasets);
        gammas = List.copyOf(gammas);
        seeds = List.copyOf(seeds);
        checkpoints = checkpoints.clone();
    }

    /** @return the checkpoint steps (a copy) */
    @Override
    public int[] checkpoints() {
        return checkpoints.clone();
    }

    /**
     * The checkpoints: step 0, the steps {@code round(10^(k / pointsPerDecade))} up to T, every budget and T
     * itself, without repeats, ascending.
     *
     * @param steps           T
     * @param pointsPerDecade log-spaced checkpoints per decade, at least 1
     * @param budgets         budgets that must be checkpoints (each in 1..T)
     * @return the checkpoint steps
     */
    public static int[] checkpoints(int steps, int pointsPerDecade, List<Integer> budgets) {
        if (pointsPerDecade < 1) {
            throw new IllegalArgumentException("--test-points-per-decade " + pointsPerDecade + "; must be at least 1");
        }
        TreeSet<Integer> set = new TreeSet<>();
        set.add(0);
        set.add(steps);
        for (int k = 0; Math.pow(10, (double) k / pointsPerDecade) <= steps; k++) {
            set.add((int) Math.round(Math.pow(10, (double) k / pointsPerDecade)));
        }
        for (int budget : budgets) {
            if (budget < 1 || budget > steps) {
                throw new IllegalArgumentException("budget " + budget + "; budgets must be in 1.." + steps
                        + " (--steps)");
            }
            set.add(budget);
        }
        return set.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The default budgets: {@code 1, 3 x 10^k} from 100 up to T (exclusive), then T.
     *
     * @param steps T
     * @return the budgets, ascending
     */
    public static List<Integer> defaultBudgets(int steps) {
        TreeSet<Integer> budgets = new TreeSet<>();
        for (int decade = 100; decade < steps; decade *= 10) {
            budgets.add(decade);
            if (3 * decade < steps) {
                budgets.add(3 * decade);
            }
        }
        budgets.add(steps);
        return new ArrayList<>(budgets);
    }

    /**
     * The runs at the rule's eta0, dataset by dataset, gamma0 ascending, seed by seed.
     *
     * @param rule {@code gamma0 -> eta0}
     * @return the runs
     */
    public List<CurveRunSpec> ruleRuns(DoubleUnaryOperator rule) {
        List<CurveRunSpec> specs = new ArrayList<>();
        for (String dataset : datasets) {
            for (double gamma0 : gammas) {
                for (long seed : seeds) {
                    specs.add(spec(dataset, gamma0, rule.applyAsDouble(gamma0), RULE, seed));
                }
            }
        }
        return specs;
    }

    /**
     * The runs at a sweep's eta0*, on the sweep's dataset, for every gamma0 inside the sweep's range; gamma0
     * outside it are reported in {@code notes}.
     *
     * @param table the sweep's eta0* table
     * @param notes receives one line per gamma0 left out, and one if the sweep's dataset is not studied
     * @return the runs
     */
    public List<CurveRunSpec> sweepRuns(SweepEta0Table table, List<String> notes) {
        List<CurveRunSpec> specs = new ArrayList<>();
        if (!datasets.contains(table.dataset())) {
            notes.add("the sweep ran on " + table.dataset() + ", which is not among --datasets " + datasets
                    + "; no runs at eta0 tuned per gamma0");
            return specs;
        }
        for (double gamma0 : gammas) {
            double eta0 = table.eta0At(gamma0);
            if (Double.isNaN(eta0)) {
                notes.add(String.format(Locale.ROOT, "gamma0 = %.4g is outside the sweep's gamma0 range; no tuned run"
                        + " there", gamma0));
                continue;
            }
            for (long seed : seeds) {
                specs.add(spec(table.dataset(), gamma0, eta0, SWEEP, seed));
            }
        }
        return specs;
    }

    private CurveRunSpec spec(String dataset, double gamma0, double eta0, String source, long seed) {
        return new CurveRunSpec(dataset, depth, width, batchSize, steps, gamma0, eta0, source, seed, checkpoints);
    }
}
