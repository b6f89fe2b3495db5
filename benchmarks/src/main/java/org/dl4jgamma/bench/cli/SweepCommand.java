package org.dl4jgamma.bench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;

import org.dl4jgamma.bench.analysis.SummaryReport;
import org.dl4jgamma.bench.analysis.SweepAnalysis;
import org.dl4jgamma.bench.data.FashionMnist;
import org.dl4jgamma.bench.data.OnlineDataset;
import org.dl4jgamma.bench.data.TeacherDataset;
import org.dl4jgamma.bench.plot.SweepPlots;
import org.dl4jgamma.bench.results.CsvTrialStore;
import org.dl4jgamma.bench.sweep.DivergenceGuard;
import org.dl4jgamma.bench.sweep.Dl4jTrialRunner;
import org.dl4jgamma.bench.sweep.Eta0Protocol;
import org.dl4jgamma.bench.sweep.Eta0RuleFactory;
import org.dl4jgamma.bench.sweep.GuidedProtocol;
import org.dl4jgamma.bench.sweep.LogGrid;
import org.dl4jgamma.bench.sweep.LossKind;
import org.dl4jgamma.bench.sweep.ReferenceProtocol;
import org.dl4jgamma.bench.sweep.RegimeRules;
import org.dl4jgamma.bench.sweep.Sweep;
import org.dl4jgamma.bench.sweep.SweepListener;
import org.dl4jgamma.bench.sweep.SweepPlan;
import org.dl4jgamma.bench.sweep.SweepResult;
import org.dl4jgamma.bench.sweep.TrialExecutor;
import org.dl4jgamma.bench.sweep.TrialRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dl4j-gamma sweep}: the gamma0-eta0 sweep. For every depth, gamma0 on a log grid and seed it searches
 * eta0 by the chosen protocol, appends every trial to {@code results.csv}, then fits the slopes of eta0* and
 * eta0_max against gamma0, writes {@code summary.md}, the fitted rules as JSON, and the plots.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        description = {"Sweep gamma0 (output scale) and eta0 (base learning rate) for centered muP MLPs trained by"
                + " online SGD (per-layer learning rate N * eta0), find eta0* (lowest final training loss, the mean"
                + " over the last 10%% of steps) and eta0_max (largest non-diverging eta0) for each gamma0, and fit"
                + " their slopes against gamma0 (paper: 2 for small gamma0, 2/L for large gamma0).",
            "Writes results.csv, curves.csv, summary.md, fitted-rule-*.json and PNG plots to --out."})
public final class SweepCommand implements Callable<Integer> {

    /** Settings file written beside the results, checked on --resume. */
    static final String SETTINGS_FILE = "sweep-settings.properties";

    /** Seed of the synthetic teacher's weights and test sample. */
    static final long TEACHER_SEED = 20_240_601L;

    private static final Logger LOG = LoggerFactory.getLogger(SweepCommand.class);

    /** Which protocols to run. */
    enum ProtocolChoice { reference, guided, both }

    /** Which data to train on. */
    enum DatasetChoice {
        /** Fashion-MNIST from the IDX files. */
        FASHION_MNIST("fashion-mnist"),
        /** The synthetic teacher, unlimited samples. */
        TEACHER("teacher");

        private final String label;

        DatasetChoice(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--depths", split = ",", paramLabel = "L[,L...]",
            description = "Network depths L (number of weight layers).")
    private List<Integer> depths = new ArrayList<>(List.of(2, 3, 4));

    @Option(names = "--width", paramLabel = "N", description = "Hidden width N.")
    private int width = 128;

    @Option(names = "--batch", paramLabel = "B", description = "Samples per SGD step (each step a fresh batch).")
    private int batch = 64;

    @Option(names = "--steps", paramLabel = "T", description = "SGD steps per trial.")
    private int steps = 300;

    @Option(names = "--loss", paramLabel = "mse|xent",
            description = "Training loss: mse (mean squared error on one-hot labels) or xent (softmax cross-entropy).")
    private LossKind loss = LossKind.MSE;

    @Option(names = "--gamma-min", paramLabel = "G", description = "Smallest gamma0.")
    private double gammaMin = 1e-3;

    @Option(names = "--gamma-max", paramLabel = "G", description = "Largest gamma0.")
    private double gammaMax = 1e3;

    @Option(names = "--points-per-decade", paramLabel = "K", description = "gamma0 grid points per decade.")
    private int pointsPerDecade = 2;

    @Option(names = "--protocol", paramLabel = "reference|guided|both",
            description = "eta0 search: reference (start at --eta-start, step down half a decade until a run does"
                    + " not diverge, continue --decades-below below it), guided (bracket around the rule fitted so"
                    + " far, short screening runs, one full run), or both (and compare them).")
    private ProtocolChoice protocol = ProtocolChoice.reference;

    @Option(names = "--decades-below", paramLabel = "D",
            description = "reference protocol: decades searched below the first non-diverging eta0.")
    private double decadesBelow = ReferenceProtocol.DEFAULT_DECADES_BELOW;

    @Option(names = "--eta-start", paramLabel = "E",
            description = "reference protocol: first eta0 tried (steps up if it does not diverge).")
    private double etaStart = ReferenceProtocol.DEFAULT_START_ETA0;

    @Option(names = "--guided-radius", paramLabel = "R",
            description = "guided protocol: half-width of the first bracket, in half-decade grid points.")
    private int guidedRadius = GuidedProtocol.DEFAULT_RADIUS;

    @Option(names = "--guided-screen", paramLabel = "F",
            description = "guided protocol: length of a screening run as a fraction of --steps.")
    private double guidedScreen = GuidedProtocol.DEFAULT_SCREEN_FRACTION;

    @Option(names = "--divergence-factor", paramLabel = "F",
            description = "A run diverges when its loss is NaN/infinite or exceeds F times its first loss.")
    private double divergenceFactor = DivergenceGuard.DEFAULT_FACTOR;

    @Option(names = "--seeds", split = ",", paramLabel = "S[,S...]",
            description = "Initialisation seeds; each gets its own searches; the summary gives mean and spread.")
    private List<Long> seeds = new ArrayList<>(List.of(0L));

    @Option(names = "--double",
            description = "Train every trial in double precision (otherwise double only where gamma0 < 1e-2).")
    private boolean forceDouble;

    @Option(names = "--dataset", paramLabel = "fashion-mnist|teacher", converter = DatasetConverter.class,
            description = "fashion-mnist (IDX files, see --data-dir) or teacher (a random two-layer ReLU teacher"
                    + " labelling Gaussian inputs, unlimited fresh samples, no files needed).")
    private DatasetChoice dataset = DatasetChoice.FASHION_MNIST;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Directory with the four Fashion-MNIST IDX files (.gz or plain); default: "
                    + "/usr/share/datasets/fashion-mnist from the Debian package dataset-fashion-mnist.")
    private Path dataDir;

    @Option(names = "--allow-repeats",
            description = "Allow steps x batch above the 60000 Fashion-MNIST training images (samples are reused).")
    private boolean allowRepeats;

    @Option(names = "--parallel", paramLabel = "K",
            description = "Trials run at once, each single-threaded; by default one per core.")
    private int parallel = Runtime.getRuntime().availableProcessors();

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory.")
    private Path out = Path.of("sweep-out");

    @Option(names = "--resume",
            description = "Continue the sweep in --out: finished trials are read from results.csv, not run again.")
    private boolean resume;

    @Option(names = "--quick",
            description = "A first look in about two minutes: only the first depth, gamma0 1e-2..1e2 with one point"
                    + " per decade, 100 steps, 1.5 decades below.")
    private boolean quick;

    @Option(names = "--svg", description = "Also write every plot as SVG.")
    private boolean svg;

    @Option(names = "--small-max", paramLabel = "G", description = "Slope fit: small-gamma0 side is gamma0 <= G.")
    private double smallMax = SweepAnalysis.DEFAULT_SMALL_MAX;

    @Option(names = "--large-min", paramLabel = "G", description = "Slope fit: large-gamma0 side is gamma0 >= G.")
    private double largeMin = SweepAnalysis.DEFAULT_LARGE_MIN;

    @Option(names = "--no-progress", description = "Do not draw the progress bar (e.g. when logging to a file).")
    private boolean noProgress;

    /** Converts {@code fashion-mnist} and {@code teacher}. */
    static final class DatasetConverter implements CommandLine.ITypeConverter<DatasetChoice> {
        @Override
        public DatasetChoice convert(String value) {
            for (DatasetChoice choice : DatasetChoice.values()) {
                if (choice.label.equalsIgnoreCase(value)) {
                    return choice;
                }
            }
            throw new CommandLine.TypeConversionException("'" + value + "'; use fashion-mnist or teacher");
        }
    }

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        try {
            return sweep(console);
        } catch (IllegalArgumentException | IOException e) {
            spec.commandLine().getErr().println("dl4j-gamma sweep: " + e.getMessage());
            return 2;
        }
    }

    private int sweep(PrintWriter console) throws IOException {
        applyQuick();
        validate();
        if (System.getenv("OMP_NUM_THREADS") == null) {
            LOG.warn("OMP_NUM_THREADS is not set; each trial may use several threads and --parallel {} will"
                    + " oversubscribe the cores (the ./dl4j-gamma launcher sets it to 1)", parallel);
        }

        SweepPlan plan = new SweepPlan(depths, width, batch, steps, loss,
                new LogGrid(pointsPerDecade).valuesBetween(gammaMin, gammaMax), seeds, forceDouble,
                SweepPlan.DEFAULT_DOUBLE_BELOW_GAMMA);
        OnlineDataset data = dataset == DatasetChoice.TEACHER
                ? TeacherDataset.withDefaults(TEACHER_SEED) : FashionMnist.load(dataDir, allowRepeats);
        data.checkBudget(batch, steps);
        CsvTrialStore store = openStore();

        Eta0RuleFactory rules = new RegimeRules();
        List<Eta0Protocol> protocols = new ArrayList<>();
        if (protocol != ProtocolChoice.guided) {
            protocols.add(new ReferenceProtocol(etaStart, decadesBelow));
        }
        if (protocol != ProtocolChoice.reference) {
            protocols.add(new GuidedProtocol(rules, guidedRadius, guidedScreen));
        }
        TrialRunner runner = new Dl4jTrialRunner(data, new DivergenceGuard(divergenceFactor));
        SweepResult result = run(new Sweep(plan, protocols), runner, store);
        store.close();

        report(console, plan, result, rules);
        return 0;
    }

    private SweepResult run(Sweep sweep, TrialRunner runner, CsvTrialStore store) {
        long start = System.nanoTime();
        ProgressListener progress = noProgress ? null : new ProgressListener(sweep.pointCount());
        SweepListener listener = progress == null ? SweepListener.NONE : progress;
        SweepResult result;
        try (TrialExecutor executor = new TrialExecutor(runner, store, listener, parallel)) {
            result = sweep.run(executor, listener);
        } finally {
            if (progress != null) {
                progress.close();
            }
        }
        LOG.info("Sweep finished in {} s", String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
        return result;
    }

    private void report(PrintWriter console, SweepPlan plan, SweepResult result, Eta0RuleFactory rules)
            throws IOException {
        SweepAnalysis analysis = SweepAnalysis.of(result, smallMax, largeMin);
        List<String> comparison = new ArrayList<>();
        if (protocol == ProtocolChoice.both) {
            int[] agree = result.agreement(ReferenceProtocol.NAME, GuidedProtocol.NAME, 1);
            double ratio = (double) result.stepsSpent(GuidedProtocol.NAME) / result.stepsSpent(ReferenceProtocol.NAME);
            comparison.add(String.format(Locale.ROOT, "guided / reference steps = %.3f; eta0* agrees within one grid"
                    + " point at %d of %d (depth, gamma0, seed) points", ratio, agree[0], agree[1]));
        }

        SummaryReport.writeMarkdown(out, commandLineText(), analysis, result, comparison);
        List<Path> rulesWritten = SummaryReport.writeRules(out, analysis, rules);
        List<Path> plots = SweepPlots.writeAll(out, plan, result, analysis, svg);

        console.println();
        console.println("Slopes of log10 eta0 against log10 gamma0 (value +- standard error (points)):");
        console.println(SummaryReport.slopeTable(analysis));
        for (String name : result.outcomes().keySet()) {
            console.printf(Locale.ROOT, "%s protocol: %d training steps%n", name, result.stepsSpent(name));
        }
        comparison.forEach(console::println);
        console.println("Wrote " + CsvTrialStore.RESULTS_FILE + ", " + SummaryReport.SUMMARY_FILE + ", "
                + rulesWritten.size() + " fitted rule(s) and " + plots.size() + " plots to " + out);
        console.flush();
    }

    private String commandLineText() {
        List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        if (!args.isEmpty() && args.get(0).equals(spec.name())) {
            args.remove(0);
        }
        return ("./dl4j-gamma sweep " + String.join(" ", args)).trim();
    }

    private void applyQuick() {
        if (!quick) {
            return;
        }
        depths = new ArrayList<>(List.of(depths.get(0)));
        gammaMin = 1e-2;
        gammaMax = 1e2;
        pointsPerDecade = 1;
        steps = 100;
        decadesBelow = 1.5;
    }

    private void validate() {
        if (depths.isEmpty() || depths.stream().anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("--depths " + depths + "; give depths of at least 1, e.g. 2,3,4");
        }
        if (parallel < 1) {
            throw new IllegalArgumentException("--parallel " + parallel + "; must be at least 1");
        }
        if (!(gammaMin > 0) || !(gammaMax >= gammaMin)) {
            throw new IllegalArgumentException("--gamma-min " + gammaMin + " --gamma-max " + gammaMax
                    + "; need 0 < gamma-min <= gamma-max");
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("--seeds is empty; give at least one seed, e.g. 0");
        }
    }

    private CsvTrialStore openStore() throws IOException {
        Path results = out.resolve(CsvTrialStore.RESULTS_FILE);
        Path settingsFile = out.resolve(SETTINGS_FILE);
        Properties settings = new Properties();
        settings.setProperty("dataset", dataset.toString());
        settings.setProperty("divergence-factor", Double.toString(divergenceFactor));
        settings.setProperty("data-dir", dataDir == null ? "" : dataDir.toAbsolutePath().toString());

        if (!resume) {
            if (Files.exists(results)) {
                throw new IllegalArgumentException(results + " exists; pass --resume to continue that sweep, or"
                        + " choose another --out directory");
            }
            Files.createDirectories(out);
            try (var writer = Files.newBufferedWriter(settingsFile, StandardCharsets.UTF_8)) {
                settings.store(writer, "settings of the sweep in this directory; --resume checks them");
            }
            return CsvTrialStore.create(out);
        }

        if (Files.exists(settingsFile)) {
            Properties previous = new Properties();
            try (var reader = Files.newBufferedReader(settingsFile, StandardCharsets.UTF_8)) {
                previous.load(reader);
            }
            for (String key : settings.stringPropertyNames()) {
                if (!settings.getProperty(key).equals(previous.getProperty(key, settings.getProperty(key)))) {
                    throw new IllegalArgumentException("--resume: the sweep in " + out + " used " + key + " = "
                            + previous.getProperty(key) + ", not " + settings.getProperty(key)
                            + "; resume with the same options or choose another --out directory");
                }
            }
        }
        return CsvTrialStore.resume(out);
    }
}
