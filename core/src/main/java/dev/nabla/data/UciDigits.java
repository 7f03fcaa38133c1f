package dev.nabla.data;

import dev.nabla.core.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Real handwritten digits, small enough to ship inside the library: 1,797 grey-scale images of
 * 8x8 pixels, classes {@code "0"} to {@code "9"}.
 *
 * <p><b>Source and licence.</b> "Optical Recognition of Handwritten Digits" by E. Alpaydin and
 * C. Kaynak (1998), from the UCI Machine Learning Repository, licensed under Creative Commons
 * Attribution 4.0 International (CC BY 4.0). The bundled file is the data set's test split
 * (1,797 images; the same images as scikit-learn's {@code load_digits}), unchanged apart from the
 * format: each image's 32x32 bitmap was counted in 4x4 blocks by the creators, giving 8x8 pixels
 * with values 0 to 16.
 *
 * <p><b>Format of the resource.</b> {@code dev/nabla/data/uci-digits-8x8.csv.gz}: gzip'd CSV,
 * one image per line, 65 integers: the 64 pixels in row-major order (0 to 16), then the class
 * 0 to 9. Pixels are divided by 16 to fall in {@code [0, 1]}.
 *
 * <p>As a yardstick, a linear classifier reaches about 95-96% test accuracy and a small MLP
 * about 97-98% on a stratified 80/20 split.
 */
public final class UciDigits {

    /** The number of images in the bundled file. */
    public static final int SIZE = 1797;

    /** The class names: the digits {@code "0"} to {@code "9"}; index {@code k} is digit {@code k}. */
    public static final List<String> CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    static final String RESOURCE = "uci-digits-8x8.csv.gz";
    private static final int SIDE = 8;
    private static final int PIXELS = SIDE * SIDE;
    private static final int MAX_PIXEL = 16;

    private UciDigits() {
    }

    /**
     * Reads the bundled images (a new copy on every call).
     *
     * @return 1,797 images {@code (1797, 1, 8, 8)} in {@code [0, 1]} with their digit labels
     * @throws IllegalStateException if the resource is missing or a line is malformed (the
     *     message gives the line number)
     * @throws UncheckedIOException if the resource cannot be read
     */
    public static LabelledImages load() {
        InputStream raw = UciDigits.class.getResourceAsStream(RESOURCE);
        if (raw == null) {
            throw new IllegalStateException("UciDigits.load: the resource dev/nabla/data/" + RESOURCE
                    + " is missing from the class path (a broken nabla-core jar?)");
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw),
                StandardCharsets.US_ASCII))) {
            return parse(in, RESOURCE, SIZE);
        } catch (IOException e) {
            throw new UncheckedIOException("UciDigits.load: cannot read the resource dev/nabla/data/" + RESOURCE, e);
        }
    }

    /**
     * Reads the bundled images and splits them with
     * {@link LabelledImages#stratifiedSplit(double, long)}.
     *
     * @param testFraction the fraction of each class held out for testing, in {@code (0, 1)}
     * @param seed the seed of the split
     * @return the training and test sets
     * @throws IllegalArgumentException if {@code testFraction} is outside {@code (0, 1)}
     */
    public static TrainTest load(double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("UciDigits.load: expected testFraction in (0, 1), got " + testFraction);
        }
        return load().stratifiedSplit(testFraction, seed);
    }

    /**
     * Parses lines of 65 integers.
     *
     * @param in the lines; read to the end
     * @param name the file's name, for messages
     * @param expected the number of lines the file must have
     */
    static LabelledImages parse(BufferedReader in, String name, int expected) throws IOException {
        float[] x = new float[expected * PIXELS];
        int[] y = new int[expected];
        int n = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (n == expected) {
                throw new IllegalStateException("UciDigits: " + name + " has more than the expected "
                        + expected + " lines (line " + (n + 1) + ")");
            }
            parseLine(line, n + 1, name, x, n * PIXELS, y, n);
            n++;
        }
        if (n != expected) {
            throw new IllegalStateException("UciDigits: " + name + " has " + n + " lines, expected " + expected);
        }
        return new LabelledImages(Tensor.of(x, n, 1, SIDE, SIDE), y, CLASSES);
    }

    private static void parseLine(String line, int number, String name, float[] x, int offset, int[] y, int row) {
        String[] fields = line.split(",", -1);
        if (fields.length != PIXELS + 1) {
            throw new IllegalStateException("UciDigits: line " + number + " of " + name + " has " + fields.length
                    + " comma-separated fields, expected " + (PIXELS + 1) + " (64 pixels and a label)");
        }
        for (int j = 0; j <= PIXELS; j++) {
            int max = j < PIXELS ? MAX_PIXEL : CLASSES.size() - 1;
            int v;
            try {
                v = Integer.parseInt(fields[j].trim());
            } catch (NumberFormatException e) {
                v = -1;
            }
            if (v < 0 || v > max) {
                throw new IllegalStateException("UciDigits: line " + number + " of " + name + ", field " + (j + 1)
                        + " is '" + fields[j] + "', expected " + (j < PIXELS ? "a pixel" : "a label")
                        + " in 0.." + max);
            }
            if (j < PIXELS) {
                x[offset + j] = v / (float) MAX_PIXEL;
            } else {
                y[row] = v;
            }
        }
    }
}
