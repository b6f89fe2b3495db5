package org.dl4jgamma.updater;

import org.nd4j.linalg.schedule.ISchedule;

/**
 * The schedule through which a wrapped stock updater reads its rate from a {@link RegimeUpdater}:
 * {@code valueAt(t) = regimeUpdater.getLearningRate(t)}. Runtime only; it is never written to JSON.
 */
final class RegimeSchedule implements ISchedule {

    private static final long serialVersionUID = 1L;

    private final RegimeUpdater source;

    RegimeSchedule(RegimeUpdater source) {
        this.source = source;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return source.getLearningRate(iteration, epoch);
    }

    @Override
    public ISchedule clone() {
        return new RegimeSchedule(source);
    }
}
