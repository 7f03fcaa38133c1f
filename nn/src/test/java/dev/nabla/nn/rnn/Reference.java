package dev.nabla.nn.rnn;

import dev.nabla.core.Tensor;

/**
 * The recurrences written out element by element in double precision, from the gate equations
 * (not from the code under test): the oracle for the cell and layer tests. Arrays are
 * {@code [batch][feature]}; weights are read from the module's tensors.
 */
final class Reference {

    private Reference() {
    }

    /** The weights of one cell or one layer-direction, as doubles; biases are zeros when absent. */
    record Weights(double[][] wih, double[][] whh, double[] bih, double[] bhh) {

        static Weights of(Tensor wih, Tensor whh, Tensor bih, Tensor bhh) {
            int rows = wih.size(0);
            return new Weights(matrix(wih), matrix(whh), bih == null ? new double[rows] : vector(bih),
                    bhh == null ? new double[rows] : vector(bhh));
        }

        /** Row r of x W_ih^T + b_ih for sample x. */
        double in(int r, double[] x) {
            return dot(wih[r], x) + bih[r];
        }

        /** Row r of h W_hh^T + b_hh for state h. */
        double hid(int r, double[] h) {
            return dot(whh[r], h) + bhh[r];
        }
    }

    static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** h' = act(W_ih x + b_ih + W_hh h + b_hh). */
    static double[][] rnn(Weights w, double[][] x, double[][] h, boolean relu) {
        int hs = h[0].length;
        double[][] out = new double[x.length][hs];
        for (int n = 0; n < x.length; n++) {
            for (int j = 0; j < hs; j++) {
                double a = w.in(j, x[n]) + w.hid(j, h[n]);
                out[n][j] = relu ? Math.max(0, a) : Math.tanh(a);
            }
        }
        return out;
    }

    /** Returns {h', c'}: i, f, g, o in rows [0, H), [H, 2H), [2H, 3H), [3H, 4H). */
    static double[][][] lstm(Weights w, double[][] x, double[][] h, double[][] c) {
        int hs = h[0].length;
        double[][] h2 = new double[x.length][hs];
        double[][] c2 = new double[x.length][hs];
        for (int n = 0; n < x.length; n++) {
            for (int j = 0; j < hs; j++) {
                double i = sigmoid(w.in(j, x[n]) + w.hid(j, h[n]));
                double f = sigmoid(w.in(hs + j, x[n]) + w.hid(hs + j, h[n]));
                double g = Math.tanh(w.in(2 * hs + j, x[n]) + w.hid(2 * hs + j, h[n]));
                double o = sigmoid(w.in(3 * hs + j, x[n]) + w.hid(3 * hs + j, h[n]));
                c2[n][j] = f * c[n][j] + i * g;
                h2[n][j] = o * Math.tanh(c2[n][j]);
            }
        }
        return new double[][][] {h2, c2};
    }

    /** r, z, n in rows [0, H), [H, 2H), [2H, 3H); b_hn inside the reset product. */
    static double[][] gru(Weights w, double[][] x, double[][] h) {
        int hs = h[0].length;
        double[][] out = new double[x.length][hs];
        for (int n = 0; n < x.length; n++) {
            for (int j = 0; j < hs; j++) {
                double r = sigmoid(w.in(j, x[n]) + w.hid(j, h[n]));
                double z = sigmoid(w.in(hs + j, x[n]) + w.hid(hs + j, h[n]));
                double nn = Math.tanh(w.in(2 * hs + j, x[n]) + r * w.hid(2 * hs + j, h[n]));
                out[n][j] = (1 - z) * nn + z * h[n][j];
            }
        }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }

    static double[][] matrix(Tensor t) {
        float[] v = t.toArray();
        int rows = t.size(0);
        int cols = t.size(1);
        double[][] m = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                m[r][c] = v[r * cols + c];
            }
        }
        return m;
    }

    static double[] vector(Tensor t) {
        float[] v = t.toArray();
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    static double[] flatten(double[][] m) {
        int cols = m[0].length;
        double[] out = new double[m.length * cols];
        for (int r = 0; r < m.length; r++) {
            System.arraycopy(m[r], 0, out, r * cols, cols);
        }
        return out;
    }
}
