package org.dl4jgamma.bench.sweep;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link TrialStore} in a map, for tests. */
final class InMemoryTrialStore implements TrialStore {

    final Map<String, TrialResult> results = new ConcurrentHashMap<>();

    @Override
    public Optional<TrialResult> find(String protocol, TrialSpec spec) {
        return Optional.ofNullable(results.get(protocol + spec));
    }

    @Override
    public void record(String protocol, TrialResult result) {
        results.put(protocol + result.spec(), result);
    }
}
