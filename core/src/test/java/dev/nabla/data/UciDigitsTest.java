package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class UciDigitsTest {

    /**
     * Images per class in the data set's test split, as published in the UCI description
     * (optdigits.names, "Class distribution", testing set).
     */
    private static final int[] PUBLISHED_COUNTS = {178, 182, 177, 183, 181, 182, 181, 179, 174, 180};

    @Test
    void loadsTheWholeSet() {
        LabelledImages d = UciDigits.load();
        assertArrayEquals(new int[] {1797, 1, 8, 8}, d.images().shape().toArray());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), d.classes());
        assertArrayEquals(PUBLISHED_COUNTS, d.classCounts());
        // The first image is a 0 (scikit-learn's digits.images[0]); its first two rows, /16:
        int[][] rows = {{0, 0, 5, 13, 9, 1, 0, 0}, {0, 0, 13, 15, 10, 15, 5, 0}};
        assertEquals(0, d.labels()[0]);
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 8; c++) {
                assertEquals(rows[r][c] / 16f, d.images().get(0, 0, r, c), "pixel " + r + "," + c);
            }
        }
        float max = 0;
        for (float v : d.images().toArray()) {
            max = Math.max(max, v);
            assertEquals(0f, v * 16 - Math.round(v * 16), "a count 0..16 divided by 16");
        }
        assertEquals(1f, max, "some block is fully inked: 16 / 16");
    }

    @Test
    void splitIsStratified() {
        TrainTest s = UciDigits.load(0.2, 42);
        // round(n_k * 0.2) per class: 35.6, 36.4, 35.4, 36.6, 36.2, 36.4, 36.2, 35.8, 34.8, 36.0.
        int[] test = {36, 36, 35, 37, 36, 36, 36, 36, 35, 36};
        assertArrayEquals(test, s.test().classCounts());
        for (int k = 0; k < 10; k++) {
            assertEquals(PUBLISHED_COUNTS[k] - test[k], s.train().classCounts()[k]);
        }
        assertEquals(359, s.test().size());
        assertEquals(1438, s.train().size());
        assertThrows(IllegalArgumentException.class, () -> UciDigits.load(1.0, 42));
    }

    private static String line(int pixel, int label) {
        return (pixel + ",").repeat(64) + label;
    }

    private static String parseError(String text, int expected) {
        return assertThrows(IllegalStateException.class,
                () -> UciDigits.parse(new BufferedReader(new StringReader(text)), "t.csv", expected)).getMessage();
    }

    @Test
    void parsesGoodLines() throws Exception {
        String text = line(16, 9) + "\n" + line(4, 0) + "\n";
        LabelledImages d = UciDigits.parse(new BufferedReader(new StringReader(text)), "t.csv", 2);
        assertArrayEquals(new int[] {9, 0}, d.labels());
        assertEquals(1f, d.images().get(0, 0, 7, 7));
        assertEquals(0.25f, d.images().get(1, 0, 3, 5));
    }

    @Test
    void corruptLinesNameTheLine() {
        String good = line(3, 1) + "\n";
        String m = parseError(good + line(3, 1).substring(2) + "\n", 2);
        assertTrue(m.contains("line 2") && m.contains("64 comma-separated fields") && m.contains("expected 65"), m);
        m = parseError(good + good + line(17, 1), 3);
        assertTrue(m.contains("line 3") && m.contains("field 1") && m.contains("'17'") && m.contains("0..16"), m);
        m = parseError(good + line(2, 10), 2);
        assertTrue(m.contains("line 2") && m.contains("field 65") && m.contains("label in 0..9"), m);
        m = parseError(good + line(2, 1).replace("2,2,2", "2,x,2"), 2);
        assertTrue(m.contains("line 2") && m.contains("'x'"), m);
        m = parseError(good + "\n", 2);
        assertTrue(m.contains("line 2"), m);
        m = parseError(good, 2);
        assertTrue(m.contains("has 1 lines, expected 2"), m);
        m = parseError(good + good, 1);
        assertTrue(m.contains("more than the expected 1 lines"), m);
    }
}
