package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.nn.layers.BatchNorm1d;
import dev.nabla.nn.layers.Linear;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safetensors format against bytes written out by hand from the published layout, and
 * every way a file can be wrong: each must be refused whole, with a clear message, leaving a
 * module unchanged.
 */
class SafeTensorsTest {

    @TempDir
    Path dir;

    /** 8-byte little-endian length, then the header's ASCII bytes, then the data. */
    private static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        return b.putLong(h.length).put(h).put(data).array();
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    private Path write(byte[] content) throws IOException {
        Path p = dir.resolve("t.safetensors");
        Files.write(p, content);
        return p;
    }

    @Test
    void readsAFileSpelledOutByteByByte() throws IOException {
        String header = "{\"__metadata__\":{\"format\":\"pt\"},\"w\":{\"dtype\":\"F32\",\"shape\":[2],"
                + "\"data_offsets\":[0,8]},\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[8,16]}}";
        byte[] content = bytes(
                0x8a, 0, 0, 0, 0, 0, 0, 0); // header length 138, little-endian
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(content);
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(bytes(
                0x00, 0x00, 0x80, 0x3f, // 1.0f
                0x00, 0x00, 0x20, 0xc0, // -2.5f
                0x07, 0, 0, 0, 0, 0, 0, 0)); // int64 7
        assertEquals(138, header.length());
        SafeTensors.Contents c = SafeTensors.read(write(out.toByteArray()));
        assertArrayEquals(new float[] {1f, -2.5f}, c.tensors().get("w").toArray());
        assertEquals(0, c.tensors().get("n").dim());
        assertEquals(7f, c.tensors().get("n").item());
        assertEquals(Map.of("w", "F32", "n", "I64"), c.dtypes());
        assertEquals(Map.of("format", "pt"), c.metadata());
    }

    @Test
    void convertsOtherFloatTypes() throws IOException {
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[4,6]},"
                + "\"d\":{\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[6,14]}}";
        byte[] data = bytes(
                0x00, 0x3e, // half 1.5
                0x01, 0x80, // half -2^-24 (smallest negative subnormal)
                0x20, 0xc0, // bfloat16 -2.5 (upper half of 0xc0200000)
                0, 0, 0, 0, 0, 0, 0xd0, 0x3f); // double 0.25
        SafeTensors.Contents c = SafeTensors.read(write(file(header, data)));
        assertArrayEquals(new float[] {1.5f, -0x1p-24f}, c.tensors().get("h").toArray());
        assertArrayEquals(new float[] {-2.5f}, c.tensors().get("b").toArray());
        assertArrayEquals(new int[] {1, 1}, c.tensors().get("d").shape().toArray());
        assertEquals(0.25f, c.tensors().get("d").item());
    }

    @Test
    void roundTripWritesThePublishedLayout() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("a.weight", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        tensors.put("count", Tensor.scalar(42f));
        tensors.put("empty", Tensor.zeros(0, 3));
        Path p = dir.resolve("round.safetensors");
        SafeTensors.write(p, tensors, Set.of("count"), Map.of("note", "hi"));
        byte[] raw = Files.readAllBytes(p);
        long n = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "header padded to 8 bytes");
        String header = new String(raw, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{\"note\":\"hi\"},\"a.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],"
                + "\"data_offsets\":[0,24]},\"count\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[24,32]}"), header);
        assertEquals(8 + n + 32, raw.length);
        assertEquals(42L, ByteBuffer.wrap(raw, (int) (8 + n + 24), 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
        SafeTensors.Contents c = SafeTensors.read(p);
        assertEquals(List.of("a.weight", "count", "empty"), List.copyOf(c.tensors().keySet()));
        assertArrayEquals(tensors.get("a.weight").toArray(), c.tensors().get("a.weight").toArray());
        assertEquals(42f, c.tensors().get("count").item());
        assertArrayEquals(new int[] {0, 3}, c.tensors().get("empty").shape().toArray());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(p), files.toList(), "no temporary file is left behind");
        }
        if (Files.getFileStore(p).supportsFileAttributeView("posix")) {
            assertTrue(Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_READ),
                    "not left owner-only like a temporary file");
        }
    }

    @Test
    void largeTensorsRoundTripAcrossTheCopyChunks() throws IOException {
        Tensor big = Tensor.randn(new Rng(11), 1_100_003); // 4.4 MB: more than one 4 MB piece
        Path p = dir.resolve("big.safetensors");
        SafeTensors.write(p, Map.of("big", big));
        assertArrayEquals(big.toArray(), SafeTensors.read(p).tensors().get("big").toArray());
    }

    @Test
    void refusesNonWholeInt64Values() {
        Map<String, Tensor> t = Map.of("c", Tensor.scalar(1.5f));
        Checks.throwsWith(() -> {
            try {
                SafeTensors.write(dir.resolve("x.safetensors"), t, Set.of("c"), Map.of());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }, "not a whole number");
    }

    @Test
    void moduleSaveAndLoadRoundTrip() throws IOException {
        Rng rng = new Rng(1);
        Sequential a = new Sequential(new Linear(3, 2, rng), new BatchNorm1d(2));
        a.forward(Tensor.randn(rng, 4, 3));
        Path p = dir.resolve("model.safetensors");
        a.save(p);
        Sequential b = new Sequential(new Linear(3, 2, new Rng(9)), new BatchNorm1d(2));
        b.load(p);
        StateDictTest.assertUnchanged(a.stateDict(), b);
        assertEquals(1f, b.stateDict().get("1.num_batches_tracked").item());
        assertEquals("I64", SafeTensors.read(p).dtypes().get("1.num_batches_tracked"));
    }

    private static Sequential smallModel(long seed) {
        Rng rng = new Rng(seed);
        Sequential m = new Sequential(new Linear(3, 2, rng), new BatchNorm1d(2));
        m.forward(Tensor.randn(rng, 4, 3)); // running statistics away from their defaults
        return m;
    }

    @Test
    void aDamagedCopyOfARealCheckpointIsRefusedAndTheModuleKept() throws IOException {
        Path p = dir.resolve("model.safetensors");
        smallModel(1).save(p);
        byte[] good = Files.readAllBytes(p);
        Sequential target = smallModel(2);
        Map<String, Tensor> before = StateDictTest.snapshot(target);
        // cut short by one float
        Files.write(p, Arrays.copyOf(good, good.length - 4));
        IOException truncated = assertThrows(IOException.class, () -> target.load(p));
        assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
        StateDictTest.assertUnchanged(before, target);
        // one byte of the JSON header overwritten ('{' at offset 8 becomes '[')
        byte[] corrupt = good.clone();
        corrupt[8] = '[';
        Files.write(p, corrupt);
        IOException bad = assertThrows(IOException.class, () -> target.load(p));
        assertTrue(bad.getMessage().contains("bad header"), bad.getMessage());
        StateDictTest.assertUnchanged(before, target);
        // the intact file loads
        Files.write(p, good);
        target.load(p);
        StateDictTest.assertUnchanged(StateDictTest.snapshot(smallModel(1)), target);
    }

    @Test
    void loadingAFileForAnotherModelListsEveryMissingExtraAndMisShapedEntry() throws IOException {
        Map<String, Tensor> other = new LinkedHashMap<>();
        other.put("0.weight", Tensor.zeros(2, 4));
        other.put("0.bias", Tensor.zeros(2));
        other.put("2.weight", Tensor.zeros(1));
        other.put("1.running_mean", Tensor.zeros(3));
        Path p = dir.resolve("other.safetensors");
        SafeTensors.write(p, other);
        Sequential target = smallModel(3);
        Map<String, Tensor> before = StateDictTest.snapshot(target);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> target.load(p));
        for (String f : List.of("4 missing keys", "1.weight", "1.bias", "1.running_var", "1.num_batches_tracked",
                "1 unexpected keys", "2.weight", "2 shape mismatches", "0.weight: expected shape [2, 3], got [2, 4]",
                "1.running_mean: expected shape [2], got [3]", "nothing was loaded")) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
        StateDictTest.assertUnchanged(before, target);
    }

    // ---------------------------------------------------------------- corrupt files

    private static final String GOOD = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
    private static final byte[] EIGHT = new byte[8];

    /** Writes the content, checks that loading it into a Linear(2 -> 1) fails with the fragments and changes nothing. */
    private void refused(byte[] content, String... fragments) throws IOException {
        Path p = write(content);
        IOException e = assertThrows(IOException.class, () -> SafeTensors.read(p));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
        Linear m = new Linear(2, 1, new Rng(3));
        Map<String, Tensor> before = StateDictTest.snapshot(m);
        assertThrows(IOException.class, () -> m.load(p));
        StateDictTest.assertUnchanged(before, m);
    }

    @Test
    void refusesTruncatedFiles() throws IOException {
        refused(bytes(1, 0, 0), "truncated", "3 bytes");
        byte[] whole = file(GOOD, EIGHT);
        refused(Arrays.copyOf(whole, 20), "truncated", "header length");
        refused(Arrays.copyOf(whole, whole.length - 1), "cover 8 data bytes but the file holds 7");
    }

    @Test
    void refusesOversizedHeaders() throws IOException {
        byte[] huge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(200_000_000L).array();
        refused(huge, "exceeds the limit");
        byte[] negative = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L).array();
        refused(negative, "exceeds the limit");
    }

    @Test
    void refusesBadOffsets() throws IOException {
        refused(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,12]}}", new byte[12]),
                "needs 8 bytes", "span 12");
        refused(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"v\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", new byte[12]), "gap");
        refused(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"v\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]), "overlaps");
        refused(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", EIGHT), "begin <= end");
        refused(file(GOOD, new byte[12]), "trailing bytes");
    }

    @Test
    void refusesBadDtypesShapesAndJson() throws IOException {
        refused(file("{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[8],\"data_offsets\":[0,8]}}", EIGHT),
                "unsupported dtype 'F8_E4M3'");
        refused(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", EIGHT), "shape of 'w'");
        refused(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2]}}", EIGHT), "needs dtype, shape and data_offsets");
        refused(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"x\":1}}", EIGHT),
                "unknown field 'x'");
        refused(file(GOOD.substring(0, GOOD.length() - 1) + ",\"w\":{}}", EIGHT), "bad header", "w");
        refused(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]", EIGHT), "bad header");
        refused(file("[1, 2]", EIGHT), "expected a JSON object");
        refused(file("{\"__metadata__\":{\"a\":1}," + GOOD.substring(1), EIGHT), "must be a string");
    }

    @Test
    void acceptsHeaderPaddedWithSpaces() throws IOException {
        SafeTensors.Contents c = SafeTensors.read(write(file(GOOD + "    ", bytes(0, 0, 0x80, 0x3f, 0, 0, 0, 0x40))));
        assertArrayEquals(new float[] {1f, 2f}, c.tensors().get("w").toArray());
    }
}
