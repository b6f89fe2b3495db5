package org.dl4jgamma.params;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.dl4jgamma.conf.GammaOutputLayer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Parameters of the {@link GammaOutputLayer}: the trainable weight {@code W} [nIn, nOut] and bias {@code b}
 * [1, nOut] as in DL4J's output layer and, when the layer is centered, frozen copies {@code W0} and {@code b0} of
 * their initial values.
 *
 * <p>Flattened order: {@code W, b, W0, b0} (W and W0 in 'f' order, as DL4J stores dense weights). On
 * initialisation {@code W0 = W} and {@code b0 = b} exactly, so a centered readout outputs zero at initialisation.
 */
public class GammaOutputParamInitializer extends DefaultParamInitializer {

    /** Key of the frozen initial weight of a centered readout. */
    public static final String INITIAL_WEIGHT_KEY = "W0";

    /** Key of the frozen initial bias of a centered readout. */
    public static final String INITIAL_BIAS_KEY = "b0";

    private static final GammaOutputParamInitializer INSTANCE = new GammaOutputParamInitializer();

    /**
     * The shared, stateless instance.
     *
     * @return the initializer
     */
    public static GammaOutputParamInitializer getInstance() {
        return INSTANCE;
    }

    @Override
    public long numParams(Layer layer) {
        long trainable = trainableParams((GammaOutputLayer) layer);
        return isCentered(layer) ? 2 * trainable : trainable;
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        List<String> keys = new ArrayList<>(super.paramKeys(layer));
        if (isCentered(layer)) {
            keys.addAll(frozenKeys(layer));
        }
        return keys;
    }

    /**
     * Keys of the frozen parameters: {@code W0} and, with a bias, {@code b0}; empty for an uncentered layer.
     *
     * @param layer the layer configuration
     * @return the frozen parameter keys
     */
    public List<String> frozenKeys(Layer layer) {
        if (!isCentered(layer)) {
            return Collections.emptyList();
        }
        return hasBias(layer) ? List.of(INITIAL_WEIGHT_KEY, INITIAL_BIAS_KEY) : List.of(INITIAL_WEIGHT_KEY);
    }

    /**
     * Whether {@code key} names a frozen parameter ({@code W0} or {@code b0}).
     *
     * @param key a parameter key
     * @return true for the frozen copies
     */
    public static boolean isFrozenParam(String key) {
        return INITIAL_WEIGHT_KEY.equals(key) || INITIAL_BIAS_KEY.equals(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        GammaOutputLayer layer = (GammaOutputLayer) conf.getLayer();
        long length = numParams(layer);
        if (paramsView.length() != length) {
            throw new IllegalStateException("Expected a parameter view of length " + length + " for layer "
                    + layer.getLayerName() + ", got " + paramsView.length());
        }

        INDArray flat = paramsView.reshape(paramsView.length());
        Map<String, INDArray> params = Collections.synchronizedMap(new LinkedHashMap<>());
        long half = trainableParams(layer);
        putDense(conf, flat.get(NDArrayIndex.interval(0, half)), initializeParams, WEIGHT_KEY, BIAS_KEY, params);

        if (layer.isCentered()) {
            INDArray frozen = flat.get(NDArrayIndex.interval(half, 2 * half));
            putDense(conf, frozen, false, INITIAL_WEIGHT_KEY, INITIAL_BIAS_KEY, params);
            if (initializeParams) {
                frozen.assign(flat.get(NDArrayIndex.interval(0, half)));
            }
        }
        return params;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        GammaOutputLayer layer = (GammaOutputLayer) conf.getLayer();
        INDArray flat = gradientView.reshape(gradientView.length());
        long half = trainableParams(layer);
        Map<String, INDArray> out = new LinkedHashMap<>();
        putViews(layer, flat.get(NDArrayIndex.interval(0, half)), WEIGHT_KEY, BIAS_KEY, out);

        if (layer.isCentered()) {
            putViews(layer, flat.get(NDArrayIndex.interval(half, 2 * half)), INITIAL_WEIGHT_KEY, INITIAL_BIAS_KEY, out);
        }
        return out;
    }

    private void putDense(NeuralNetConfiguration conf, INDArray view, boolean initialize, String weightKey,
                          String biasKey, Map<String, INDArray> params) {
        GammaOutputLayer layer = (GammaOutputLayer) conf.getLayer();
        long nWeights = layer.getNIn() * layer.getNOut();
        INDArray weightView = view.get(NDArrayIndex.interval(0, nWeights));
        params.put(weightKey, createWeightMatrix(conf, weightView, initialize));
        conf.addVariable(weightKey);

        if (hasBias(layer)) {
            INDArray biasView = view.get(NDArrayIndex.interval(nWeights, nWeights + layer.getNOut()));
            params.put(biasKey, createBias(conf, biasView, initialize));
            conf.addVariable(biasKey);
        }
    }

    private void putViews(GammaOutputLayer layer, INDArray view, String weightKey, String biasKey,
                          Map<String, INDArray> out) {
        long nIn = layer.getNIn();
        long nOut = layer.getNOut();
        out.put(weightKey, view.get(NDArrayIndex.interval(0, nIn * nOut)).reshape('f', nIn, nOut));
        if (hasBias(layer)) {
            out.put(biasKey, view.get(NDArrayIndex.interval(nIn * nOut, nIn * nOut + nOut)));
        }
    }

    private long trainableParams(GammaOutputLayer layer) {
        long n = layer.getNIn() * layer.getNOut();
        return hasBias(layer) ? n + layer.getNOut() : n;
    }

    private static boolean isCentered(Layer layer) {
        return ((GammaOutputLayer) layer).isCentered();
    }
}
