package org.dl4jgamma.centering;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jgamma.conf.GammaOutputLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Centers a network so that the function it trains is
 *
 * <pre>
 *   f(x) = g(x; theta) - g(x; theta0)
 * </pre>
 *
 * where {@code g} is the original network, {@code theta} its trainable parameters and {@code theta0} a frozen copy
 * of the parameters at the moment of centering (normally at initialisation). The output is then exactly zero for
 * every input until the first update, and gradients flow only through {@code theta}.
 *
 * <p>The result is a DL4J {@link ComputationGraph} with two branches fed by the same input: the trainable copy of
 * the hidden layers ({@code "layer0"}, {@code "layer1"}, ...) and a {@link FrozenLayer} copy ({@code "frozen0"},
 * ...). Their last features are concatenated ({@code "centering"}, a {@link MergeVertex}) and fed to the centered
 * {@link GammaOutputLayer} ({@code "output"}), which subtracts the frozen initial readout before the activation
 * and the loss. Cost: one extra forward pass of the hidden layers and of the readout per step, no extra backward
 * pass (the frozen branch gets no gradient), and twice the parameter memory. Everything is ordinary DL4J, so the
 * graph saves and restores with {@code ModelSerializer} like any other.
 *
 * <p>The frozen branch runs in inference mode, so the network must be deterministic: no dropout and no batch
 * normalisation (both would make the two branches differ). The updater state of the source network is not
 * carried over.
 */
public final class GammaCentering {

    /** Name of the graph input. */
    public static final String INPUT = "input";

    /** Name of the centered output layer. */
    public static final String OUTPUT = "output";

    /** Name of the vertex that concatenates the trainable and frozen features. */
    public static final String MERGE = "centering";

    /** Prefix of the trainable hidden layers: {@code layer0, layer1, ...}. */
    public static final String TRAINABLE_PREFIX = "layer";

    /** Prefix of the frozen copies of the hidden layers: {@code frozen0, frozen1, ...}. */
    public static final String FROZEN_PREFIX = "frozen";

    private GammaCentering() {
    }

    /**
     * Builds the centered graph of a {@link MultiLayerNetwork} whose last layer is an (uncentered)
     * {@link GammaOutputLayer}. The source network is not modified; its current parameters become both
     * {@code theta} (trainable) and {@code theta0} (frozen).
     *
     * @param network an initialised network ending in a GammaOutputLayer
     * @return an initialised ComputationGraph computing {@code g(x; theta) - g(x; theta0)}
     * @throws IllegalArgumentException if the network does not end in a GammaOutputLayer, is already centered,
     *                                  has fewer than two layers, or uses dropout or batch normalisation
     */
    public static ComputationGraph center(MultiLayerNetwork network) {
        MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
        List<NeuralNetConfiguration> layers = conf.getConfs();
        validate(layers);

        ComputationGraph graph = new ComputationGraph(graphConfiguration(conf));
        graph.init();

        copyParams(network, graph, layers.size());
        return graph;
    }

    private static void validate(List<NeuralNetConfiguration> layers) {
        if (layers.size() < 2) {
            throw new IllegalArgumentException("Centering needs at least one hidden layer before the output, got "
                    + layers.size() + " layer(s); a network that is a single readout has nothing to freeze.");
        }

        org.deeplearning4j.nn.conf.layers.Layer last = layers.get(layers.size() - 1).getLayer();
        if (!(last instanceof GammaOutputLayer)) {
            throw new IllegalArgumentException("The last layer must be a GammaOutputLayer to center the network, got "
                    + last.getClass().getSimpleName() + "; replace the OutputLayer by GammaOutputLayer first.");
        }
        if (((GammaOutputLayer) last).isCentered()) {
            throw new IllegalArgumentException("The network's GammaOutputLayer is already centered; center once.");
        }

        for (int i = 0; i < layers.size(); i++) {
            org.deeplearning4j.nn.conf.layers.Layer layer = layers.get(i).getLayer();
            if (layer.getIDropout() != null) {
                throw new IllegalArgumentException("Layer " + i + " (" + layer.getClass().getSimpleName()
                        + ") uses dropout " + layer.getIDropout() + "; centering needs a deterministic network, "
                        + "remove the dropout.");
            }
            if (layer instanceof BatchNormalization) {
                throw new IllegalArgumentException("Layer " + i + " is a BatchNormalization layer; centering needs "
                        + "a deterministic network (the frozen copy runs in inference mode), remove it.");
            }
        }
    }

    private static ComputationGraphConfiguration graphConfiguration(MultiLayerConfiguration conf) {
        List<NeuralNetConfiguration> layers = conf.getConfs();
        NeuralNetConfiguration first = layers.get(0);
        ComputationGraphConfiguration.GraphBuilder builder = new NeuralNetConfiguration.Builder()
                .seed(first.getSeed())
                .miniBatch(first.isMiniBatch())
                .dataType(conf.getDataType())
                .trainingWorkspaceMode(conf.getTrainingWorkspaceMode())
                .inferenceWorkspaceMode(conf.getInferenceWorkspaceMode())
                .cacheMode(conf.getCacheMode())
                .graphBuilder()
                .addInputs(INPUT);

        Map<Integer, InputPreProcessor> preProcessors = conf.getInputPreProcessors();
        int hidden = layers.size() - 1;
        String trainable = INPUT;
        String frozen = INPUT;
        for (int i = 0; i < hidden; i++) {
            org.deeplearning4j.nn.conf.layers.Layer layer = layers.get(i).getLayer();
            InputPreProcessor pre = preProcessors.get(i);
            builder.addLayer(TRAINABLE_PREFIX + i, layer.clone(), pre == null ? null : pre.clone(), trainable);
            builder.addLayer(FROZEN_PREFIX + i, new FrozenLayer(layer.clone()), pre == null ? null : pre.clone(),
                    frozen);
            trainable = TRAINABLE_PREFIX + i;
            frozen = FROZEN_PREFIX + i;
        }

        InputPreProcessor outputPre = preProcessors.get(hidden);
        if (outputPre != null) {
            builder.addVertex(trainable + "-pre", new PreprocessorVertex(outputPre.clone()), trainable);
            builder.addVertex(frozen + "-pre", new PreprocessorVertex(outputPre.clone()), frozen);
            trainable = trainable + "-pre";
            frozen = frozen + "-pre";
        }

        GammaOutputLayer output = (GammaOutputLayer) layers.get(hidden).getLayer().clone();
        output.setCentered(true);
        return builder.addVertex(MERGE, new MergeVertex(), trainable, frozen)
                .addLayer(OUTPUT, output, MERGE)
                .setOutputs(OUTPUT)
                .build();
    }

    private static void copyParams(MultiLayerNetwork network, ComputationGraph graph, int numLayers) {
        for (int i = 0; i < numLayers - 1; i++) {
            copyInto(network.getLayer(i), graph.getLayer(TRAINABLE_PREFIX + i), "");
            copyInto(network.getLayer(i), graph.getLayer(FROZEN_PREFIX + i), "");
        }

        Layer readout = network.getLayer(numLayers - 1);
        Layer centered = graph.getLayer(OUTPUT);
        copyInto(readout, centered, "");
        copyInto(readout, centered, "0");
    }

    private static void copyInto(Layer source, Layer target, String keySuffix) {
        for (Map.Entry<String, INDArray> e : source.paramTable().entrySet()) {
            target.getParam(e.getKey() + keySuffix).assign(e.getValue());
        }
    }
}
