package org.dl4jgamma.bench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Collectors;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.dl4jgamma.bench.cli.SweepCommand.DatasetChoice;
import org.dl4jgamma.bench.curves.CurveRun;
import org.dl4jgamma.bench.curves.CurveRunSpec;
import org.dl4jgamma.bench.curves.CurveRunStore;
import org.dl4jgamma.bench.curves.CurveTrainer;
import org.dl4jgamma.bench.curves.CurvesAnalysis;
import org.dl4jgamma.bench.curves.CurvesReport;
import org.dl4jgamma.bench.curves.CurvesRunner;
import org.dl4jgamma.bench.curves.CurvesStudy;
import org.dl4jgamma.bench.curves.PlateauDetector;
import org.dl4jgamma.bench.curves.SweepEta0Table;
import org.dl4jgamma.bench.curves.TimeCollapse;
import org.dl4jgamma.bench.data.FashionMnist;
import org.dl4jgamma.bench.data.OnlineDataset;
import org.dl4jgamma.bench.data.TeacherDataset;
import org.dl4jgamma.bench.plot.CurvesPlots;
import org.dl4jgamma.bench.sweep.DivergenceGuard;
import org.dl4jgamma.bench.sweep.LogGrid;
import org.dl4jgamma.rule.LearningRateRegime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dl4j-gamma curves}: the ultra-rich regime study. Trains gamma0 from 1 to 1e4 at the regime rule's eta0
 * (and, given a sweep, at the sweep's eta0* per gamma0) for many more steps than the sweep, on Fashion-MNIST and
 * the synthetic teacher, and measures the plateaus and staircase steps ({@link PlateauDetector}), the time collapse
 * ({@link TimeCollapse}), the best gamma0 after several budgets, and the movement of the last hidden layer's
 * features. Writes {@code runs.csv}, {@code online-loss.csv}, {@code checkpoints.csv}, {@code summary.md} and the
 * plots ({@link CurvesPlots}) to {@code --out}.
 */
@Command(name = "curves", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        description = {"Long online-SGD runs at eta0 = rule(gamma0) for gamma0 >> 1: plateau ends and staircase"
                + " steps, the time collapse t -> t * eta0 / gamma0^a, the best gamma0 after several step budgets"
                + " (eta0 tuned per gamma0 with --sweep-results), and how far the last hidden layer's features move.",
            "Writes runs.csv, online-loss.csv, checkpoints.csv, summary.md and PNG plots to --out."})
public final class CurvesCommand implements Callable<Integer> {

    /** Written beside the CSV files after training: the summary's context, read back by {@code --replot}. */
    static final String STUDY_FILE = "study.properties";

    private static final Logger LOG = LoggerFactory.getLogger(CurvesCommand.class);

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--datasets", split = ",", paramLabel = "D[,D...]", converter = SweepCommand.DatasetConverter.class,
            description = "fashion-mnist and/or teacher.")
    private List<DatasetChoice> datasets = new ArrayList<>(List.of(DatasetChoice.FASHION_MNIST,
            DatasetChoice.TEACHER));

    @Option(names = "--depth", paramLabel = "L", description = "Network depth L (weight layers), at least 2.")
    private int depth = 3;

    @Option(names = "--width", paramLabel = "N", description = "Hidden width N.")
    private int width = 128;

    @Option(names = "--batch", paramLabel = "B", description = "Samples per SGD step (each step a fresh batch).")
    private int batch = 24;

    @Option(names = "--steps", paramLabel = "T", description = "SGD steps per run.")
    private int steps = 2000;

    @Option(names = "--gamma-min", paramLabel = "G", description = "Smallest gamma0.")
    private double gammaMin = 1;

    @Option(names = "--gamma-max", paramLabel = "G", description = "Largest gamma0.")
    private double gammaMax = 1e4;

    @Option(names = "--points-per-decade", paramLabel = "K", description = "gamma0 grid points per decade.")
    private int pointsPerDecade = 2;

    @Option(names = "--seeds", split = ",", paramLabel = "S[,S...]", description = "Initialisation seeds.")
    private List<Long> seeds = new ArrayList<>(List.of(0L, 1L));

    @Option(names = "--c", paramLabel = "C", description = "Constant c of the default rule eta0 = c * gamma0^(2/L)"
            + " for gamma0 > 1 (c * gamma0^2 below).")
    private double c = LearningRateRegime.DEFAULT_C;

    @Option(names = "--rule", paramLabel = "FILE",
            description = "A rule as JSON (e.g. a sweep's fitted-rule-reference-L3.json) instead of the default rule.")
    private Path ruleFile;

    @Option(names = "--sweep-results", paramLabel = "DIR",
            description = "The --out directory of a finished sweep: its eta0* per gamma0 (at --depth) are trained"
                    + " too, for the best-gamma table with eta0 tuned per gamma0. Without it that table uses the"
                    + " rule's eta0.")
    private Path sweepResults;

    @Option(names = "--budgets", split = ",", paramLabel = "B[,B...]",
            description = "Step budgets of the best-gamma table; default 100, 300, 1000, ... below --steps, and"
                    + " --steps.")
    private List<Integer> budgets;

    @Option(names = "--collapse-min-gamma", paramLabel = "G",
            description = "The time collapse uses gamma0 >= G.")
    private double collapseMinGamma = 10;

    @Option(names = "--drop-fraction", paramLabel = "F",
            description = "The plateau ends when the loss falls this fraction below its initial level.")
    private double dropFraction = PlateauDetector.DEFAULT_DROP_FRACTION;

    @Option(names = "--bootstrap", paramLabel = "R", description = "Bootstrap replicates of the collapse exponent.")
    private int bootstrap = 100;

    @Option(names = "--test-points-per-decade", paramLabel = "K",
            description = "Checkpoints (test loss, accuracy, feature movement) per decade of steps.")
    private int testPointsPerDecade = 4;

    @Option(names = "--test-size", paramLabel = "N", description = "Test samples scored at each checkpoint.")
    private int testSize = 10_000;

    @Option(names = "--probe-size", paramLabel = "N", description = "Test inputs in the feature-movement probe batch.")
    private int probeSize = 512;

    @Option(names = "--divergence-factor", paramLabel = "F",
            description = "A run diverges when its loss is NaN/infinite or exceeds F times its first loss.")
    private double divergenceFactor = DivergenceGuard.DEFAULT_FACTOR;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Directory with the four Fashion-MNIST IDX files; default:"
                    + " /usr/share/datasets/fashion-mnist.")
    private Path dataDir;

    @Option(names = "--allow-repeats",
            description = "Allow steps x batch above the 60000 Fashion-MNIST training images (samples are reused).")
    private boolean allowRepeats;

    @Option(names = "--parallel", paramLabel = "K", description = "Runs at once, each single-threaded.")
    private int parallel = Runtime.getRuntime().availableProcessors();

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory.")
    private Path out = Path.of("curves-out");

    @Option(names = "--quick", description = "A first look in about a minute: width 64, 400 steps, one point per"
            + " decade, the first seed only; options given explicitly are kept.")
    private boolean quick;

    @Option(names = "--replot", description = "Train nothing: read the runs of a finished study from --out and redo"
            + " the analysis, summary.md and plots (e.g. with another --drop-fraction or --collapse-min-gamma).")
    private boolean replot;

    @Option(names = "--svg", description = "Also write every plot as SVG.")
    private boolean svg;

    @Option(names = "--no-progress", description = "Do not draw the progress bar.")
    private boolean noProgress;

    @Override
    public Integer call() {
        try {
            return study(spec.commandLine().getOut());
        } catch (IllegalArgumentException | IOException e) {
            spec.commandLine().getErr().println("dl4j-gamma curves: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        }
    }

    private int study(PrintWriter console) throws IOException {
        applyQuick();
        validate();
        if (replot) {
            return replot(console);
        }
        List<Integer> budgetList = budgets != null ? budgets : CurvesStudy.defaultBudgets(steps);
        List<String> notes = new ArrayList<>();
        List<String> settings = new ArrayList<>();

        Map<String, CurveTrainer> trainers = trainers();
        List<Double> gammas = new LogGrid(pointsPerDecade).valuesBetween(gammaMin, gammaMax);
        CurvesStudy study = new CurvesStudy(new ArrayList<>(trainers.keySet()), depth, width, batch, steps, gammas,
                seeds, CurvesStudy.checkpoints(steps, testPointsPerDecade, budgetList));
        LearningRateRegime regime = regime();
        DoubleUnaryOperator rule = regime::eta0;
        settings.add(String.format(Locale.ROOT, "network: centered muP MLP, L = %d, N = %d, MSE, online SGD with"
                + " lr = N * eta0, batch %d, %d steps, float", depth, width, batch, steps));
        settings.add("datasets: " + String.join(", ", trainers.keySet()) + "; gamma0: " + numbers(gammas)
                + "; seeds: " + seeds);
        settings.add("rule: " + (ruleFile != null ? ruleFile : "LearningRateRegime.forDepth(" + depth + ", c = " + c
                + ")") + " = " + regime);
        settings.add("budgets: " + budgetList + "; checkpoints (test loss on " + testSize + " test samples, feature"
                + " movement on " + probeSize + " test inputs): " + study.checkpoints().length + " log-spaced steps");

        List<CurveRunSpec> specs = new ArrayList<>(study.ruleRuns(rule));
        if (sweepResults != null) {
            SweepEta0Table table = SweepEta0Table.read(sweepResults, depth);
            settings.add("eta0 tuned per gamma0: eta0* of the " + table.protocol() + " protocol in " + sweepResults
                    + " (" + table.dataset() + ", L = " + depth + "), gamma0 -> eta0*: " + String.join(", ",
                    table.eta0Star().entrySet().stream().map(e -> String.format(Locale.ROOT, "%.3g -> %.3g",
                            e.getKey(), e.getValue())).toList()));
            specs.addAll(study.sweepRuns(table, notes));
        } else {
            String fallback = "no --sweep-results: the best-gamma table uses the rule's eta0, not eta0 tuned per"
                    + " gamma0; pass the --out directory of a finished './dl4j-gamma sweep' to tune it";
            LOG.warn(fallback);
            notes.add(fallback);
        }
        notes.forEach(note -> LOG.info("Note: {}", note));
        if (System.getenv("OMP_NUM_THREADS") == null) {
            LOG.warn("OMP_NUM_THREADS is not set; each run may use several threads and --parallel {} will"
                    + " oversubscribe the cores (the ./dl4j-gamma launcher sets it to 1)", parallel);
        }

        String loadBefore = loadAverage();
        long start = System.nanoTime();
        List<CurveRun> runs = train(trainers, specs);
        double seconds = (System.nanoTime() - start) / 1e9;
        String load = loadBefore + " before, " + loadAverage() + " after (1-minute; " + Runtime.getRuntime()
                .availableProcessors() + " cores)";
        LOG.info("Curves study: {} runs trained in {} s", runs.size(), String.format(Locale.ROOT, "%.1f", seconds));

        CurvesReport.Context context = new CurvesReport.Context(commandLineText(), settings, notes, seconds, load);
        saveContext(context, budgetList);
        analyse(console, runs, context, budgetList);
        return 0;
    }

    private void analyse(PrintWriter console, List<CurveRun> runs, CurvesReport.Context context,
                         List<Integer> budgetList) throws IOException {
        PlateauDetector detector = PlateauDetector.withDropFraction(dropFraction);
        CurvesAnalysis analysis = CurvesAnalysis.of(runs, detector, TimeCollapse.defaults(), collapseMinGamma,
                budgetList, bootstrap, 0L);
        List<Path> plots = CurvesPlots.writeAll(out, analysis, detector, svg);
        CurvesReport.write(out, context, analysis, detector, plots);
        report(console, analysis, context.seconds(), plots.size());
    }

    private void saveContext(CurvesReport.Context context, List<Integer> budgetList) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("command", context.command());
        properties.setProperty("settings", String.join("\n", context.settings()));
        properties.setProperty("notes", String.join("\n", context.notes()));
        properties.setProperty("seconds", Double.toString(context.seconds()));
        properties.setProperty("load", context.load());
        properties.setProperty("budgets", budgetList.stream().map(String::valueOf).collect(Collectors.joining(",")));
        try (var writer = Files.newBufferedWriter(out.resolve(STUDY_FILE), StandardCharsets.UTF_8)) {
            properties.store(writer, "context of the curves study in this directory, read by --replot");
        }
    }

    private int replot(PrintWriter console) throws IOException {
        Path file = out.resolve(STUDY_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " not found; --replot needs the --out directory of a finished"
                    + " './dl4j-gamma curves'");
        }
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        List<CurveRun> runs = CurveRunStore.read(out);
        List<Integer> budgetList = budgets != null ? budgets : Arrays.stream(properties.getProperty("budgets")
                .split(",")).map(Integer::parseInt).toList();
        List<String> notes = new ArrayList<>(lines(properties.getProperty("notes", "")));
        notes.add("analysis redone by `" + commandLineText() + "`");
        CurvesReport.Context context = new CurvesReport.Context(properties.getProperty("command"),
                lines(properties.getProperty("settings", "")), notes,
                Double.parseDouble(properties.getProperty("seconds", "NaN")), properties.getProperty("load", "n/a"));
        LOG.info("Replot: {} runs read from {}", runs.size(), out);
        analyse(console, runs, context, budgetList);
        return 0;
    }

    private static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    private List<CurveRun> train(Map<String, CurveTrainer> trainers, List<CurveRunSpec> specs) throws IOException {
        try (CurveRunStore store = new CurveRunStore(out)) {
            ProgressBar bar = noProgress ? null : new ProgressBarBuilder().setTaskName("curves")
                    .setInitialMax(specs.size()).setUnit(" runs", 1).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(1000).build();
            Consumer<CurveRun> finished = run -> {
                store.record(run);
                if (bar != null) {
                    bar.step();
                }
            };
            try {
                return new CurvesRunner(trainers, parallel).runAll(specs, finished);
            } finally {
                if (bar != null) {
                    bar.close();
                }
            }
        }
    }

    private void report(PrintWriter console, CurvesAnalysis analysis, double seconds, int plots) {
        console.println();
        console.printf(Locale.ROOT, "%d runs in %.0f s (%.1f min)%n", analysis.runs().size(), seconds, seconds / 60);
        console.println(CurvesReport.gammaTable(analysis));
        console.println(CurvesReport.collapseText(analysis));
        console.println(CurvesReport.bestTable(analysis));
        console.println("Wrote " + CurveRunStore.RUNS_FILE + ", " + CurveRunStore.ONLINE_FILE + ", "
                + CurveRunStore.CHECKPOINTS_FILE + ", " + CurvesReport.SUMMARY_FILE + " and " + plots + " plots to "
                + out);
        console.flush();
    }

    private Map<String, CurveTrainer> trainers() throws IOException {
        DivergenceGuard guard = new DivergenceGuard(divergenceFactor);
        Map<String, CurveTrainer> trainers = new LinkedHashMap<>();
        for (DatasetChoice choice : datasets) {
            OnlineDataset data = choice == DatasetChoice.TEACHER
                    ? TeacherDataset.withDefaults(SweepCommand.TEACHER_SEED) : FashionMnist.load(dataDir, allowRepeats);
            data.checkBudget(batch, steps);
            trainers.put(data.name(), new CurveTrainer(data, guard, probeSize, testSize));
        }
        return trainers;
    }

    private LearningRateRegime regime() throws IOException {
        if (ruleFile == null) {
            return LearningRateRegime.forDepth(depth, c);
        }
        if (!Files.isRegularFile(ruleFile)) {
            throw new IOException("--rule " + ruleFile + ": no such file; give a rule JSON such as a sweep's"
                    + " fitted-rule-reference-L" + depth + ".json");
        }
        try {
            return LearningRateRegime.fromJson(Files.readString(ruleFile, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--rule " + ruleFile + ": not a LearningRateRegime JSON ("
                    + e.getMessage() + "); use a fitted-rule-*.json written by './dl4j-gamma sweep'", e);
        }
    }

    private void applyQuick() {
        if (!quick) {
            return;
        }
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        if (!given.hasMatchedOption("--width")) {
            width = 64;
        }
        if (!given.hasMatchedOption("--steps")) {
            steps = 400;
        }
        if (!given.hasMatchedOption("--points-per-decade")) {
            pointsPerDecade = 1;
        }
        if (!given.hasMatchedOption("--seeds")) {
            seeds = new ArrayList<>(List.of(seeds.get(0)));
        }
    }

    private void validate() {
        if (datasets.isEmpty()) {
            throw new IllegalArgumentException("--datasets is empty; give fashion-mnist, teacher or both");
        }
        if (depth < 2) {
            throw new IllegalArgumentException("--depth " + depth + "; the feature movement needs a hidden layer,"
                    + " use 2 or more");
        }
        if (width < 1 || batch < 1 || steps < 10) {
            throw new IllegalArgumentException("--width " + width + " --batch " + batch + " --steps " + steps
                    + "; need width and batch >= 1 and at least 10 steps");
        }
        if (!(gammaMin > 0) || !(gammaMax >= gammaMin) || pointsPerDecade < 1) {
            throw new IllegalArgumentException("--gamma-min " + gammaMin + " --gamma-max " + gammaMax
                    + " --points-per-decade " + pointsPerDecade + "; need 0 < gamma-min <= gamma-max and K >= 1");
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("--seeds is empty; give at least one seed, e.g. 0,1");
        }
        if (!(c > 0) || Double.isInfinite(c)) {
            throw new IllegalArgumentException("--c " + c + "; must be finite and positive, e.g. 10");
        }
        if (!(dropFraction > 0 && dropFraction < 1)) {
            throw new IllegalArgumentException("--drop-fraction " + dropFraction + "; must be in (0, 1), e.g. 0.1");
        }
        if (parallel < 1 || bootstrap < 0 || testSize < 1 || probeSize < 1) {
            throw new IllegalArgumentException("--parallel " + parallel + " --bootstrap " + bootstrap + " --test-size "
                    + testSize + " --probe-size " + probeSize + "; need parallel, test and probe sizes >= 1 and"
                    + " bootstrap >= 0");
        }
    }

    private String commandLineText() {
        List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        if (!args.isEmpty() && args.get(0).equals(spec.name())) {
            args.remove(0);
        }
        return ("./dl4j-gamma curves " + String.join(" ", args)).trim();
    }

    private static String numbers(List<Double> values) {
        return String.join(", ", values.stream().map(v -> String.format(Locale.ROOT, "%.3g", v)).toList());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
