package org.dl4jgamma.bench.engine;

import java.util.Arrays;

import org.dl4jgamma.bench.sweep.LossKind;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * M centered MLPs of one architecture, trained together by plain SGD on the same batches: the sweep engine's
 * numerical core. Every model m (a "slot") has its own parameters, learning rates and output scale; all share the
 * same initial parameters theta0 (same seed), hence one frozen network. With examples as rows, for model m:
 *
 * <pre>
 *   h_0 = x,   h_l = relu(h_{l-1} W_l + b_l)          l = 1 .. L-1   (W_l: [fan_in, fan_out], DL4J's layout)
 *   u   = h_{L-1} W_L + b_L,   u0 = the same with theta0 (shared by all models)
 *   f_m = a_m (u - u0),        a_m = s(N) / gamma     (the gamma output layer's factor)
 *   MSE: loss = sum (f - y)^2 / (B K)      XENT: loss = -sum y log softmax(f) / B
 *   SGD: W_l -= lr_{l,m} dloss/dW_l,   b_l -= lr_{l,m} dloss/db_l
 * </pre>
 *
 * which is what DL4J's centered {@code ComputationGraph} from {@code GammaNetworks} computes. The work is laid out
 * so that the machine does few ND4J operations: every layer's activations of all models sit side by side in one
 * {@code [B, M N]} matrix (model m in columns m N .. (m+1) N - 1), filled by one product per model, so that biases,
 * ReLU, masks, learning rates (per column) and the loss are each one ND4J operation over all models. Learning rates
 * and output scales enter as per-column factors and as the products' {@code alpha}. The frozen network runs once
 * per step for all models.
 *
 * <p>Every product has the shape of one model's, never one wide product over all models: OpenBLAS's float kernels
 * round a column's sums differently for different matrix widths, so a wide product would make a model's numbers
 * depend on how many models share its batch. With one product per model (and losses summed model by model), a
 * model trains bit for bit the same alone or in any batch, in float as in double; one wide first-layer product
 * would be about 8% faster per trial.
 *
 * <p>A model is removed with {@link #remove}: the last slot moves into its place and the others are untouched,
 * so a diverging model stops without changing the numbers of the rest. Not thread safe: one thread per instance.
 */
final class BatchedMlp {

    private final Gemm gemm;
    private final DataType type;
    private final LossKind loss;
    private final int depth;
    private final long[] fanIn;
    private final long[] fanOut;
    private final int capacity;

    /** The first layer of all models, {@code [d, capacity * N]}, model m's weights in columns m N .. (m+1) N - 1. */
    private final INDArray first;

    /** Layers 2 .. L: {@code [capacity * fan_in, fan_out]}, model m's rows from m fan_in; index 0 unused. */
    private final INDArray[] stacked;

    /** Biases, {@code [capacity * fan_out]}, model m's at m fan_out. */
    private final INDArray[] biases;

    private final INDArray[] frozenWeights;
    private final INDArray[] frozenBiases;

    private final double[][] rates;
    private final double[] scales;
    private final int[] trialOfSlot;
    private int count;

    private INDArray[] biasViews;
    private INDArray[] rateColumns;
    private INDArray scaleColumns;
    private INDArray tile;
    private Work training;
    private long trainingRows;

    /**
     * @param weights initial weights of every layer, {@code [fan_in, fan_out]}, shared by all models
     * @param biases  initial biases of every layer, {@code [fan_out]}
     * @param rates   {@code rates[m][l]}: learning rate of layer l of model m (weights and bias)
     * @param scales  {@code scales[m]}: output factor {@code a_m = s(N) / gamma} of model m
     * @param loss    the training loss
     * @param type    {@code FLOAT} or {@code DOUBLE}
     */
    BatchedMlp(INDArray[] weights, INDArray[] biases, double[][] rates, double[] scales, LossKind loss,
               DataType type) {
        this(weights, biases, rates, scales, loss, type, Gemm.of(type));
    }

    /**
     * As {@link #BatchedMlp(INDArray[], INDArray[], double[][], double[], LossKind, DataType)}, with the products
     * done by {@code gemm} (a {@link RecordingGemm} for benchmarks).
     */
    BatchedMlp(INDArray[] weights, INDArray[] biases, double[][] rates, double[] scales, LossKind loss,
               DataType type, Gemm gemm) {
        if (weights.length < 2 || weights.length != biases.length || rates.length != scales.length
                || rates.length < 1) {
            throw new IllegalArgumentException("need at least two layers (a centered network has a hidden layer) and"
                    + " one model, with as many biases as weights"
                    + " and as many scales as rate rows; got " + weights.length + " weights, " + biases.length
                    + " biases, " + rates.length + " rate rows, " + scales.length + " scales");
        }
        this.gemm = gemm;
        this.type = type;
        this.loss = loss;
        this.depth = weights.length;
        this.capacity = rates.length;
        this.count = capacity;
        this.fanIn = new long[depth];
        this.fanOut = new long[depth];
        for (int l = 0; l < depth; l++) {
            fanIn[l] = weights[l].rows();
            fanOut[l] = weights[l].columns();
            if (rates[0].length != depth) {
                throw new IllegalArgumentException("rates[m] must hold one rate per layer (" + depth + "), got "
                        + rates[0].length);
            }
        }

        this.frozenWeights = new INDArray[depth];
        this.frozenBiases = new INDArray[depth];
        this.stacked = new INDArray[depth];
        this.biases = new INDArray[depth];
        for (int l = 0; l < depth; l++) {
            frozenWeights[l] = weights[l].castTo(type).dup('c');
            frozenBiases[l] = biases[l].castTo(type).reshape(fanOut[l]).dup('c');
            this.biases[l] = Nd4j.tile(frozenBiases[l], capacity).reshape(capacity * fanOut[l]).dup('c');
            if (l > 0) {
                stacked[l] = Nd4j.tile(frozenWeights[l], capacity, 1).dup('c');
            }
        }
        this.first = Nd4j.tile(frozenWeights[0], 1, capacity).dup('c');

        this.rates = new double[capacity][];
        for (int m = 0; m < capacity; m++) {
            this.rates[m] = rates[m].clone();
        }
        this.scales = scales.clone();
        this.trialOfSlot = new int[capacity];
        Arrays.setAll(trialOfSlot, m -> m);
        refreshViews();
    }

    /** @return number of models still training */
    int count() {
        return count;
    }

    /**
     * @param slot a slot, {@code 0 <= slot < count()}
     * @return the index (in the constructor's order) of the model in that slot
     */
    int modelAt(int slot) {
        return trialOfSlot[slot];
    }

    /**
     * One SGD step of every model on the same batch.
     *
     * @param x features {@code [B, d]}, a whole row-major array of this type
     * @param y one-hot labels {@code [B, K]}, a whole row-major array of this type
     * @return loss of each slot on the batch before the update, {@code losses[slot]}
     */
    double[] step(INDArray x, INDArray y) {
        long rows = x.rows();
        if (training == null || trainingRows != rows) {
            training = new Work(rows, count, true);
            trainingRows = rows;
        }
        forward(x, training);

        double[] losses = lossAndGradient(y, training);

        backward(x, training);
        return losses;
    }

    /**
     * Removes a model: the last slot moves into {@code slot}.
     *
     * @param slot the slot to empty
     */
    void remove(int slot) {
        int last = count - 1;
        if (slot != last) {
            long n = fanOut[0];
            first.get(NDArrayIndex.all(), NDArrayIndex.interval(slot * n, (slot + 1) * n))
                    .assign(first.get(NDArrayIndex.all(), NDArrayIndex.interval(last * n, (last + 1) * n)));
            for (int l = 0; l < depth; l++) {
                if (stacked[l] != null) {
                    long in = fanIn[l];
                    stacked[l].get(NDArrayIndex.interval(slot * in, (slot + 1) * in), NDArrayIndex.all())
                            .assign(stacked[l].get(NDArrayIndex.interval(last * in, (last + 1) * in),
                                    NDArrayIndex.all()));
                }
                long out = fanOut[l];
                biases[l].get(NDArrayIndex.interval(slot * out, (slot + 1) * out))
                        .assign(biases[l].get(NDArrayIndex.interval(last * out, (last + 1) * out)));
            }
            rates[slot] = rates[last];
            scales[slot] = scales[last];
            trialOfSlot[slot] = trialOfSlot[last];
        }
        count--;
        training = null;
        if (count > 0) {
            refreshViews();
        }
    }

    /**
     * Copies a model's parameters out, for tests and inspection.
     *
     * @param slot a slot, {@code 0 <= slot < count()}
     * @return {@code [W_1, b_1, ..., W_L, b_L]}, weights {@code [fan_in, fan_out]}, biases {@code [fan_out]}
     */
    INDArray[] parameters(int slot) {
        INDArray[] out = new INDArray[2 * depth];
        for (int l = 0; l < depth; l++) {
            long in = fanIn[l];
            long n = fanOut[l];
            out[2 * l] = l == 0
                    ? first.get(NDArrayIndex.all(), NDArrayIndex.interval(slot * n, (slot + 1) * n)).dup('c')
                    : stacked[l].get(NDArrayIndex.interval(slot * in, (slot + 1) * in), NDArrayIndex.all()).dup('c');
            out[2 * l + 1] = biases[l].get(NDArrayIndex.interval(slot * n, (slot + 1) * n)).dup('c');
        }
        return out;
    }

    /**
     * Evaluates every remaining model on a data set, in chunks of rows.
     *
     * @param x     features {@code [n, d]}
     * @param y     one-hot labels {@code [n, K]}
     * @param chunk rows per forward pass
     * @return {@code [slot][0]} the mean loss per example (the training loss function), {@code [slot][1]} the
     *         accuracy {@code mean_i [argmax f_i == argmax y_i]}
     */
    double[][] evaluate(INDArray x, INDArray y, int chunk) {
        long n = x.rows();
        long k = fanOut[depth - 1];
        double[] lossSum = new double[count];
        long[] correct = new long[count];
        Work work = null;
        for (long from = 0; from < n; from += chunk) {
            long to = Math.min(n, from + chunk);
            INDArray xs = x.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).castTo(type).dup('c');
            INDArray ys = y.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).castTo(DataType.DOUBLE).dup('c');
            if (work == null || work.rows != to - from) {
                work = new Work(to - from, count, false);
            }
            forward(xs, work);

            double[] f = work.out.castTo(DataType.DOUBLE).data().asDouble();
            double[] labels = ys.data().asDouble();
            for (int r = 0; r < to - from; r++) {
                int label = argMax(labels, r * (int) k, (int) k);
                for (int m = 0; m < count; m++) {
                    int off = (r * count + m) * (int) k;
                    lossSum[m] += exampleLoss(f, off, labels, r * (int) k, (int) k);
                    if (argMax(f, off, (int) k) == label) {
                        correct[m]++;
                    }
                }
            }
        }

        double[][] result = new double[count][];
        for (int m = 0; m < count; m++) {
            result[m] = new double[] {lossSum[m] / n, (double) correct[m] / n};
        }
        return result;
    }

    private double exampleLoss(double[] f, int off, double[] y, int yOff, int k) {
        double sum = 0;
        if (loss == LossKind.MSE) {
            for (int j = 0; j < k; j++) {
                double d = f[off + j] - y[yOff + j];
                sum += d * d;
            }
            return sum / k;
        }

        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, f[off + j]);
        }
        double norm = 0;
        for (int j = 0; j < k; j++) {
            norm += Math.exp(f[off + j] - max);
        }
        for (int j = 0; j < k; j++) {
            sum -= y[yOff + j] * Math.log(Math.exp(f[off + j] - max) / norm);
        }
        return sum;
    }

    private static int argMax(double[] v, int off, int k) {
        int best = 0;
        for (int j = 1; j < k; j++) {
            if (v[off + j] > v[off + best]) {
                best = j;
            }
        }
        return best;
    }

    /** Fills {@code work.out} with {@code f_m = a_m (u_m - u0)} for every slot. */
    private void forward(INDArray x, Work w) {
        long rows = w.rows;
        long m = count;
        long k = fanOut[depth - 1];
        frozenForward(x, w);

        gemm.gemm(false, false, rows, m * k, k, -1, w.u0, 0, k, tile, 0, m * k, 0, w.out, 0, m * k);
        long n = fanOut[0];
        for (int s = 0; s < m; s++) {
            gemm.gemm(false, false, rows, n, fanIn[0], 1, x, 0, fanIn[0], first, s * n, capacity * n, 0, w.h[0],
                    s * n, m * n);
        }
        activate(w.h[0], 0);
        for (int l = 1; l < depth - 1; l++) {
            for (int s = 0; s < m; s++) {
                gemm.gemm(false, false, rows, n, n, 1, w.h[l - 1], s * n, m * n, stacked[l], s * n * n, n, 0, w.h[l],
                        s * n, m * n);
            }
            activate(w.h[l], l);
        }

        int top = depth - 1;
        for (int s = 0; s < m; s++) {
            gemm.gemm(false, false, rows, k, n, 1, w.h[top - 1], s * n, m * n, stacked[top], s * n * k, k, 1, w.out,
                    s * k, m * k);
        }
        w.out.addiRowVector(biasViews[top]);
        w.out.muliRowVector(scaleColumns);
    }

    private void activate(INDArray h, int layer) {
        h.addiRowVector(biasViews[layer]);
        Transforms.relu(h, false);
    }

    private void frozenForward(INDArray x, Work w) {
        INDArray in = x;
        for (int l = 0; l < depth - 1; l++) {
            gemm.gemm(false, false, w.rows, fanOut[l], fanIn[l], 1, in, 0, fanIn[l], frozenWeights[l], 0, fanOut[l],
                    0, w.frozen[l], 0, fanOut[l]);
            w.frozen[l].addiRowVector(frozenBiases[l]);
            Transforms.relu(w.frozen[l], false);
            in = w.frozen[l];
        }
        int top = depth - 1;
        gemm.gemm(false, false, w.rows, fanOut[top], fanIn[top], 1, in, 0, fanIn[top], frozenWeights[top], 0,
                fanOut[top], 0, w.u0, 0, fanOut[top]);
        w.u0.addiRowVector(frozenBiases[top]);
    }

    /**
     * Computes each slot's loss and leaves {@code dloss/du} (the scale {@code a_m} included) in {@code out}. The losses
     * are summed in Java in double precision, model by model in a fixed order, so that a model's loss does not depend
     * on how many models share the batch (an ND4J reduction over all models may order its float sums differently).
     */
    private double[] lossAndGradient(INDArray y, Work w) {
        int rows = (int) w.rows;
        int m = count;
        int k = (int) fanOut[depth - 1];
        gemm.gemm(false, false, rows, (long) m * k, k, 1, y, 0, k, tile, 0, (long) m * k, 0, w.labels, 0,
                (long) m * k);
        double[] labels = y.data().asDouble();
        double[] losses = new double[m];

        if (loss == LossKind.MSE) {
            w.out.subi(w.labels);
            double[] diff = w.out.data().asDouble();
            for (int s = 0; s < m; s++) {
                double sum = 0;
                for (int r = 0; r < rows; r++) {
                    int off = (r * m + s) * k;
                    for (int j = 0; j < k; j++) {
                        sum += diff[off + j] * diff[off + j];
                    }
                }
                losses[s] = sum / ((double) rows * k);
            }
            w.out.muliRowVector(w.gradientColumns);
            return losses;
        }

        Nd4j.exec(new SoftMax(w.out.reshape((long) rows * m, k), w.scratch.reshape((long) rows * m, k), 1));
        double[] p = w.scratch.data().asDouble();
        for (int s = 0; s < m; s++) {
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                int off = (r * m + s) * k;
                for (int j = 0; j < k; j++) {
                    sum -= labels[r * k + j] * Math.log(p[off + j]);
                }
            }
            losses[s] = sum / rows;
        }
        Nd4j.exec(new SubOp(w.scratch, w.labels, w.out));
        w.out.muliRowVector(w.gradientColumns);
        return losses;
    }

    private void backward(INDArray x, Work w) {
        long rows = w.rows;
        long m = count;
        int top = depth - 1;
        long k = fanOut[top];
        long n = fanOut[0];
        INDArray g = w.out;
        for (int s = 0; s < m; s++) {
            gemm.gemm(false, true, rows, n, k, 1, g, s * k, m * k, stacked[top], s * n * k, k, 0, w.dh[top - 1],
                    s * n, m * n);
        }
        g.muliRowVector(rateColumns[top]);
        for (int s = 0; s < m; s++) {
            gemm.gemm(true, false, n, k, rows, -1, w.h[top - 1], s * n, m * n, g, s * k, m * k, 1, stacked[top],
                    s * n * k, k);
        }
        biasViews[top].subi(g.sum(0));

        for (int l = top - 1; l >= 0; l--) {
            INDArray dz = w.dh[l];
            Nd4j.exec(new Step(w.h[l], w.mask, 0.0));
            dz.muli(w.mask);
            if (l >= 1) {
                for (int s = 0; s < m; s++) {
                    gemm.gemm(false, true, rows, n, n, 1, dz, s * n, m * n, stacked[l], s * n * n, n, 0, w.dh[l - 1],
                            s * n, m * n);
                }
            }
            dz.muliRowVector(rateColumns[l]);
            if (l >= 1) {
                for (int s = 0; s < m; s++) {
                    gemm.gemm(true, false, n, n, rows, -1, w.h[l - 1], s * n, m * n, dz, s * n, m * n, 1,
                            stacked[l], s * n * n, n);
                }
            } else {
                for (int s = 0; s < m; s++) {
                    gemm.gemm(true, false, fanIn[0], n, rows, -1, x, 0, fanIn[0], dz, s * n, m * n, 1, first, s * n,
                            capacity * n);
                }
            }
            biasViews[l].subi(dz.sum(0));
        }
    }

    private void refreshViews() {
        long m = count;
        biasViews = new INDArray[depth];
        rateColumns = new INDArray[depth];
        for (int l = 0; l < depth; l++) {
            long out = fanOut[l];
            biasViews[l] = biases[l].get(NDArrayIndex.interval(0, m * out));
            double[] columns = new double[(int) (m * out)];
            for (int s = 0; s < m; s++) {
                Arrays.fill(columns, (int) (s * out), (int) ((s + 1) * out), rates[s][l]);
            }
            rateColumns[l] = Nd4j.createFromArray(columns).castTo(type);
        }

        long k = fanOut[depth - 1];
        double[] columns = new double[(int) (m * k)];
        for (int s = 0; s < m; s++) {
            Arrays.fill(columns, (int) (s * k), (int) ((s + 1) * k), scales[s]);
        }
        scaleColumns = Nd4j.createFromArray(columns).castTo(type);
        tile = Nd4j.tile(Nd4j.eye(k).castTo(type), 1, (int) m).dup('c');
    }

    /** Scratch arrays for one row count and one number of models. */
    private final class Work {

        final long rows;
        final INDArray[] h;
        final INDArray[] dh;
        final INDArray[] frozen;
        final INDArray mask;
        final INDArray u0;
        final INDArray out;
        final INDArray labels;
        final INDArray scratch;
        final INDArray gradientColumns;

        Work(long rows, long models, boolean training) {
            this.rows = rows;
            int hidden = depth - 1;
            long k = fanOut[depth - 1];
            h = new INDArray[hidden];
            dh = new INDArray[hidden];
            frozen = new INDArray[hidden];
            for (int l = 0; l < hidden; l++) {
                h[l] = Nd4j.create(type, rows, models * fanOut[l]);
                frozen[l] = Nd4j.create(type, rows, fanOut[l]);
                dh[l] = training ? Nd4j.create(type, rows, models * fanOut[l]) : null;
            }
            mask = training ? Nd4j.create(type, rows, models * fanOut[0]) : null;
            u0 = Nd4j.create(type, rows, k);
            out = Nd4j.create(type, rows, models * k);
            labels = Nd4j.create(type, rows, models * k);
            scratch = Nd4j.create(type, rows, models * k);
            double perExample = loss == LossKind.MSE ? 2.0 / (rows * k) : 1.0 / rows;
            gradientColumns = scaleColumns.mul(perExample);
        }
    }
}
