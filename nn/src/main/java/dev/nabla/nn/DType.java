package dev.nabla.nn;

import java.nio.ByteBuffer;

/**
 * The safetensors element types Nabla reads (all converted to fp32) and writes ({@link #F32},
 * {@link #I64}), with their sizes in bytes. Buffers passed in are little-endian.
 */
enum DType {
    F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

    /** Bytes per element. */
    final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /**
     * @param name a dtype as written in a header
     * @return the type, or {@code null} if Nabla does not read it
     */
    static DType parse(String name) {
        for (DType d : values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }

    /**
     * Converts elements from {@code in} (little-endian, positioned at the first) to floats.
     *
     * @param in the bytes, at least {@code count * bytes} remaining; read
     * @param out receives the values as fp32 (rounded to nearest where fp32 cannot hold them exactly)
     * @param offset the first index of {@code out} written
     * @param count the number of elements
     */
    void decode(ByteBuffer in, float[] out, int offset, int count) {
        for (int i = offset, end = offset + count; i < end; i++) {
            out[i] = switch (this) {
                case F64 -> (float) in.getDouble();
                case F32 -> in.getFloat();
                case F16 -> halfToFloat(in.getShort());
                case BF16 -> Float.intBitsToFloat((in.getShort() & 0xffff) << 16);
                case I64 -> (float) in.getLong();
                case I32 -> (float) in.getInt();
                case I16 -> in.getShort();
                case I8 -> in.get();
                case U8 -> in.get() & 0xff;
                case BOOL -> in.get() != 0 ? 1f : 0f;
            };
        }
    }

    /**
     * Writes floats as this type ({@link #F32} or {@link #I64}, the latter for whole numbers).
     *
     * @param values the values; not modified
     * @param offset the first index of {@code values} written
     * @param count the number of values
     * @param out the destination, little-endian, with room for every value; advanced
     * @throws UnsupportedOperationException for another type
     */
    void encode(float[] values, int offset, int count, ByteBuffer out) {
        for (int i = offset, end = offset + count; i < end; i++) {
            switch (this) {
                case F32 -> out.putFloat(values[i]);
                case I64 -> out.putLong((long) values[i]);
                default -> throw new UnsupportedOperationException("safetensors: writing " + this + " is not supported");
            }
        }
    }

    /** IEEE 754 binary16 to binary32, exactly (every half is a float). */
    static float halfToFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h >>> 15) << 31;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0) { // zero or subnormal: mantissa * 2^-24
            float f = mantissa * 0x1p-24f;
            return sign != 0 ? -f : f;
        }
        if (exponent == 31) { // infinity or NaN
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }
}
