package org.dl4jgamma.arbiter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Properties;

import org.dl4jgamma.arbiter.data.FashionMnistDataSource;
import org.dl4jgamma.arbiter.data.TeacherDataSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** The online data sources: shapes, one-hot labels, determinism, and training never sharing held-out batches. */
class DataSourceTest {

    @Test
    void teacherStreamsAreDeterministicOneHotAndDistinct() {
        Properties p = new Properties();
        p.setProperty(TeacherDataSource.STEPS, "3");
        p.setProperty(TeacherDataSource.BATCH_SIZE, "16");
        TeacherDataSource a = new TeacherDataSource();
        a.configure(p);
        TeacherDataSource b = new TeacherDataSource();
        b.configure(p);

        DataSet first = a.trainData().next();

        assertEquals(first.getFeatures(), b.trainData().next().getFeatures(), "same seed, same stream");
        assertNotEquals(first.getFeatures(), a.testData().next().getFeatures(), "held-out differs from training");
        assertEquals(16, first.numExamples());
        assertEquals(32, first.getFeatures().columns());
        INDArray rowSums = first.getLabels().sum(1);
        assertEquals(16.0, rowSums.sumNumber().doubleValue(), 0.0, "one-hot labels");
        assertEquals(1.0, rowSums.maxNumber().doubleValue(), 0.0);
        DataSetIterator train = a.trainData();
        int batches = 0;
        while (train.hasNext()) {
            train.next();
            batches++;
        }
        assertEquals(3, batches, "one batch per step");
    }

    @Test
    void fashionMnistWhenPresent() {
        Path dir = Paths.get(System.getProperty("dl4jgamma.fashionMnistDir", "/work/shared/data/fashion-mnist"));
        assumeTrue(FashionMnistDataSource.isAvailable(dir), "Fashion-MNIST not found in " + dir);
        Properties p = new Properties();
        p.setProperty(FashionMnistDataSource.DATA_DIR, dir.toString());
        p.setProperty(FashionMnistDataSource.BATCH_SIZE, "32");
        FashionMnistDataSource source = new FashionMnistDataSource();
        source.configure(p);

        DataSet batch = source.trainData().next();

        assertEquals(784, batch.getFeatures().columns());
        assertEquals(32.0, batch.getLabels().sumNumber().doubleValue(), 0.0, "one-hot labels");
        assertEquals(1.0, batch.getFeatures().maxNumber().doubleValue(), 1.0, "pixels in [0, 1]");
        assertEquals(0.0, batch.getFeatures().minNumber().doubleValue(), 0.0);
        DataSetIterator test = source.testSet();
        long n = 0;
        while (test.hasNext()) {
            n += test.next().numExamples();
        }
        assertEquals(10_000, n, "the t10k test set");
    }
}
