package dev.nabla.nn;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.nabla.core.Tensor;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes tensors in the <a href="https://github.com/huggingface/safetensors">safetensors</a>
 * format, the one PyTorch users share weights in.
 *
 * <p>Layout: an 8-byte little-endian unsigned header length {@code n}; {@code n} bytes of UTF-8
 * JSON (possibly padded with trailing spaces) mapping each tensor name to
 * {@code {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}}, plus an optional
 * {@code "__metadata__"} object of string values; then the data: every tensor's elements in
 * row-major order, little-endian, at {@code [begin, end)} relative to the end of the header.
 * The tensors tile the data exactly: no gaps, no overlap, nothing after the last.
 *
 * <p><b>Reading</b> validates the whole file before creating any tensor: the header length
 * (at most {@link #MAX_HEADER_BYTES} and within the file), the JSON (well formed, no duplicate
 * names, no unknown fields), each name, dtype and shape, and the offsets (in range, sizes equal
 * to element count times element size, contiguous from 0 to the end of the file). A truncated,
 * oversized or corrupt file throws an {@link IOException} saying what is wrong, and nothing is
 * returned. Supported dtypes, all converted to fp32: {@code F32}, {@code F64}, {@code F16},
 * {@code BF16}, {@code I64}, {@code I32}, {@code I16}, {@code I8}, {@code U8}, {@code BOOL}
 * (integers beyond 2^24 in magnitude lose precision).
 *
 * <p><b>Writing</b> stores fp32 tensors as {@code F32} and the named integer tensors as
 * {@code I64} (as PyTorch stores {@code num_batches_tracked}), pads the header with spaces to a
 * multiple of 8 bytes, and is atomic: the bytes go to a temporary file in the same directory,
 * which is forced to disk and then renamed over the destination, so a crash mid-write leaves
 * the previous file intact.
 */
public final class SafeTensors {

    /** The largest header accepted, in bytes (as the reference implementation, 100 MB). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final String METADATA = "__metadata__";
    /** Tensor data moves between file and arrays in pieces of at most this many bytes (so no buffer exceeds 2 GB). */
    private static final int CHUNK_BYTES = 1 << 22;
    private static final Logger LOG = LoggerFactory.getLogger(SafeTensors.class);
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /**
     * What a file holds.
     *
     * @param tensors the tensors by name, in the order of their data in the file, as fp32
     * @param dtypes each tensor's dtype in the file ({@code "F32"}, {@code "I64"}, ...)
     * @param metadata the header's {@code __metadata__} (empty if absent)
     */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> dtypes, Map<String, String> metadata) {
    }

    private SafeTensors() {
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads every tensor of a safetensors file, after validating the whole file.
     *
     * @param file the file
     * @return the tensors (fp32), their dtypes in the file, and the metadata
     * @throws IOException if the file cannot be read, or is truncated, oversized or corrupt
     *     (the message starts with {@code "safetensors: <file>:"} and says what is wrong)
     */
    public static Contents read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            String where = "safetensors: " + file + ": ";
            if (size < 8) {
                throw new IOException(where + "truncated: " + size + " bytes, but a file starts with an 8-byte"
                        + " header length");
            }
            ByteBuffer lengthBytes = readFully(ch, 0, 8, where);
            long headerLength = lengthBytes.order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
                throw new IOException(where + "header length " + Long.toUnsignedString(headerLength)
                        + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
            }
            if (headerLength > size - 8) {
                throw new IOException(where + "truncated: header length " + headerLength + " but only "
                        + (size - 8) + " bytes follow the length");
            }
            ByteBuffer headerBytes = readFully(ch, 8, (int) headerLength, where);
            SafeTensorsHeader header;
            try {
                header = SafeTensorsHeader.parse(JSON, headerBytes.array(), size - 8 - headerLength);
            } catch (IOException | IllegalArgumentException e) {
                throw new IOException(where + "bad header: " + e.getMessage(), e);
            }
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            Map<String, String> dtypes = new LinkedHashMap<>();
            long dataStart = 8 + headerLength;
            for (SafeTensorsHeader.Entry e : header.entries()) {
                float[] values = new float[e.count()];
                for (int done = 0; done < values.length; ) {
                    int n = Math.min(values.length - done, CHUNK_BYTES / e.dtype().bytes);
                    ByteBuffer raw = readFully(ch, dataStart + e.begin() + (long) done * e.dtype().bytes,
                            n * e.dtype().bytes, where);
                    e.dtype().decode(raw.order(ByteOrder.LITTLE_ENDIAN), values, done, n);
                    done += n;
                }
                tensors.put(e.name(), e.shape().length == 0 ? Tensor.scalar(values[0]) : Tensor.of(values, e.shape()));
                dtypes.put(e.name(), e.dtype().name());
            }
            LOG.debug("read {} tensors from {}", tensors.size(), file);
            return new Contents(tensors, dtypes, header.metadata());
        }
    }

    private static ByteBuffer readFully(FileChannel ch, long position, int length, String where) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new EOFException(where + "truncated: expected " + length + " bytes at offset " + position
                        + ", the file ends at " + pos);
            }
            pos += n;
        }
        buf.flip();
        return buf;
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes tensors as {@code F32}, atomically.
     *
     * @param file the destination
     * @param tensors the tensors by name, written in this order; not modified
     * @throws IOException if writing fails (the destination is then as it was)
     * @throws IllegalArgumentException if a name is empty or {@code "__metadata__"}
     */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        write(file, tensors, Set.of(), Map.of());
    }

    /**
     * Writes tensors and metadata, atomically: temporary file in the same directory, forced to
     * disk, renamed over {@code file}.
     *
     * @param file the destination
     * @param tensors the tensors by name, written in this order; not modified
     * @param int64Names names of tensors to store as {@code I64}; their values must be whole numbers
     * @param metadata string pairs for {@code __metadata__}; not written when empty
     * @throws IOException if writing fails (the destination is then as it was)
     * @throws IllegalArgumentException if a name is empty or {@code "__metadata__"}, an int64
     *     name is not among the tensors, or an int64 tensor holds a value that is not a whole number
     */
    public static void write(Path file, Map<String, Tensor> tensors, Set<String> int64Names,
                             Map<String, String> metadata) throws IOException {
        List<SafeTensorsHeader.Entry> entries = plan(tensors, int64Names);
        byte[] header = SafeTensorsHeader.write(JSON, entries, metadata);
        AtomicFiles.write(file, (FileChannel ch) -> {
            ByteBuffer head = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
            head.putLong(header.length).put(header).flip();
            writeFully(ch, head);
            for (SafeTensorsHeader.Entry e : entries) {
                float[] values = tensors.get(e.name()).toArray();
                for (int done = 0; done < values.length; ) {
                    int n = Math.min(values.length - done, CHUNK_BYTES / e.dtype().bytes);
                    ByteBuffer data = ByteBuffer.allocate(n * e.dtype().bytes).order(ByteOrder.LITTLE_ENDIAN);
                    e.dtype().encode(values, done, n, data);
                    data.flip();
                    writeFully(ch, data);
                    done += n;
                }
            }
        });
        LOG.debug("wrote {} tensors to {}", entries.size(), file);
    }

    /** Checks the names and values and assigns dtypes and offsets, before any byte is written. */
    private static List<SafeTensorsHeader.Entry> plan(Map<String, Tensor> tensors, Set<String> int64Names) {
        for (String name : int64Names) {
            if (!tensors.containsKey(name)) {
                throw new IllegalArgumentException("safetensors: int64 name '" + name + "' is not among the tensors");
            }
        }
        List<SafeTensorsHeader.Entry> entries = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name == null || name.isEmpty() || name.equals(METADATA)) {
                throw new IllegalArgumentException("safetensors: invalid tensor name '" + name + "'");
            }
            Tensor t = e.getValue();
            DType dtype = int64Names.contains(name) ? DType.I64 : DType.F32;
            if (dtype == DType.I64) {
                for (float v : t.toArray()) {
                    if (v != Math.rint(v) || Float.isInfinite(v)) {
                        throw new IllegalArgumentException("safetensors: int64 tensor '" + name
                                + "' holds " + v + ", not a whole number");
                    }
                }
            }
            long bytes = (long) t.size() * dtype.bytes;
            entries.add(new SafeTensorsHeader.Entry(name, dtype, t.shape().toArray(), offset, offset + bytes));
            offset += bytes;
        }
        return entries;
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    /** Returns the header bytes that {@link #write} would produce, for tests and tools. */
    static byte[] headerBytes(Map<String, Tensor> tensors, Set<String> int64Names, Map<String, String> metadata)
            throws IOException {
        return SafeTensorsHeader.write(JSON, plan(tensors, int64Names), metadata);
    }
}
