package org.dl4jgamma.bench.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST, gzip-compressed or plain.
 *
 * <p>Format (big-endian): a 4-byte magic number {@code 0x00 0x00 type ndim} with type {@code 0x08} (unsigned
 * byte), then {@code ndim} 4-byte dimension sizes, then the data in row-major order. Images use magic
 * {@code 0x00000803} (dimensions count x rows x cols), labels {@code 0x00000801} (dimension count). Gzip is
 * detected from the file's first two bytes ({@code 0x1f 0x8b}), not from its name.
 *
 * <p>Every error names the file and what was expected: a wrong magic number, an implausible dimension, or
 * a file shorter than its header announces.
 */
public final class IdxReader {

    /** Magic number of an IDX file of unsigned bytes with three dimensions (images). */
    public static final int IMAGES_MAGIC = 0x00000803;

    /** Magic number of an IDX file of unsigned bytes with one dimension (labels). */
    public static final int LABELS_MAGIC = 0x00000801;

    private static final int GZIP_FIRST_BYTE = 0x1f;
    private static final int GZIP_SECOND_BYTE = 0x8b;
    private static final int MAX_DIMENSION = 100_000_000;

    private IdxReader() {
    }

    /**
     * Images of an IDX file: {@code count} images of {@code rows x cols} unsigned-byte pixels.
     *
     * @param count  number of images
     * @param rows   rows per image
     * @param cols   columns per image
     * @param pixels pixel values 0..255 as unsigned bytes, image after image, each row-major
     */
    public record Images(int count, int rows, int cols, byte[] pixels) {

        /** @return pixels per image, {@code rows * cols} */
        public int pixelsPerImage() {
            return rows * cols;
        }

        /**
         * @param image image index in {@code [0, count)}
         * @param pixel pixel index in {@code [0, rows * cols)}
         * @return the pixel value in 0..255
         */
        public int pixel(int image, int pixel) {
            return pixels[image * pixelsPerImage() + pixel] & 0xff;
        }
    }

    /**
     * Reads an images file (magic {@code 0x00000803}).
     *
     * @param file the IDX file, plain or gzip
     * @return the images
     * @throws IOException if the file cannot be read, has the wrong magic number or is truncated
     */
    public static Images readImages(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            readMagic(in, file, IMAGES_MAGIC, "images (3 dimensions)");
            int count = readDimension(in, file, "image count");
            int rows = readDimension(in, file, "rows");
            int cols = readDimension(in, file, "columns");
            long size = (long) count * rows * cols;
            if (size > Integer.MAX_VALUE) {
                throw new IOException(file + ": " + count + " x " + rows + " x " + cols
                        + " pixels is larger than this reader supports (2^31 - 1)");
            }

            byte[] pixels = readFully(in, file, (int) size, count + " images of " + rows + " x " + cols);
            return new Images(count, rows, cols, pixels);
        }
    }

    /**
     * Reads a labels file (magic {@code 0x00000801}).
     *
     * @param file the IDX file, plain or gzip
     * @return the labels, one per sample, each in 0..255
     * @throws IOException if the file cannot be read, has the wrong magic number or is truncated
     */
    public static int[] readLabels(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            readMagic(in, file, LABELS_MAGIC, "labels (1 dimension)");
            int count = readDimension(in, file, "label count");

            byte[] bytes = readFully(in, file, count, count + " labels");
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = bytes[i] & 0xff;
            }
            return labels;
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(file));
        raw.mark(2);
        int first = raw.read();
        int second = raw.read();
        raw.reset();

        InputStream in = first == GZIP_FIRST_BYTE && second == GZIP_SECOND_BYTE
                ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16)) : raw;
        return new DataInputStream(in);
    }

    private static void readMagic(DataInputStream in, Path file, int expected, String what) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new IOException(file + ": truncated, shorter than the 4-byte IDX magic number", e);
        }
        if (magic != expected) {
            throw new IOException(String.format("%s: magic number 0x%08x, expected 0x%08x for an IDX file of %s;"
                    + " is this the right file?", file, magic, expected, what));
        }
    }

    private static int readDimension(DataInputStream in, Path file, String name) throws IOException {
        int value;
        try {
            value = in.readInt();
        } catch (EOFException e) {
            throw new IOException(file + ": truncated in the header, while reading the " + name, e);
        }
        if (value < 0 || value > MAX_DIMENSION) {
            throw new IOException(file + ": " + name + " = " + value + " in the header, expected 0.." + MAX_DIMENSION);
        }
        return value;
    }

    private static byte[] readFully(DataInputStream in, Path file, int size, String what) throws IOException {
        byte[] data = new byte[size];
        int read;
        try {
            read = in.readNBytes(data, 0, size);
        } catch (EOFException e) {
            throw new IOException(file + ": truncated (the compressed stream ends early), the header announces "
                    + what, e);
        }
        if (read < size) {
            throw new IOException(file + ": truncated, the header announces " + what + " (" + size
                    + " bytes of data) but only " + read + " bytes follow");
        }
        return data;
    }
}
