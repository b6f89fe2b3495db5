package org.dl4jgamma.bench.analysis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.dl4jgamma.bench.sweep.Eta0RuleFactory;
import org.dl4jgamma.bench.sweep.SweepResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what a person reads after a sweep: the slope table (console and {@code summary.md}), the per-gamma0
 * table, and the fitted rules as JSON ({@code fitted-rule-PROTOCOL-L<depth>.json}) in the format of the
 * updater's {@code LearningRateRegime}.
 */
public final class SummaryReport {

    /** File name of the Markdown summary. */
    public static final String SUMMARY_FILE = "summary.md";

    private static final Logger LOG = LoggerFactory.getLogger(SummaryReport.class);

    private SummaryReport() {
    }

    /**
     * The slope table: one row per (protocol, depth), each fitted slope as {@code value +- standard error (n)}
     * beside the paper's 2 and 2/L.
     *
     * @param analysis the analysis
     * @return a Markdown table
     */
    public static String slopeTable(SweepAnalysis analysis) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "| protocol | L | eta0* slope, gamma0 <= %s | paper | eta0* slope,"
                + " gamma0 >= %s | paper 2/L | eta0_max slope, small | eta0_max slope, large |%n",
                number(analysis.smallMax()), number(analysis.largeMin())));
        out.append("|---|---|---|---|---|---|---|---|\n");
        for (SlopeFits fits : analysis.fits()) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %s | %.2f | %s | %.2f | %s | %s |%n", fits.protocol(),
                    fits.depth(), slope(fits.smallStar()), SlopeFits.PAPER_SMALL_SLOPE, slope(fits.largeStar()),
                    SlopeFits.paperLargeSlope(fits.depth()), slope(fits.smallMax()), slope(fits.largeMax())));
        }
        return out.toString();
    }

    /**
     * The per-point table: eta0* (geometric mean over seeds, with the spread of log10 eta0*), eta0_max, and the
     * losses and accuracy at eta0*.
     *
     * @param analysis the analysis
     * @return a Markdown table
     */
    public static String pointTable(SweepAnalysis analysis) {
        StringBuilder out = new StringBuilder();
        out.append("| protocol | L | gamma0 | seeds | eta0* | sd log10 eta0* | eta0_max | final loss | test loss"
                + " | test accuracy |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (PointSummary p : analysis.points()) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %s | %d | %s | %.2f | %s | %s | %s | %s |%n",
                    p.protocol(), p.depth(), number(p.gamma0()), p.seeds(), number(p.eta0Star()),
                    p.log10Eta0StarSd(), number(p.eta0Max()), number(p.finalLoss()), number(p.testLoss()),
                    Double.isNaN(p.testAccuracy()) ? "-" : String.format(Locale.ROOT, "%.3f", p.testAccuracy())));
        }
        return out.toString();
    }

    /**
     * Writes {@code summary.md}.
     *
     * @param dir        output directory
     * @param command    the command line that produced the sweep, shown at the top
     * @param analysis   the analysis
     * @param result     the outcomes (for the step counts)
     * @param comparison lines comparing the protocols, or empty
     * @throws IOException if the file cannot be written
     */
    public static void writeMarkdown(Path dir, String command, SweepAnalysis analysis, SweepResult result,
                                     List<String> comparison) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# gamma0-eta0 sweep\n\n");
        md.append("Command: `").append(command).append("`\n\n");
        md.append("## Fitted slopes of log10 eta0 against log10 gamma0\n\n");
        md.append("Least squares over every seed's point, `value +- standard error (points)`. The paper predicts"
                + " 2 for small gamma0 and 2/L for large gamma0.\n\n");
        md.append(slopeTable(analysis)).append('\n');
        md.append("## Training steps\n\n");
        for (String protocol : result.outcomes().keySet()) {
            md.append("- ").append(protocol).append(": ").append(result.stepsSpent(protocol)).append(" steps\n");
        }
        for (String line : comparison) {
            md.append("- ").append(line).append('\n');
        }
        md.append("\n## Per gamma0\n\n");
        md.append(pointTable(analysis));
        md.append("\nPlots: `heatmap-*.png`, `eta0star-*.png`, `eta0max-*.png`, `curves-*.png`.\n");
        Files.writeString(dir.resolve(SUMMARY_FILE), md.toString(), StandardCharsets.UTF_8);
    }

    /**
     * Exports the fitted rule of every (protocol, depth) with a fit on both sides, through the updater's rule
     * class: {@code eta0 = cSmall * gamma0^a} and {@code cLarge * gamma0^b} with the fitted prefactors and
     * exponents of eta0*.
     *
     * @param dir      output directory
     * @param analysis the analysis
     * @param rules    writes the JSON
     * @return the files written
     * @throws IOException if a file cannot be written
     */
    public static List<Path> writeRules(Path dir, SweepAnalysis analysis, Eta0RuleFactory rules) throws IOException {
        List<Path> written = new ArrayList<>();
        for (SlopeFits fits : analysis.fits()) {
            if (fits.smallStar() == null || fits.largeStar() == null) {
                LOG.warn("{} L={}: no fitted rule exported, fewer than two gamma0 with an eta0* on the {} (small"
                        + " side: gamma0 <= {}, large side: gamma0 >= {}); widen the sides with --small-max and"
                        + " --large-min, or add gamma0 points with --points-per-decade or a wider --gamma-min ..."
                        + " --gamma-max", fits.protocol(), fits.depth(),
                        fits.smallStar() == null ? (fits.largeStar() == null ? "small and large sides" : "small side")
                                : "large side", number(analysis.smallMax()), number(analysis.largeMin()));
                continue;
            }
            String json;
            try {
                json = rules.toJson(fits.smallStar().prefactor(), fits.smallStar().slope(),
                        fits.largeStar().prefactor(), fits.largeStar().slope());
            } catch (IllegalArgumentException e) {
                LOG.warn("{} L={}: the fitted laws do not form a rule ({}); none exported", fits.protocol(),
                        fits.depth(), e.getMessage());
                continue;
            }
            Path file = dir.resolve("fitted-rule-" + fits.protocol() + "-L" + fits.depth() + ".json");
            Files.writeString(file, json, StandardCharsets.UTF_8);
            written.add(file);
        }
        return written;
    }

    /**
     * @param fit a fit or null
     * @return {@code "slope +- se (n)"}, or {@code "-"} without a fit
     */
    static String slope(PowerLawFit fit) {
        if (fit == null) {
            return "-";
        }
        String se = Double.isNaN(fit.slopeStdErr()) ? "n/a" : String.format(Locale.ROOT, "%.2f", fit.slopeStdErr());
        return String.format(Locale.ROOT, "%.2f +- %s (%d)", fit.slope(), se, fit.n());
    }

    static String number(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3g", value);
    }
}
