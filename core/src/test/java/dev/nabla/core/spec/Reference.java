package dev.nabla.core.spec;

import dev.nabla.core.Tensor;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Independent reference computations for op-spec rows: plain loops in double over the
 * inputs' values, with broadcasting re-derived here from NumPy's rules (not from Nabla).
 */
public final class Reference {

    private Reference() {
    }

    /** f applied to every element. */
    public static double[] unary(Tensor x, DoubleUnaryOperator f) {
        float[] v = x.toArray();
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = f.applyAsDouble(v[i]);
        }
        return out;
    }

    /** The NumPy broadcast of two shapes. */
    public static int[] broadcastShape(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i - (rank - a.length) >= 0 ? a[i - (rank - a.length)] : 1;
            int db = i - (rank - b.length) >= 0 ? b[i - (rank - b.length)] : 1;
            if (da != db && da != 1 && db != 1) {
                throw new AssertionError("reference: shapes do not broadcast");
            }
            out[i] = Math.max(da, db);
        }
        return out;
    }

    /** Flat index into a tensor of shape {@code dims} for output multi-index {@code idx} (broadcast). */
    public static int broadcastIndex(int[] idx, int[] dims) {
        int shift = idx.length - dims.length;
        int flat = 0;
        for (int i = 0; i < dims.length; i++) {
            int k = dims[i] == 1 ? 0 : idx[i + shift];
            flat = flat * dims[i] + k;
        }
        return flat;
    }

    /** Multi-index of flat position {@code flat} in row-major shape {@code dims}. */
    public static int[] unravel(int flat, int[] dims) {
        int[] idx = new int[dims.length];
        for (int i = dims.length - 1; i >= 0; i--) {
            idx[i] = flat % dims[i];
            flat /= dims[i];
        }
        return idx;
    }

    /** Number of elements of a shape. */
    public static int count(int[] dims) {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    /** f applied to broadcast pairs. */
    public static double[] binary(Tensor a, Tensor b, DoubleBinaryOperator f) {
        int[] sa = a.shape().toArray();
        int[] sb = b.shape().toArray();
        int[] out = broadcastShape(sa, sb);
        float[] va = a.toArray();
        float[] vb = b.toArray();
        double[] r = new double[count(out)];
        for (int i = 0; i < r.length; i++) {
            int[] idx = unravel(i, out);
            r[i] = f.applyAsDouble(va[broadcastIndex(idx, sa)], vb[broadcastIndex(idx, sb)]);
        }
        return r;
    }

    /** The error function by its Maclaurin series (converges for all x; used for |x| <= 4). */
    public static double erf(double x) {
        double term = x;
        double sum = x;
        for (int n = 1; n < 200; n++) {
            term *= -x * x / n;
            sum += term / (2 * n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    /** Matrix product of row-major (m, k) and (k, n) arrays. */
    public static double[] matmul(float[] a, float[] b, int m, int k, int n) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (double) a[i * k + p] * b[p * n + j];
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    /** Transpose of a row-major (rows, cols) array. */
    public static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = a[i * cols + j];
            }
        }
        return t;
    }

    /** @return x's values in row-major order, widened to double */
    public static double[] values(Tensor x) {
        float[] v = x.toArray();
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
