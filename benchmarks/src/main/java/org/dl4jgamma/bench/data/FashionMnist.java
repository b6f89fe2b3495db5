package org.dl4jgamma.bench.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fashion-MNIST (60 000 training and 10 000 test images of 28 x 28 pixels, 10 classes) as an
 * {@link OnlineDataset}.
 *
 * <p><b>Where the files are found.</b> The four IDX files ({@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each with
 * or without {@code .gz}) are looked up in the directory given by {@code --data-dir}, or else in
 * {@link #DEBIAN_DIR}, where the Debian package {@code dataset-fashion-mnist} installs them.
 *
 * <p><b>Standardisation.</b> Pixels p in 0..255 become {@code x = (p / 255 - mu) / sigma}, with one scalar
 * mean {@code mu} and one scalar standard deviation {@code sigma} over all pixels of all training images
 * (about 0.286 and 0.353). The test images use the training statistics.
 *
 * <p><b>Online batches.</b> A training stream walks through a permutation of the 60 000 training images
 * drawn from its seed, so no image is used twice. If a trial needs more samples than that, it is refused by
 * {@link #checkBudget(int, int)} unless repeats were allowed; then a fresh permutation starts after each pass.
 */
public final class FashionMnist implements OnlineDataset {

    /** Directory where the Debian package {@code dataset-fashion-mnist} installs the files. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** Number of classes. */
    public static final int CLASSES = 10;

    private static final Logger LOG = LoggerFactory.getLogger(FashionMnist.class);
    private static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    private static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    private static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    private static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    private final int inputSize;
    private final float[] trainFeatures;
    private final int[] trainLabels;
    private final float[] testFeatures;
    private final int[] testLabels;
    private final boolean allowRepeats;
    private final double mean;
    private final double std;
    private final Map<DataType, DataSet> testSets = new EnumMap<>(DataType.class);

    private FashionMnist(IdxReader.Images trainImages, int[] trainLabels, IdxReader.Images testImages,
                         int[] testLabels, boolean allowRepeats) {
        this.inputSize = trainImages.pixelsPerImage();
        this.trainLabels = trainLabels;
        this.testLabels = testLabels;
        this.allowRepeats = allowRepeats;

        double sum = 0;
        double sumSquares = 0;
        for (byte b : trainImages.pixels()) {
            double x = (b & 0xff) / 255.0;
            sum += x;
            sumSquares += x * x;
        }
        long n = trainImages.pixels().length;
        this.mean = sum / n;
        this.std = Math.sqrt(Math.max(sumSquares / n - mean * mean, 1e-12));

        this.trainFeatures = standardise(trainImages.pixels());
        this.testFeatures = standardise(testImages.pixels());
    }

    /**
     * Loads the four files from {@code dataDir}, or from {@link #DEBIAN_DIR} when {@code dataDir} is null.
     *
     * @param dataDir      directory given by {@code --data-dir}, or null
     * @param allowRepeats whether a trial may need more samples than the training set holds
     * @return the data set, standardised
     * @throws IOException if a file is missing or malformed; a missing file's message names the Debian package
     *                     and {@code --data-dir}
     */
    public static FashionMnist load(Path dataDir, boolean allowRepeats) throws IOException {
        Path dir = dataDir != null ? dataDir : DEBIAN_DIR;
        Path trainImagesFile = locate(dir, TRAIN_IMAGES, dataDir != null);
        Path trainLabelsFile = locate(dir, TRAIN_LABELS, dataDir != null);
        Path testImagesFile = locate(dir, TEST_IMAGES, dataDir != null);
        Path testLabelsFile = locate(dir, TEST_LABELS, dataDir != null);

        IdxReader.Images trainImages = IdxReader.readImages(trainImagesFile);
        int[] trainLabels = IdxReader.readLabels(trainLabelsFile);
        IdxReader.Images testImages = IdxReader.readImages(testImagesFile);
        int[] testLabels = IdxReader.readLabels(testLabelsFile);
        checkConsistent(trainImagesFile, trainImages, trainLabelsFile, trainLabels);
        checkConsistent(testImagesFile, testImages, testLabelsFile, testLabels);
        if (testImages.pixelsPerImage() != trainImages.pixelsPerImage()) {
            throw new IOException(testImagesFile + ": images of " + testImages.rows() + " x " + testImages.cols()
                    + ", but the training images are " + trainImages.rows() + " x " + trainImages.cols());
        }

        FashionMnist data = new FashionMnist(trainImages, trainLabels, testImages, testLabels, allowRepeats);
        LOG.info("Fashion-MNIST from {}: {} training and {} test images, standardised with mean {} and std {}",
                dir, trainLabels.length, testLabels.length, String.format("%.4f", data.mean),
                String.format("%.4f", data.std));
        return data;
    }

    /**
     * Checks that the four files are there, without reading them, so that a long job can refuse to start.
     *
     * @param dataDir directory given by {@code --data-dir}, or null for {@link #DEBIAN_DIR}
     * @throws IOException naming the first missing file, the Debian package and {@code --data-dir}
     */
    public static void requireFiles(Path dataDir) throws IOException {
        Path dir = dataDir != null ? dataDir : DEBIAN_DIR;
        for (String name : List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS)) {
            locate(dir, name, dataDir != null);
        }
    }

    /**
     * Finds {@code baseName} or {@code baseName.gz} in {@code dir}.
     *
     * @param dir           the directory searched
     * @param baseName      file name without {@code .gz}
     * @param fromCommandLine whether {@code dir} came from {@code --data-dir} (changes the advice given)
     * @return the path of the file found
     * @throws IOException naming both candidates, the Debian package and {@code --data-dir}
     */
    static Path locate(Path dir, String baseName, boolean fromCommandLine) throws IOException {
        List<Path> candidates = new ArrayList<>();
        candidates.add(dir.resolve(baseName + ".gz"));
        candidates.add(dir.resolve(baseName));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }

        String advice = fromCommandLine
                ? "check --data-dir, or drop it to use the Debian package location " + DEBIAN_DIR
                : "install the Debian package dataset-fashion-mnist (sudo apt install dataset-fashion-mnist),"
                        + " or pass --data-dir DIR with the four Fashion-MNIST IDX files";
        throw new IOException("Fashion-MNIST file not found: neither " + candidates.get(0) + " nor "
                + candidates.get(1) + " exists; " + advice);
    }

    private static void checkConsistent(Path imagesFile, IdxReader.Images images, Path labelsFile, int[] labels)
            throws IOException {
        if (images.count() != labels.length) {
            throw new IOException(imagesFile + " holds " + images.count() + " images but " + labelsFile + " holds "
                    + labels.length + " labels; the two files must come from the same split");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= CLASSES) {
                throw new IOException(labelsFile + ": label " + labels[i] + " at index " + i + ", expected 0.."
                        + (CLASSES - 1));
            }
        }
    }

    private float[] standardise(byte[] pixels) {
        float[] out = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            out[i] = (float) (((pixels[i] & 0xff) / 255.0 - mean) / std);
        }
        return out;
    }

    /** @return the mean mu of the training pixels scaled to [0, 1], used to standardise */
    public double pixelMean() {
        return mean;
    }

    /** @return the standard deviation sigma of the training pixels scaled to [0, 1], used to standardise */
    public double pixelStd() {
        return std;
    }

    /** @return number of training images */
    public int trainingSize() {
        return trainLabels.length;
    }

    @Override
    public String name() {
        return "fashion-mnist";
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int numClasses() {
        return CLASSES;
    }

    @Override
    public void checkBudget(int batchSize, int steps) {
        long needed = (long) batchSize * steps;
        if (needed > trainLabels.length && !allowRepeats) {
            throw new IllegalArgumentException("--steps " + steps + " x --batch " + batchSize + " = " + needed
                    + " samples, but Fashion-MNIST has only " + trainLabels.length + " training images and online"
                    + " training never reuses one; lower --steps or --batch, pass --allow-repeats, or use"
                    + " --dataset teacher (unlimited samples)");
        }
    }

    @Override
    public BatchStream trainingStream(long seed, int batchSize, DataType dataType) {
        Batches.requireFloatingPoint(dataType);
        if (batchSize < 1 || batchSize > trainLabels.length) {
            throw new IllegalArgumentException("batchSize = " + batchSize + "; use 1.." + trainLabels.length);
        }
        return new PermutationStream(seed, batchSize, dataType);
    }

    @Override
    public synchronized DataSet testSet(DataType dataType) {
        Batches.requireFloatingPoint(dataType);
        return testSets.computeIfAbsent(dataType, type -> Batches.toDataSet(testFeatures, testLabels,
                testLabels.length, inputSize, CLASSES, type));
    }

    /** Walks a seeded permutation of the training set; a new permutation only if repeats are allowed. */
    private final class PermutationStream extends FixedShapeStream {

        private final Random random;
        private final int[] order;
        private int cursor;
        private int passes;

        PermutationStream(long seed, int batchSize, DataType dataType) {
            super(batchSize, inputSize, CLASSES, dataType);
            this.random = new Random(seed);
            this.order = new int[trainLabels.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            shuffle();
        }

        private void shuffle() {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
            cursor = 0;
            passes++;
        }

        @Override
        public void nextSamples(float[] features, int[] labels) {
            int batchSize = batchSize();
            if (cursor + batchSize > order.length) {
                if (!allowRepeats) {
                    throw new IllegalStateException("all " + order.length + " training images were used once;"
                            + " pass --allow-repeats to start a new pass over them");
                }
                LOG.debug("Fashion-MNIST stream: starting pass {} over the training set", passes + 1);
                shuffle();
            }

            for (int b = 0; b < batchSize; b++) {
                int sample = order[cursor++];
                System.arraycopy(trainFeatures, sample * inputSize, features, b * inputSize, inputSize);
                labels[b] = trainLabels[sample];
            }
        }
    }
}
