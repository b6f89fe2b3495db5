package org.dl4jgamma.arbiter.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the unsigned-byte IDX files of MNIST and Fashion-MNIST (plain or gzipped). An IDX file starts with the
 * magic number {@code 0x0000_08_NN} (type 0x08 = unsigned byte, NN = number of dimensions), then NN big-endian
 * 32-bit sizes, then the bytes in row-major order.
 */
public final class IdxFiles {

    private IdxFiles() {
    }

    /**
     * The bytes of an IDX file of unsigned bytes.
     *
     * @param file the file ({@code .gz} is decompressed)
     * @param expectedDims the number of dimensions expected (3 for images, 1 for labels)
     * @return the payload, {@code product(sizes)} bytes; read them as {@code b & 0xFF}
     * @throws IOException if the file cannot be read or is not an IDX file of that shape
     */
    public static byte[] readUnsignedBytes(Path file, int expectedDims) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(
                     file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw))) {
            int magic = in.readInt();
            if ((magic >>> 8) != 0x08 || (magic & 0xFF) != expectedDims) {
                throw new IOException(file + " is not an unsigned-byte IDX file with " + expectedDims
                        + " dimensions (magic number 0x" + Integer.toHexString(magic) + ").");
            }

            long total = 1;
            for (int d = 0; d < expectedDims; d++) {
                total *= in.readInt();
            }
            if (total > Integer.MAX_VALUE) {
                throw new IOException(file + " holds " + total + " bytes, more than an array can.");
            }

            byte[] data = new byte[(int) total];
            in.readFully(data);
            return data;
        }
    }
}
