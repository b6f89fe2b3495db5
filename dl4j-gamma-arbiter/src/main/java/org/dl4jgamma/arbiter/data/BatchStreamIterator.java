package org.dl4jgamma.arbiter.data;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.IntFunction;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * A {@link DataSetIterator} over {@code numBatches} batches made on demand by a function of the batch number
 * (0, 1, ...). The function is deterministic, so {@link #reset()} replays the same batches; nothing is held in
 * memory. Not asynchronous: DL4J consumes the batches on the training thread.
 */
public class BatchStreamIterator implements DataSetIterator {

    private static final long serialVersionUID = 1L;

    private final transient IntFunction<DataSet> batchMaker;

    private final int numBatches;

    private final int batchSize;

    private final int inputColumns;

    private final int totalOutcomes;

    private int cursor;

    private DataSetPreProcessor preProcessor;

    /**
     * An iterator over {@code numBatches} batches.
     *
     * @param batchMaker makes batch {@code i} (deterministic in i)
     * @param numBatches how many batches, at least 0
     * @param batchSize examples per batch
     * @param inputColumns feature width
     * @param totalOutcomes label width
     */
    public BatchStreamIterator(IntFunction<DataSet> batchMaker, int numBatches, int batchSize, int inputColumns,
                               int totalOutcomes) {
        if (numBatches < 0) {
            throw new IllegalArgumentException("numBatches must be >= 0, got " + numBatches + ".");
        }
        this.batchMaker = batchMaker;
        this.numBatches = numBatches;
        this.batchSize = batchSize;
        this.inputColumns = inputColumns;
        this.totalOutcomes = totalOutcomes;
    }

    @Override
    public boolean hasNext() {
        return cursor < numBatches;
    }

    @Override
    public DataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException("All " + numBatches + " batches were served; call reset().");
        }

        DataSet batch = batchMaker.apply(cursor++);
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        return batch;
    }

    /** Batches have a fixed size; {@code num} is ignored. */
    @Override
    public DataSet next(int num) {
        return next();
    }

    @Override
    public int inputColumns() {
        return inputColumns;
    }

    @Override
    public int totalOutcomes() {
        return totalOutcomes;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void reset() {
        cursor = 0;
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    /** Not known for a stream. */
    @Override
    public List<String> getLabels() {
        return null;
    }

    /**
     * The number of batches this iterator serves.
     *
     * @return numBatches
     */
    public int numBatches() {
        return numBatches;
    }
}
