package org.dl4jgamma.bench.sweep;

import java.util.Optional;

/**
 * Where finished trials go, and where a resumed sweep finds them again. Implementations are thread safe.
 */
public interface TrialStore {

    /**
     * @param protocol name of the protocol that asked for the trial
     * @param spec     the trial
     * @return the stored result of exactly this trial for this protocol, if any
     */
    Optional<TrialResult> find(String protocol, TrialSpec spec);

    /**
     * Records a finished trial durably before returning.
     *
     * @param protocol name of the protocol that asked for the trial
     * @param result   the result
     */
    void record(String protocol, TrialResult result);
}
