package org.dl4jgamma.bench.data;

import org.nd4j.linalg.dataset.DataSet;

/** An online stream of training batches: each call to {@link #next()} returns samples not seen before. */
public interface BatchStream {

    /**
     * @return the next batch, features {@code [batch, d]} and one-hot labels {@code [batch, classes]}
     * @throws IllegalStateException if the stream is exhausted (a finite data set without repeats)
     */
    DataSet next();
}
