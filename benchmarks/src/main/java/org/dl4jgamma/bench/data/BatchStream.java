package org.dl4jgamma.bench.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An online stream of training batches of a fixed size: every batch holds samples not seen before. A stream draws
 * its samples as plain Java arrays ({@link #nextSamples}); {@link #next()} returns them as a new {@link DataSet},
 * {@link #nextInto} writes them into arrays the caller reuses, which a training loop should prefer: allocating
 * ND4J arrays of this size costs 0.1-0.5 ms each here, about as much as a training step of a small network.
 */
public interface BatchStream {

    /** @return samples per batch {@code B} */
    int batchSize();

    /** @return features per sample {@code d} */
    int inputSize();

    /** @return number of classes {@code K} */
    int numClasses();

    /** @return the data type of the arrays {@link #next()} returns, {@code FLOAT} or {@code DOUBLE} */
    DataType dataType();

    /**
     * Draws the next batch.
     *
     * @param features receives the features, row-major, {@code B * d} values
     * @param labels   receives the class index in {@code [0, K)} of every sample, {@code B} values
     * @throws IllegalStateException if the stream is exhausted (a finite data set without repeats)
     */
    void nextSamples(float[] features, int[] labels);

    /**
     * @return the next batch, features {@code [B, d]} and one-hot labels {@code [B, K]} of {@link #dataType()}
     * @throws IllegalStateException if the stream is exhausted (a finite data set without repeats)
     */
    default DataSet next() {
        INDArray features = Nd4j.createUninitialized(dataType(), batchSize(), inputSize());
        INDArray labels = Nd4j.createUninitialized(dataType(), batchSize(), numClasses());
        nextInto(features, labels);
        return new DataSet(features, labels);
    }

    /**
     * Writes the next batch into existing arrays, the same values {@link #next()} would return.
     *
     * @param features {@code [B, d]}, a whole row-major array of {@link #dataType()}
     * @param labels   {@code [B, K]}, a whole row-major array of {@link #dataType()}, receives one-hot labels
     * @throws IllegalArgumentException if an array has another shape, type or layout
     * @throws IllegalStateException if the stream is exhausted (a finite data set without repeats)
     */
    default void nextInto(INDArray features, INDArray labels) {
        float[] x = new float[batchSize() * inputSize()];
        int[] y = new int[batchSize()];
        nextSamples(x, y);
        Batches.fill(x, y, numClasses(), features, labels);
    }
}
