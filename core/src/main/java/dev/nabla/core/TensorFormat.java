package dev.nabla.core;

import java.util.Locale;

/**
 * Prints tensors as PyTorch does: nested brackets, values with four decimals (or scientific
 * notation for very large or small magnitudes), and only the first and last three entries of
 * each dimension once a tensor has more than 1000 elements.
 */
final class TensorFormat {

    private static final int THRESHOLD = 1000;
    private static final int EDGE = 3;

    private TensorFormat() {
    }

    static String format(Tensor t) {
        float[] d = t.data();
        int[] dims = t.shape().toArray();
        boolean summarize = t.size() > THRESHOLD;
        boolean scientific = false;
        for (int i = 0; i < t.size(); i++) {
            float a = Math.abs(d[i]);
            if (Float.isFinite(a) && a != 0 && (a >= 1e8f || a < 1e-4f)) {
                scientific = true;
                break;
            }
        }
        StringBuilder sb = new StringBuilder("tensor(");
        if (dims.length == 0) {
            sb.append(value(d[0], scientific));
        } else {
            appendDim(sb, d, dims, t.shape().strides(), 0, 0, summarize, scientific, "tensor(".length());
        }
        sb.append(", shape=").append(t.shape());
        if (t.requiresGrad()) {
            Node n = t.node();
            sb.append(n == null ? ", requiresGrad=true" : ", gradFn=" + n.op);
        }
        return sb.append(')').toString();
    }

    private static void appendDim(StringBuilder sb, float[] d, int[] dims, int[] strides, int axis, int offset,
                                  boolean summarize, boolean scientific, int indent) {
        sb.append('[');
        int n = dims[axis];
        boolean last = axis == dims.length - 1;
        for (int i = 0; i < n; i++) {
            if (summarize && n > 2 * EDGE && i == EDGE) {
                sb.append(last ? "..., " : "...,\n" + " ".repeat(indent + axis + 1));
                i = n - EDGE - 1;
                continue;
            }
            if (last) {
                sb.append(value(d[offset + i], scientific));
            } else {
                appendDim(sb, d, dims, strides, axis + 1, offset + i * strides[axis], summarize, scientific, indent);
            }
            if (i < n - 1) {
                sb.append(last ? ", " : ",\n" + " ".repeat(indent + axis + 1));
            }
        }
        sb.append(']');
    }

    private static String value(float v, boolean scientific) {
        if (Float.isNaN(v)) {
            return "nan";
        }
        if (Float.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, scientific ? "%.4e" : "%.4f", v);
    }
}
