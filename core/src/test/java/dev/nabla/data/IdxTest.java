package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {

    @TempDir
    Path dir;

    /** An IDX file written byte by byte: 00 00, type, rank, big-endian sizes, then the payload. */
    static byte[] idx(int type, int[] shape, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(0);
        out.write(type);
        out.write(shape.length);
        for (int d : shape) {
            out.write(d >>> 24);
            out.write(d >>> 16 & 0xFF);
            out.write(d >>> 8 & 0xFF);
            out.write(d & 0xFF);
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(plain);
        }
        return out.toByteArray();
    }

    /** 0, 1, ..., n - 1 as bytes (so 255 appears when n > 255, and reads back as unsigned 255). */
    private static byte[] ramp(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private String error(String name, byte[] bytes) throws IOException {
        Path f = write(name, bytes);
        String m = assertThrows(IOException.class, () -> Idx.read(f)).getMessage();
        assertTrue(m.contains("Idx.read") && m.contains(name), m);
        return m;
    }

    @Test
    void readsPlainAndGzipByContentNotName() throws IOException {
        byte[] file = idx(0x08, new int[] {2, 3, 4}, ramp(24));
        for (Path f : new Path[] {write("plain.idx", file), write("plain-named.gz", file),
                write("zipped.idx", gzip(file)), write("zipped.gz", gzip(file))}) {
            Idx.Array a = Idx.read(f);
            assertArrayEquals(new int[] {2, 3, 4}, a.shape(), f.toString());
            assertArrayEquals(ramp(24), a.data());
            assertEquals(23, a.unsigned(23));
        }
    }

    @Test
    void bytesAreUnsignedAndSizesBigEndian() throws IOException {
        // 300 = 0x0000012C: a little-endian reader would see 0x2C010000.
        Idx.Array a = Idx.read(write("big.idx", idx(0x08, new int[] {300}, ramp(300))));
        assertArrayEquals(new int[] {300}, a.shape());
        assertEquals(255, a.unsigned(255));
        assertEquals(299 - 256, a.unsigned(299));
    }

    @Test
    void shortOrLongDataIsRefusedWhole() throws IOException {
        byte[] good = idx(0x08, new int[] {2, 3, 4}, ramp(24));
        String m = error("short.idx", Arrays.copyOf(good, good.length - 4));
        assertTrue(m.contains("expects 24 bytes of data after the header, found 20"), m);
        m = error("long.idx", Arrays.copyOf(good, good.length + 6));
        assertTrue(m.contains("expects 24 bytes of data after the header, found 30"), m);
        m = error("short.gz", gzip(Arrays.copyOf(good, good.length - 1)));
        assertTrue(m.contains("(gzip)") && m.contains("found 23"), m);
    }

    @Test
    void aCutGzipStreamIsRefused() throws IOException {
        byte[] random = new byte[5000];
        new java.util.Random(3).nextBytes(random); // incompressible, so the cut falls inside the data
        byte[] z = gzip(idx(0x08, new int[] {5000}, random));
        String m = error("cut.gz", Arrays.copyOf(z, z.length / 2));
        assertTrue(m.contains("(gzip)") && (m.contains("expects 5000 bytes") || m.contains("ends early")), m);
        m = error("no-trailer.gz", Arrays.copyOf(z, z.length - 4)); // all data, but the gzip trailer is cut
        assertTrue(m.contains("(gzip)") && m.contains("ends early"), m);
    }

    @Test
    void badHeadersAreRefusedWithWhatWasExpected() throws IOException {
        String m = error("magic.idx", new byte[] {1, 2, 8, 1, 0, 0, 0, 0});
        assertTrue(m.contains("expected the IDX magic number 00 00") && m.contains("found 01 02"), m);
        m = error("float.idx", idx(0x0D, new int[] {1}, new byte[4]));
        assertTrue(m.contains("0x0D (32-bit float)") && m.contains("expected 0x08 (unsigned byte)"), m);
        m = error("rank0.idx", idx(0x08, new int[0], new byte[0]));
        assertTrue(m.contains("at least one dimension"), m);
        m = error("header.idx", Arrays.copyOf(idx(0x08, new int[] {1, 1, 1}, new byte[1]), 10));
        assertTrue(m.contains("header ends early") && m.contains("3 sizes (12 bytes)") && m.contains("found 6"), m);
        m = error("empty.idx", new byte[0]);
        assertTrue(m.contains("expected a 4-byte IDX header, found 0 bytes"), m);
        m = error("huge.idx", idx(0x08, new int[] {65536, 65536}, new byte[0]));
        assertTrue(m.contains("more than"), m);
        m = error("negative.idx", idx(0x08, new int[] {-1}, new byte[0]));
        assertTrue(m.contains("sizes >= 0"), m);
        assertThrows(NoSuchFileException.class, () -> Idx.read(dir.resolve("absent.idx")));
    }

    @Test
    void arrayChecksItsShape() {
        assertThrows(IllegalArgumentException.class, () -> new Idx.Array(new int[] {2, 2}, new byte[3]));
        int[] shape = {3};
        Idx.Array a = new Idx.Array(shape, new byte[3]);
        shape[0] = 7;
        assertArrayEquals(new int[] {3}, a.shape(), "the shape is copied");
    }
}
