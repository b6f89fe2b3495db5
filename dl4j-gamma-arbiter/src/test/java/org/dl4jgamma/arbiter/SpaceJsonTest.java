package org.dl4jgamma.arbiter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Properties;

import org.deeplearning4j.arbiter.ComputationGraphSpace;
import org.deeplearning4j.arbiter.GraphConfiguration;
import org.deeplearning4j.arbiter.MultiLayerSpace;
import org.deeplearning4j.arbiter.layers.DenseLayerSpace;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxCandidatesCondition;
import org.deeplearning4j.arbiter.optimize.config.OptimizationConfiguration;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.deeplearning4j.arbiter.optimize.serde.jackson.JsonMapper;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.dl4jgamma.arbiter.comparison.GammaSearchComparison;
import org.dl4jgamma.arbiter.data.TeacherDataSource;
import org.dl4jgamma.arbiter.layers.GammaOutputLayerSpace;
import org.dl4jgamma.arbiter.scoring.OnlineLossScoreFunction;
import org.dl4jgamma.arbiter.space.LogUniformSpace;
import org.dl4jgamma.arbiter.space.RegimeLearningRateSpace;
import org.dl4jgamma.arbiter.space.RegimeSpace;
import org.dl4jgamma.arbiter.space.RegimeUpdaterSpace;
import org.dl4jgamma.conf.GammaOutputLayer;
import org.dl4jgamma.conf.ReadoutScaling;
import org.dl4jgamma.updater.RegimeUpdater;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** JSON round trips of the spaces and of an OptimizationConfiguration, and the sharing of gamma0 through them. */
class SpaceJsonTest {

    private static final double EXACT = 1e-12;

    private static MultiLayerSpace comparisonSpace() {
        TeacherDataSource data = new TeacherDataSource();
        data.configure(new Properties());
        return GammaSearchComparison.builder().depth(3).build().space(true, 0, data);
    }

    @Test
    void logUniformValueIsGeometricInterpolation() {
        LogUniformSpace s = new LogUniformSpace(1e-2, 1e3);

        assertEquals(1e-2, s.valueAt(0), 1e-2 * EXACT);
        assertEquals(1e3, s.valueAt(1), 1e3 * EXACT);
        assertEquals(Math.sqrt(1e-2 * 1e3), s.valueAt(0.5), Math.sqrt(10) * EXACT);
        assertEquals(1e-2 * Math.pow(1e5, 0.3), s.valueAt(0.3), 1e-2 * Math.pow(1e5, 0.3) * EXACT);
        assertThrows(IllegalArgumentException.class, () -> new LogUniformSpace(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new LogUniformSpace(2, 1));
    }

    @Test
    void multiLayerSpaceRoundTripKeepsOneSharedGammaDimension() {
        MultiLayerSpace space = comparisonSpace();

        MultiLayerSpace copy = MultiLayerSpace.fromJson(space.toJson());

        assertEquals(space, copy);
        assertEquals(3, space.numParameters(), "gamma0, c and width: three dimensions");
        assertEquals(space.numParameters(), copy.numParameters());
        new RandomSearchGenerator(copy);
        GammaOutputLayerSpace readout = (GammaOutputLayerSpace) copy.getLayerSpace(2);
        RegimeSpace<?> readoutUpdater = (RegimeSpace<?>) readout.getUpdater();
        RegimeSpace<?> hiddenUpdater = (RegimeSpace<?>) ((DenseLayerSpace) copy.getLayerSpace(1)).getUpdater();
        assertSame(readout.getGamma(), readoutUpdater.getGamma0(), "gamma0 must stay one instance after JSON");
        assertSame(readout.getGamma(), hiddenUpdater.getGamma0());
        assertSame(readoutUpdater.getWidth(), hiddenUpdater.getFanIn(), "layer 2's fan-in is the shared width");
    }

    @Test
    void optimizationConfigurationRoundTrip() {
        MultiLayerSpace space = comparisonSpace();
        Properties properties = new Properties();
        properties.setProperty(TeacherDataSource.STEPS, "20");
        OptimizationConfiguration conf = new OptimizationConfiguration.Builder()
                .candidateGenerator(new RandomSearchGenerator(space)).dataSource(TeacherDataSource.class, properties)
                .scoreFunction(new OnlineLossScoreFunction()).terminationConditions(new MaxCandidatesCondition(3))
                .rngSeed(7).build();

        OptimizationConfiguration copy = OptimizationConfiguration.fromJson(conf.toJson());

        assertEquals(conf, copy);
        assertEquals(conf.getCandidateGenerator().getParameterSpace(), copy.getCandidateGenerator()
                .getParameterSpace(), "OptimizationConfiguration.equals skips the generator; compare its space");
        double[] u = {0.25, 0.5, 0.75};
        assertEquals(space.getValue(u).getMultiLayerConfiguration(), ((MultiLayerSpace) copy.getCandidateGenerator()
                .getParameterSpace()).getValue(u).getMultiLayerConfiguration(), "same candidate from the copy");
    }

    @Test
    void derivedSpacesRoundTripThroughArbiterJson() throws Exception {
        ParameterSpace<Double> gamma0 = new LogUniformSpace(1e-2, 1e3);
        RegimeUpdaterSpace updater = RegimeUpdaterSpace.builder().gamma0(gamma0).c(new LogUniformSpace(1, 100))
                .width(128).fanIn(784).depth(3).build();
        RegimeLearningRateSpace lr = RegimeLearningRateSpace.builder().gamma0(gamma0).c(10).width(256).build();

        String json = JsonMapper.getMapper().writeValueAsString(new ParameterSpace[] {updater, lr});
        ParameterSpace<?>[] copies = JsonMapper.getMapper().readValue(json, ParameterSpace[].class);

        assertEquals(updater, copies[0]);
        assertEquals(lr, copies[1]);
        assertSame(((RegimeSpace<?>) copies[0]).getGamma0(), ((RegimeSpace<?>) copies[1]).getGamma0());
    }

    @Test
    void gammaLayerSpaceWorksInComputationGraphSpace() {
        ParameterSpace<Double> gamma0 = new LogUniformSpace(1e-1, 1e2);
        ComputationGraphSpace space = new ComputationGraphSpace.Builder().addInputs("in")
                .setInputTypes(InputType.feedForward(8))
                .addLayer("hidden", new DenseLayerSpace.Builder().nIn(8).nOut(16).activation(Activation.RELU)
                        .updater(RegimeUpdaterSpace.builder().gamma0(gamma0).width(16).fanIn(8).build()).build(), "in")
                .addLayer("out", new GammaOutputLayerSpace.Builder().gamma(gamma0).nIn(16).nOut(3)
                        .readoutScaling(new DiscreteParameterSpace<>(ReadoutScaling.MUP, ReadoutScaling.NTK))
                        .lossFunction(LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .updater(RegimeUpdaterSpace.builder().gamma0(gamma0).width(16).build()).build(), "hidden")
                .setOutputs("out").build();
        ComputationGraphSpace copy = ComputationGraphSpace.fromJson(space.toJson());
        // ComputationGraphSpace.equals compares its FixedValue(InputType[]) by array identity (Arbiter beta7), so
        // the copy is compared through its JSON, which holds every field.
        assertEquals(space.toJson(), copy.toJson());
        assertEquals(2, copy.numParameters(), "gamma0 and the readout scaling");
        new RandomSearchGenerator(copy);

        GraphConfiguration value = copy.getValue(new double[] {0.5, 0.9});

        GammaOutputLayer out = (GammaOutputLayer) layer(value, "out");
        RegimeUpdater hidden = (RegimeUpdater) ((BaseLayer) layer(value, "hidden")).getIUpdater();
        assertEquals(ReadoutScaling.NTK, out.getReadoutScaling());
        assertEquals(Math.sqrt(1e-1 * 1e2), out.getGamma(), Math.sqrt(10) * EXACT);
        assertEquals(out.getGamma(), hidden.getGamma0(), 0.0, "one gamma0 draw in the layer and the updater");
    }

    private static Layer layer(GraphConfiguration value, String name) {
        return ((LayerVertex) value.getConfiguration().getVertices().get(name)).getLayerConf().getLayer();
    }
}
