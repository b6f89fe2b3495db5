package org.dl4jgamma.bench.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import org.dl4jgamma.arbiter.comparison.ComparisonResult;
import org.dl4jgamma.arbiter.comparison.GammaSearchComparison;
import org.dl4jgamma.arbiter.data.FashionMnistDataSource;
import org.dl4jgamma.arbiter.data.TeacherDataSource;
import org.dl4jgamma.bench.tune.TuneReport;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dl4j-gamma tune}: what tuning gamma buys in an Arbiter search. Runs, for every search seed, an Arbiter
 * random search over (gamma0 log-uniform, c log-uniform, width) and the same search with gamma0 fixed at 1, with the
 * same budget of candidates and SGD steps, online data and the rule-tied learning rate
 * {@code lr = N * c * gamma0^2 (gamma0 <= 1) or N * c * gamma0^(2/L)}, then prints and writes the table and the
 * best-so-far plot.
 */
@Command(name = "tune", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        description = {"Arbiter random search over gamma0 (log-uniform), c and width against the same search with"
                + " gamma0 = 1 (standard muP), same budget, several search seeds. Score: mean loss on fresh held-out"
                + " batches after online training. Writes tune.md, tune.csv and best-so-far.png to --out."})
public final class TuneCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(TuneCommand.class);

    @Option(names = "--dataset", paramLabel = "fashion-mnist|teacher", defaultValue = "fashion-mnist",
            description = "Data: Fashion-MNIST (IDX files) or the synthetic two-layer ReLU teacher.")
    private String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Fashion-MNIST directory (default: /usr/share/datasets/fashion-mnist).")
    private Path dataDir;

    @Option(names = "--candidates", paramLabel = "K", defaultValue = "20", description = "Candidates per search.")
    private int candidates;

    @Option(names = "--steps", paramLabel = "T", defaultValue = "300", description = "SGD steps per candidate.")
    private int steps;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "64", description = "Samples per SGD step.")
    private int batch;

    @Option(names = "--seeds", split = ",", paramLabel = "S", defaultValue = "0,1,2",
            description = "Search seeds (one pair of searches per seed).")
    private long[] seeds;

    @Option(names = "--gamma-min", paramLabel = "G", defaultValue = "0.01", description = "Smallest gamma0.")
    private double gammaMin;

    @Option(names = "--gamma-max", paramLabel = "G", defaultValue = "1000", description = "Largest gamma0.")
    private double gammaMax;

    @Option(names = "--c-min", paramLabel = "C", defaultValue = "1", description = "Smallest c = eta0(1).")
    private double cMin;

    @Option(names = "--c-max", paramLabel = "C", defaultValue = "100", description = "Largest c.")
    private double cMax;

    @Option(names = "--widths", split = ",", paramLabel = "N", defaultValue = "64,128,256",
            description = "Hidden widths searched.")
    private int[] widths;

    @Option(names = "--depth", paramLabel = "L", defaultValue = "2",
            description = "Weight layers L (at least 2: the searched width is the hidden layers').")
    private int depth;

    @Option(names = "--loss", paramLabel = "mse|xent", defaultValue = "mse", description = "Loss.")
    private String loss;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "tune-out", description = "Output directory.")
    private Path out;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try {
            GammaSearchComparison comparison = comparison();
            LOG.info("Tune: {} candidates x {} steps, seeds {}, {} data", candidates, steps, Arrays.toString(seeds),
                    dataset);
            ComparisonResult result = comparison.run();
            String command = "./dl4j-gamma " + String.join(" ", spec.commandLine().getParseResult()
                    .originalArgs());
            TuneReport.write(result, command.trim(), out);
            spec.commandLine().getOut().println(TuneReport.markdown(result, command.trim()));
            spec.commandLine().getOut().println("Wrote tune.md, tune.csv and best-so-far.png to " + out);
            return 0;
        } catch (IllegalArgumentException | java.io.IOException e) {
            spec.commandLine().getErr().println("dl4j-gamma tune: " + e.getMessage());
            return 2;
        }
    }

    private GammaSearchComparison comparison() {
        boolean teacher = "teacher".equalsIgnoreCase(dataset);
        if (!teacher && !"fashion-mnist".equalsIgnoreCase(dataset)) {
            throw new IllegalArgumentException("--dataset must be fashion-mnist or teacher, got " + dataset);
        }
        LossFunction lossFunction = switch (loss.toLowerCase(java.util.Locale.ROOT)) {
            case "mse" -> LossFunction.MSE;
            case "xent" -> LossFunction.MCXENT;
            default -> throw new IllegalArgumentException("--loss must be mse or xent, got " + loss);
        };
        requireAtLeast("--candidates", candidates, 1);
        requireAtLeast("--steps", steps, 1);
        requireAtLeast("--batch", batch, 1);
        requireAtLeast("--depth", depth, 2);
        if (seeds.length == 0) {
            throw new IllegalArgumentException("--seeds is empty; give one or more search seeds, e.g. --seeds 0,1,2");
        }
        for (int w : widths) {
            requireAtLeast("--widths", w, 1);
        }
        if (!(gammaMin > 0) || !(gammaMax >= gammaMin) || Double.isInfinite(gammaMax)) {
            throw new IllegalArgumentException("--gamma-min and --gamma-max must satisfy 0 < min <= max < infinity,"
                    + " got " + gammaMin + " and " + gammaMax);
        }
        if (!(cMin > 0) || !(cMax >= cMin) || Double.isInfinite(cMax)) {
            throw new IllegalArgumentException("--c-min and --c-max must satisfy 0 < min <= max < infinity, got "
                    + cMin + " and " + cMax);
        }

        GammaSearchComparison.Builder b = GammaSearchComparison.builder()
                .dataSource(teacher ? TeacherDataSource.class : FashionMnistDataSource.class)
                .candidates(candidates).steps(steps).batchSize(batch).searchSeeds(seeds)
                .gammaRange(gammaMin, gammaMax).cRange(cMin, cMax).widths(widths).depth(depth).loss(lossFunction);
        if (!teacher) {
            Path dir = dataDir != null ? dataDir : Paths.get(FashionMnistDataSource.DEFAULT_DATA_DIR);
            for (String f : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                    "t10k-labels-idx1-ubyte")) {
                if (!dir.resolve(f + ".gz").toFile().isFile() && !dir.resolve(f).toFile().isFile()) {
                    throw new IllegalArgumentException("Fashion-MNIST file " + f + "(.gz) not found in " + dir
                            + "; install the Debian package dataset-fashion-mnist or pass --data-dir DIR");
                }
            }
            b.dataProperty(FashionMnistDataSource.DATA_DIR, dir.toString());
        }
        return b.build();
    }

    private static void requireAtLeast(String option, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(option + " must be >= " + min + ", got " + value);
        }
    }
}
