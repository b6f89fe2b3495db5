package org.dl4jgamma.bench.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jgamma.bench.perf.StepTiming;
import org.dl4jgamma.conf.GammaOutputLayer;
import org.dl4jgamma.conf.ReadoutScaling;
import org.dl4jgamma.networks.GammaNetworks;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dl4j-gamma perf}: performance ratios measured in one run, each from interleaved blocks of SGD steps of the
 * sweep's model (MLP 784-128-128-10, float, batch 64, MSE), so that they do not depend on how busy the machine is:
 * (1) the gamma output layer's step over the stock {@code OutputLayer}'s, same network; (2) the centered network's
 * step over the uncentered one's. Figures 3-7 of issue 7 (sweep engine, PyTorch) are not measured yet. Writes
 * {@code perf.json}.
 */
@Command(name = "perf", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Benchmark ratios, measured in one run from interleaved blocks of SGD steps of the sweep's"
                + " model (784-128-128-10, float, batch 64): gamma layer / stock OutputLayer, centered / uncentered."
                + " About a minute."})
public final class PerfCommand implements Callable<Integer> {

    private static final int WIDTH = 128;

    private static final int BATCH = 64;

    @Option(names = "--repeats", paramLabel = "R", defaultValue = "7", description = "Timed blocks per network.")
    private int repeats;

    @Option(names = "--steps", paramLabel = "T", defaultValue = "200", description = "SGD steps per timed block.")
    private int steps;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "perf.json", description = "JSON file written.")
    private Path out;

    @Override
    public Integer call() throws Exception {
        if (repeats < 1 || steps < 1) {
            System.err.println("dl4j-gamma perf: --repeats and --steps must be >= 1, got " + repeats + " and " + steps);
            return 2;
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !java.nio.file.Files.isDirectory(parent)) {
            System.err.println("dl4j-gamma perf: --out " + out + ": the folder " + parent + " does not exist; create"
                    + " it or pass another --out");
            return 2;
        }
        DataSet batch = new DataSet(Nd4j.rand(DataType.FLOAT, BATCH, 784), oneHot(BATCH));
        int warmUp = Math.max(50, steps / 2);

        MultiLayerNetwork stock = mlp(new OutputLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY)
                .nIn(WIDTH).nOut(10).build());
        MultiLayerNetwork gamma = mlp(new GammaOutputLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY)
                .gamma(10).readoutScaling(ReadoutScaling.MUP).nIn(WIDTH).nOut(10).build());
        StepTiming.Ratio layer = StepTiming.ratio(gamma::fit, stock::fit, batch, warmUp, steps, repeats);

        ComputationGraph centered = paperNetwork(true);
        ComputationGraph uncentered = paperNetwork(false);
        StepTiming.Ratio centering = StepTiming.ratio(centered::fit, uncentered::fit, batch, warmUp, steps, repeats);

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("gammaLayerOverStockOutputLayer", figure(layer, 1.02));
        figures.put("centeredOverUncentered", figure(centering, 1.4));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), figures);

        System.out.printf(Locale.ROOT, "%-44s %8s %8s %8s %10s %10s %7s%n", "ratio (median of " + repeats + ")",
                "median", "min", "max", "ms (num)", "ms (den)", "target");
        print("1. gamma layer step / stock OutputLayer step", layer, 1.02);
        print("2. centered step / uncentered step", centering, 1.4);
        System.out.println("Wrote " + out);
        return 0;
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

    private static ComputationGraph paperNetwork(boolean centered) {
        return GammaNetworks.mlp().nIn(784).width(WIDTH).depth(3).nOut(10).lossFunction(LossFunction.MSE).gamma0(10)
                .eta0(1e-3).centered(centered).seed(1).dataType(DataType.FLOAT).buildComputationGraph();
    }

    private static Map<String, Object> figure(StepTiming.Ratio r, double target) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("median", r.median());
        m.put("min", r.min());
        m.put("max", r.max());
        m.put("msPerStepNumerator", r.msA());
        m.put("msPerStepDenominator", r.msB());
        m.put("target", target);
        m.put("met", r.median() <= target);
        return m;
    }

    private static void print(String name, StepTiming.Ratio r, double target) {
        System.out.printf(Locale.ROOT, "%-44s %8.3f %8.3f %8.3f %10.3f %10.3f %7s%n", name, r.median(), r.min(),
                r.max(), r.msA(), r.msB(), "<= " + target);
    }

    private static org.nd4j.linalg.api.ndarray.INDArray oneHot(int rows) {
        org.nd4j.linalg.api.ndarray.INDArray labels = Nd4j.zeros(DataType.FLOAT, rows, 10);
        for (int i = 0; i < rows; i++) {
            labels.putScalar(i, i % 10, 1.0);
        }
        return labels;
    }
}
