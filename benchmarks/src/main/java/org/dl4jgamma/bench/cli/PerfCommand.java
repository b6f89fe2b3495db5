package org.dl4jgamma.bench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jgamma.bench.data.FashionMnist;
import org.dl4jgamma.bench.engine.BatchedTrialRunner;
import org.dl4jgamma.bench.engine.EngineStepBenchmark;
import org.dl4jgamma.bench.perf.ChildJvmTiming;
import org.dl4jgamma.bench.perf.Dl4jStepProbe;
import org.dl4jgamma.bench.perf.PerfFigure;
import org.dl4jgamma.bench.perf.StepTiming;
import org.dl4jgamma.bench.perf.TorchSide;
import org.dl4jgamma.conf.GammaOutputLayer;
import org.dl4jgamma.conf.ReadoutScaling;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dl4j-gamma perf}: the performance figures of the project, each a ratio measured in one run so that it does
 * not depend on how fast or busy the machine is. The model is the sweep's, an MLP 784-128-128-10 (L = 3), float,
 * batch 64, MSE; every side runs single-threaded.
 *
 * <ol>
 *   <li>gamma output layer step / stock {@code OutputLayer} step, same DL4J {@code MultiLayerNetwork} otherwise;</li>
 *   <li>centered step / uncentered step of {@code GammaNetworks.mlp()}'s {@code ComputationGraph};</li>
 *   <li>the sweep engine's per-trial step ({@code M} trials trained together) / the same step's matrix products
 *       replayed alone;</li>
 *   <li>the sweep engine's per-trial step / PyTorch's {@code nn.Module} step of the same model;</li>
 *   <li>the default sweep's trial time on all cores / PyTorch retraining the same trials on as many processes;</li>
 *   <li>the sweep's trial time on all cores / on one core;</li>
 *   <li>the DL4J path's step (figure 2's centered graph, in this JVM with the launcher's settings) / PyTorch's;</li>
 *   <li>the DL4J path's step with the launcher's JavaCPP setting {@code maxphysicalbytes=0} / without it, each in
 *       child JVMs.</li>
 * </ol>
 *
 * Figures 1-4, 7 and 8 come from interleaved blocks of steps (median and spread over the repetitions), figures 5 and
 * 6 from one run of each sweep. PyTorch figures need Debian's {@code python3-torch} and {@code libopenblas0-pthread};
 * without them they are reported as unavailable, with the command that installs them. Writes {@code perf.json}.
 */
@Command(name = "perf", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Performance ratios measured in one run: gamma layer / stock OutputLayer, centered / uncentered,"
                + " sweep engine / its matrix products, sweep engine / PyTorch, sweep / PyTorch sweep, parallel /"
                + " serial sweep, DL4J path / PyTorch, launcher JVM setting / without. Model 784-128-128-10, float,"
                + " batch 64, one thread per side.",
            "About 6 minutes with the defaults on two cores (--sweep quick: about 3). PyTorch comes from Debian: "
                + TorchSide.INSTALL_COMMAND + "."})
public final class PerfCommand implements Callable<Integer> {

    /** Which sweep figures 5 and 6 time. */
    enum SweepChoice {
        /** The default sweep, {@code ./dl4j-gamma sweep}. */
        DEFAULT,
        /** {@code ./dl4j-gamma sweep --quick}. */
        QUICK,
        /** Skip figures 5 and 6. */
        NONE;

        /** Reads {@code default}, {@code quick} or {@code none}, in any case, naming the choices otherwise. */
        static final class Converter implements CommandLine.ITypeConverter<SweepChoice> {

            @Override
            public SweepChoice convert(String value) {
                for (SweepChoice choice : values()) {
                    if (choice.toString().equalsIgnoreCase(value)) {
                        return choice;
                    }
                }
                throw new CommandLine.TypeConversionException("'" + value + "' is not one of default, quick, none");
            }
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The JavaCPP setting the launcher adds, compared by figure 8. */
    static final String LAUNCHER_SETTING = "-Dorg.bytedeco.javacpp.maxphysicalbytes=0";

    private static final Logger LOG = LoggerFactory.getLogger(PerfCommand.class);
    private static final int WIDTH = 128;
    private static final int BATCH = 64;
    private static final int DEPTH = 3;
    private static final double TORCH_GAMMA0 = 10;
    private static final double TORCH_ETA0 = 1e-3;
    private static final String STEP_MS = "ms per step";
    private static final int CHILD_BLOCKS = 9;
    private static final int WARM_UP_STEPS = 100;
    private static final int CHILD_STEPS = 100;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--repeats", paramLabel = "R", defaultValue = "101",
            description = "Timed blocks per side of figures 1-4 and 7, interleaved; many short blocks make the median"
                    + " of the per-pair ratios robust to a busy machine.")
    private int repeats;

    @Option(names = "--steps", paramLabel = "T", defaultValue = "20", description = "SGD steps per timed block.")
    private int steps;

    @Option(names = "--children", paramLabel = "C", defaultValue = "3",
            description = "Child JVMs per side of figure 8 (each times 9 blocks of 100 steps).")
    private int children;

    @Option(names = "--models", paramLabel = "M", defaultValue = "" + BatchedTrialRunner.DEFAULT_MAX_BATCH,
            description = "Trials the sweep engine trains together in figures 3 and 4 (the sweep's --max-batch).")
    private int models;

    @Option(names = "--sweep", paramLabel = "S", defaultValue = "default", converter = SweepChoice.Converter.class,
            description = "Sweep timed by figures 5 and 6: default, quick or none.")
    private SweepChoice sweep;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Fashion-MNIST for figures 5 and 6; default: /usr/share/datasets/fashion-mnist.")
    private Path dataDir;

    @Option(names = "--python", paramLabel = "PATH",
            description = "Python interpreter with PyTorch (figures 4, 5 and 7).")
    private Path python = TorchSide.DEFAULT_PYTHON;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "perf.json", description = "JSON file written.")
    private Path out;

    @Override
    public Integer call() throws Exception {
        validate();
        Optional<String> noTorch = TorchSide.unavailableReason(python);
        noTorch.ifPresent(reason -> LOG.warn("PyTorch figures unavailable: {}", reason));
        LOG.info("perf: {} blocks of {} steps per side, {} trials per engine batch, sweep {}", repeats, steps, models,
                sweep);
        long start = System.nanoTime();
        int warmUp = WARM_UP_STEPS;
        DataSet batch = Dl4jStepProbe.batch(BATCH);
        List<PerfFigure> figures = new ArrayList<>();

        MultiLayerNetwork stock = mlp(new OutputLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY)
                .nIn(WIDTH).nOut(10).build());
        MultiLayerNetwork gamma = mlp(new GammaOutputLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY)
                .gamma(10).readoutScaling(ReadoutScaling.MUP).nIn(WIDTH).nOut(10).build());
        figures.add(PerfFigure.of("1", "gamma output layer step / stock OutputLayer step",
                StepTiming.ratio(gamma::fit, stock::fit, batch, warmUp, steps, repeats), STEP_MS, target(1.02)));

        ComputationGraph centered = Dl4jStepProbe.network(true);
        ComputationGraph uncentered = Dl4jStepProbe.network(false);
        StepTiming.Block dl4jPath = StepTiming.block(centered::fit, batch);
        figures.add(PerfFigure.of("2", "centered step / uncentered step", StepTiming.ratio(dl4jPath,
                StepTiming.block(uncentered::fit, batch), warmUp, steps, repeats), STEP_MS, target(1.4)));

        EngineStepBenchmark engine = EngineStepBenchmark.create(models, 784, WIDTH, DEPTH, 10, BATCH,
                DataType.FLOAT, 1);
        StepTiming.Block engineTrial = n -> engine.msPerStep(n) / models;
        StepTiming.Block engineProducts = n -> engine.msPerProducts(n) / models;
        figures.add(PerfFigure.of("3", "sweep engine per-trial step (" + models + " together) / its matrix products",
                StepTiming.ratio(engineTrial, engineProducts, warmUp, steps, repeats), STEP_MS, target(1.3)));

        torchStepFigures(figures, noTorch, engineTrial, dl4jPath, warmUp);
        figures.add(launcherSettingFigure());
        sweepFigures(figures, noTorch);

        print(figures);
        write(figures);
        LOG.info("perf finished in {} s", String.format(Locale.ROOT, "%.0f", (System.nanoTime() - start) / 1e9));
        return 0;
    }

    private void validate() {
        String bad = repeats < 1 ? "--repeats must be >= 1, got " + repeats
                : steps < 1 ? "--steps must be >= 1, got " + steps
                : children < 1 ? "--children must be >= 1, got " + children
                : models < 1 ? "--models must be >= 1, got " + models : null;
        if (bad != null) {
            throw new IllegalArgumentException(bad);
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IllegalArgumentException("--out " + out + ": the folder " + parent + " does not exist; create it"
                    + " or pass another --out");
        }
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a folder; pass a file name, e.g. --out "
                    + out.resolve("perf.json"));
        }
        requireWritable(out);
        if (sweep != SweepChoice.NONE) {
            try {
                FashionMnist.requireFiles(dataDir);
            } catch (IOException e) {
                throw new IllegalArgumentException("--sweep " + sweep + " needs Fashion-MNIST: " + e.getMessage()
                        + "; or pass --sweep none to skip figures 5 and 6");
            }
        }
    }

    /** Refuses an {@code --out} that cannot be written, before minutes of measuring (a new file is left out). */
    private static void requireWritable(Path file) {
        boolean existed = Files.exists(file);
        try {
            if (existed) {
                if (!Files.isWritable(file)) {
                    throw new IOException("not writable");
                }
            } else {
                Files.delete(Files.createFile(file));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("--out " + file + " cannot be written (" + e + "); pass another --out");
        }
    }

    /** Figures 4 and 7: the engine's per-trial step and the DL4J path's step against PyTorch's. */
    private void torchStepFigures(List<PerfFigure> figures, Optional<String> noTorch, StepTiming.Block engineTrial,
                                  StepTiming.Block dl4jPath, int warmUp) {
        String name4 = "sweep engine per-trial step / PyTorch nn.Module step";
        String name7 = "DL4J path step (launcher settings) / PyTorch nn.Module step";
        if (noTorch.isPresent()) {
            figures.add(PerfFigure.unavailable("4", name4, target(0.8), noTorch.get()));
            figures.add(PerfFigure.unavailable("7", name7, OptionalDouble.empty(), noTorch.get()));
            return;
        }

        TorchSide.StepModel model = new TorchSide.StepModel(DEPTH, WIDTH, BATCH, "mse", false, 1, 1, TORCH_GAMMA0,
                TORCH_ETA0);
        try (TorchSide.StepServer torch = TorchSide.startSteps(python, model)) {
            StepTiming.Block torchStep = n -> torch.secondsFor(n) * 1e3 / n;
            figures.add(PerfFigure.of("4", name4, StepTiming.ratio(engineTrial, torchStep, warmUp, steps, repeats),
                    STEP_MS, target(0.8)));
            figures.add(PerfFigure.of("7", name7, StepTiming.ratio(dl4jPath, torchStep, warmUp, steps, repeats),
                    STEP_MS, OptionalDouble.empty()).withNote(torch.banner()));
        } catch (IllegalStateException e) {
            String reason = torchFailure(e);
            figures.removeIf(f -> f.id().equals("4") || f.id().equals("7"));
            figures.add(PerfFigure.unavailable("4", name4, target(0.8), reason));
            figures.add(PerfFigure.unavailable("7", name7, OptionalDouble.empty(), reason));
        }
    }

    /** The first line of a failure of the PyTorch side, logged in full, and how to get a working one. */
    private String torchFailure(IllegalStateException e) {
        LOG.warn("The PyTorch side failed: {}", e.getMessage());
        return "the PyTorch side failed (" + e.getMessage().lines().findFirst().orElse("") + "); check " + python
                + " or install " + TorchSide.INSTALL_COMMAND.replace("sudo apt-get install ", "");
    }

    /** Figure 8: the DL4J path in child JVMs with and without the launcher's JavaCPP setting. */
    private PerfFigure launcherSettingFigure() {
        LOG.info("perf: figure 8, {} child JVMs per side", children);
        List<String> without = ChildJvmTiming.ownOptions().stream()
                .filter(option -> !option.startsWith("-Dorg.bytedeco.javacpp.maxphysicalbytes")).toList();
        List<String> with = new ArrayList<>(without);
        with.add(LAUNCHER_SETTING);
        StepTiming.Ratio ratio = ChildJvmTiming.ratio(with, without, children, CHILD_BLOCKS, CHILD_STEPS);
        return PerfFigure.of("8", "DL4J path step, launcher's maxphysicalbytes=0 / without (child JVMs)", ratio,
                STEP_MS, OptionalDouble.empty());
    }

    /** Figures 5 and 6: whole sweeps, on all cores against PyTorch, and on all cores against one. */
    private void sweepFigures(List<PerfFigure> figures, Optional<String> noTorch) {
        String name5 = "sweep trials, " + cores() + " cores / PyTorch replay of them, " + cores() + " processes";
        String name6 = "sweep trials, " + cores() + " cores / 1 core";
        if (sweep == SweepChoice.NONE) {
            figures.add(PerfFigure.unavailable("5", name5, target(1.0), "skipped (--sweep none)"));
            figures.add(PerfFigure.unavailable("6", name6, target(0.6), "skipped (--sweep none)"));
            return;
        }

        List<String> options = new ArrayList<>();
        if (sweep == SweepChoice.QUICK) {
            options.add("--quick");
        }
        if (dataDir != null) {
            options.addAll(List.of("--data-dir", dataDir.toString()));
        }
        Path data = dataDir != null ? dataDir : FashionMnist.DEBIAN_DIR;
        LOG.info("perf: warm-up sweep (--quick), then the {} sweep on {} cores", sweep, cores());
        try (InProcessSweep warmUp = InProcessSweep.run(withQuick(options), cores())) {
            LOG.debug("warm-up sweep: {} s", warmUp.trainingSeconds());
        } catch (IllegalArgumentException e) {
            figures.add(PerfFigure.unavailable("5", name5, target(1.0), e.getMessage()));
            figures.add(PerfFigure.unavailable("6", name6, target(0.6), e.getMessage()));
            return;
        }

        double parallel;
        try (InProcessSweep all = InProcessSweep.run(options, cores())) {
            parallel = all.trainingSeconds();
            if (noTorch.isPresent()) {
                figures.add(PerfFigure.unavailable("5", name5, target(1.0), noTorch.get()));
            } else {
                try {
                    TorchSide.ReplayResult torch = TorchSide.replay(python, all.out().resolve("results.csv"), data,
                            1, cores(), OptionalInt.empty());
                    figures.add(PerfFigure.single("5", name5, parallel, torch.seconds(), "s", target(1.0),
                            torch.trials() + " trials, " + torch.steps() + " steps, torch " + torch.torchVersion()));
                } catch (IllegalStateException e) {
                    figures.add(PerfFigure.unavailable("5", name5, target(1.0), torchFailure(e)));
                }
            }
        }

        if (cores() < 2) {
            figures.add(PerfFigure.unavailable("6", name6, target(0.6), "this machine has one core"));
            return;
        }
        LOG.info("perf: the {} sweep on 1 core", sweep);
        try (InProcessSweep serial = InProcessSweep.run(options, 1)) {
            figures.add(PerfFigure.single("6", name6, parallel, serial.trainingSeconds(), "s", target(0.6), ""));
        }
    }

    private static List<String> withQuick(List<String> options) {
        List<String> quick = new ArrayList<>(options);
        if (!quick.contains("--quick")) {
            quick.add("--quick");
        }
        return quick;
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    private static OptionalDouble target(double value) {
        return OptionalDouble.of(value);
    }

    private void print(List<PerfFigure> figures) {
        figures.sort(Comparator.comparing(PerfFigure::id));
        var console = spec.commandLine().getOut();
        console.printf(Locale.ROOT, "%-3s %-78s %7s %15s %10s %10s %9s %7s%n", "#", "ratio", "median", "min .. max",
                "numerator", "denom.", "unit", "target");
        for (PerfFigure f : figures) {
            String target = f.target().isPresent() ? "<= " + f.target().getAsDouble() : "-";
            if (!f.measured()) {
                console.printf(Locale.ROOT, "%-3s %-78s %7s %s%n", f.id(), f.name(), "n/a", f.note());
                continue;
            }
            String met = f.met().map(m -> m ? " met" : " MISSED").orElse("");
            console.printf(Locale.ROOT, "%-3s %-78s %7.3f %7.3f..%-7.3f %10.3f %10.3f %9s %7s%s%n", f.id(), f.name(),
                    f.median(), f.min(), f.max(), f.numerator(), f.denominator(), f.unit().equals(STEP_MS) ? "ms/step"
                    : f.unit(), target, met);
        }
        console.flush();
    }

    private void write(List<PerfFigure> figures) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("model", "MLP 784-" + WIDTH + "-" + WIDTH + "-10, float, batch " + BATCH + ", MSE");
        settings.put("repeats", repeats);
        settings.put("steps", steps);
        settings.put("children", children);
        settings.put("models", models);
        settings.put("sweep", sweep.toString());
        settings.put("cores", cores());
        settings.put("jvmOptions", ChildJvmTiming.ownOptions());
        settings.put("ompNumThreads", System.getenv().getOrDefault("OMP_NUM_THREADS", "(unset)"));
        json.put("settings", settings);
        json.put("figures", figures.stream().map(PerfFigure::toMap).toList());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), json);
        spec.commandLine().getOut().println("Wrote " + out);
        spec.commandLine().getOut().flush();
    }

    private static MultiLayerNetwork mlp(BaseOutputLayer output) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).updater(new Sgd(0.01))
                .dataType(DataType.FLOAT).list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(WIDTH).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(WIDTH).nOut(WIDTH).activation(Activation.RELU).build())
                .layer(output)
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }
}
