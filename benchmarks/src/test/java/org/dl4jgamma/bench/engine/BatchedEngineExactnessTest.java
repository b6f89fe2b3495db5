package org.dl4jgamma.bench.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dl4jgamma.bench.data.BatchStream;
import org.dl4jgamma.bench.data.TeacherDataset;
import org.dl4jgamma.bench.sweep.DivergenceGuard;
import org.dl4jgamma.bench.sweep.LossKind;
import org.dl4jgamma.bench.sweep.TrialSpec;
import org.dl4jgamma.networks.GammaNetworks;
import org.dl4jgamma.networks.Parameterization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The batched engine against DL4J: several trials of one seed trained together by {@link BatchedMlp} must give, at
 * every step, the same losses as each trial trained alone as a DL4J centered {@code ComputationGraph} from
 * {@code GammaNetworks}, and the same final parameters, to a relative {@value #TOLERANCE} in double precision.
 */
class BatchedEngineExactnessTest {

    /** Relative agreement required in double precision (the two paths only order their sums differently). */
    static final double TOLERANCE = 1e-9;

    private static final int STEPS = 25;
    private static final int BATCH = 8;
    private static final int WIDTH = 12;
    private static final long SEED = 3;
    private static final double[] GAMMAS = {0.05, 1.0, 20.0};

    static final TeacherDataset DATA = new TeacherDataset(20, 16, 5, 300, 11);

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (LossKind loss : LossKind.values()) {
            for (int depth = 2; depth <= 4; depth++) {
                cases.add(Arguments.of(loss, depth));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} depth {1}")
    @MethodSource("cases")
    void batchedTrainingEqualsDl4jTrainingOfEachTrial(LossKind loss, int depth) {
        List<TrialSpec> specs = new ArrayList<>();
        for (double gamma0 : GAMMAS) {
            specs.add(new TrialSpec(depth, WIDTH, gamma0, eta0(gamma0), SEED, STEPS, BATCH, loss, true));
        }
        BatchedTrialRunner runner = new BatchedTrialRunner(DATA, new DivergenceGuard(10), 16);
        BatchedMlp batched = runner.build(specs, DataType.DOUBLE);
        List<ComputationGraph> graphs = new ArrayList<>();
        for (TrialSpec spec : specs) {
            graphs.add(dl4j(spec));
        }

        BatchStream batchedStream = DATA.trainingStream(SEED, BATCH, DataType.DOUBLE);
        List<BatchStream> streams = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            streams.add(DATA.trainingStream(SEED, BATCH, DataType.DOUBLE));
        }
        for (int step = 0; step < STEPS; step++) {
            DataSet batch = batchedStream.next();
            double[] losses = batched.step(batch.getFeatures().dup('c'), batch.getLabels().dup('c'));
            for (int i = 0; i < specs.size(); i++) {
                graphs.get(i).fit(streams.get(i).next());
                double expected = graphs.get(i).score();
                assertEquals(expected, losses[i], TOLERANCE * Math.abs(expected),
                        "loss of " + specs.get(i) + " at step " + step);
            }
        }

        for (int i = 0; i < specs.size(); i++) {
            INDArray[] ours = batched.parameters(i);
            INDArray[] theirs = dl4jParameters(graphs.get(i), depth);
            for (int p = 0; p < ours.length; p++) {
                assertClose(theirs[p], ours[p], "parameter " + p + " of " + specs.get(i));
            }
        }
        assertTrue(batched.parameters(0)[0].sub(batched.parameters(2)[0]).norm2Number().doubleValue() > 0,
                "different gamma0 must have trained different weights");
    }

    /** A learning rate that trains without diverging in 25 steps: the paper's eta0 ~ gamma0^2 below 1. */
    static double eta0(double gamma0) {
        return 0.5 * Math.min(gamma0 * gamma0, 1.0);
    }

    static ComputationGraph dl4j(TrialSpec spec) {
        return GammaNetworks.mlp().nIn(DATA.inputSize()).width(spec.width()).depth(spec.depth())
                .nOut(DATA.numClasses())
                .lossFunction(spec.loss() == LossKind.MSE ? LossFunction.MSE : LossFunction.MCXENT)
                .gamma0(spec.gamma0()).eta0(spec.eta0()).parameterization(Parameterization.MUP).centered(true)
                .seed(spec.seed()).dataType(spec.useDouble() ? DataType.DOUBLE : DataType.FLOAT)
                .buildComputationGraph();
    }

    private static INDArray[] dl4jParameters(ComputationGraph graph, int depth) {
        INDArray[] out = new INDArray[2 * depth];
        for (int l = 0; l < depth; l++) {
            String name = l == depth - 1 ? "output" : "layer" + l;
            out[2 * l] = graph.getLayer(name).getParam("W");
            out[2 * l + 1] = graph.getLayer(name).getParam("b").reshape(-1);
        }
        return out;
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertEquals(expected.length(), actual.length(), what + ": size");
        double scale = expected.amaxNumber().doubleValue();
        double diff = expected.reshape(expected.shape()).sub(actual.reshape(expected.shape())).amaxNumber()
                .doubleValue();
        assertTrue(diff <= TOLERANCE * Math.max(scale, 1e-300), what + ": max |difference| " + diff
                + " against max |value| " + scale);
    }
}
