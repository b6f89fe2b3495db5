package org.dl4jgamma.bench.data;

import org.nd4j.linalg.api.buffer.DataType;

/** The shape and type part of a {@link BatchStream}: what every stream of a data set fixes when it is created. */
abstract class FixedShapeStream implements BatchStream {

    private final int batchSize;
    private final int inputSize;
    private final int numClasses;
    private final DataType dataType;

    /**
     * @param batchSize  samples per batch
     * @param inputSize  features per sample
     * @param numClasses number of classes
     * @param dataType   {@code FLOAT} or {@code DOUBLE}
     */
    FixedShapeStream(int batchSize, int inputSize, int numClasses, DataType dataType) {
        Batches.requireFloatingPoint(dataType);
        this.batchSize = batchSize;
        this.inputSize = inputSize;
        this.numClasses = numClasses;
        this.dataType = dataType;
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public DataType dataType() {
        return dataType;
    }
}
