package org.dl4jgamma.arbiter.space;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.nd4j.shade.jackson.databind.DeserializationContext;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * Base of this module's one-dimensional leaf spaces: a leaf that keeps its identity through Arbiter's JSON round
 * trip.
 *
 * <p>Arbiter makes two places of a search share one dimension by sharing one {@code ParameterSpace} instance
 * (its candidate generator numbers the leaves by {@code ==}). Plain Jackson writes a shared instance twice and reads
 * it back as two instances, which a new generator would then number as two independent dimensions. Each instance
 * of this class therefore carries an {@code id} (a random UUID, copied by JSON) and is read back through
 * {@link #intern(DeserializationContext, String, SharedLeafSpace)}: within one {@code readValue} call every leaf
 * with the same id becomes the same instance again, so the copy has exactly the dimensions of the original.
 *
 * <p>Equality ({@link #equals(Object)} in subclasses) compares the range and the index, not the id, like Arbiter's
 * own spaces.
 *
 * @param <T> the value type
 */
public abstract class SharedLeafSpace<T> implements ParameterSpace<T> {

    private static final long serialVersionUID = 1L;

    private static final String ATTRIBUTE_PREFIX = SharedLeafSpace.class.getName() + ":";

    /** The identity that survives JSON; shared instances have one id. */
    protected String id;

    /** Position of this dimension in the candidate vector, -1 until a candidate generator sets it. */
    protected int index = -1;

    /** A leaf with a fresh identity. */
    protected SharedLeafSpace() {
        this.id = UUID.randomUUID().toString();
    }

    /**
     * The identity copied by JSON.
     *
     * @return the id
     */
    public String getId() {
        return id;
    }

    /**
     * The position of this dimension in Arbiter's candidate vector.
     *
     * @return the index, or -1 before a candidate generator has numbered the leaves
     */
    public int getIndex() {
        return index;
    }

    /**
     * The uniform draw {@code u} in [0, 1] of this dimension.
     *
     * @param parameterValues Arbiter's candidate vector
     * @return {@code parameterValues[index]}
     * @throws IllegalStateException if no candidate generator has set the index yet
     */
    protected double draw(double[] parameterValues) {
        if (index < 0) {
            throw new IllegalStateException("The index of " + this + " is not set; build a candidate generator "
                    + "(e.g. new RandomSearchGenerator(space)) before calling getValue.");
        }
        return parameterValues[index];
    }

    /** One dimension. */
    @Override
    public int numParameters() {
        return 1;
    }

    @Override
    public List<ParameterSpace> collectLeaves() {
        return Collections.singletonList(this);
    }

    @Override
    public Map<String, ParameterSpace> getNestedSpaces() {
        return Collections.emptyMap();
    }

    @Override
    public boolean isLeaf() {
        return true;
    }

    @Override
    public void setIndices(int... indices) {
        if (indices == null || indices.length != 1) {
            throw new IllegalArgumentException("A one-dimensional space takes exactly one index, got "
                    + (indices == null ? "null" : indices.length + " indices") + ".");
        }
        this.index = indices[0];
    }

    /**
     * Returns the instance already read with this id in the current {@code readValue} call, or registers and
     * returns {@code fresh}.
     *
     * @param ctxt the deserialization context (its per-call attributes hold the instances read so far)
     * @param id the identity read from JSON
     * @param fresh the instance just read
     * @param <S> the space type
     * @return the shared instance
     */
    @SuppressWarnings("unchecked")
    protected static <S extends SharedLeafSpace<?>> S intern(DeserializationContext ctxt, String id, S fresh) {
        String key = ATTRIBUTE_PREFIX + id;
        Object seen = ctxt.getAttribute(key);
        if (seen != null) {
            return (S) seen;
        }

        fresh.id = id;
        ctxt.setAttribute(key, fresh);
        return fresh;
    }

    /**
     * Reads the id and index common to all leaves into {@code space}.
     *
     * @param node the JSON object
     * @param space the new instance
     * @return the id read (a new one if absent)
     */
    protected static String readCommon(JsonNode node, SharedLeafSpace<?> space) {
        if (node.hasNonNull("index")) {
            space.index = node.get("index").asInt();
        }
        return node.hasNonNull("id") ? node.get("id").asText() : space.id;
    }
}
