package org.dl4jgamma.arbiter.data;

import java.util.Properties;
import java.util.SplittableRandom;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Synthetic classification by a random two-layer ReLU teacher, with unlimited fresh samples:
 *
 * <pre>
 *   x ~ N(0, I_d),   t(x) = V relu(U x),   label = one-hot(argmax_k t_k(x))
 *   U_ij ~ N(0, 1/d)  (teacherWidth x d),   V_kj ~ N(0, 1/teacherWidth)  (classes x teacherWidth)
 * </pre>
 *
 * The teacher is fixed by {@value #TEACHER_SEED}; the training, held-out and test streams draw x from three
 * independent generators derived from {@value OnlineDataSource#SEED} (training) and the teacher seed (held-out and
 * test), so they never share an example. Extra properties (defaults in brackets): {@value #INPUT_DIM} [32],
 * {@value #TEACHER_WIDTH} [64], {@value #CLASSES} [10], {@value #TEACHER_SEED} [0], {@value #TEST_EXAMPLES} [2000].
 * Needs no files, which makes it the data of the CI tests.
 */
public class TeacherDataSource extends OnlineDataSource {

    private static final long serialVersionUID = 1L;

    /** Property: input dimension d. */
    public static final String INPUT_DIM = "inputDim";

    /** Property: hidden width of the teacher. */
    public static final String TEACHER_WIDTH = "teacherWidth";

    /** Property: number of classes. */
    public static final String CLASSES = "classes";

    /** Property: seed of the teacher's weights (and of the held-out and test streams). */
    public static final String TEACHER_SEED = "teacherSeed";

    /** Property: number of test examples for the final accuracy. */
    public static final String TEST_EXAMPLES = "testExamples";

    private static final long TRAIN_SALT = 1;

    private static final long HELD_OUT_SALT = 2;

    private static final long TEST_SALT = 3;

    private int inputDim = 32;

    private int teacherWidth = 64;

    private int classes = 10;

    private long teacherSeed;

    private int testExamples = 2000;

    private transient double[][] u;

    private transient double[][] v;

    /** For Arbiter (configured by {@link #configure(Properties)}). */
    public TeacherDataSource() {
    }

    @Override
    public void configure(Properties properties) {
        super.configure(properties);
        if (properties != null) {
            inputDim = positiveInt(properties, INPUT_DIM, inputDim);
            teacherWidth = positiveInt(properties, TEACHER_WIDTH, teacherWidth);
            classes = positiveInt(properties, CLASSES, classes);
            testExamples = positiveInt(properties, TEST_EXAMPLES, testExamples);
            teacherSeed = Long.parseLong(properties.getProperty(TEACHER_SEED, Long.toString(teacherSeed)).trim());
        }
        u = null;
    }

    @Override
    public DataSetIterator trainData() {
        return stream(streamSeed(seed, TRAIN_SALT), steps, batchSize);
    }

    @Override
    public DataSetIterator testData() {
        return stream(streamSeed(teacherSeed, HELD_OUT_SALT), heldOutBatches, batchSize);
    }

    @Override
    public DataSetIterator testSet() {
        int batch = Math.min(500, testExamples);
        return stream(streamSeed(teacherSeed, TEST_SALT), (testExamples + batch - 1) / batch, batch);
    }

    @Override
    public int inputColumns() {
        return inputDim;
    }

    @Override
    public int numClasses() {
        return classes;
    }

    /**
     * The teacher's label for one input: {@code argmax_k (V relu(U x))_k}.
     *
     * @param x an input of length d
     * @return the class index
     */
    public int label(double[] x) {
        ensureTeacher();
        double[] h = new double[teacherWidth];
        for (int j = 0; j < teacherWidth; j++) {
            double s = 0;
            for (int i = 0; i < inputDim; i++) {
                s += u[j][i] * x[i];
            }
            h[j] = Math.max(0, s);
        }

        int best = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            double t = 0;
            for (int j = 0; j < teacherWidth; j++) {
                t += v[k][j] * h[j];
            }
            if (t > bestValue) {
                bestValue = t;
                best = k;
            }
        }
        return best;
    }

    /**
     * A stream of batches: batch {@code b} is drawn from a generator seeded by {@code streamSeed(seed, b)}, so any
     * batch can be remade alone and reset() replays the stream.
     */
    private DataSetIterator stream(long streamSeed, int numBatches, int batch) {
        ensureTeacher();
        return new BatchStreamIterator(b -> batch(new SplittableRandom(streamSeed(streamSeed, b)), batch),
                numBatches, batch, inputDim, classes);
    }

    private DataSet batch(SplittableRandom random, int n) {
        float[][] features = new float[n][inputDim];
        float[][] labels = new float[n][classes];
        double[] x = new double[inputDim];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < inputDim; i++) {
                x[i] = gaussian(random);
                features[r][i] = (float) x[i];
            }
            labels[r][label(x)] = 1f;
        }
        return new DataSet(Nd4j.create(features), Nd4j.create(labels));
    }

    private synchronized void ensureTeacher() {
        if (u != null) {
            return;
        }

        SplittableRandom random = new SplittableRandom(teacherSeed);
        double[][] newU = new double[teacherWidth][inputDim];
        for (double[] row : newU) {
            for (int i = 0; i < inputDim; i++) {
                row[i] = gaussian(random) / Math.sqrt(inputDim);
            }
        }
        double[][] newV = new double[classes][teacherWidth];
        for (double[] row : newV) {
            for (int j = 0; j < teacherWidth; j++) {
                row[j] = gaussian(random) / Math.sqrt(teacherWidth);
            }
        }
        v = newV;
        u = newU;
    }

    /** A standard normal by the Box-Muller transform. */
    private static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
