package org.dl4jgamma.bench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.dl4jgamma.bench.analysis.SummaryReport;
import org.dl4jgamma.bench.analysis.SweepAnalysis;
import org.dl4jgamma.bench.data.FashionMnist;
import org.dl4jgamma.bench.data.OnlineDataset;
import org.dl4jgamma.bench.data.TeacherDataset;
import org.dl4jgamma.bench.engine.BatchedTrialRunner;
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
import org.dl4jgamma.bench.sweep.SweepFailedException;
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
            "Writes results.csv, curves.csv, sweep-settings.properties, summary.md, fitted-rule-*.json and PNG plots"
                + " to --out."})
public final class SweepCommand implements Callable<Integer> {

    /** Settings file written beside the results, checked on --resume. */
    static final String SETTINGS_FILE = "sweep-settings.properties";

    /** Keys of {@link #trialSettings()} present whatever the protocol. */
    static final List<String> COMMON_SETTINGS = List.of("width", "batch", "steps", "loss", "double", "dataset",
            "data-dir", "divergence-factor");

    /** Settings key of the engine: recorded, and only warned about (not refused) when a resume changes it. */
    static final String ENGINE_SETTING = "engine";

    /** Finest gamma0 grid accepted: eta0 moves by half decades, so finer grids only repeat eta0*. */
    static final int MAX_POINTS_PER_DECADE = 100;

    /** Seed of the synthetic teacher's weights and test sample. */
    static final long TEACHER_SEED = 20_240_601L;

    private static final Logger LOG = LoggerFactory.getLogger(SweepCommand.class);

    private double sweepSeconds = Double.NaN;

    /** Which protocols to run. */
    enum ProtocolChoice { reference, guided, both }

    /** How trials are trained. */
    enum EngineChoice { batched, dl4j }

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

    @Option(names = "--depths", split = ",", paramLabel = "L",
            description = "Network depths L (number of weight layers).")
    private List<Integer> depths = new ArrayList<>(List.of(2, 3, 4));

    @Option(names = "--width", paramLabel = "N", description = "Hidden width N.")
    private int width = 128;

    @Option(names = "--batch", paramLabel = "B", description = "Samples per SGD step (each step a fresh batch).")
    private int batch = 64;

    @Option(names = "--steps", paramLabel = "T", description = "SGD steps per trial.")
    private int steps = 300;

    @Option(names = "--loss", paramLabel = "mse|xent", defaultValue = "mse", converter = LossConverter.class,
            description = "Training loss: mse (mean squared error on one-hot labels) or xent (softmax cross-entropy).")
    private LossKind loss = LossKind.MSE;

    @Option(names = "--gamma-min", paramLabel = "G", description = "Smallest gamma0.")
    private double gammaMin = 1e-3;

    @Option(names = "--gamma-max", paramLabel = "G", description = "Largest gamma0.")
    private double gammaMax = 1e3;

    @Option(names = "--points-per-decade", paramLabel = "K", description = "gamma0 grid points per decade.")
    private int pointsPerDecade = 2;

    @Option(names = "--protocol", paramLabel = "reference|guided|both",
            description = "eta0 search: reference (start at --eta-start; if that run diverges, step down half a decade"
                    + " at a time until one does not; if it does not diverge, step up half a decade at a time until"
                    + " one does; then continue --decades-below below the largest non-diverging eta0), guided"
                    + " (bracket around the rule fitted so far, short screening runs, one full run), or both (and"
                    + " compare them).")
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

    @Option(names = "--engine", paramLabel = "E",
            description = "batched: train the trials that the searches ask for at the same time together, directly"
                    + " on ND4J buffers (the same networks as dl4j, with losses equal to 1e-9 in double precision over"
                    + " tested runs of 25-30 steps and to float rounding in float, differences that can grow at the"
                    + " edge of stability; several times faster, see the README's Performance section); dl4j: one"
                    + " DL4J ComputationGraph per trial.")
    private EngineChoice engine = EngineChoice.batched;

    @Option(names = "--max-batch", paramLabel = "M",
            description = "batched engine: most trials trained together.")
    private int maxBatch = BatchedTrialRunner.DEFAULT_MAX_BATCH;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory.")
    private Path out = Path.of("sweep-out");

    @Option(names = "--resume",
            description = "Continue the sweep in --out: finished trials are read from results.csv, not run again.")
    private boolean resume;

    @Option(names = "--quick",
            description = "A first look in under a minute: sets --depths to the first depth only, --gamma-min 1e-2,"
                    + " --gamma-max 1e2, --points-per-decade 1, --steps 100 and --decades-below 1.5; an option"
                    + " given explicitly keeps its value.")
    private boolean quick;

    @Option(names = "--svg", description = "Also write every plot as SVG.")
    private boolean svg;

    @Option(names = "--small-max", paramLabel = "G",
            description = "Slope fit: small-gamma0 side is gamma0 <= G; at most --large-min.")
    private double smallMax = SweepAnalysis.DEFAULT_SMALL_MAX;

    @Option(names = "--large-min", paramLabel = "G",
            description = "Slope fit: large-gamma0 side is gamma0 >= G; at least --small-max.")
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

    /** Converts {@code mse} and {@code xent}, in any case. */
    static final class LossConverter implements CommandLine.ITypeConverter<LossKind> {
        @Override
        public LossKind convert(String value) {
            for (LossKind kind : LossKind.values()) {
                if (kind.name().equalsIgnoreCase(value)) {
                    return kind;
                }
            }
            throw new CommandLine.TypeConversionException("'" + value + "'; use mse or xent");
        }
    }

    /**
     * Runs the sweep. Bad options and unusable files end it with one line on the error stream and status 2; a
     * sweep that fails while running (a trial threw) with one line naming the cause and status 1. Trials
     * finished before a failure stay in results.csv, so the sweep can be continued with {@code --resume}.
     *
     * @return the exit status: 0 done, 1 the sweep failed while running, 2 bad options or files
     */
    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return sweep(console);
        } catch (IllegalArgumentException | IOException e) {
            err.println("dl4j-gamma sweep: " + e.getMessage());
            err.flush();
            return 2;
        } catch (SweepFailedException | UncheckedIOException e) {
            LOG.debug("the sweep failed", e);
            err.println("dl4j-gamma sweep: " + describeFailure(e) + "; finished trials are kept in "
                    + out.resolve(CsvTrialStore.RESULTS_FILE) + ", continue with --resume");
            err.flush();
            return 1;
        }
    }

    /**
     * @param e a failure
     * @return its message followed by the chain of its causes, on one line
     */
    static String describeFailure(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            String line = cause.getClass().getSimpleName() + ": " + cause.getMessage();
            if (!text.toString().contains(String.valueOf(cause.getMessage()))) {
                text.append(" (caused by ").append(line).append(')');
            }
        }
        return text.toString().replace('\n', ' ');
    }

    private int sweep(PrintWriter console) throws IOException {
        SweepPlan plan = plan();
        if (System.getenv("OMP_NUM_THREADS") == null) {
            LOG.warn("OMP_NUM_THREADS is not set; each trial may use several threads and --parallel {} will"
                    + " oversubscribe the cores (the ./dl4j-gamma launcher sets it to 1)", parallel);
        }

        Properties settings = trialSettings();
        checkOutDirectory(settings);
        OnlineDataset data = dataset == DatasetChoice.TEACHER
                ? TeacherDataset.withDefaults(TEACHER_SEED) : FashionMnist.load(dataDir, allowRepeats);
        data.checkBudget(batch, steps);
        CsvTrialStore store = openStore(settings);

        Eta0RuleFactory rules = new RegimeRules();
        List<Eta0Protocol> protocols = new ArrayList<>();
        if (protocol != ProtocolChoice.guided) {
            protocols.add(new ReferenceProtocol(etaStart, decadesBelow));
        }
        if (protocol != ProtocolChoice.reference) {
            protocols.add(new GuidedProtocol(rules, guidedRadius, guidedScreen));
        }
        TrialRunner runner = runner(data, new DivergenceGuard(divergenceFactor));
        SweepResult result = run(new Sweep(plan, protocols), runner, store);
        store.close();

        report(console, plan, result, rules);
        return 0;
    }

    private TrialRunner runner(OnlineDataset data, DivergenceGuard guard) {
        if (effectiveEngine() == EngineChoice.batched) {
            LOG.info("Engine: batched, up to {} trials together", maxBatch);
            return new BatchedTrialRunner(data, guard, maxBatch);
        }
        if (engine == EngineChoice.batched) {
            LOG.warn("Engine: dl4j, because {}", BatchedTrialRunner.unavailableReason().orElse("?"));
        } else {
            LOG.info("Engine: dl4j, one ComputationGraph per trial");
        }
        return new Dl4jTrialRunner(data, guard);
    }

    /** @return the engine that trains: {@code --engine}, or dl4j where the batched engine cannot run */
    private EngineChoice effectiveEngine() {
        boolean batched = engine == EngineChoice.batched && BatchedTrialRunner.unavailableReason().isEmpty();
        return batched ? EngineChoice.batched : EngineChoice.dl4j;
    }

    /** @return seconds the last {@link #call()} spent running the trials (not loading data or plotting), or NaN */
    double sweepSeconds() {
        return sweepSeconds;
    }

    private SweepResult run(Sweep sweep, TrialRunner runner, CsvTrialStore store) {
        long start = System.nanoTime();
        ProgressListener progress = noProgress ? null : new ProgressListener(sweep.pointCount());
        SweepListener listener = progress == null ? SweepListener.NONE : progress;
        SweepResult result;
        Thread stopHint = new Thread(() -> System.err.println("dl4j-gamma sweep: stopped; the finished trials are in "
                + out.resolve(CsvTrialStore.RESULTS_FILE) + ", continue with the same options and --resume"));
        Runtime.getRuntime().addShutdownHook(stopHint);
        try (TrialExecutor executor = new TrialExecutor(runner, store, listener, parallel)) {
            result = sweep.run(executor, listener);
        } finally {
            if (progress != null) {
                progress.close();
            }
            removeHook(stopHint);
        }
        sweepSeconds = (System.nanoTime() - start) / 1e9;
        LOG.info("Sweep finished in {} s", String.format(Locale.ROOT, "%.1f", sweepSeconds));
        return result;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            LOG.debug("The JVM is shutting down; the stop hint runs");
        }
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
        console.println(writtenFiles(rulesWritten, plots));
        console.flush();
    }

    /** @return the line listing every file the sweep wrote into --out */
    private String writtenFiles(List<Path> rulesWritten, List<Path> plots) {
        List<String> names = new ArrayList<>(List.of(CsvTrialStore.RESULTS_FILE, CsvTrialStore.CURVES_FILE,
                SETTINGS_FILE, SummaryReport.SUMMARY_FILE));
        rulesWritten.forEach(rule -> names.add(rule.getFileName().toString()));
        names.add(plots.size() + " PNG plots (heatmap-*, curves-*, eta0star-*, eta0max-*" + (svg ? ", each also"
                + " as SVG)" : ")"));
        return "Wrote " + String.join(", ", names) + " to " + out;
    }

    private String commandLineText() {
        List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        if (!args.isEmpty() && args.get(0).equals(spec.name())) {
            args.remove(0);
        }
        return ("./dl4j-gamma sweep " + String.join(" ", args)).trim();
    }

    /**
     * Applies {@code --quick} and checks every option, before anything is loaded or written.
     *
     * @return the plan of the sweep the options describe
     * @throws IllegalArgumentException naming the first bad option, its value and the accepted range
     */
    SweepPlan plan() {
        applyQuick();
        validate();
        return new SweepPlan(depths, width, batch, steps, loss,
                new LogGrid(pointsPerDecade).valuesBetween(gammaMin, gammaMax), seeds, forceDouble,
                SweepPlan.DEFAULT_DOUBLE_BELOW_GAMMA);
    }

    /** --quick: sets the options the user did not give to a small sweep. */
    private void applyQuick() {
        if (!quick) {
            return;
        }
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        if (!given.hasMatchedOption("--depths")) {
            depths = new ArrayList<>(List.of(depths.get(0)));
        }
        if (!given.hasMatchedOption("--gamma-min")) {
            gammaMin = 1e-2;
        }
        if (!given.hasMatchedOption("--gamma-max")) {
            gammaMax = 1e2;
        }
        if (!given.hasMatchedOption("--points-per-decade")) {
            pointsPerDecade = 1;
        }
        if (!given.hasMatchedOption("--steps")) {
            steps = 100;
        }
        if (!given.hasMatchedOption("--decades-below")) {
            decadesBelow = 1.5;
        }
    }

    private void validate() {
        if (depths.isEmpty() || depths.stream().anyMatch(d -> d < 2)) {
            throw new IllegalArgumentException("--depths must all be >= 2 (the centered network needs a hidden"
                    + " layer), got " + depths + "; e.g. --depths 2,3,4");
        }
        atLeast("--max-batch", maxBatch, 1);
        atLeast("--width", width, 1);
        atLeast("--batch", batch, 1);
        atLeast("--steps", steps, 1);
        atLeast("--points-per-decade", pointsPerDecade, 1);
        if (pointsPerDecade > MAX_POINTS_PER_DECADE) {
            throw new IllegalArgumentException("--points-per-decade " + pointsPerDecade + " is more than "
                    + MAX_POINTS_PER_DECADE + "; eta0 moves on a half-decade grid, so a finer gamma0 grid only repeats"
                    + " the same eta0*. Use at most " + MAX_POINTS_PER_DECADE + ", e.g. --points-per-decade 4");
        }
        atLeast("--guided-radius", guidedRadius, 0);
        atLeast("--parallel", parallel, 1);
        if (!(gammaMin > 0) || Double.isInfinite(gammaMin)) {
            throw new IllegalArgumentException("--gamma-min must be finite and > 0, got " + gammaMin);
        }
        if (!(gammaMax >= gammaMin) || Double.isInfinite(gammaMax)) {
            throw new IllegalArgumentException("--gamma-max must be finite and >= --gamma-min " + gammaMin + ", got "
                    + gammaMax);
        }
        if (!(decadesBelow >= 0) || Double.isInfinite(decadesBelow)) {
            throw new IllegalArgumentException("--decades-below must be finite and >= 0, got " + decadesBelow);
        }
        if (!(etaStart > 0) || Double.isInfinite(etaStart)) {
            throw new IllegalArgumentException("--eta-start must be finite and > 0, got " + etaStart
                    + "; e.g. --eta-start 1000");
        }
        if (!(guidedScreen > 0 && guidedScreen <= 1)) {
            throw new IllegalArgumentException("--guided-screen must be in (0, 1] (a fraction of --steps), got "
                    + guidedScreen);
        }
        if (!(divergenceFactor > 1) || Double.isInfinite(divergenceFactor)) {
            throw new IllegalArgumentException("--divergence-factor must be finite and > 1, got " + divergenceFactor);
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("--seeds is empty; give at least one seed, e.g. --seeds 0");
        }
        requireDistinct("--depths", depths);
        requireDistinct("--seeds", seeds);
        validateFitSides();
    }

    /** A value given twice (or by a repeated option, whose values add up) would train every trial twice. */
    private static void requireDistinct(String option, List<?> values) {
        List<?> distinct = values.stream().distinct().toList();
        if (distinct.size() < values.size()) {
            throw new IllegalArgumentException(option + " " + values.stream().map(String::valueOf)
                    .collect(Collectors.joining(",")) + " names a value twice (a repeated "
                    + option + " adds to the list); give each once, e.g. " + option + " "
                    + distinct.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
    }

    private void validateFitSides() {
        if (!(smallMax > 0) || Double.isInfinite(smallMax)) {
            throw new IllegalArgumentException("--small-max must be finite and > 0, got " + smallMax);
        }
        if (!(largeMin > 0) || Double.isInfinite(largeMin)) {
            throw new IllegalArgumentException("--large-min must be finite and > 0, got " + largeMin);
        }
        if (smallMax > largeMin) {
            throw new IllegalArgumentException("--small-max " + smallMax + " is above --large-min " + largeMin
                    + ", so the small- and large-gamma0 fits would share the points between them; choose"
                    + " --small-max <= --large-min (defaults " + SweepAnalysis.DEFAULT_SMALL_MAX + " and "
                    + SweepAnalysis.DEFAULT_LARGE_MIN + ")");
        }
    }

    private static void atLeast(String option, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(option + " must be >= " + min + ", got " + value);
        }
    }

    /**
     * The settings that change the result of a trial, or which trials a search runs, keyed by option name. A
     * resumed sweep must match them; options that only extend the sweep (depths, gamma0 range and grid, seeds,
     * protocol) and options of the analysis may change. Settings of a protocol are included only when it runs. The
     * engine is recorded too, but a change of engine is only warned about: both train the same networks.
     *
     * @return the settings, values as text
     */
    Properties trialSettings() {
        Properties settings = new Properties();
        settings.setProperty("width", Integer.toString(width));
        settings.setProperty("batch", Integer.toString(batch));
        settings.setProperty("steps", Integer.toString(steps));
        settings.setProperty("loss", loss.name().toLowerCase(Locale.ROOT));
        settings.setProperty("double", Boolean.toString(forceDouble));
        settings.setProperty("dataset", dataset.toString());
        settings.setProperty("data-dir", dataLocation());
        settings.setProperty("divergence-factor", Double.toString(divergenceFactor));
        settings.setProperty(ENGINE_SETTING, effectiveEngine().name());
        if (protocol != ProtocolChoice.guided) {
            settings.setProperty("eta-start", Double.toString(etaStart));
            settings.setProperty("decades-below", Double.toString(decadesBelow));
        }
        if (protocol != ProtocolChoice.reference) {
            settings.setProperty("guided-radius", Integer.toString(guidedRadius));
            settings.setProperty("guided-screen", Double.toString(guidedScreen));
        }
        return settings;
    }

    /** @return the absolute, real directory the Fashion-MNIST files are read from, or "none" for the teacher */
    private String dataLocation() {
        if (dataset == DatasetChoice.TEACHER) {
            return "none";
        }
        return realDirectory(dataDir != null ? dataDir : FashionMnist.DEBIAN_DIR);
    }

    /** @return {@code dir} as an absolute path with links resolved, or just absolute if it does not exist */
    private static String realDirectory(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        try {
            return absolute.toRealPath().toString();
        } catch (IOException e) {
            return absolute.toString();
        }
    }

    /**
     * Refuses, before any data is loaded or file written, to start over an existing sweep without --resume, or
     * to resume one whose trial settings differ.
     */
    private void checkOutDirectory(Properties settings) throws IOException {
        Path results = out.resolve(CsvTrialStore.RESULTS_FILE);
        if (!resume) {
            if (Files.exists(results)) {
                throw new IllegalArgumentException(results + " exists; pass --resume to continue that sweep, or"
                        + " choose another --out directory");
            }
            return;
        }

        Path settingsFile = out.resolve(SETTINGS_FILE);
        if (!Files.exists(settingsFile)) {
            LOG.warn("--resume: {} has no {}; cannot check that its trials used the same settings", out,
                    SETTINGS_FILE);
            return;
        }
        Properties previous = readSettings(settingsFile);
        List<String> unchecked = COMMON_SETTINGS.stream().filter(key -> previous.getProperty(key) == null).toList();
        if (!unchecked.isEmpty()) {
            LOG.warn("--resume: {} does not record {}; make sure they are the same as before", settingsFile,
                    unchecked);
        }
        Map<String, String[]> differences = differences(previous, settings);
        String[] engines = differences.remove(ENGINE_SETTING);
        if (engines != null) {
            LOG.warn("--resume: the trials so far were trained by --engine {}, the rest will be by --engine {}; in"
                    + " float their losses differ at rounding level, which at the edge of stability can move an eta0*"
                    + " or eta0_max by one grid point", engines[0], engines[1]);
        }
        if (!differences.isEmpty()) {
            List<String> lines = new ArrayList<>();
            differences.forEach((key, values) -> lines.add("--" + key + " " + values[0] + " (now " + values[1] + ")"));
            throw new IllegalArgumentException("--resume: the sweep in " + out + " used " + String.join(", ", lines)
                    + "; its trials would not be comparable. Resume with the same values, or choose another --out"
                    + " directory");
        }
    }

    /**
     * Compares the settings of a previous sweep with the current ones. A key missing on either side (a protocol
     * that did not run, or a file written by an older version) is not compared.
     *
     * @param previous settings read from the output directory
     * @param current  settings of this run
     * @return the differing keys, each with {previous value, current value}, in the order of the keys
     */
    static Map<String, String[]> differences(Properties previous, Properties current) {
        Map<String, String[]> differences = new LinkedHashMap<>();
        for (String key : current.stringPropertyNames().stream().sorted().toList()) {
            String before = previous.getProperty(key);
            if (before != null && !before.equals(current.getProperty(key))) {
                differences.put(key, new String[] {before.isEmpty() ? "(default)" : before, current.getProperty(key)});
            }
        }
        return differences;
    }

    private static Properties readSettings(Path file) throws IOException {
        Properties settings = new Properties();
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            settings.load(reader);
        }
        if ("".equals(settings.getProperty("data-dir")) && "fashion-mnist".equals(settings.getProperty("dataset"))) {
            // Written by an older version, which stored an empty data-dir for the default location.
            settings.setProperty("data-dir", realDirectory(FashionMnist.DEBIAN_DIR));
        }
        return settings;
    }

    /** Opens the store, and records the settings: on --resume, those of the earlier runs and these together. */
    private CsvTrialStore openStore(Properties settings) throws IOException {
        Path settingsFile = out.resolve(SETTINGS_FILE);
        Properties merged = new Properties();
        if (resume && Files.exists(settingsFile)) {
            merged.putAll(readSettings(settingsFile));
        }
        merged.putAll(settings);

        Files.createDirectories(out);
        try (var writer = Files.newBufferedWriter(settingsFile, StandardCharsets.UTF_8)) {
            merged.store(writer, "settings of the trials in this directory; --resume refuses different values");
        }
        return resume ? CsvTrialStore.resume(out) : CsvTrialStore.create(out);
    }
}
