package org.dl4jgamma.bench.data;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;

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
        INDArray x = Nd4j.createUninitialized(dataType, rows, cols);
        INDArray y = Nd4j.createUninitialized(dataType, rows, classes);
        fill(features, labels, classes, x, y);
        return new DataSet(x, y);
    }

    /**
     * Writes features and one-hot labels into existing arrays, through their native buffers (no ND4J operation, no
     * allocation): {@code x[i, j] = features[i * cols + j]}, {@code y[i, c] = (c == labels[i]) ? 1 : 0}.
     *
     * @param features {@code rows * cols} feature values, row-major
     * @param labels   {@code rows} class indices in {@code [0, classes)}
     * @param classes  number of classes
     * @param x        {@code [rows, cols]}, a whole row-major FLOAT or DOUBLE array
     * @param y        {@code [rows, classes]}, a whole row-major array of x's type
     * @throws IllegalArgumentException if an array has another shape, type or layout, or a label is out of range
     */
    static void fill(float[] features, int[] labels, int classes, INDArray x, INDArray y) {
        int rows = labels.length;
        requireWhole("features", x, rows, x.columns());
        requireWhole("labels", y, rows, classes);
        if ((long) rows * x.columns() != features.length) {
            throw new IllegalArgumentException(features.length + " feature values for a features array of shape "
                    + Arrays.toString(x.shape()));
        }
        if (y.dataType() != x.dataType()) {
            throw new IllegalArgumentException("labels of type " + y.dataType() + " for features of type "
                    + x.dataType() + "; use one type for both");
        }

        double[] oneHot = new double[rows * classes];
        for (int i = 0; i < rows; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " of sample " + i + " is outside [0, "
                        + classes + ")");
            }
            oneHot[i * classes + labels[i]] = 1.0;
        }

        if (x.dataType() == DataType.FLOAT) {
            x.data().asNioFloat().put(features);
            FloatBuffer target = y.data().asNioFloat();
            for (double v : oneHot) {
                target.put((float) v);
            }
        } else {
            DoubleBuffer target = x.data().asNioDouble();
            for (float v : features) {
                target.put(v);
            }
            y.data().asNioDouble().put(oneHot);
        }
    }

    private static void requireWhole(String name, INDArray array, long rows, long cols) {
        requireFloatingPoint(array.dataType());
        if (array.isView() || array.ordering() != 'c' || array.rank() != 2 || array.rows() != rows
                || array.columns() != cols) {
            throw new IllegalArgumentException(name + ": need a whole row-major [" + rows + ", " + cols
                    + "] array, got " + (array.isView() ? "a view of shape " : "shape ")
                    + Arrays.toString(array.shape()) + " order " + array.ordering());
        }
    }

    static void requireFloatingPoint(DataType dataType) {
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("dataType = " + dataType + "; use FLOAT or DOUBLE");
        }
    }
}
