package org.dl4jgamma.bench.sweep;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one log line per finished (depth, gamma0, seed) that every protocol writes. */
final class OutcomeLog {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeLog.class);

    private OutcomeLog() {
    }

    static void log(SearchOutcome outcome) {
        if (outcome.best() == null) {
            LOG.warn("{} L={} gamma0={} seed={}: every trial diverged ({} trials, {} steps)", outcome.protocol(),
                    outcome.depth(), fmt(outcome.gamma0()), outcome.seed(), outcome.trials().size(),
                    outcome.stepsSpent());
            return;
        }
        LOG.info("{} L={} gamma0={} seed={}: eta0*={} (final loss {}), eta0_max={} ({} trials, {} steps)",
                outcome.protocol(), outcome.depth(), fmt(outcome.gamma0()), outcome.seed(),
                fmt(outcome.eta0Star()), fmt(outcome.best().finalLoss()), fmt(outcome.eta0Max()),
                outcome.trials().size(), outcome.stepsSpent());
    }

    static String fmt(double value) {
        return String.format("%.3g", value);
    }
}
