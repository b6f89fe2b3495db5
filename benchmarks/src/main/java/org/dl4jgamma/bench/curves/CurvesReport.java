package org.dl4jgamma.bench.curves;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a person reads after the curves study: the findings as Markdown tables, written to {@code summary.md} and
 * (the short form) to the console.
 */
public final class CurvesReport {

    /** File name of the Markdown summary. */
    public static final String SUMMARY_FILE = "summary.md";

    private CurvesReport() {
    }

    /**
     * The run's context for the summary's header.
     *
     * @param command  the command line
     * @param settings one line per setting (network, data, eta0 source)
     * @param notes    remarks (fallbacks, left-out gamma0)
     * @param seconds  wall time of the training
     * @param load     the one-minute load average before and after, as text
     */
    public record Context(String command, List<String> settings, List<String> notes, double seconds, String load) {
    }

    /**
     * Writes {@code summary.md}.
     *
     * @param dir      output directory
     * @param context  the run's context
     * @param analysis the findings
     * @param detector the plateau detector used
     * @param plots    the plot files written
     * @throws IOException if the file cannot be written
     */
    public static void write(Path dir, Context context, CurvesAnalysis analysis, PlateauDetector detector,
                             List<Path> plots) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# The ultra-rich regime: plateaus, time collapse, best gamma0\n\n");
        md.append("Command: `").append(context.command()).append("`\n\n");
        context.settings().forEach(line -> md.append("- ").append(line).append('\n'));
        md.append(String.format(Locale.ROOT, "- training wall time: %.0f s (%.1f min); load average %s%n",
                context.seconds(), context.seconds() / 60, context.load()));
        context.notes().forEach(line -> md.append("- note: ").append(line).append('\n'));

        md.append("\n## Plateaus and staircase steps\n\n");
        md.append(String.format(Locale.ROOT, "Plateau level = median loss of the first %d steps; the plateau ends when"
                + " the loss, averaged in %d log-time bins per decade, first falls %.0f%% below it (for %d bins). A"
                + " drop (staircase step) is a stretch where the smoothed log10 loss falls faster than %.2f of its"
                + " whole range per decade of time (until below %.2f), by more than that %.0f%%; drop steps: the"
                + " step of each drop's"
                + " fastest fall, geometric mean over the seeds that have it. `-` = still on its plateau at the"
                + " end.%n%n", detector.initialWindow(), detector.pointsPerDecade(), 100 * detector.dropFraction(),
                detector.persistence(), detector.onRate(), detector.offRate(), 100 * detector.dropFraction()));
        md.append(gammaTable(analysis));

        md.append("\n## Time collapse\n\n");
        md.append(collapseText(analysis));

        md.append("\n## Best gamma0 per budget\n\n");
        md.append(bestTable(analysis));
        md.append("\nOnline loss after B steps (mean of the last 10% of the B steps, mean over seeds):\n\n");
        md.append(budgetTable(analysis));

        md.append("\n## Plots\n\n");
        plots.forEach(p -> md.append("- `").append(p.getFileName()).append("`\n"));
        Files.writeString(dir.resolve(SUMMARY_FILE), md.toString(), StandardCharsets.UTF_8);
    }

    /**
     * @param analysis the findings
     * @return per (dataset, source, gamma0): eta0, diverged, plateau end, drops, feature movement, test loss and
     *         accuracy, as a Markdown table
     */
    public static String gammaTable(CurvesAnalysis analysis) {
        StringBuilder out = new StringBuilder();
        out.append("| dataset | eta0 from | gamma0 | eta0 | runs | diverged | plateau end (step) | ended | drops"
                + " | drop steps | feature movement | final test loss | final test accuracy |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (CurvesAnalysis.GammaSummary s : analysis.summaries()) {
            String dropSteps = String.join(", ", Arrays.stream(s.dropTimes())
                    .mapToObj(t -> String.format(Locale.ROOT, "%.0f", t)).toList());
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d | %d | %s | %d/%d | %.1f | %s | %s | %s"
                    + " | %s |%n",
                    s.dataset(), s.eta0Source(), number(s.gamma0()), number(s.eta0()), s.runs(), s.diverged(),
                    Double.isNaN(s.plateauEnd()) ? "-" : String.format(Locale.ROOT, "%.0f", s.plateauEnd()),
                    s.plateauEnded(), s.runs(), s.drops(), dropSteps.isEmpty() ? "-" : dropSteps,
                    number(s.featureChange()), number(s.testLoss()),
                    Double.isNaN(s.testAccuracy()) ? "-" : String.format(Locale.ROOT, "%.3f", s.testAccuracy())));
        }
        return out.toString();
    }

    /**
     * @param analysis the findings
     * @return one paragraph per dataset: the exponent, its uncertainty, the spreads and the quality
     */
    public static String collapseText(CurvesAnalysis analysis) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Rescaled time tau = t * eta0 / gamma0^a over the runs at the rule's"
                + " eta0 with gamma0 >= %s. S(a) = variance of log10 loss across the curves, averaged over %d points"
                + " of the common log10 tau range; quality = S(a*) / S(raw t) (0 = perfect, 1 = no better than raw"
                + " steps). Uncertainty: standard deviation of a* over bootstrap resamples of the seeds.%n%n",
                number(analysis.collapseMinGamma()), TimeCollapse.DEFAULT_GRID_POINTS));
        for (CurvesAnalysis.Collapse c : analysis.collapses()) {
            if (c.result() == null) {
                out.append("- ").append(c.dataset()).append(": no collapse fit (").append(c.failure()).append(")\n");
                continue;
            }
            TimeCollapse.Result r = c.result();
            out.append(String.format(Locale.ROOT, "- %s: a* = %.3f +- %s (%d curves, %d bootstrap replicates);"
                    + " S before = %.3g, S after = %.3g, quality = %.3f%n", c.dataset(), r.exponent(),
                    Double.isNaN(r.exponentStdErr()) ? "n/a" : String.format(Locale.ROOT, "%.3f", r.exponentStdErr()),
                    c.inputs().size(), r.replicates(), r.spreadBefore(), r.spreadAfter(), r.quality()));
        }
        return out.toString();
    }

    /**
     * @param analysis the findings
     * @return the best gamma0 per (dataset, source, budget), as a Markdown table
     */
    public static String bestTable(CurvesAnalysis analysis) {
        StringBuilder out = new StringBuilder();
        out.append("| dataset | eta0 from | budget B | best gamma0 (online loss) | its loss | best gamma0 (test"
                + " accuracy) | its accuracy |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        for (CurvesAnalysis.BestGamma b : analysis.bestGammas()) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s |%n", b.dataset(),
                    b.eta0Source(), b.budget(), number(b.bestLossGamma0()), number(b.bestLoss()),
                    number(b.bestAccuracyGamma0()),
                    Double.isNaN(b.bestAccuracy()) ? "-" : String.format(Locale.ROOT, "%.3f", b.bestAccuracy())));
        }
        return out.toString();
    }

    private static String budgetTable(CurvesAnalysis analysis) {
        List<Integer> budgets = analysis.budgetPoints().stream().map(CurvesAnalysis.BudgetPoint::budget).distinct()
                .sorted().toList();
        StringBuilder out = new StringBuilder("| dataset | eta0 from | gamma0 |");
        budgets.forEach(b -> out.append(" B=").append(b).append(" |"));
        out.append("\n|---|---|---|").append("---|".repeat(budgets.size())).append('\n');
        for (CurvesAnalysis.GammaSummary s : analysis.summaries()) {
            out.append("| ").append(s.dataset()).append(" | ").append(s.eta0Source()).append(" | ")
                    .append(number(s.gamma0())).append(" |");
            for (int budget : budgets) {
                double loss = analysis.budgetPoints().stream().filter(p -> p.dataset().equals(s.dataset())
                        && p.eta0Source().equals(s.eta0Source()) && p.budget() == budget
                        && Double.compare(p.gamma0(), s.gamma0()) == 0)
                        .mapToDouble(CurvesAnalysis.BudgetPoint::onlineLoss).findFirst().orElse(Double.NaN);
                out.append(' ').append(number(loss)).append(" |");
            }
            out.append('\n');
        }
        return out.toString();
    }

    static String number(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3g", value);
    }
}
