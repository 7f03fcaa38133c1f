package dev.nabla.nn;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON header of a safetensors file: parsed with Jackson's streaming parser and validated
 * whole (see {@link SafeTensors}), or written with its generator.
 *
 * @param entries the tensors, sorted by their offsets
 * @param metadata the {@code __metadata__} strings, empty if absent
 */
record SafeTensorsHeader(List<Entry> entries, Map<String, String> metadata) {

    private static final String METADATA = "__metadata__";

    /**
     * One tensor's header entry.
     *
     * @param name the name
     * @param dtype the element type
     * @param shape the sizes, each {@code >= 0}
     * @param begin the first byte, relative to the start of the data
     * @param end one past the last byte
     */
    record Entry(String name, DType dtype, int[] shape, long begin, long end) {
        /** @return the element count, the product of the shape (1 for a scalar) */
        int count() {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            return (int) n;
        }
    }

    /**
     * Parses and validates a header.
     *
     * @param json the factory (with duplicate detection on)
     * @param bytes the header's UTF-8 bytes
     * @param dataLength the number of data bytes after the header
     * @return the header, entries sorted by offset
     * @throws IOException if the JSON is malformed or has duplicate names
     * @throws IllegalArgumentException if a field is missing, unknown or invalid, or the offsets
     *     do not tile the data exactly
     */
    static SafeTensorsHeader parse(JsonFactory json, byte[] bytes, long dataLength) throws IOException {
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        try (JsonParser p = json.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("expected a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals(METADATA)) {
                    parseMetadata(p, metadata);
                } else {
                    entries.add(parseEntry(p, name));
                }
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("unexpected content after the header object");
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        for (Entry e : entries) {
            if (e.begin() != expected) {
                throw new IllegalArgumentException("tensor '" + e.name() + "' has data_offsets [" + e.begin() + ", "
                        + e.end() + "]; expected it to start at " + expected
                        + (e.begin() < expected ? " (it overlaps the previous tensor)" : " (there is a gap)"));
            }
            expected = e.end();
        }
        if (expected != dataLength) {
            throw new IllegalArgumentException("the tensors cover " + expected + " data bytes but the file holds "
                    + dataLength + (expected > dataLength ? " (truncated)" : " (trailing bytes)"));
        }
        return new SafeTensorsHeader(List.copyOf(entries), Map.copyOf(metadata));
    }

    private static void parseMetadata(JsonParser p, Map<String, String> out) throws IOException {
        expect(p, JsonToken.START_OBJECT, METADATA);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            if (p.nextToken() != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException(METADATA + " value of '" + key + "' must be a string, got "
                        + p.currentToken());
            }
            out.put(key, p.getText());
        }
    }

    private static Entry parseEntry(JsonParser p, String name) throws IOException {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a tensor name is empty");
        }
        expect(p, JsonToken.START_OBJECT, "tensor '" + name + "'");
        String dtypeName = null;
        int[] shape = null;
        long[] offsets = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "dtype" -> {
                    expect(p, JsonToken.VALUE_STRING, "dtype of '" + name + "'");
                    dtypeName = p.getText();
                }
                case "shape" -> shape = Arrays.stream(longs(p, "shape of '" + name + "'", Integer.MAX_VALUE))
                        .mapToInt(v -> (int) v).toArray();
                case "data_offsets" -> offsets = longs(p, "data_offsets of '" + name + "'", Long.MAX_VALUE);
                default -> throw new IllegalArgumentException("tensor '" + name + "' has unknown field '" + field + "'");
            }
        }
        if (dtypeName == null || shape == null || offsets == null) {
            throw new IllegalArgumentException("tensor '" + name + "' needs dtype, shape and data_offsets");
        }
        DType dtype = DType.parse(dtypeName);
        if (dtype == null) {
            throw new IllegalArgumentException("tensor '" + name + "' has unsupported dtype '" + dtypeName
                    + "'; expected one of " + Arrays.toString(DType.values()));
        }
        if (offsets.length != 2 || offsets[0] > offsets[1]) {
            throw new IllegalArgumentException("tensor '" + name + "' has data_offsets " + Arrays.toString(offsets)
                    + "; expected [begin, end] with begin <= end");
        }
        long count = 1;
        for (int d : shape) {
            count *= d;
            if (count > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(shape)
                        + ", more than 2^31-1 elements");
            }
        }
        if (offsets[1] - offsets[0] != count * dtype.bytes) {
            throw new IllegalArgumentException("tensor '" + name + "' of dtype " + dtype + " and shape "
                    + Arrays.toString(shape) + " needs " + count * dtype.bytes + " bytes, but data_offsets "
                    + Arrays.toString(offsets) + " span " + (offsets[1] - offsets[0]));
        }
        return new Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    /** An array of integers in {@code [0, max]}. */
    private static long[] longs(JsonParser p, String what, long max) throws IOException {
        expect(p, JsonToken.START_ARRAY, what);
        List<Long> values = new ArrayList<>();
        while (p.nextToken() == JsonToken.VALUE_NUMBER_INT) {
            long v = p.getLongValue();
            if (v < 0 || v > max) {
                throw new IllegalArgumentException(what + " holds " + v + ", expected an integer in [0, " + max + "]");
            }
            values.add(v);
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
            throw new IllegalArgumentException(what + " must be an array of non-negative integers, found "
                    + p.currentToken());
        }
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private static void expect(JsonParser p, JsonToken token, String what) {
        if (p.currentToken() != token) {
            throw new IllegalArgumentException(what + ": expected " + token + ", got " + p.currentToken());
        }
    }

    /**
     * Writes a header: {@code __metadata__} first (if any), then the entries in order; padded
     * with spaces to a multiple of 8 bytes.
     *
     * @return the UTF-8 bytes
     */
    static byte[] write(JsonFactory json, List<Entry> entries, Map<String, String> metadata) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = json.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            if (!metadata.isEmpty()) {
                g.writeObjectFieldStart(METADATA);
                for (Map.Entry<String, String> m : metadata.entrySet()) {
                    g.writeStringField(m.getKey(), m.getValue());
                }
                g.writeEndObject();
            }
            for (Entry e : entries) {
                g.writeObjectFieldStart(e.name());
                g.writeStringField("dtype", e.dtype().name());
                g.writeArrayFieldStart("shape");
                for (int d : e.shape()) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("data_offsets");
                g.writeNumber(e.begin());
                g.writeNumber(e.end());
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        while (out.size() % 8 != 0) {
            out.write(' ');
        }
        return out.toByteArray();
    }
}
