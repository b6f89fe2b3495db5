package org.dl4jgamma.arbiter.data;

import java.util.Properties;

import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Base of the Arbiter {@link DataSource}s for online training: {@link #trainData()} serves {@code steps} fresh
 * batches (one SGD step each, no example seen twice within the run), {@link #testData()} serves
 * {@code heldOutBatches} held-out batches that training never sees (the online loss the search minimises), and
 * {@link #testSet()} a separate test set for the final accuracy. Every stream is deterministic in the seeds, so
 * every candidate of a search trains on the same stream and is scored on the same held-out batches.
 *
 * <p>Arbiter creates the source by its no-argument constructor and calls {@link #configure(Properties)} with these
 * keys (defaults in brackets): {@value #BATCH_SIZE} [64], {@value #STEPS} [300], {@value #HELD_OUT_BATCHES} [10],
 * {@value #SEED} [0], plus the keys of the subclass.
 */
public abstract class OnlineDataSource implements DataSource {

    private static final long serialVersionUID = 1L;

    /** Property: examples per batch. */
    public static final String BATCH_SIZE = "batchSize";

    /** Property: number of training batches, one SGD step each. */
    public static final String STEPS = "steps";

    /** Property: number of held-out batches for the online loss. */
    public static final String HELD_OUT_BATCHES = "heldOutBatches";

    /** Property: seed of the training stream. */
    public static final String SEED = "seed";

    /** Batch size. */
    protected int batchSize = 64;

    /** Training batches. */
    protected int steps = 300;

    /** Held-out batches. */
    protected int heldOutBatches = 10;

    /** Training-stream seed. */
    protected long seed;

    @Override
    public void configure(Properties properties) {
        if (properties == null) {
            return;
        }
        batchSize = positiveInt(properties, BATCH_SIZE, batchSize);
        steps = positiveInt(properties, STEPS, steps);
        heldOutBatches = positiveInt(properties, HELD_OUT_BATCHES, heldOutBatches);
        seed = Long.parseLong(properties.getProperty(SEED, Long.toString(seed)).trim());
    }

    /**
     * {@code steps} fresh training batches.
     *
     * @return a {@link DataSetIterator}
     */
    @Override
    public abstract DataSetIterator trainData();

    /**
     * {@code heldOutBatches} held-out batches, the same for every candidate.
     *
     * @return a {@link DataSetIterator}
     */
    @Override
    public abstract DataSetIterator testData();

    /**
     * The test set for the final accuracy (separate from the held-out batches the search selects on).
     *
     * @return a {@link DataSetIterator}
     */
    public abstract DataSetIterator testSet();

    /**
     * Feature width of the examples.
     *
     * @return d
     */
    public abstract int inputColumns();

    /**
     * Number of classes (one-hot label width).
     *
     * @return the number of classes
     */
    public abstract int numClasses();

    @Override
    public Class<?> getDataType() {
        return DataSetIterator.class;
    }

    /**
     * Reads a positive integer property.
     *
     * @param p the properties
     * @param key the key
     * @param fallback the value when the key is absent
     * @return the value
     * @throws IllegalArgumentException naming the key and the bad value
     */
    protected static int positiveInt(Properties p, String key, int fallback) {
        String s = p.getProperty(key);
        if (s == null) {
            return fallback;
        }
        int v;
        try {
            v = Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Property " + key + " must be a positive integer, got \"" + s + "\".");
        }
        if (v < 1) {
            throw new IllegalArgumentException("Property " + key + " must be >= 1, got " + v + ".");
        }
        return v;
    }

    /**
     * A seed for one named stream, derived from a base seed (SplitMix64 finaliser of {@code base + salt}).
     *
     * @param base the base seed
     * @param salt the stream's constant
     * @return a well-mixed seed
     */
    protected static long streamSeed(long base, long salt) {
        long z = base + salt * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
