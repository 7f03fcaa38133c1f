package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Statistical facts of each distribution, worked out from its formula. Counts are checked within
 * 5 binomial standard deviations, sqrt(n p (1 - p)); means within 5 standard errors.
 */
class Toy2dTest {

    private static final int N = 20000;

    private static float[] xy(Tensor t, int n) {
        assertArrayEquals(new int[] {n, 2}, t.shape().toArray());
        return t.toArray();
    }

    private static void assertCount(int count, int n, double p, String what) {
        double sd = Math.sqrt(n * p * (1 - p));
        assertTrue(Math.abs(count - n * p) < 5 * sd, what + ": " + count + " of " + n + ", expected " + n * p);
    }

    @Test
    void ringOfGaussiansPointsSitNearTheirCentre() {
        float[] p = xy(Toy2d.ringOfGaussians(new Rng(1), N), N);
        int[] counts = new int[8];
        for (int i = 0; i < N; i++) {
            double x = p[2 * i];
            double y = p[2 * i + 1];
            // Nearest of the 8 centres 2 (cos 2 pi k / 8, sin 2 pi k / 8).
            int k = (int) Math.floorMod(Math.round(Math.atan2(y, x) / (Math.PI / 4)), 8);
            double dx = x - 2 * Math.cos(k * Math.PI / 4);
            double dy = y - 2 * Math.sin(k * Math.PI / 4);
            // Each offset is N(0, 0.02^2): 6 sd is never reached in 40,000 draws (P ~ 1e-4 overall).
            assertTrue(Math.abs(dx) < 0.12 && Math.abs(dy) < 0.12, "point " + i + " off its centre");
            assertEquals(2, Math.hypot(x, y), 0.12 * Math.sqrt(2));
            counts[k]++;
        }
        for (int k = 0; k < 8; k++) {
            assertCount(counts[k], N, 1 / 8.0, "component " + k);
        }
        // Radius and std are honoured: 3 components of radius 5, std 0 put every point on a centre.
        float[] q = xy(Toy2d.ringOfGaussians(new Rng(2), 30, 3, 5f, 0f), 30);
        for (int i = 0; i < 30; i++) {
            double a = Math.atan2(q[2 * i + 1], q[2 * i]);
            double k = a / (2 * Math.PI / 3);
            assertEquals(Math.round(k), k, 1e-5, "angle a multiple of 120 degrees");
            assertEquals(5, Math.hypot(q[2 * i], q[2 * i + 1]), 1e-5);
        }
    }

    @Test
    void twoMoonsLabelledGivesTheSamePointsAndEachPointsMoon() {
        Toy2d.Labelled l = Toy2d.twoMoonsLabelled(new Rng(5), 500, 0f);
        assertArrayEquals(Toy2d.twoMoons(new Rng(5), 500, 0f).toArray(), l.points().toArray(), "the same draws");
        float[] p = l.points().toArray();
        for (int i = 0; i < 500; i++) {
            double x = p[2 * i];
            double y = p[2 * i + 1];
            // Label 0: the upper half circle around (0, 0); label 1: the lower one around (1, 0.5).
            double r = l.labels()[i] == 0 ? Math.hypot(x, y) : Math.hypot(x - 1, y - 0.5);
            assertEquals(1, r, 1e-5, "point " + i + " with label " + l.labels()[i]);
            assertTrue(l.labels()[i] == 0 ? y >= -1e-6 : y <= 0.5 + 1e-6, "point " + i + " on its half");
        }
    }

    @Test
    void twoMoonsLieOnTheirHalfCirclesWithTheRightMeans() {
        float[] p = xy(Toy2d.twoMoons(new Rng(3), N, 0f), N);
        double[] sumUpper = new double[2];
        double[] sumLower = new double[2];
        int upper = 0;
        for (int i = 0; i < N; i++) {
            double x = p[2 * i];
            double y = p[2 * i + 1];
            boolean onUpper = Math.abs(Math.hypot(x, y) - 1) < 1e-5 && y >= -1e-6;
            boolean onLower = Math.abs(Math.hypot(x - 1, y - 0.5) - 1) < 1e-5 && y <= 0.5 + 1e-6;
            assertTrue(onUpper || onLower, "point " + i + " (" + x + ", " + y + ") is on a moon");
            double[] sum = onUpper ? sumUpper : sumLower;
            upper += onUpper ? 1 : 0;
            sum[0] += x;
            sum[1] += y;
        }
        assertCount(upper, N, 0.5, "upper moon");
        // t ~ U[0, pi): E cos t = 0, E sin t = 2 / pi; sd of cos t is 1 / sqrt 2, of sin t sqrt(1/2 - 4/pi^2) = 0.31.
        double se = Math.sqrt(0.5 / (N / 2.0));
        assertEquals(0, sumUpper[0] / upper, 5 * se);
        assertEquals(2 / Math.PI, sumUpper[1] / upper, 5 * se);
        assertEquals(1, sumLower[0] / (N - upper), 5 * se);
        assertEquals(0.5 - 2 / Math.PI, sumLower[1] / (N - upper), 5 * se);
        // With noise 0.1 the overall mean is still (0.5, 0.25) and Var x = E x^2 - 0.25 + 0.01,
        // E x^2 = (1/2 + 3/2) / 2 = 1 (upper: E cos^2 = 1/2; lower: E (1 - cos)^2 = 3/2): Var x = 0.76.
        float[] q = xy(Toy2d.twoMoons(new Rng(4), N, 0.1f), N);
        double mx = 0;
        double my = 0;
        double sx = 0;
        for (int i = 0; i < N; i++) {
            mx += q[2 * i];
            my += q[2 * i + 1];
            sx += q[2 * i] * (double) q[2 * i];
        }
        mx /= N;
        my /= N;
        assertEquals(0.5, mx, 5 * Math.sqrt(0.76 / N));
        assertEquals(0.25, my, 5 * Math.sqrt(0.4 / N));
        assertEquals(0.76, sx / N - mx * mx, 0.03);
    }

    @Test
    void ringsHaveIntegerRadiiEquallyOften() {
        float[] p = xy(Toy2d.rings(new Rng(5), N, 3, 0f), N);
        int[] counts = new int[4];
        for (int i = 0; i < N; i++) {
            double r = Math.hypot(p[2 * i], p[2 * i + 1]);
            long k = Math.round(r);
            assertEquals(k, r, 1e-5, "radius of point " + i);
            assertTrue(k >= 1 && k <= 3);
            counts[(int) k]++;
        }
        for (int k = 1; k <= 3; k++) {
            assertCount(counts[k], N, 1 / 3.0, "ring " + k);
        }
        // Default: 4 rings, noise 0.05 -> every radius within 6 sd of an integer 1..4 (a radial
        // offset is close to N(0, 0.05^2) for r >= 1).
        float[] q = xy(Toy2d.rings(new Rng(6), N), N);
        int[] quadrant = new int[4];
        for (int i = 0; i < N; i++) {
            double r = Math.hypot(q[2 * i], q[2 * i + 1]);
            assertTrue(Math.abs(r - Math.round(r)) < 0.3 && Math.round(r) >= 1 && Math.round(r) <= 4, "r = " + r);
            quadrant[(q[2 * i] >= 0 ? 0 : 1) + (q[2 * i + 1] >= 0 ? 0 : 2)]++;
        }
        for (int c : quadrant) {
            assertCount(c, N, 0.25, "the angle is uniform: one quadrant");
        }
    }

    @Test
    void spiralsFollowTheirCurveAndRadiusLaw() {
        float[] p = xy(Toy2d.spirals(new Rng(7), N, 0f), N);
        int positiveArm = 0;
        int inside = 0;
        for (int i = 0; i < N; i++) {
            double x = p[2 * i];
            double y = p[2 * i + 1];
            double t = 3 * Math.hypot(x, y); // |p| = t / 3
            assertTrue(t < 3 * Math.PI + 1e-4);
            // p = arm (t/3) (-cos t, sin t): recover the arm and check the point is on it.
            double ex = -t / 3 * Math.cos(t);
            double ey = t / 3 * Math.sin(t);
            boolean plus = Math.abs(x - ex) < 1e-4 && Math.abs(y - ey) < 1e-4;
            boolean minus = Math.abs(x + ex) < 1e-4 && Math.abs(y + ey) < 1e-4;
            assertTrue(plus || minus, "point " + i + " is on an arm");
            positiveArm += plus ? 1 : 0;
            inside += t / 3 <= Math.PI / 2 ? 1 : 0;
        }
        assertCount(positiveArm, N, 0.5, "arm +1");
        assertCount(inside, N, 0.25, "P(|p| <= pi / 2) = (1/2)^2");
    }

    @Test
    void checkerboardPointsFallOnlyOnBlackSquaresUniformly() {
        float[] p = xy(Toy2d.checkerboard(new Rng(8), N), N);
        int[][] counts = new int[4][4];
        double fracSum = 0;
        for (int i = 0; i < N; i++) {
            float x = p[2 * i];
            float y = p[2 * i + 1];
            assertTrue(x >= -4 && x < 4 && y >= -4 && y < 4, "in the board");
            int col = (int) Math.floor(x / 2) + 2;
            int row = (int) Math.floor(y / 2) + 2;
            assertEquals(0, (col + row) % 2, "(" + x + ", " + y + ") is on a black square");
            counts[row][col]++;
            fracSum += (x + 4) / 2 - Math.floor((x + 4) / 2);
        }
        for (int row = 0; row < 4; row++) {
            for (int col = (row % 2); col < 4; col += 2) {
                assertCount(counts[row][col], N, 1 / 8.0, "square " + row + "," + col);
            }
        }
        // Position within a square ~ U[0, 1): mean 1/2, sd sqrt(1/12).
        assertEquals(0.5, fracSum / N, 5 * Math.sqrt(1 / 12.0 / N));
    }

    @Test
    void swissRollRadiusIsUniformAndTheAngleMatches() {
        float[] p = xy(Toy2d.swissRoll(new Rng(9), N, 0f), N);
        double sum = 0;
        for (int i = 0; i < N; i++) {
            double x = p[2 * i];
            double y = p[2 * i + 1];
            double r = Math.hypot(x, y);
            assertTrue(r >= 0.3 * Math.PI - 1e-5 && r < 0.9 * Math.PI + 1e-5, "r = " + r);
            double t = 5 * r;
            assertEquals(Math.cos(t), x / r, 1e-4);
            assertEquals(Math.sin(t), y / r, 1e-4);
            sum += r;
        }
        // |p| ~ U[0.3 pi, 0.9 pi): mean 0.6 pi, sd 0.6 pi / sqrt 12.
        assertEquals(0.6 * Math.PI, sum / N, 5 * 0.6 * Math.PI / Math.sqrt(12.0 * N));
    }

    @Test
    void seededAndChecked() {
        assertArrayEquals(Toy2d.spirals(new Rng(1), 50).toArray(), Toy2d.spirals(new Rng(1), 50).toArray());
        assertFalse(Arrays.equals(Toy2d.spirals(new Rng(1), 50).toArray(), Toy2d.spirals(new Rng(2), 50).toArray()));
        String m = assertThrows(IllegalArgumentException.class, () -> Toy2d.twoMoons(new Rng(1), 0)).getMessage();
        assertTrue(m.contains("Toy2d.twoMoons") && m.contains("n >= 1"), m);
        m = assertThrows(IllegalArgumentException.class, () -> Toy2d.rings(new Rng(1), 5, 2, -0.1f)).getMessage();
        assertTrue(m.contains("Toy2d.rings") && m.contains("-0.1"), m);
        assertThrows(IllegalArgumentException.class, () -> Toy2d.ringOfGaussians(new Rng(1), 5, 0f, 0.1f));
        assertThrows(IllegalArgumentException.class, () -> Toy2d.ringOfGaussians(new Rng(1), 5, 0, 1f, 0.1f));
        assertThrows(IllegalArgumentException.class, () -> Toy2d.swissRoll(new Rng(1), 5, Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> Toy2d.rings(new Rng(1), 5, 0, 0.1f));
        Rng rng = new Rng(3);
        long[] before = rng.state();
        assertThrows(IllegalArgumentException.class, () -> Toy2d.spirals(rng, 5, -1f));
        assertArrayEquals(before, rng.state(), "nothing drawn on bad input");
    }
}
