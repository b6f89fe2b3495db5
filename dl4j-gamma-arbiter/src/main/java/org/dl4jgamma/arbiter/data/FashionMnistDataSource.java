package org.dl4jgamma.arbiter.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fashion-MNIST (28x28 grey images, 10 classes) served online from its IDX files: pixels scaled to [0, 1], labels
 * one-hot.
 *
 * <ul>
 *   <li>training stream ({@link #trainData()}): {@code steps} batches drawn without replacement from the first
 *       {@value #TRAIN_EXAMPLES} training images in an order fixed by {@value OnlineDataSource#SEED} (a new
 *       permutation starts when they run out);</li>
 *   <li>held-out batches ({@link #testData()}): the last {@value #HELD_OUT_EXAMPLES} training images, never
 *       trained on, in a fixed order;</li>
 *   <li>test set ({@link #testSet()}): the 10,000 {@code t10k} images.</li>
 * </ul>
 *
 * The files ({@code train-images-idx3-ubyte[.gz]} etc.) are looked up in the directory given by the property
 * {@value #DATA_DIR}, then the system property {@value #DATA_DIR_SYSTEM_PROPERTY}, then
 * {@value #DEFAULT_DATA_DIR}. They are read once per JVM and kept as bytes (about 55 MB).
 */
public class FashionMnistDataSource extends OnlineDataSource {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(FashionMnistDataSource.class);

    /** Property: directory holding the four IDX files. */
    public static final String DATA_DIR = "dataDir";

    /** System property consulted when {@value #DATA_DIR} is not set. */
    public static final String DATA_DIR_SYSTEM_PROPERTY = "dl4jgamma.fashionMnistDir";

    /** Directory of the Debian package {@code dataset-fashion-mnist}, the last place looked in. */
    public static final String DEFAULT_DATA_DIR = "/usr/share/datasets/fashion-mnist";

    /** Training images used by the training stream. */
    public static final int TRAIN_EXAMPLES = 50_000;

    /** Training images held out for the online loss. */
    public static final int HELD_OUT_EXAMPLES = 10_000;

    /** Pixels per image. */
    public static final int PIXELS = 28 * 28;

    /** Number of classes. */
    public static final int CLASSES = 10;

    private static final long TRAIN_SALT = 11;

    private static final long HELD_OUT_SALT = 12;

    private static final Map<Path, Split[]> CACHE = new ConcurrentHashMap<>();

    private String dataDir;

    /** For Arbiter (configured by {@link #configure(Properties)}). */
    public FashionMnistDataSource() {
    }

    @Override
    public void configure(Properties properties) {
        super.configure(properties);
        if (properties != null) {
            dataDir = properties.getProperty(DATA_DIR, dataDir);
        }
    }

    /**
     * The directory the files are read from: the {@value #DATA_DIR} property, the system property
     * {@value #DATA_DIR_SYSTEM_PROPERTY}, else {@value #DEFAULT_DATA_DIR}.
     *
     * @param dataDir the configured directory or null
     * @return the directory
     */
    public static Path resolveDirectory(String dataDir) {
        if (dataDir != null && !dataDir.isBlank()) {
            return Paths.get(dataDir);
        }
        String fromSystem = System.getProperty(DATA_DIR_SYSTEM_PROPERTY);
        return Paths.get(fromSystem != null && !fromSystem.isBlank() ? fromSystem : DEFAULT_DATA_DIR);
    }

    /**
     * Whether the four files are present in a directory.
     *
     * @param dir the directory
     * @return true if every file exists, plain or gzipped
     */
    public static boolean isAvailable(Path dir) {
        for (String name : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
            if (find(dir, name) == null) {
                return false;
            }
        }
        return true;
    }

    @Override
    public DataSetIterator trainData() {
        Split train = splits()[0];
        long streamSeed = streamSeed(seed, TRAIN_SALT);
        return new BatchStreamIterator(b -> trainBatch(train, streamSeed, b), steps, batchSize, PIXELS, CLASSES);
    }

    @Override
    public DataSetIterator testData() {
        Split train = splits()[0];
        int[] order = permutation(HELD_OUT_EXAMPLES, streamSeed(0, HELD_OUT_SALT));
        int batches = Math.min(heldOutBatches, HELD_OUT_EXAMPLES / batchSize);
        return new BatchStreamIterator(b -> {
            int[] rows = new int[batchSize];
            for (int r = 0; r < batchSize; r++) {
                rows[r] = TRAIN_EXAMPLES + order[b * batchSize + r];
            }
            return train.batch(rows);
        }, batches, batchSize, PIXELS, CLASSES);
    }

    @Override
    public DataSetIterator testSet() {
        Split test = splits()[1];
        int batch = 1000;
        return new BatchStreamIterator(b -> {
            int n = Math.min(batch, test.size() - b * batch);
            int[] rows = new int[n];
            for (int r = 0; r < n; r++) {
                rows[r] = b * batch + r;
            }
            return test.batch(rows);
        }, (test.size() + batch - 1) / batch, batch, PIXELS, CLASSES);
    }

    @Override
    public int inputColumns() {
        return PIXELS;
    }

    @Override
    public int numClasses() {
        return CLASSES;
    }

    /** Batch b of the training stream: positions b*B .. b*B+B-1 of consecutive permutations of the 50,000. */
    private DataSet trainBatch(Split train, long streamSeed, int b) {
        int[] rows = new int[batchSize];
        int epoch = -1;
        int[] order = null;
        for (int r = 0; r < batchSize; r++) {
            long position = (long) b * batchSize + r;
            int e = (int) (position / TRAIN_EXAMPLES);
            if (e != epoch) {
                epoch = e;
                order = permutation(TRAIN_EXAMPLES, streamSeed(streamSeed, e));
            }
            rows[r] = order[(int) (position % TRAIN_EXAMPLES)];
        }
        return train.batch(rows);
    }

    private Split[] splits() {
        Path dir = resolveDirectory(dataDir).toAbsolutePath().normalize();
        if (!isAvailable(dir)) {
            throw new IllegalStateException("Fashion-MNIST IDX files not found in " + dir + "; set the data source "
                    + "property '" + DATA_DIR + "' or -D" + DATA_DIR_SYSTEM_PROPERTY + "=DIR, or install the Debian "
                    + "package dataset-fashion-mnist (" + DEFAULT_DATA_DIR + ").");
        }
        return CACHE.computeIfAbsent(dir, FashionMnistDataSource::load);
    }

    private static Split[] load(Path dir) {
        try {
            long start = System.nanoTime();
            Split train = new Split(IdxFiles.readUnsignedBytes(find(dir, "train-images-idx3-ubyte"), 3),
                    IdxFiles.readUnsignedBytes(find(dir, "train-labels-idx1-ubyte"), 1));
            Split test = new Split(IdxFiles.readUnsignedBytes(find(dir, "t10k-images-idx3-ubyte"), 3),
                    IdxFiles.readUnsignedBytes(find(dir, "t10k-labels-idx1-ubyte"), 1));
            LOG.info("Read Fashion-MNIST from {}: {} training and {} test images in {} ms", dir, train.size(),
                    test.size(), (System.nanoTime() - start) / 1_000_000);
            return new Split[] {train, test};
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read Fashion-MNIST from " + dir, e);
        }
    }

    private static Path find(Path dir, String name) {
        for (Path p : new Path[] {dir.resolve(name), dir.resolve(name + ".gz")}) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** A Fisher-Yates permutation of 0..n-1 from a seeded generator. */
    private static int[] permutation(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Images and labels of one IDX pair. */
    private static final class Split {

        private final byte[] images;

        private final byte[] labels;

        Split(byte[] images, byte[] labels) {
            if (images.length != labels.length * PIXELS) {
                throw new IllegalStateException("IDX images (" + images.length / PIXELS + ") and labels ("
                        + labels.length + ") differ in count.");
            }
            this.images = images;
            this.labels = labels;
        }

        int size() {
            return labels.length;
        }

        /** Features pixel / 255 and one-hot labels of the given rows. */
        DataSet batch(int[] rows) {
            float[][] x = new float[rows.length][PIXELS];
            float[][] y = new float[rows.length][CLASSES];
            for (int r = 0; r < rows.length; r++) {
                int offset = rows[r] * PIXELS;
                for (int p = 0; p < PIXELS; p++) {
                    x[r][p] = (images[offset + p] & 0xFF) / 255f;
                }
                y[r][labels[rows[r]] & 0xFF] = 1f;
            }
            return new DataSet(Nd4j.create(x), Nd4j.create(y));
        }
    }
}
