package org.dl4jgamma.bench.sweep;

/** The training loss of a sweep. */
public enum LossKind {

    /** Mean squared error on one-hot labels, averaged over the outputs and the batch (DL4J's LossMSE). */
    MSE,

    /** Softmax cross-entropy (DL4J's MCXENT with a softmax output). */
    XENT
}
