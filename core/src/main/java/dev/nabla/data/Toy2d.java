package dev.nabla.data;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;

/**
 * Two-dimensional toy distributions for density models (GANs, flows, score models, EBMs): each
 * method draws {@code n} points and returns them as a tensor {@code (n, 2)} of {@code (x, y)}
 * rows.
 *
 * <p>Every point is drawn independently, in row order, from the given {@link Rng}, with the draws
 * listed in each method's Javadoc in that order; "{@code z ~ N(0, 1)}" is one
 * {@link Rng#normal()} and "{@code u ~ U[0, 1)}" one {@link Rng#nextDouble()}. The formulas are
 * evaluated in double with {@link StrictMath} (the same numbers on every JVM) and rounded once to
 * float. Noise parameters are standard deviations in the points' units, added independently to
 * both coordinates. Arguments are checked before anything is drawn: {@code n >= 1}, noise finite
 * and {@code >= 0}, sizes finite and positive; bad ones throw an
 * {@link IllegalArgumentException} naming the method and the value.
 */
public final class Toy2d {

    private static final double TAU = 2 * Math.PI;

    private Toy2d() {
    }

    /**
     * {@link #ringOfGaussians(Rng, int, int, float, float) ringOfGaussians(rng, n, 8, 2, 0.02f)}:
     * the mixture of Metz et al., "Unrolled Generative Adversarial Networks" (ICLR 2017), the
     * standard test of mode collapse.
     *
     * @param rng the source of randomness; advanced
     * @param n the number of points, {@code >= 1}
     * @return the points, {@code (n, 2)}
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static Tensor ringOfGaussians(Rng rng, int n) {
        return ringOfGaussians(rng, n, 8, 2f, 0.02f);
    }

    /**
     * {@link #ringOfGaussians(Rng, int, int, float, float) ringOfGaussians(rng, n, 8, radius, std)}.
     *
     * @param rng the source of randomness; advanced
     * @param n the number of points, {@code >= 1}
     * @param radius the ring's radius, {@code > 0}
     * @param std each Gaussian's standard deviation, {@code >= 0}
     * @return the points, {@code (n, 2)}
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static Tensor ringOfGaussians(Rng rng, int n, float radius, float std) {
        return ringOfGaussians(rng, n, 8, radius, std);
    }

    /**
     * An equal mixture of {@code components} isotropic Gaussians centred evenly on a circle:
     * {@code k = rng.nextInt(components)}, then
     * {@code p = radius (cos(2 pi k / components), sin(2 pi k / components)) + std (z1, z2)}.
     *
     * @param rng the source of randomness; advanced
     * @param n the number of points, {@code >= 1}
     * @param components the number of Gaussians, {@code >= 1}
     * @param radius the ring's radius, {@code > 0}
     * @param std each Gaussian's standard deviation, {@code >= 0}
     * @return the points, {@code (n, 2)}
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static Tensor ringOfGaussians(Rng rng, int n, int components, float radius, float std) {
        String name = "Toy2d.ringOfGaussians";
        check(name, rng, n);
        atLeastOne(name, "components", components);
        positive(name, "radius", radius);
        noise(name, "std", std);
        float[] out = new float[2 * n];
        for (int i = 0; i < n; i++) {
            double a = TAU * rng.nextInt(components) / components;
            put(out, i, radius * StrictMath.cos(a), radius * StrictMath.sin(a), std, rng);
        }
        return Tensor.of(out, n, 2);
    }

    /**
     * {@link #twoMoons(Rng, int, float) twoMoons(rng, n, 0.05f)}.
     *
     * @param rng the source of randomness; advanced
     * @param n the number of points, {@code >= 1}
     * @return the points, {@code (n, 2)}
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static Tensor twoMoons(Rng rng, int n) {
        return twoMoons(rng, n, 0.05f);
    }

    /**
     * Two interleaved half circles of radius 1, as scikit-learn's {@code make_moons} (but with
     * the moon and the angle drawn at random): {@code moon = rng.bernoulli(0.5)},
     * {@code t = pi u}, then {@code p = (cos t, sin t)} for the upper moon ({@code false}) or
     * {@code p = (1 - cos t, 0.5 - sin t)} for the lower one, plus {@code noise (z1, z2)}. The
     * upper moon's mean is {@code (0, 2 / pi)}, the lower one's {@code (1, 0.5 - 2 / pi)}.
     *
     * @param rng the source of randomness; advanced
     * @param n the number of points, {@code >= 1}
     * @param noise the standard deviation of the Gaussian noise, {@code >= 0}
     * @return the points, {@code (n, 2)}
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static Tensor twoMoons(Rng rng, int n, float noise) {
        return twoMoonsLabelled(rng, n, noise).points();
    }

    /**
     * Points with a class label each.
     *
     * @param points the points, {@code (n, 2)}
     * @param labels each point's class, length {@code n}
     */
    public record Labelled(Tensor points, int[] labels) {
    }

    /**
     * The points of {@link #twoMoons(Rng, int, float)} (the same draws, so the same points for
     * the same generator state) with their moon as the label: 0 for the upper moon, 1 for the
     * lower one, for classification.
     *
     * @param rng the source of randomness; advanced
     * @param n the number of points, {@code >= 1}
     * @param noise the standard deviation of the Gaussian noise, {@code >= 0}
     * @return the points and their labels
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static Labelled twoMoonsLabelled(Rng rng, int n, float noise) {
        String name = "Toy2d.twoMoons";
        check(name, rng, n);
        noise(name, "noise", noise);
        float[] out = new float[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            boolean lower = rng.bernoulli(0.5);
            double t = Math.PI * rng.nextDouble();
            double c = StrictMath.cos(t);
            double s = StrictMath.sin(t);
            put(out, i, lower ? 1 - c : c, lower ? 0.5 - s : s, noise, rng);
            labels[i] = lower ? 1 : 0;
        }
        return new Labelled(Tensor.of(out, n, 2), labels);
    }

    /**
     * {@link #rings(Rng, int, int, float) rings(rng, n, 4, 0.05f)}.
     *
     * @param rng the source of randomness; advanced
     * @param n the number of points, {@code >= 1}
     * @return the points, {@code (n, 2)}
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static Tensor rings(Rng rng, int n) {
        return rings(rng, n, 4, 0.05f);
    }

    /**
     * Concentric circles of radii 1, 2, ..., {@code count}, each as likely:
     * {@code r = 1 + rng.nextInt(count)}, {@code t = 2 pi u}, then
     * {@code p = r (cos t, sin t) + noise (z1, z2)}.
     *
     * @param rng the source of randomness; advanced
     * @param n the number of points, {@code >= 1}
     * @param count the number of circles, {@code >= 1}
     * @param noise the standard deviation of the Gaussian noise, {@code >= 0}
     * @return the points, {@code (n, 2)}
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static Tensor rings(Rng rng, int n, int count, float noise) {
        String name = "Toy2d.rings";
        check(name, rng, n);
        atLeastOne(name, "count", count);
        noise(name, "noise", noise);
        float[] out = new float[2 * n];
        for (int i = 0; i < n; i++) {
            int r = 1 + rng.nextInt(count);
            double t = TAU * rng.nextDouble();
            put(out, i, r * StrictMath.cos(t), r * StrictMath.sin(t), noise, rng);
        }
        return Tensor.of(out, n, 2);
    }

    /**
     * {@link #spirals(Rng, int, float) spirals(rng, n, 0.1f)}.
     *
     * @param rng the source of randomness; advanced
     * @param n the number of points, {@code >= 1}
     * @return the points, {@code (n, 2)}
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static Tensor spirals(Rng rng, int n) {
        return spirals(rng, n, 0.1f);
    }

    /**
     * Two interleaved spiral arms, point-symmetric about the origin (after the "2spirals" set of
     * Grathwohl et al., FFJORD, ICLR 2019, without its uniform jitter): {@code arm = rng.bernoulli(0.5) ? -1 : 1},
     * {@code t = 3 pi sqrt(u)} (one and a half turns), then
     * {@code p = arm (t / 3) (-cos t, sin t) + noise (z1, z2)}. Without noise {@code |p| = t / 3}
     * lies in {@code [0, pi)} with {@code P(|p| <= r) = (r / pi)^2}.
     *
     * @param rng the source of randomness; advanced
     * @param n the number of points, {@code >= 1}
     * @param noise the standard deviation of the Gaussian noise, {@code >= 0}
     * @return the points, {@code (n, 2)}
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static Tensor spirals(Rng rng, int n, float noise) {
        String name = "Toy2d.spirals";
        check(name, rng, n);
        noise(name, "noise", noise);
        float[] out = new float[2 * n];
        for (int i = 0; i < n; i++) {
            int arm = rng.bernoulli(0.5) ? -1 : 1;
            double t = 3 * Math.PI * StrictMath.sqrt(rng.nextDouble());
            double r = arm * t / 3;
            put(out, i, -r * StrictMath.cos(t), r * StrictMath.sin(t), noise, rng);
        }
        return Tensor.of(out, n, 2);
    }

    /**
     * Uniform on the black squares of a 4x4 checkerboard of squares of side 2 covering
     * {@code [-4, 4)^2}: the square of column {@code i = floor(x / 2) + 2} and row
     * {@code j = floor(y / 2) + 2} (each in 0..3) is black when {@code i + j} is even, so the
     * corner square {@code [-4, -2)^2} is black. Draws: the black square
     * {@code k = rng.nextInt(8)} (row {@code j = k / 2}, column {@code i = 2 (k % 2) + (j % 2)}),
     * then {@code p = (2 i - 4 + 2 u1, 2 j - 4 + 2 u2)}.
     *
     * @param rng the source of randomness; advanced
     * @param n the number of points, {@code >= 1}
     * @return the points, {@code (n, 2)}
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static Tensor checkerboard(Rng rng, int n) {
        check("Toy2d.checkerboard", rng, n);
        float[] out = new float[2 * n];
        for (int p = 0; p < n; p++) {
            int k = rng.nextInt(8);
            int j = k / 2;
            int i = 2 * (k % 2) + j % 2;
            double x = 2 * i - 4 + 2 * rng.nextDouble();
            double y = 2 * j - 4 + 2 * rng.nextDouble();
            out[2 * p] = below((float) x, 2 * i - 2);
            out[2 * p + 1] = below((float) y, 2 * j - 2);
        }
        return Tensor.of(out, n, 2);
    }

    /** Keeps a value that rounded up onto its square's upper edge inside the square. */
    private static float below(float v, float edge) {
        return v < edge ? v : Math.nextDown(edge);
    }

    /**
     * {@link #swissRoll(Rng, int, float) swissRoll(rng, n, 0.2f)}.
     *
     * @param rng the source of randomness; advanced
     * @param n the number of points, {@code >= 1}
     * @return the points, {@code (n, 2)}
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static Tensor swissRoll(Rng rng, int n) {
        return swissRoll(rng, n, 0.2f);
    }

    /**
     * A two-dimensional Swiss roll: scikit-learn's {@code make_swiss_roll} seen along its axis
     * (coordinates x and z) and scaled by 1/5, as in FFJORD: {@code t = 1.5 pi (1 + 2 u)}, then
     * {@code p = (t cos t, t sin t) / 5 + noise (z1, z2)}. Without noise {@code |p| = t / 5} is
     * uniform on {@code [0.3 pi, 0.9 pi)} and {@code p / |p| = (cos t, sin t)}.
     *
     * @param rng the source of randomness; advanced
     * @param n the number of points, {@code >= 1}
     * @param noise the standard deviation of the Gaussian noise, {@code >= 0}
     * @return the points, {@code (n, 2)}
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static Tensor swissRoll(Rng rng, int n, float noise) {
        String name = "Toy2d.swissRoll";
        check(name, rng, n);
        noise(name, "noise", noise);
        float[] out = new float[2 * n];
        for (int i = 0; i < n; i++) {
            double t = 1.5 * Math.PI * (1 + 2 * rng.nextDouble());
            put(out, i, t * StrictMath.cos(t) / 5, t * StrictMath.sin(t) / 5, noise, rng);
        }
        return Tensor.of(out, n, 2);
    }

    /** Row i = (x, y) + noise (z1, z2), drawing z1 then z2. */
    private static void put(float[] out, int i, double x, double y, float noise, Rng rng) {
        double zx = rng.normal();
        double zy = rng.normal();
        out[2 * i] = (float) (x + noise * zx);
        out[2 * i + 1] = (float) (y + noise * zy);
    }

    private static void check(String name, Rng rng, int n) {
        if (rng == null) {
            throw new NullPointerException(name + ": rng is null");
        }
        atLeastOne(name, "n", n);
    }

    private static void atLeastOne(String name, String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + ": expected " + what + " >= 1, got " + value);
        }
    }

    private static void positive(String name, String what, float value) {
        if (!(value > 0) || !Float.isFinite(value)) {
            throw new IllegalArgumentException(name + ": expected a finite " + what + " > 0, got " + value);
        }
    }

    private static void noise(String name, String what, float value) {
        if (!(value >= 0) || !Float.isFinite(value)) {
            throw new IllegalArgumentException(name + ": expected a finite " + what + " >= 0, got " + value);
        }
    }
}
