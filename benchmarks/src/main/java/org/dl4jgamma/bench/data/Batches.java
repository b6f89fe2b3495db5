package org.dl4jgamma.bench.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Builds ND4J {@link DataSet}s from plain Java arrays: dense features and one-hot labels. */
final class Batches {

    private Batches() {
    }

    /**
     * @param features  {@code rows * cols} feature values, row-major
     * @param labels    {@code rows} class indices in {@code [0, classes)}
     * @param rows      number of samples
     * @param cols      features per sample
     * @param classes   number of classes
     * @param dataType  {@code FLOAT} or {@code DOUBLE}
     * @return features {@code [rows, cols]} and one-hot labels {@code [rows, classes]}
     */
    static DataSet toDataSet(float[] features, int[] labels, int rows, int cols, int classes, DataType dataType) {
        requireFloatingPoint(dataType);

        INDArray x;
        if (dataType == DataType.DOUBLE) {
            double[] values = new double[features.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = features[i];
            }
            x = Nd4j.create(values, new long[] {rows, cols}, DataType.DOUBLE);
        } else {
            x = Nd4j.create(features, new long[] {rows, cols}, 'c');
        }

        INDArray y = Nd4j.zeros(dataType, rows, classes);
        for (int i = 0; i < rows; i++) {
            y.putScalar(i, labels[i], 1.0);
        }
        return new DataSet(x, y);
    }

    static void requireFloatingPoint(DataType dataType) {
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("dataType = " + dataType + "; use FLOAT or DOUBLE");
        }
    }
}
