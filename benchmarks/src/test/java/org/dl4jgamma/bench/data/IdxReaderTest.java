package org.dl4jgamma.bench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IDX reader on small generated files: plain and gzip, truncated, wrong magic. */
class IdxReaderTest {

    @TempDir
    Path dir;

    /** Bytes of an images file: magic 0x803, count, rows, cols, then pixel i = i mod 256. */
    static byte[] imagesBytes(int count, int rows, int cols) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(IdxReader.IMAGES_MAGIC);
            out.writeInt(count);
            out.writeInt(rows);
            out.writeInt(cols);
            for (int i = 0; i < count * rows * cols; i++) {
                out.writeByte(i % 256);
            }
        }
        return bytes.toByteArray();
    }

    /** Bytes of a labels file: magic 0x801, count, then label i = i mod 10. */
    static byte[] labelsBytes(int count) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(IdxReader.LABELS_MAGIC);
            out.writeInt(count);
            for (int i = 0; i < count; i++) {
                out.writeByte(i % 10);
            }
        }
        return bytes.toByteArray();
    }

    static Path write(Path file, byte[] bytes, boolean gzip) throws IOException {
        OutputStream raw = Files.newOutputStream(file);
        try (OutputStream out = gzip ? new GZIPOutputStream(raw) : raw) {
            out.write(bytes);
        }
        return file;
    }

    @Test
    void readsPlainImages() throws IOException {
        Path file = write(dir.resolve("images"), imagesBytes(3, 2, 4), false);

        IdxReader.Images images = IdxReader.readImages(file);

        assertEquals(3, images.count());
        assertEquals(2, images.rows());
        assertEquals(4, images.cols());
        assertEquals(23, images.pixel(2, 7));
    }

    @Test
    void readsGzipLabelsDetectedByMagicBytesNotByName() throws IOException {
        Path file = write(dir.resolve("labels-without-gz-suffix"), labelsBytes(12), true);

        int[] labels = IdxReader.readLabels(file);

        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1}, labels);
    }

    @Test
    void truncatedDataIsAnErrorNamingTheFileAndTheExpectedSize() throws IOException {
        byte[] full = imagesBytes(3, 2, 4);
        Path file = write(dir.resolve("short.gz"), Arrays.copyOf(full, full.length - 5), true);

        IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(file));

        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("3 images of 2 x 4"), e.getMessage());
    }

    @Test
    void truncatedHeaderIsAnError() throws IOException {
        Path file = write(dir.resolve("header"), Arrays.copyOf(labelsBytes(4), 6), false);

        IOException e = assertThrows(IOException.class, () -> IdxReader.readLabels(file));

        assertTrue(e.getMessage().contains("truncated in the header"), e.getMessage());
    }

    @Test
    void labelsFileGivenAsImagesIsAWrongMagicError() throws IOException {
        Path file = write(dir.resolve("labels"), labelsBytes(4), false);

        IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(file));

        assertTrue(e.getMessage().contains("magic number 0x00000801, expected 0x00000803"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void missingFashionMnistNamesTheDebianPackageAndDataDir() {
        IOException e = assertThrows(IOException.class,
                () -> FashionMnist.locate(dir, "train-images-idx3-ubyte", false));

        assertTrue(e.getMessage().contains("dataset-fashion-mnist"), e.getMessage());
        assertTrue(e.getMessage().contains("--data-dir"), e.getMessage());
    }
}
