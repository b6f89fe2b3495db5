package org.dl4jgamma.bench.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link BatchStream#nextInto} against {@link BatchStream#next()}: two streams of one seed must give exactly the same
 * batches, one as new arrays and one written into reused arrays, for Fashion-MNIST (small generated IDX files) and
 * the teacher, in float and double; arrays of the wrong shape, type or layout are refused by name.
 */
class BatchStreamTest {

    private static final int BATCH = 5;
    private static final int BATCHES = 4;

    @TempDir
    Path dir;

    private FashionMnist tinyFashionMnist() throws IOException {
        IdxReaderTest.write(dir.resolve("train-images-idx3-ubyte.gz"), IdxReaderTest.imagesBytes(30, 3, 4), true);
        IdxReaderTest.write(dir.resolve("train-labels-idx1-ubyte.gz"), IdxReaderTest.labelsBytes(30), true);
        IdxReaderTest.write(dir.resolve("t10k-images-idx3-ubyte.gz"), IdxReaderTest.imagesBytes(10, 3, 4), true);
        IdxReaderTest.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxReaderTest.labelsBytes(10), true);
        return FashionMnist.load(dir, false);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void fashionMnistWritesTheSameBatchesIntoReusedArrays(DataType type) throws IOException {
        assertSameBatches(tinyFashionMnist(), type);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void theTeacherWritesTheSameBatchesIntoReusedArrays(DataType type) {
        assertSameBatches(new TeacherDataset(7, 4, 3, 10, 2), type);
    }

    private static void assertSameBatches(OnlineDataset data, DataType type) {
        BatchStream fresh = data.trainingStream(9, BATCH, type);
        BatchStream reused = data.trainingStream(9, BATCH, type);
        INDArray x = Nd4j.create(type, BATCH, data.inputSize());
        INDArray y = Nd4j.create(type, BATCH, data.numClasses());
        assertEquals(BATCH, reused.batchSize());
        assertEquals(data.inputSize(), reused.inputSize());
        assertEquals(data.numClasses(), reused.numClasses());
        assertEquals(type, reused.dataType());

        for (int b = 0; b < BATCHES; b++) {
            DataSet expected = fresh.next();
            reused.nextInto(x, y);
            assertEquals(type, expected.getFeatures().dataType());
            assertEquals(expected.getFeatures(), x, "features of batch " + b);
            assertEquals(expected.getLabels(), y, "labels of batch " + b);
            assertEquals(BATCH, y.sumNumber().intValue(), "one-hot labels of batch " + b);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void arraysOfTheWrongShapeTypeOrLayoutAreRefused(DataType type) {
        TeacherDataset data = new TeacherDataset(7, 4, 3, 10, 2);
        BatchStream stream = data.trainingStream(1, BATCH, type);
        INDArray y = Nd4j.create(type, BATCH, 3);
        DataType other = type == DataType.FLOAT ? DataType.DOUBLE : DataType.FLOAT;

        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> stream.nextInto(Nd4j.create(type, BATCH + 1, 7), y));
        assertTrue(rows.getMessage().contains("[5, 7]"), rows.getMessage());
        INDArray x = Nd4j.create(type, BATCH, 7);
        assertThrows(IllegalArgumentException.class, () -> stream.nextInto(x, Nd4j.create(other, BATCH, 3)));
        INDArray columnMajor = Nd4j.create(type, new long[] {BATCH, 7}, 'f');
        assertThrows(IllegalArgumentException.class, () -> stream.nextInto(columnMajor, y));
        INDArray view = Nd4j.create(type, BATCH, 14).get(NDArrayIndex.all(), NDArrayIndex.interval(0, 7));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> stream.nextInto(view, y));
        assertTrue(refused.getMessage().contains("view"), refused.getMessage());
    }
}
