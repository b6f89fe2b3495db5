package org.dl4jgamma.updater;

import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * Runtime of {@link RegimeUpdater}: applies the wrapped stock updater's step, which reads its rate
 * {@code lr(t) = eta0 * width * layerMultiplier * schedule(t)} from the configuration. With the default SGD the
 * update is {@code gradient <- lr(t) * gradient}, which DL4J then subtracts from the parameters.
 */
public class RegimeGradientUpdater implements GradientUpdater<RegimeUpdater> {

    private final RegimeUpdater config;

    @SuppressWarnings("rawtypes")
    private final GradientUpdater inner;

    /**
     * Wraps the runtime of the inner updater.
     *
     * @param config the configuration
     * @param inner the inner updater's runtime, reading its rate from {@code config}
     */
    @SuppressWarnings("rawtypes")
    public RegimeGradientUpdater(RegimeUpdater config, GradientUpdater inner) {
        this.config = config;
        this.inner = inner;
    }

    @Override
    public RegimeUpdater getConfig() {
        return config;
    }

    @Override
    public void setState(Map<String, INDArray> stateMap, boolean initialize) {
        inner.setState(stateMap, initialize);
    }

    @Override
    public Map<String, INDArray> getState() {
        return inner.getState();
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        inner.setStateViewArray(viewArray, gradientShape, gradientOrder, initialize);
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        inner.applyUpdater(gradient, iteration, epoch);
    }
}
