package org.dl4jgamma.arbiter.space;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.nd4j.shade.jackson.core.JsonParser;
import org.nd4j.shade.jackson.databind.DeserializationContext;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.annotation.JsonDeserialize;
import org.nd4j.shade.jackson.databind.deser.std.StdDeserializer;

/**
 * A discrete Arbiter dimension choosing one of a few integers with equal probability: for the uniform draw
 * {@code u} in [0, 1], {@code value = values[min(floor(u * k), k - 1)]} with {@code k = values.length}.
 *
 * <p>Meant for an architecture size that other spaces derive from, such as the hidden width N that both the
 * dense layer space ({@code nOut}) and the {@link RegimeUpdaterSpace} ({@code lr = N * eta0}) read: share one
 * instance, and the sharing survives JSON (see {@link SharedLeafSpace}).
 */
@JsonDeserialize(using = IntegerChoiceSpace.Deserializer.class)
public class IntegerChoiceSpace extends SharedLeafSpace<Integer> {

    private static final long serialVersionUID = 1L;

    private int[] values;

    /**
     * A choice among {@code values}.
     *
     * @param values at least one value
     * @throws IllegalArgumentException if no value is given
     */
    public IntegerChoiceSpace(int... values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("An integer choice needs at least one value, got none; e.g. "
                    + "new IntegerChoiceSpace(64, 128, 256) for the width.");
        }
        this.values = values.clone();
    }

    /**
     * The chosen value: {@code values[min(floor(u * k), k - 1)]}.
     *
     * @param parameterValues Arbiter's candidate vector
     * @return the value
     */
    @Override
    public Integer getValue(double[] parameterValues) {
        int k = values.length;
        int i = (int) Math.floor(draw(parameterValues) * k);
        return values[Math.max(0, Math.min(k - 1, i))];
    }

    /**
     * The values to choose from.
     *
     * @return a copy of the values
     */
    public int[] getValues() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof IntegerChoiceSpace)) {
            return false;
        }
        IntegerChoiceSpace s = (IntegerChoiceSpace) o;
        return Arrays.equals(values, s.values) && index == s.index;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + index;
    }

    @Override
    public String toString() {
        return "IntegerChoiceSpace(" + Arrays.toString(values) + ")";
    }

    /** Reads an {@link IntegerChoiceSpace}, restoring shared instances. */
    public static class Deserializer extends StdDeserializer<IntegerChoiceSpace> {

        private static final long serialVersionUID = 1L;

        /** For Jackson. */
        public Deserializer() {
            super(IntegerChoiceSpace.class);
        }

        @Override
        public IntegerChoiceSpace deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = ctxt.readTree(p);
            List<Integer> read = new ArrayList<>();
            node.get("values").forEach(v -> read.add(v.asInt()));
            IntegerChoiceSpace space = new IntegerChoiceSpace(read.stream().mapToInt(Integer::intValue).toArray());
            String id = readCommon(node, space);
            return intern(ctxt, id, space);
        }
    }
}
