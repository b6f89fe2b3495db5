package org.dl4jgamma.bench.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A source of online training data: every trial draws its own stream of fresh batches, and all trials share
 * one fixed held-out test set.
 *
 * <p>Batches are ND4J {@link DataSet}s with features {@code [batch, inputSize()]} and one-hot labels
 * {@code [batch, numClasses()]}. Implementations are safe to use from several trials at once.
 */
public interface OnlineDataset {

    /** @return a short name for logs and file names, e.g. {@code fashion-mnist} */
    String name();

    /** @return number of input features d of every sample */
    int inputSize();

    /** @return number of classes, the width of the one-hot labels */
    int numClasses();

    /**
     * Checks that a trial of {@code steps} batches of {@code batchSize} samples can be served without reusing
     * a sample.
     *
     * @param batchSize samples per batch
     * @param steps     batches per trial
     * @throws IllegalArgumentException if {@code steps * batchSize} exceeds the training set and repeats were
     *                                  not allowed; the message says which flags fix it
     */
    void checkBudget(int batchSize, int steps);

    /**
     * Opens a new stream of training batches. Two streams opened with the same seed yield the same batches, so
     * all learning rates of one (gamma0, seed) point see the same data in the same order.
     *
     * @param seed      seed of the sample order (Fashion-MNIST) or of the sample generator (teacher)
     * @param batchSize samples per batch, at least 1
     * @param dataType  {@code FLOAT} or {@code DOUBLE}
     * @return the stream; not thread safe, one per trial
     */
    BatchStream trainingStream(long seed, int batchSize, DataType dataType);

    /**
     * The held-out test set, the same for every call. The returned arrays are shared: read them, never modify
     * them.
     *
     * @param dataType {@code FLOAT} or {@code DOUBLE}
     * @return the test set, features {@code [n, inputSize()]} and one-hot labels {@code [n, numClasses()]}
     */
    DataSet testSet(DataType dataType);
}
