package dev.nabla.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST (Y. LeCun et al., "The MNIST database
 * of handwritten digits", http://yann.lecun.com/exdb/mnist/).
 *
 * <p><b>Format.</b> Big-endian throughout: two zero bytes, a data-type byte, the number of
 * dimensions {@code d} (one byte), then {@code d} sizes as 32-bit integers, then the values in
 * row-major order. Only type {@code 0x08} (unsigned byte, what the image and label files use) is
 * read; the other types of the format ({@code 0x09} signed byte, {@code 0x0B} short,
 * {@code 0x0C} int, {@code 0x0D} float, {@code 0x0E} double) are refused by name.
 *
 * <p><b>Compression.</b> A file that starts with the gzip magic bytes {@code 1f 8b} is
 * decompressed; any other file is read as plain IDX. The file name plays no part.
 *
 * <p><b>Errors.</b> The whole file is checked: a wrong magic number, an unsupported type, a
 * header that ends early, or data shorter or longer than the header's sizes promise throws an
 * {@link IOException} whose message names the file, what was expected and what was found; no
 * partial array is returned.
 */
public final class Idx {

    /** The largest number of values read into one array (the JVM's practical array limit). */
    static final int MAX_VALUES = Integer.MAX_VALUE - 8;

    private static final int UNSIGNED_BYTE = 0x08;
    private static final int MAX_DIMS = 255;

    private Idx() {
    }

    /**
     * An IDX array of unsigned bytes. As for any record with array components, {@code equals}
     * and {@code hashCode} compare the arrays by identity, not by content.
     *
     * @param shape the sizes, one per dimension, each {@code >= 0}; copied
     * @param data the values in row-major order, one byte each, to be read as unsigned (0 to
     *     255); kept, not copied
     */
    public record Array(int[] shape, byte[] data) {

        /**
         * @param shape as described for the record; copied
         * @param data as described for the record; kept, not copied
         * @throws IllegalArgumentException if the shape is empty, has a negative size, or its
         *     element count differs from {@code data.length}
         */
        public Array {
            Objects.requireNonNull(shape, "Idx.Array: shape is null");
            Objects.requireNonNull(data, "Idx.Array: data is null");
            shape = shape.clone();
            long count = count("Idx.Array", shape);
            if (count != data.length) {
                throw new IllegalArgumentException("Idx.Array: shape " + Arrays.toString(shape) + " holds " + count
                        + " values, but data has " + data.length);
            }
        }

        /** @return the shape (a new array each call) */
        @Override
        public int[] shape() {
            return shape.clone();
        }

        /** @return the number of dimensions */
        public int rank() {
            return shape.length;
        }

        /**
         * @param axis a dimension in {@code [0, rank())}
         * @return its size
         */
        public int size(int axis) {
            return shape[axis];
        }

        /**
         * @param index a position in {@code data}, row-major
         * @return the value there, read as unsigned: 0 to 255
         */
        public int unsigned(int index) {
            return data[index] & 0xFF;
        }
    }

    /**
     * Reads an IDX file, gzip'd or plain.
     *
     * @param file the file
     * @return its shape and values
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws IOException if it cannot be read or is not a well-formed IDX file of unsigned bytes
     *     (the message says what was expected)
     */
    public static Array read(Path file) throws IOException {
        Objects.requireNonNull(file, "Idx.read: file is null");
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads an IDX stream, gzip'd or plain, to its end.
     *
     * @param in the stream; read to the end but not closed
     * @param name the stream's name, for messages
     * @return its shape and values
     * @throws IOException if it cannot be read or is not a well-formed IDX stream of unsigned bytes
     */
    public static Array read(InputStream in, String name) throws IOException {
        Objects.requireNonNull(in, "Idx.read: in is null");
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        String what = "Idx.read: " + name + (gzip ? " (gzip)" : "");
        try {
            // Inside the try: a damaged gzip header fails here, and gets the file's name too.
            InputStream body = gzip ? new GZIPInputStream(buffered, 1 << 16) : buffered;
            return readBody(body, what);
        } catch (EOFException | ZipException e) {
            throw new IOException(what + ": the gzip stream is corrupt or ends early (" + e.getMessage() + ")", e);
        }
    }

    private static Array readBody(InputStream in, String what) throws IOException {
        byte[] head = new byte[4];
        int got = readFully(in, head);
        if (got < 4) {
            throw new IOException(what + ": expected a 4-byte IDX header, found " + got + " bytes");
        }
        if (head[0] != 0 || head[1] != 0) {
            throw new IOException(what + ": expected the IDX magic number 00 00 at the start, found "
                    + String.format("%02x %02x", head[0] & 0xFF, head[1] & 0xFF) + " (not an IDX file?)");
        }
        int type = head[2] & 0xFF;
        if (type != UNSIGNED_BYTE) {
            throw new IOException(what + ": data type " + String.format("0x%02X", type) + " (" + typeName(type)
                    + ") is not supported, expected 0x08 (unsigned byte)");
        }
        int rank = head[3] & 0xFF;
        if (rank == 0) {
            throw new IOException(what + ": expected at least one dimension, found 0");
        }
        byte[] dims = new byte[4 * rank];
        got = readFully(in, dims);
        if (got < dims.length) {
            throw new IOException(what + ": the header ends early: expected " + rank + " sizes (" + dims.length
                    + " bytes) after the first 4 bytes, found " + got + " bytes");
        }
        int[] shape = new int[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = (dims[4 * i] & 0xFF) << 24 | (dims[4 * i + 1] & 0xFF) << 16
                    | (dims[4 * i + 2] & 0xFF) << 8 | dims[4 * i + 3] & 0xFF;
        }
        long count;
        try {
            count = count(what, shape);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        // readNBytes grows its buffer as data arrives, so a header claiming more than the file
        // holds cannot make us allocate that much up front.
        byte[] data = in.readNBytes((int) count);
        got = data.length;
        long extra = got == count ? in.transferTo(OutputStream.nullOutputStream()) : 0;
        if (got < count || extra > 0) {
            throw new IOException(what + ": shape " + Arrays.toString(shape) + " expects " + count
                    + " bytes of data after the header, found " + (got + extra));
        }
        return new Array(shape, data);
    }

    /** The element count of a shape, checked to fit in one Java array. */
    private static long count(String what, int[] shape) {
        if (shape.length == 0 || shape.length > MAX_DIMS) {
            throw new IllegalArgumentException(what + ": expected 1 to " + MAX_DIMS + " dimensions, got "
                    + shape.length);
        }
        long count = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(what + ": expected sizes >= 0, got " + Arrays.toString(shape)
                        + " (as signed 32-bit integers)");
            }
            count = Math.min(count * d, (long) MAX_VALUES + 1); // stays far from overflow
        }
        if (count > MAX_VALUES) {
            throw new IllegalArgumentException(what + ": shape " + Arrays.toString(shape)
                    + " holds more than the " + MAX_VALUES + " values one array can take");
        }
        return count;
    }

    /**
     * Reads until {@code buf} is full or the stream ends; returns the number of bytes read. A gzip
     * stream cut short throws {@link EOFException} from inside the inflater: that counts as the
     * end, so that the caller can say how many bytes there were.
     */
    private static int readFully(InputStream in, byte[] buf) throws IOException {
        int n = 0;
        try {
            while (n < buf.length) {
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        } catch (EOFException e) {
            return n;
        }
        return n;
    }

    private static String typeName(int type) {
        switch (type) {
            case 0x09: return "signed byte";
            case 0x0B: return "16-bit integer";
            case 0x0C: return "32-bit integer";
            case 0x0D: return "32-bit float";
            case 0x0E: return "64-bit float";
            default: return "not an IDX type";
        }
    }
}
