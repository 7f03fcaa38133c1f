package dev.nabla.core;

import java.util.Objects;

/**
 * Nabla's explicit, seedable, splittable pseudorandom generator.
 *
 * <p>Whatever samples takes an {@code Rng} (as JAX passes keys): the same seed gives the same
 * numbers, bit for bit, on any JVM and any thread count. The core generator is
 * <b>xoshiro256**</b> (D. Blackman and S. Vigna, "Scrambled Linear Pseudorandom Number
 * Generators", ACM Trans. Math. Softw. 47(4), 2021; reference code at
 * https://prng.di.unimi.it/xoshiro256starstar.c), a 256-bit state with period 2^256 - 1. Its
 * state is filled from the 64-bit seed by <b>SplitMix64</b> (G. Steele, D. Lea, C. Flood, "Fast
 * Splittable Pseudorandom Number Generators", OOPSLA 2014; https://prng.di.unimi.it/splitmix64.c),
 * as the xoshiro authors recommend. Only integer arithmetic, IEEE double arithmetic (strict in
 * Java 17) and {@link StrictMath} feed the samples, so results do not depend on the JVM.
 *
 * <p><b>Not thread-safe.</b> An instance must be used by one thread at a time; for parallel
 * sampling, {@link #split(int)} the generator in a fixed order and give each task its own.
 *
 * <p>Every method that takes arguments validates all of them before drawing anything: bad input
 * throws an {@link IllegalArgumentException} whose message starts with the method name (e.g.
 * {@code "bernoulli: expected p in [0, 1], got 1.5"}) and leaves the generator unchanged. A
 * {@code null} array throws a {@link NullPointerException}, also before drawing.
 *
 * <p>The complete state ({@link #state()}) is the four xoshiro words plus the cached second
 * value of the last normal pair, so a checkpoint restored with {@link #setState(long[])}
 * continues exactly, even between the two values of a pair.
 */
public final class Rng {

    /** Length of the array returned by {@link #state()}. */
    private static final int STATE_LENGTH = 6;

    /** SplitMix64's increment: 2^64 / golden ratio, odd. */
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private static final Rng GLOBAL = new Rng(0); // seed documented in global()

    // xoshiro256** state; never all zero.
    private long s0;
    private long s1;
    private long s2;
    private long s3;

    // Marsaglia's polar method yields normals in pairs; the second one waits here.
    private boolean hasSpareNormal;
    private double spareNormal;

    /**
     * Makes a generator from a seed. Every seed, including 0, gives a valid generator; equal
     * seeds give identical streams.
     *
     * @param seed any 64-bit value
     */
    public Rng(long seed) {
        reseed(seed);
    }

    private Rng(long a, long b, long c, long d) {
        setWords(a, b, c, d);
    }

    /**
     * The shared convenience generator, for quick scripts and examples. It is seeded with 0 when
     * the class loads and can be reseeded with {@link #seedGlobal(long)}; it is the same object
     * on every call. It is shared and <b>not thread-safe</b>: library code and parallel code
     * should take an explicit {@code Rng} instead.
     *
     * @return the global generator
     */
    public static Rng global() {
        return GLOBAL;
    }

    /**
     * Reseeds the {@link #global()} generator in place, so that it behaves exactly like
     * {@code new Rng(seed)} (references to it held elsewhere see the new stream). Not
     * thread-safe.
     *
     * @param seed any 64-bit value
     */
    public static void seedGlobal(long seed) {
        GLOBAL.reseed(seed);
    }

    private void reseed(long seed) {
        // The first four SplitMix64 outputs from x = seed: output i is mix64(seed + i * gamma).
        setWords(mix64(seed + GOLDEN_GAMMA), mix64(seed + 2 * GOLDEN_GAMMA),
                mix64(seed + 3 * GOLDEN_GAMMA), mix64(seed + 4 * GOLDEN_GAMMA));
        hasSpareNormal = false;
        spareNormal = 0.0;
    }

    private void setWords(long a, long b, long c, long d) {
        if ((a | b | c | d) == 0) {
            a = GOLDEN_GAMMA; // the all-zero state is xoshiro's one fixed point; vanishingly rare
        }
        s0 = a;
        s1 = b;
        s2 = c;
        s3 = d;
    }

    /** SplitMix64's output function (Stafford's "Mix13"), a bijection on 64-bit values. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // ---------------------------------------------------------------- splitting

    /**
     * Derives a new generator and advances this one by four 64-bit draws. The child's state is
     * four outputs of this generator, each passed through the SplitMix64 mixing function, so the
     * child's stream is statistically independent of this one's and of other children's. The
     * child starts with no cached normal; this generator's cached normal is kept.
     *
     * @return the new generator
     */
    public Rng split() {
        // Java evaluates arguments left to right: the four draws keep their order.
        return new Rng(mix64(nextLong()), mix64(nextLong()), mix64(nextLong()), mix64(nextLong()));
    }

    /**
     * Derives {@code n} generators in a fixed order: element {@code i} is the result of the
     * {@code i}-th of {@code n} successive {@link #split()} calls. Give one to each parallel
     * task (by task index, not by thread) and the results do not depend on the thread count.
     *
     * @param n the number of generators, {@code >= 0}
     * @return a new array of {@code n} new generators
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public Rng[] split(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("split: expected n >= 0, got " + n);
        }
        Rng[] out = new Rng[n];
        for (int i = 0; i < n; i++) {
            out[i] = split();
        }
        return out;
    }

    // ---------------------------------------------------------------- raw bits and integers

    /**
     * Draws 64 uniformly random bits (one xoshiro256** step).
     *
     * @return a long, every value equally likely
     */
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /**
     * Draws 32 uniformly random bits (the high half of {@link #nextLong()}).
     *
     * @return an int, every value equally likely
     */
    public int nextInt() {
        return (int) (nextLong() >>> 32);
    }

    /**
     * Draws an integer uniformly from {@code [0, bound)}, without modulo bias (Lemire's
     * multiply-and-reject method; D. Lemire, "Fast Random Integer Generation in an Interval",
     * ACM TOMACS 29(1), 2019). Usually one draw; rarely more.
     *
     * @param bound the exclusive upper end, {@code > 0}
     * @return an int in {@code [0, bound)}
     * @throws IllegalArgumentException if {@code bound <= 0}
     */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("nextInt: expected bound > 0, got " + bound);
        }
        return (int) bounded(bound);
    }

    /**
     * Draws an integer uniformly from {@code [low, high)}, without bias, as {@link #nextInt(int)}
     * does; any {@code low < high} works, up to the full range of {@code 2^32 - 1} values.
     *
     * @param low the inclusive lower end
     * @param high the exclusive upper end, {@code > low}
     * @return an int in {@code [low, high)}
     * @throws IllegalArgumentException if {@code low >= high}
     */
    public int randint(int low, int high) {
        if (low >= high) {
            throw new IllegalArgumentException("randint: expected low < high, got low = " + low + ", high = " + high);
        }
        return (int) (low + bounded((long) high - low));
    }

    /**
     * Lemire's method for a range in [1, 2^32 - 1]: the high 32 bits of x * range, where x is 32
     * random bits, are uniform once the few x whose low product bits fall below 2^32 mod range
     * are rejected.
     */
    private long bounded(long range) {
        long m = (nextLong() >>> 32) * range; // < 2^64 as unsigned: both factors < 2^32
        long low = m & 0xFFFFFFFFL;
        if (low < range) {
            long threshold = ((1L << 32) - range) % range; // 2^32 mod range
            while (low < threshold) {
                m = (nextLong() >>> 32) * range;
                low = m & 0xFFFFFFFFL;
            }
        }
        return m >>> 32;
    }

    // ---------------------------------------------------------------- uniform reals

    /**
     * Draws a double uniformly from {@code [0, 1)}: 53 random bits times 2^-53, so every
     * multiple of 2^-53 in the interval is equally likely.
     *
     * @return a double in {@code [0, 1)}
     */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * Draws a float uniformly from {@code [0, 1)}: 24 random bits times 2^-24, so every multiple
     * of 2^-24 in the interval is equally likely.
     *
     * @return a float in {@code [0, 1)}
     */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /**
     * Draws a float uniformly from {@code [low, high)}: {@code low + (high - low) * u} with
     * {@code u = nextFloat()}, computed in double and rounded once to float; a result that
     * rounds up to {@code high} is replaced by the largest float below {@code high}.
     *
     * @param low the inclusive lower end, finite
     * @param high the exclusive upper end, finite, {@code > low}
     * @return a float in {@code [low, high)}
     * @throws IllegalArgumentException if either end is not finite or {@code low >= high}
     */
    public float uniform(float low, float high) {
        checkUniform("uniform", low, high);
        return uniformUnchecked(low, high);
    }

    private float uniformUnchecked(float low, float high) {
        float r = (float) (low + ((double) high - low) * nextFloat());
        return r < high ? r : Math.nextDown(high);
    }

    private static void checkUniform(String method, float low, float high) {
        if (!Float.isFinite(low) || !Float.isFinite(high) || !(low < high)) {
            throw new IllegalArgumentException(
                    method + ": expected finite low < high, got low = " + low + ", high = " + high);
        }
    }

    // ---------------------------------------------------------------- other distributions

    /**
     * Draws a standard normal value (mean 0, standard deviation 1). Uses Marsaglia's polar
     * method (G. Marsaglia and T. A. Bray, "A Convenient Method for Generating Normal
     * Variables", SIAM Review 6(3), 1964), which is exact: it produces two independent values
     * from each accepted pair of uniforms; the second is returned by the next call (of this
     * method, {@link #normal(float, float)} or {@link #fillNormal}) and is part of
     * {@link #state()}. Other methods neither use nor discard it.
     *
     * @return a standard normal value, rounded to float
     */
    public float normal() {
        return (float) nextGaussian();
    }

    /**
     * Draws a normal value with the given mean and standard deviation:
     * {@code mean + std * z} with {@code z} as in {@link #normal()}, computed in double and
     * rounded once to float. {@code std = 0} returns {@code mean} (and still draws).
     *
     * @param mean the mean, finite
     * @param std the standard deviation, finite, {@code >= 0}
     * @return a normal value, rounded to float
     * @throws IllegalArgumentException if {@code mean} is not finite or {@code std} is negative,
     *     NaN or infinite
     */
    public float normal(float mean, float std) {
        checkNormal("normal", mean, std);
        return (float) (mean + (double) std * nextGaussian());
    }

    private static void checkNormal(String method, float mean, float std) {
        if (!Float.isFinite(mean)) {
            throw new IllegalArgumentException(method + ": expected a finite mean, got " + mean);
        }
        if (!(std >= 0) || std == Float.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(method + ": expected finite std >= 0, got " + std);
        }
    }

    /** Marsaglia's polar method in double precision; caches the pair's second value. */
    private double nextGaussian() {
        if (hasSpareNormal) {
            hasSpareNormal = false;
            double z = spareNormal;
            spareNormal = 0.0;
            return z;
        }
        double u;
        double v;
        double s;
        do { // accept (u, v) uniform in the unit disc minus the origin: probability pi/4
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double m = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
        spareNormal = v * m;
        hasSpareNormal = true;
        return u * m;
    }

    /**
     * Draws {@code true} with probability {@code p}: {@code nextDouble() < p}. Always draws
     * once, even for {@code p = 0} or {@code p = 1}, so the stream position does not depend on
     * {@code p}.
     *
     * @param p the probability of {@code true}, in {@code [0, 1]}
     * @return the outcome
     * @throws IllegalArgumentException if {@code p} is outside {@code [0, 1]} or NaN
     */
    public boolean bernoulli(double p) {
        checkProbability("bernoulli", p);
        return nextDouble() < p;
    }

    private static void checkProbability(String method, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(method + ": expected p in [0, 1], got " + p);
        }
    }

    /**
     * Draws a category index {@code i} with probability {@code probs[i] / sum(probs)}. The
     * weights need not be normalised. Draws one double; weights are summed in double, in index
     * order. A category with weight 0 is never returned.
     *
     * @param probs the weights, non-negative and finite with a positive finite sum; not modified
     * @return an index in {@code [0, probs.length)}
     * @throws IllegalArgumentException if a weight is negative, NaN or infinite, or the sum is
     *     zero (including an empty array) or overflows
     * @throws NullPointerException if {@code probs} is null
     */
    public int categorical(float[] probs) {
        Objects.requireNonNull(probs, "categorical: probs is null");
        return categorical(probs, 0, probs.length);
    }

    /**
     * Draws a category from the weights {@code probs[offset .. offset + length)}, e.g. one row
     * of a {@code (N, K)} matrix of probabilities; as {@link #categorical(float[])} otherwise.
     *
     * @param probs the array holding the weights; not modified
     * @param offset the index of weight 0 in {@code probs}
     * @param length the number of categories, {@code >= 1}
     * @return the category, in {@code [0, length)} (relative to {@code offset})
     * @throws IllegalArgumentException if the range is outside the array or empty, a weight is
     *     negative, NaN or infinite, or the sum is zero or overflows
     * @throws NullPointerException if {@code probs} is null
     */
    public int categorical(float[] probs, int offset, int length) {
        checkRange("categorical", probs, offset, length);
        if (length == 0) {
            throw new IllegalArgumentException("categorical: expected at least one weight, got length 0");
        }
        double sum = 0;
        for (int i = 0; i < length; i++) {
            float w = probs[offset + i];
            if (!(w >= 0) || w == Float.POSITIVE_INFINITY) {
                throw new IllegalArgumentException(
                        "categorical: expected finite weights >= 0, got " + w + " at index " + i);
            }
            sum += w;
        }
        if (!(sum > 0) || sum == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("categorical: expected a positive finite sum of weights, got " + sum);
        }
        double target = nextDouble() * sum;
        double cumulative = 0;
        int lastPositive = 0;
        for (int i = 0; i < length; i++) {
            float w = probs[offset + i];
            if (w > 0) {
                cumulative += w;
                lastPositive = i;
                if (target < cumulative) {
                    return i;
                }
            }
        }
        return lastPositive; // only when rounding leaves target == the summed total
    }

    /**
     * Draws a standard Gumbel(0, 1) value, {@code -log(-log(U))}, used by the Gumbel-max trick
     * and Gumbel-softmax. {@code U} is {@code (k + 0.5) * 2^-52} for 52 random bits {@code k},
     * strictly inside {@code (0, 1)}, so the result is always finite (within about
     * {@code [-3.6, 36.7]}). Mean: the Euler-Mascheroni constant 0.5772...; variance pi^2 / 6.
     *
     * @return a Gumbel value, rounded to float
     */
    public float gumbel() {
        double u = ((nextLong() >>> 12) + 0.5) * 0x1.0p-52; // exact: at most 53 significant bits
        return (float) -StrictMath.log(-StrictMath.log(u));
    }

    // ---------------------------------------------------------------- permutations

    /**
     * Draws a uniformly random permutation of {@code 0, 1, ..., n - 1}: the identity shuffled
     * by {@link #shuffle(int[])}.
     *
     * @param n the number of elements, {@code >= 0}
     * @return a new array holding each of {@code 0 .. n - 1} exactly once
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public int[] permutation(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("permutation: expected n >= 0, got " + n);
        }
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p);
        return p;
    }

    /**
     * Shuffles an array in place into a uniformly random order (Fisher-Yates, as given by
     * Durstenfeld, CACM 7(7), 1964): for {@code i} from {@code length - 1} down to 1, swap
     * element {@code i} with element {@link #nextInt(int) nextInt(i + 1)}.
     *
     * @param a the array; modified
     * @throws NullPointerException if {@code a} is null
     */
    public void shuffle(int[] a) {
        Objects.requireNonNull(a, "shuffle: a is null");
        for (int i = a.length - 1; i > 0; i--) {
            int j = (int) bounded(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    // ---------------------------------------------------------------- bulk fills

    /**
     * Fills {@code out[offset .. offset + length)} with {@link #uniform(float, float)} values;
     * identical to calling {@code uniform(low, high)} for each index in increasing order.
     *
     * @param out the destination; only the given range is modified
     * @param offset the first index written
     * @param length the number of values, {@code >= 0}
     * @param low the inclusive lower end, finite
     * @param high the exclusive upper end, finite, {@code > low}
     * @throws IllegalArgumentException if the range is outside {@code out}, or the bounds are
     *     invalid as for {@code uniform}
     * @throws NullPointerException if {@code out} is null
     */
    public void fillUniform(float[] out, int offset, int length, float low, float high) {
        checkRange("fillUniform", out, offset, length);
        checkUniform("fillUniform", low, high);
        for (int i = offset, end = offset + length; i < end; i++) {
            out[i] = uniformUnchecked(low, high);
        }
    }

    /**
     * Fills {@code out[offset .. offset + length)} with {@link #normal(float, float)} values;
     * identical to calling {@code normal(mean, std)} for each index in increasing order (a
     * cached second value of a pair is used first, and an odd length leaves one cached).
     *
     * @param out the destination; only the given range is modified
     * @param offset the first index written
     * @param length the number of values, {@code >= 0}
     * @param mean the mean, finite
     * @param std the standard deviation, finite, {@code >= 0}
     * @throws IllegalArgumentException if the range is outside {@code out}, or the parameters
     *     are invalid as for {@code normal}
     * @throws NullPointerException if {@code out} is null
     */
    public void fillNormal(float[] out, int offset, int length, float mean, float std) {
        checkRange("fillNormal", out, offset, length);
        checkNormal("fillNormal", mean, std);
        for (int i = offset, end = offset + length; i < end; i++) {
            out[i] = (float) (mean + (double) std * nextGaussian());
        }
    }

    /**
     * Fills {@code out[offset .. offset + length)} with {@code 1f} (probability {@code p}) or
     * {@code 0f}; identical to writing {@code bernoulli(p) ? 1f : 0f} for each index in
     * increasing order. Useful for dropout masks.
     *
     * @param out the destination; only the given range is modified
     * @param offset the first index written
     * @param length the number of values, {@code >= 0}
     * @param p the probability of {@code 1f}, in {@code [0, 1]}
     * @throws IllegalArgumentException if the range is outside {@code out}, or {@code p} is
     *     outside {@code [0, 1]} or NaN
     * @throws NullPointerException if {@code out} is null
     */
    public void fillBernoulli(float[] out, int offset, int length, float p) {
        checkRange("fillBernoulli", out, offset, length);
        checkProbability("fillBernoulli", p);
        for (int i = offset, end = offset + length; i < end; i++) {
            out[i] = nextDouble() < p ? 1f : 0f;
        }
    }

    private static void checkRange(String method, float[] array, int offset, int length) {
        Objects.requireNonNull(array, method + ": the array is null");
        if (offset < 0 || length < 0 || offset > array.length - length) {
            throw new IllegalArgumentException(method + ": range [offset = " + offset + ", length = " + length
                    + "] is outside an array of length " + array.length);
        }
    }

    // ---------------------------------------------------------------- checkpoints

    /**
     * Returns a copy of the complete state, for checkpoints: {@code [s0, s1, s2, s3, hasSpare,
     * spareBits]}, where {@code s0..s3} are the xoshiro256** words, {@code hasSpare} is 1 if a
     * second normal value is cached (else 0) and {@code spareBits} is that value's
     * {@link Double#doubleToRawLongBits raw bits} (0 when none is cached).
     *
     * @return a new array of length 6
     */
    public long[] state() {
        return new long[] {
            s0, s1, s2, s3, hasSpareNormal ? 1 : 0, hasSpareNormal ? Double.doubleToRawLongBits(spareNormal) : 0
        };
    }

    /**
     * Restores a state returned by {@link #state()}, after which this generator produces
     * exactly what the saved one would have produced. When {@code state[4]} is 0,
     * {@code state[5]} is ignored.
     *
     * @param state an array of length 6 as described in {@link #state()}; not modified
     * @throws IllegalArgumentException if the length is not 6, the four words are all zero
     *     (xoshiro's forbidden state), {@code state[4]} is neither 0 nor 1, or the cached value
     *     is not finite
     * @throws NullPointerException if {@code state} is null
     */
    public void setState(long[] state) {
        Objects.requireNonNull(state, "setState: state is null");
        if (state.length != STATE_LENGTH) {
            throw new IllegalArgumentException(
                    "setState: expected a state of length " + STATE_LENGTH + ", got length " + state.length);
        }
        if ((state[0] | state[1] | state[2] | state[3]) == 0) {
            throw new IllegalArgumentException("setState: the four generator words must not all be zero");
        }
        if (state[4] != 0 && state[4] != 1) {
            throw new IllegalArgumentException("setState: expected state[4] (has a cached normal) to be 0 or 1, got "
                    + state[4]);
        }
        boolean spare = state[4] == 1;
        double spareValue = spare ? Double.longBitsToDouble(state[5]) : 0.0;
        if (!Double.isFinite(spareValue)) {
            throw new IllegalArgumentException("setState: the cached normal value is not finite: " + spareValue);
        }
        setWords(state[0], state[1], state[2], state[3]); // not all zero: checked above
        hasSpareNormal = spare;
        spareNormal = spareValue;
    }

    /** @return a short description with the state words in hex, for debugging */
    @Override
    public String toString() {
        return String.format("Rng[%016x %016x %016x %016x%s]", s0, s1, s2, s3, hasSpareNormal ? " +spare" : "");
    }
}
