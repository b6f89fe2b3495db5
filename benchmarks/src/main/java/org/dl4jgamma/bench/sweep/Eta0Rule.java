package org.dl4jgamma.bench.sweep;

/** A learning-rate rule: the base learning rate eta0 to use at output scale gamma0. */
@FunctionalInterface
public interface Eta0Rule {

    /**
     * @param gamma0 output scale gamma0, positive
     * @return the rule's eta0 at {@code gamma0}
     */
    double eta0(double gamma0);
}
