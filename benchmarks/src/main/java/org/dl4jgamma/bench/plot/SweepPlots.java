package org.dl4jgamma.bench.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dl4jgamma.bench.analysis.SweepAnalysis;
import org.dl4jgamma.bench.sweep.SearchOutcome;
import org.dl4jgamma.bench.sweep.SweepPlan;
import org.dl4jgamma.bench.sweep.SweepResult;

/**
 * Writes every plot of a sweep into the output directory, for each protocol P and depth L:
 * {@code heatmap-P-L<L>.png}, {@code curves-P-L<L>.png} (first seed), and per protocol
 * {@code eta0star-P.png} and {@code eta0max-P.png}; with {@code svg}, an SVG beside each.
 */
public final class SweepPlots {

    private SweepPlots() {
    }

    /**
     * @param dir      output directory
     * @param plan     the sweep's plan
     * @param result   its outcomes
     * @param analysis its analysis
     * @param svg      whether to write SVG files too
     * @return the PNG files written
     * @throws IOException if a file cannot be written
     */
    public static List<Path> writeAll(Path dir, SweepPlan plan, SweepResult result, SweepAnalysis analysis,
                                      boolean svg) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, List<SearchOutcome>> entry : result.outcomes().entrySet()) {
            String protocol = entry.getKey();
            Map<Integer, List<SearchOutcome>> byDepth = new LinkedHashMap<>();
            for (SearchOutcome outcome : entry.getValue()) {
                byDepth.computeIfAbsent(outcome.depth(), d -> new ArrayList<>()).add(outcome);
            }

            for (Map.Entry<Integer, List<SearchOutcome>> depth : byDepth.entrySet()) {
                int depthValue = depth.getKey();
                String title = String.format("Final training loss, L=%d, width %d, %s protocol", depthValue,
                        plan.width(), protocol);
                Path heatmap = dir.resolve("heatmap-" + protocol + "-L" + depthValue + ".png");
                PlotFiles.write(new HeatmapPlot(title, plan.gammas(), depth.getValue(), plan.steps()), heatmap, svg);
                files.add(heatmap);

                long seed = plan.seeds().get(0);
                List<SearchOutcome> firstSeed = depth.getValue().stream().filter(o -> o.seed() == seed).toList();
                Path curves = dir.resolve("curves-" + protocol + "-L" + depthValue + ".png");
                PlotFiles.write(LossCurvePlot.chart(String.format("Online loss at eta0*, L=%d, seed %d, %s protocol",
                        depthValue, seed, protocol), firstSeed), curves, svg);
                files.add(curves);
            }

            Path star = dir.resolve("eta0star-" + protocol + ".png");
            PlotFiles.write(Eta0Plot.chart(analysis, protocol, false), star, svg);
            files.add(star);
            Path max = dir.resolve("eta0max-" + protocol + ".png");
            PlotFiles.write(Eta0Plot.chart(analysis, protocol, true), max, svg);
            files.add(max);
        }
        return files;
    }
}
