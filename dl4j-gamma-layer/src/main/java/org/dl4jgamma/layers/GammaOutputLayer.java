package org.dl4jgamma.layers;

import java.util.Arrays;

import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseOutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4jgamma.params.GammaOutputParamInitializer;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Runtime of {@link org.dl4jgamma.conf.GammaOutputLayer}: DL4J's output layer with the pre-activation multiplied by
 * {@code k = s(N) / gamma},
 *
 * <pre>
 *   z = k * (W h + b)                                   (uncentered)
 *   z = k * ((W h + b) - (W0 h0 + b0))                  (centered; input [h | h0])
 *   output = activation(z),   loss = L(labels, z)
 * </pre>
 *
 * <p>Backpropagation, with {@code delta = dL/dz} from the loss function:
 * {@code dL/dW = k h^T delta}, {@code dL/db = k sum_rows(delta)}, {@code dL/dh = k delta W^T}; the frozen
 * {@code W0, b0} receive zero gradient and the {@code h0} half of the input receives zero epsilon. When
 * {@code k == 1} no multiplication is performed, so the layer is bit-for-bit DL4J's {@code OutputLayer}.
 */
public class GammaOutputLayer extends BaseOutputLayer<org.dl4jgamma.conf.GammaOutputLayer> {

    private static final long serialVersionUID = 1L;

    private double lastFullNetRegTerm;

    /**
     * The loss sum {@code L(labels, z)} that the last {@link #backpropGradient} computed from its pre-activation
     * {@code z}, and the input, labels and mask it came from. DL4J computes the score right after backpropagation, on
     * the same arrays, and would compute {@code z} a second time for it; {@link #computeScore} uses this value
     * instead, once. ({@code z} itself cannot be kept: it lives in a workspace DL4J recycles in between.)
     */
    private transient double reusableLoss;
    private transient boolean hasReusableLoss;
    private transient INDArray reusableInput;
    private transient INDArray reusableLabels;
    private transient INDArray reusableMask;

    /**
     * Creates the runtime layer; DL4J calls this through the configuration's {@code instantiate}.
     *
     * @param conf the layer's network configuration
     * @param dataType the network's data type
     */
    public GammaOutputLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    protected INDArray getLabels2d(LayerWorkspaceMgr workspaceMgr, ArrayType arrayType) {
        return labels;
    }

    @Override
    protected INDArray preOutput(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray z = layerConf().isCentered()
                ? centeredPreOutput(training, workspaceMgr)
                : super.preOutput(training, workspaceMgr);

        double k = layerConf().getOutputMultiplier();
        if (k != 1.0) {
            z.muli(k);
        }
        return z;
    }

    private INDArray centeredPreOutput(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        INDArray w0 = getParam(GammaOutputParamInitializer.INITIAL_WEIGHT_KEY);
        INDArray in = input.castTo(dataType);
        long n = w.rows();
        if (in.rank() != 2 || in.columns() != 2 * n) {
            throw new DL4JInvalidInputException("A centered GammaOutputLayer with nIn = " + n
                    + " expects input [h | h0] of shape [batch, " + 2 * n + "], got " + Arrays.toString(in.shape())
                    + "; build centered networks with GammaCentering.center(...). " + layerId());
        }

        INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, w.dataType(), in.size(0), w.size(1));
        Nd4j.gemm(trainableHalf(in), w, z, false, false, 1.0, 0.0);
        Nd4j.gemm(frozenHalf(in), w0, z, false, false, -1.0, 1.0);

        if (hasBias()) {
            z.addiRowVector(getParamWithNoise(DefaultParamInitializer.BIAS_KEY, training, workspaceMgr));
            z.subiRowVector(getParam(GammaOutputParamInitializer.INITIAL_BIAS_KEY));
        }

        if (maskArray != null) {
            applyMask(z);
        }
        return z;
    }

    /**
     * DL4J's score, {@code L(labels, z) / batch (with mini-batches) + fullNetRegTerm}; in training, right after
     * {@link #backpropGradient} on the same input, labels and mask, from the loss computed there rather than from a
     * second computation of {@code z}.
     */
    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        this.lastFullNetRegTerm = fullNetRegTerm;
        boolean reuse = training && hasReusableLoss && reusableInput == input && reusableLabels == labels
                && reusableMask == maskArray;
        hasReusableLoss = false;
        if (!reuse) {
            return super.computeScore(fullNetRegTerm, training, workspaceMgr);
        }

        double loss = reusableLoss;
        if (conf().isMiniBatch()) {
            loss /= getInputMiniBatchSize();
        }
        this.score = loss + fullNetRegTerm;
        return score;
    }

    @Override
    public void computeGradientAndScore(LayerWorkspaceMgr workspaceMgr) {
        if (input == null || labels == null) {
            return;
        }

        this.gradient = gradientsAndDelta(preOutput2d(true, workspaceMgr), workspaceMgr).getFirst();
        this.score = computeScore(lastFullNetRegTerm, true, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray z = preOutput2d(true, workspaceMgr);
        Pair<Gradient, INDArray> pair = gradientsAndDelta(z, workspaceMgr);
        INDArray delta = pair.getSecond();
        keepLoss(z, workspaceMgr);

        INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        INDArray epsilonNext = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, delta.dataType(),
                new long[] {w.size(0), delta.size(0)}, 'f');
        epsilonNext = w.mmuli(delta.transpose(), epsilonNext).transpose();

        if (layerConf().isCentered()) {
            INDArray full = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, delta.dataType(),
                    new long[] {delta.size(0), 2 * w.size(0)}, 'f');
            full.get(NDArrayIndex.all(), NDArrayIndex.interval(0, w.size(0))).assign(epsilonNext);
            epsilonNext = full;
        }

        epsilonNext = backpropDropOutIfPresent(epsilonNext);
        return new Pair<>(pair.getFirst(), epsilonNext);
    }

    /** A new input makes the kept loss stale. */
    @Override
    public void setInput(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        hasReusableLoss = false;
        super.setInput(input, workspaceMgr);
    }

    /** New labels make the kept loss stale. */
    @Override
    public void setLabels(INDArray labels) {
        hasReusableLoss = false;
        super.setLabels(labels);
    }

    /** Forgets the kept loss with the rest of the layer's state. */
    @Override
    public void clear() {
        hasReusableLoss = false;
        super.clear();
    }

    /** Computes and keeps {@code L(labels, z)} (summed over the batch) for the {@link #computeScore} that follows. */
    private void keepLoss(INDArray z, LayerWorkspaceMgr workspaceMgr) {
        INDArray labels2d = getLabels2d(workspaceMgr, ArrayType.FF_WORKING_MEM);
        reusableLoss = layerConf().getLossFn().computeScore(labels2d, z, layerConf().getActivationFn(), maskArray,
                false);
        reusableInput = input;
        reusableLabels = labels;
        reusableMask = maskArray;
        hasReusableLoss = true;
    }

    /**
     * Gradient of the parameters and {@code dL/d(Wh + b) = k * dL/dz}, given the pre-activation {@code z}.
     */
    private Pair<Gradient, INDArray> gradientsAndDelta(INDArray z, LayerWorkspaceMgr workspaceMgr) {
        ILossFunction lossFunction = layerConf().getLossFn();
        INDArray labels2d = getLabels2d(workspaceMgr, ArrayType.BP_WORKING_MEM);
        INDArray delta = lossFunction.computeGradient(labels2d, z, layerConf().getActivationFn(), maskArray);

        double k = layerConf().getOutputMultiplier();
        if (k != 1.0) {
            delta.muli(k);
        }

        Gradient gradient = new DefaultGradient();
        INDArray weightGradView = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        INDArray features = layerConf().isCentered() ? trainableHalf(input) : input;
        Nd4j.gemm(features.castTo(weightGradView.dataType()), delta, weightGradView, true, false, 1.0, 0.0);
        gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGradView);

        if (hasBias()) {
            INDArray biasGradView = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
            delta.sum(biasGradView, 0);
            gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGradView);
        }

        for (String key : GammaOutputParamInitializer.getInstance().frozenKeys(layerConf())) {
            INDArray frozenGradView = gradientViews.get(key);
            frozenGradView.assign(0);
            gradient.gradientForVariable().put(key, frozenGradView);
        }

        delta = workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, delta);
        return new Pair<>(gradient, delta);
    }

    private INDArray trainableHalf(INDArray in) {
        long n = layerConf().getNIn();
        return in.get(NDArrayIndex.all(), NDArrayIndex.interval(0, n));
    }

    private INDArray frozenHalf(INDArray in) {
        long n = layerConf().getNIn();
        return in.get(NDArrayIndex.all(), NDArrayIndex.interval(n, 2 * n));
    }
}
