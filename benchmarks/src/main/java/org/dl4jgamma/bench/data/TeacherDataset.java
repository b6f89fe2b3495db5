package org.dl4jgamma.bench.data;

import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A synthetic classification task with unlimited fresh samples: a random two-layer ReLU teacher network
 * labels Gaussian inputs.
 *
 * <p>Inputs {@code x ~ N(0, I_d)}. The teacher has hidden width h and {@code k} outputs,
 * {@code f(x) = W2 relu(W1 x)} with entries {@code W1 ~ N(0, 1/d)} ({@code h x d}) and
 * {@code W2 ~ N(0, 1/h)} ({@code k x h}), drawn once from the teacher seed. The label is
 * {@code argmax_j f_j(x)}, given one-hot. Training streams draw new inputs from their own seed for ever; the
 * test set is a fixed sample drawn from a seed of its own, so it never coincides with a training stream.
 */
public final class TeacherDataset implements OnlineDataset {

    /** Default input dimension, the same as Fashion-MNIST's 784 pixels. */
    public static final int DEFAULT_INPUT_SIZE = 784;

    /** Default hidden width of the teacher. */
    public static final int DEFAULT_HIDDEN_WIDTH = 64;

    /** Default number of classes. */
    public static final int DEFAULT_CLASSES = 10;

    /** Default size of the fixed test sample. */
    public static final int DEFAULT_TEST_SIZE = 10_000;

    private static final long TEST_SEED_SALT = 0x7E57_5EEDL;
    private static final long STREAM_SEED_SALT = 0x5EED_5EEDL;

    private final int inputSize;
    private final int hiddenWidth;
    private final int classes;
    private final int testSize;
    private final double[] w1;
    private final double[] w2;
    private final long teacherSeed;
    private final Map<DataType, DataSet> testSets = new EnumMap<>(DataType.class);

    /**
     * @param inputSize   input dimension d, at least 1
     * @param hiddenWidth teacher hidden width h, at least 1
     * @param classes     number of classes k, at least 2
     * @param testSize    size of the fixed test sample, at least 1
     * @param teacherSeed seed of the teacher weights and of the test sample
     */
    public TeacherDataset(int inputSize, int hiddenWidth, int classes, int testSize, long teacherSeed) {
        requireAtLeast("inputSize", inputSize, 1);
        requireAtLeast("hiddenWidth", hiddenWidth, 1);
        requireAtLeast("classes", classes, 2);
        requireAtLeast("testSize", testSize, 1);
        this.inputSize = inputSize;
        this.hiddenWidth = hiddenWidth;
        this.classes = classes;
        this.testSize = testSize;
        this.teacherSeed = teacherSeed;

        Random random = new Random(teacherSeed);
        this.w1 = gaussian(random, hiddenWidth * inputSize, 1.0 / Math.sqrt(inputSize));
        this.w2 = gaussian(random, classes * hiddenWidth, 1.0 / Math.sqrt(hiddenWidth));
    }

    /**
     * The default teacher: d = 784, h = 64, 10 classes, 10 000 test samples.
     *
     * @param teacherSeed seed of the teacher weights and of the test sample
     * @return the data set
     */
    public static TeacherDataset withDefaults(long teacherSeed) {
        return new TeacherDataset(DEFAULT_INPUT_SIZE, DEFAULT_HIDDEN_WIDTH, DEFAULT_CLASSES, DEFAULT_TEST_SIZE,
                teacherSeed);
    }

    private static void requireAtLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " = " + value + "; must be at least " + min);
        }
    }

    private static double[] gaussian(Random random, int n, double scale) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextGaussian() * scale;
        }
        return values;
    }

    /**
     * The teacher's label of one input: {@code argmax_j (W2 relu(W1 x))_j}.
     *
     * @param x      features, at least {@code offset + d} long
     * @param offset index of the sample's first feature
     * @return the class index
     */
    int label(float[] x, int offset) {
        double[] hidden = new double[hiddenWidth];
        for (int i = 0; i < hiddenWidth; i++) {
            double sum = 0;
            int row = i * inputSize;
            for (int j = 0; j < inputSize; j++) {
                sum += w1[row + j] * x[offset + j];
            }
            hidden[i] = Math.max(sum, 0);
        }

        int best = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            double sum = 0;
            int row = c * hiddenWidth;
            for (int i = 0; i < hiddenWidth; i++) {
                sum += w2[row + i] * hidden[i];
            }
            if (sum > bestValue) {
                bestValue = sum;
                best = c;
            }
        }
        return best;
    }

    private DataSet sample(Random random, int n, DataType dataType) {
        float[] features = new float[n * inputSize];
        int[] labels = new int[n];
        sampleInto(random, features, labels);
        return Batches.toDataSet(features, labels, n, inputSize, classes, dataType);
    }

    /** Fills {@code features} with Gaussian inputs, row after row, and {@code labels} with the teacher's labels. */
    private void sampleInto(Random random, float[] features, int[] labels) {
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) random.nextGaussian();
        }
        for (int s = 0; s < labels.length; s++) {
            labels[s] = label(features, s * inputSize);
        }
    }

    @Override
    public String name() {
        return "teacher";
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int numClasses() {
        return classes;
    }

    /** The teacher has unlimited samples: every budget is accepted. */
    @Override
    public void checkBudget(int batchSize, int steps) {
        requireAtLeast("batchSize", batchSize, 1);
    }

    @Override
    public BatchStream trainingStream(long seed, int batchSize, DataType dataType) {
        Batches.requireFloatingPoint(dataType);
        requireAtLeast("batchSize", batchSize, 1);
        Random random = new Random(seed ^ STREAM_SEED_SALT ^ (teacherSeed * 31));
        return new FixedShapeStream(batchSize, inputSize, classes, dataType) {

            @Override
            public void nextSamples(float[] features, int[] labels) {
                sampleInto(random, features, labels);
            }
        };
    }

    @Override
    public synchronized DataSet testSet(DataType dataType) {
        Batches.requireFloatingPoint(dataType);
        return testSets.computeIfAbsent(dataType, type -> sample(new Random(teacherSeed ^ TEST_SEED_SALT), testSize,
                type));
    }
}
