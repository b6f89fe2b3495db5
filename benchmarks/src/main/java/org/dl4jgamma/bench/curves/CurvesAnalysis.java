package org.dl4jgamma.bench.curves;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The findings of the curves study, computed from the finished runs; no training happens here.
 *
 * <ul>
 *   <li>Plateaus: {@link PlateauDetector} on every run's online loss; per (dataset, gamma0) the geometric mean of
 *       the plateau ends over the seeds whose plateau ended, and the mean number of drops.</li>
 *   <li>Time collapse: {@link TimeCollapse} on the runs at the rule's eta0 with {@code gamma0 >= collapseMinGamma}
 *       that did not diverge, each curve averaged into {@link #COLLAPSE_BINS_PER_DECADE} log-time bins, seeds as
 *       bootstrap groups.</li>
 *   <li>Best gamma: per (dataset, eta0 source, budget B, gamma0) the online loss after B steps
 *       ({@link CurveRun#onlineLossAt}) and the test accuracy at step B, each the mean over seeds that reached B;
 *       the best gamma0 per budget is the one of lowest online loss (and, separately, of highest accuracy).</li>
 *   <li>Feature movement: per (dataset, gamma0) the mean over seeds of the final
 *       {@code ||H_T - H_0||_F / ||H_0||_F}.</li>
 * </ul>
 */
public final class CurvesAnalysis {

    /** Log-time bins per decade of the curves given to the collapse fit. */
    public static final int COLLAPSE_BINS_PER_DECADE = 20;

    /**
     * Per (dataset, eta0 source, gamma0): the seeds' runs summarised.
     *
     * @param dataset        dataset name
     * @param eta0Source     {@code rule} or {@code sweep}
     * @param gamma0         gamma0
     * @param eta0           eta0 of the runs
     * @param runs           runs (seeds)
     * @param diverged       runs that diverged
     * @param plateauEnd     geometric mean of the plateau ends of the runs whose plateau ended, NaN if none did
     * @param plateauEnded   runs whose plateau ended
     * @param drops          mean number of drops found by the detector
     * @param dropTimes      for drop j (0-based), the geometric mean of its step over the seeds with at least
     *                       j + 1 drops
     * @param featureChange  mean final feature movement
     * @param testLoss       mean final test loss of the runs that did not diverge
     * @param testAccuracy   mean final test accuracy of the runs that did not diverge
     */
    public record GammaSummary(String dataset, String eta0Source, double gamma0, double eta0, int runs, int diverged,
                               double plateauEnd, int plateauEnded, double drops, double[] dropTimes,
                               double featureChange, double testLoss, double testAccuracy) {
    }

    /**
     * Online loss and test accuracy after a budget, mean over the seeds that reached it.
     *
     * @param dataset      dataset name
     * @param eta0Source   {@code rule} or {@code sweep}
     * @param budget       steps B
     * @param gamma0       gamma0
     * @param onlineLoss   mean online loss after B steps, NaN if no seed reached B
     * @param testAccuracy mean test accuracy at step B, NaN if no seed reached B
     */
    public record BudgetPoint(String dataset, String eta0Source, int budget, double gamma0, double onlineLoss,
                              double testAccuracy) {
    }

    /**
     * The best gamma0 after one budget.
     *
     * @param dataset           dataset name
     * @param eta0Source        {@code rule} or {@code sweep}
     * @param budget            steps B
     * @param bestLossGamma0    gamma0 of the lowest online loss
     * @param bestLoss          that loss
     * @param bestAccuracyGamma0 gamma0 of the highest test accuracy
     * @param bestAccuracy      that accuracy
     */
    public record BestGamma(String dataset, String eta0Source, int budget, double bestLossGamma0, double bestLoss,
                            double bestAccuracyGamma0, double bestAccuracy) {
    }

    /**
     * The collapse of one dataset's curves, or why there is none.
     *
     * @param dataset dataset name
     * @param inputs  the curves fitted
     * @param result  the fit, null when it could not be made
     * @param failure why not, null when it was made
     */
    public record Collapse(String dataset, List<TimeCollapse.Input> inputs, TimeCollapse.Result result,
                           String failure) {
    }

    private final List<CurveRun> runs;
    private final Map<CurveRun, PlateauDetector.Result> plateaus = new IdentityHashMap<>();
    private final List<GammaSummary> summaries = new ArrayList<>();
    private final List<BudgetPoint> budgetPoints = new ArrayList<>();
    private final List<BestGamma> bestGammas = new ArrayList<>();
    private final List<Collapse> collapses = new ArrayList<>();
    private final double collapseMinGamma;

    private CurvesAnalysis(List<CurveRun> runs, double collapseMinGamma) {
        this.runs = List.copyOf(runs);
        this.collapseMinGamma = collapseMinGamma;
    }

    /**
     * @param runs             the finished runs
     * @param detector         the plateau detector
     * @param collapse         the collapse fit
     * @param collapseMinGamma smallest gamma0 included in the collapse
     * @param budgets          the budgets B of the best-gamma table, ascending
     * @param bootstrap        bootstrap replicates of the collapse
     * @param bootstrapSeed    seed of the bootstrap
     * @return the analysis
     */
    public static CurvesAnalysis of(List<CurveRun> runs, PlateauDetector detector, TimeCollapse collapse,
                                    double collapseMinGamma, List<Integer> budgets, int bootstrap,
                                    long bootstrapSeed) {
        CurvesAnalysis analysis = new CurvesAnalysis(runs, collapseMinGamma);
        for (CurveRun run : runs) {
            if (run.onlineLoss().length >= detector.initialWindow()) {
                analysis.plateaus.put(run, detector.detect(run.onlineLoss()));
            }
        }

        Map<String, Map<String, Map<Double, List<CurveRun>>>> grouped = analysis.grouped();
        grouped.forEach((dataset, bySource) -> bySource.forEach((source, byGamma) -> {
            byGamma.forEach((gamma0, seeds) -> analysis.summaries.add(analysis.summarise(seeds)));
            analysis.budgets(dataset, source, byGamma, budgets);
        }));
        grouped.forEach((dataset, bySource) -> analysis.collapses.add(
                collapse(dataset, bySource.getOrDefault(CurvesStudy.RULE, Map.of()), collapse, collapseMinGamma,
                        bootstrap, bootstrapSeed)));
        return analysis;
    }

    /** @return runs grouped by dataset, eta0 source and gamma0, in the order first seen, gamma0 ascending */
    private Map<String, Map<String, Map<Double, List<CurveRun>>>> grouped() {
        Map<String, Map<String, Map<Double, List<CurveRun>>>> grouped = new LinkedHashMap<>();
        for (CurveRun run : runs) {
            CurveRunSpec spec = run.spec();
            grouped.computeIfAbsent(spec.dataset(), d -> new LinkedHashMap<>())
                    .computeIfAbsent(spec.eta0Source(), s -> new TreeMap<>())
                    .computeIfAbsent(spec.gamma0(), g -> new ArrayList<>()).add(run);
        }
        return grouped;
    }

    private GammaSummary summarise(List<CurveRun> seeds) {
        CurveRunSpec spec = seeds.get(0).spec();
        int diverged = 0;
        int ended = 0;
        double logEndSum = 0;
        double drops = 0;
        double features = 0;
        double testLoss = 0;
        double accuracy = 0;
        List<List<Double>> logDropTimes = new ArrayList<>();
        for (CurveRun run : seeds) {
            PlateauDetector.Result plateau = plateaus.get(run);
            for (int j = 0; plateau != null && j < plateau.steps().size(); j++) {
                if (logDropTimes.size() <= j) {
                    logDropTimes.add(new ArrayList<>());
                }
                logDropTimes.get(j).add(Math.log10(plateau.steps().get(j).time()));
            }
            if (plateau != null && plateau.plateauEnded()) {
                ended++;
                logEndSum += Math.log10(plateau.plateauEnd());
            }
            drops += plateau == null ? 0 : plateau.steps().size();
            features += run.finalFeatureChange();
            if (run.diverged()) {
                diverged++;
            } else {
                int last = run.testLoss().length - 1;
                testLoss += run.testLoss()[last];
                accuracy += run.testAccuracy()[last];
            }
        }
        int completed = seeds.size() - diverged;
        return new GammaSummary(spec.dataset(), spec.eta0Source(), spec.gamma0(), spec.eta0(), seeds.size(),
                diverged, ended == 0 ? Double.NaN : Math.pow(10, logEndSum / ended), ended, drops / seeds.size(),
                logDropTimes.stream().mapToDouble(times -> Math.pow(10, times.stream().mapToDouble(Double::doubleValue)
                        .average().orElseThrow())).toArray(),
                features / seeds.size(), completed == 0 ? Double.NaN : testLoss / completed,
                completed == 0 ? Double.NaN : accuracy / completed);
    }

    private void budgets(String dataset, String source, Map<Double, List<CurveRun>> byGamma, List<Integer> budgets) {
        for (int budget : budgets) {
            BestGamma best = null;
            for (Map.Entry<Double, List<CurveRun>> entry : byGamma.entrySet()) {
                double lossSum = 0;
                double accuracySum = 0;
                int lossCount = 0;
                int accuracyCount = 0;
                for (CurveRun run : entry.getValue()) {
                    double loss = run.onlineLossAt(budget);
                    if (!Double.isNaN(loss)) {
                        lossSum += loss;
                        lossCount++;
                    }
                    int index = run.checkpointIndex(budget);
                    if (index >= 0 && !(run.diverged() && index == run.checkpoints().length - 1)) {
                        accuracySum += run.testAccuracy()[index];
                        accuracyCount++;
                    }
                }
                BudgetPoint point = new BudgetPoint(dataset, source, budget, entry.getKey(),
                        lossCount == 0 ? Double.NaN : lossSum / lossCount,
                        accuracyCount == 0 ? Double.NaN : accuracySum / accuracyCount);
                budgetPoints.add(point);
                best = better(best, point);
            }
            if (best != null) {
                bestGammas.add(best);
            }
        }
    }

    private static BestGamma better(BestGamma best, BudgetPoint point) {
        if (best == null) {
            best = new BestGamma(point.dataset(), point.eta0Source(), point.budget(), Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN);
        }
        double lossGamma = best.bestLossGamma0();
        double loss = best.bestLoss();
        if (!Double.isNaN(point.onlineLoss()) && (Double.isNaN(loss) || point.onlineLoss() < loss)) {
            lossGamma = point.gamma0();
            loss = point.onlineLoss();
        }
        double accuracyGamma = best.bestAccuracyGamma0();
        double accuracy = best.bestAccuracy();
        if (!Double.isNaN(point.testAccuracy()) && (Double.isNaN(accuracy) || point.testAccuracy() > accuracy)) {
            accuracyGamma = point.gamma0();
            accuracy = point.testAccuracy();
        }
        return new BestGamma(best.dataset(), best.eta0Source(), best.budget(), lossGamma, loss, accuracyGamma,
                accuracy);
    }

    private static Collapse collapse(String dataset, Map<Double, List<CurveRun>> byGamma, TimeCollapse fit,
                                     double minGamma, int bootstrap, long bootstrapSeed) {
        List<TimeCollapse.Input> inputs = new ArrayList<>();
        byGamma.forEach((gamma0, seeds) -> {
            if (gamma0 >= minGamma * (1 - 1e-9)) {
                for (CurveRun run : seeds) {
                    LogTimeCurve curve = LogTimeCurve.binned(run.onlineLoss(), COLLAPSE_BINS_PER_DECADE);
                    if (!run.diverged() && curve.size() >= 2) {
                        inputs.add(new TimeCollapse.Input(gamma0, run.spec().eta0(), curve));
                    }
                }
            }
        });
        try {
            return new Collapse(dataset, inputs, fit.fit(inputs, bootstrap, bootstrapSeed), null);
        } catch (IllegalArgumentException e) {
            return new Collapse(dataset, inputs, null, e.getMessage());
        }
    }

    /**
     * The per-step online loss averaged over seeds (up to the shortest run), then binned in log time.
     *
     * @param seeds           runs of one (dataset, source, gamma0)
     * @param pointsPerDecade bins per decade
     * @return the binned mean curve
     */
    public static LogTimeCurve meanCurve(List<CurveRun> seeds, int pointsPerDecade) {
        int length = seeds.stream().mapToInt(r -> r.diverged() ? r.onlineLoss().length - 1 : r.onlineLoss().length)
                .min().orElse(0);
        double[] mean = new double[Math.max(length, 0)];
        for (CurveRun run : seeds) {
            for (int t = 0; t < mean.length; t++) {
                mean[t] += run.onlineLoss()[t] / seeds.size();
            }
        }
        return LogTimeCurve.binned(mean, pointsPerDecade);
    }

    /** @return every run */
    public List<CurveRun> runs() {
        return runs;
    }

    /**
     * @param run a run of this analysis
     * @return its plateau analysis, null if the run was too short
     */
    public PlateauDetector.Result plateau(CurveRun run) {
        return plateaus.get(run);
    }

    /** @return per (dataset, source, gamma0) summaries */
    public List<GammaSummary> summaries() {
        return List.copyOf(summaries);
    }

    /** @return the online loss and accuracy after each budget */
    public List<BudgetPoint> budgetPoints() {
        return List.copyOf(budgetPoints);
    }

    /** @return the best gamma0 per (dataset, source, budget) */
    public List<BestGamma> bestGammas() {
        return List.copyOf(bestGammas);
    }

    /** @return one collapse per dataset */
    public List<Collapse> collapses() {
        return List.copyOf(collapses);
    }

    /** @return the smallest gamma0 in the collapse */
    public double collapseMinGamma() {
        return collapseMinGamma;
    }

    /**
     * @param dataset a dataset
     * @param source  an eta0 source
     * @return that dataset's runs from that source, grouped by gamma0 ascending
     */
    public Map<Double, List<CurveRun>> runsByGamma(String dataset, String source) {
        return grouped().getOrDefault(dataset, Map.of()).getOrDefault(source, Map.of());
    }

    /** @return the dataset names, in the order first seen */
    public List<String> datasets() {
        return new ArrayList<>(grouped().keySet());
    }
}
