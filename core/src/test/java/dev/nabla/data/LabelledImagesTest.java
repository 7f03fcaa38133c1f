package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelledImagesTest {

    private static final List<String> ABC = List.of("a", "b", "c");

    /**
     * 50 images (1, 2, 2) whose four pixels all equal i / 100, so the value names the image.
     * Labels: images 0..19 class 0, 20..35 class 1, 36..49 class 2 (counts 20, 16, 14), interleaved
     * by a fixed rule so that classes are not contiguous.
     */
    private static LabelledImages fifty() {
        float[] x = new float[50 * 4];
        int[] y = new int[50];
        for (int i = 0; i < 50; i++) {
            Arrays.fill(x, 4 * i, 4 * i + 4, i / 100f);
            y[i] = label(i);
        }
        return new LabelledImages(Tensor.of(x, 50, 1, 2, 2), y, ABC);
    }

    /** Image i's class: (i * 7) % 50 sorted into ranges [0, 20), [20, 36), [36, 50). */
    private static int label(int i) {
        int r = (i * 7) % 50; // 7 is coprime with 50: a permutation of 0..49
        return r < 20 ? 0 : r < 36 ? 1 : 2;
    }

    /** The index of each image of a set made from fifty(), read back from its pixels. */
    private static int[] ids(LabelledImages set) {
        float[] x = set.images().toArray();
        int[] out = new int[set.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = Math.round(x[4 * k] * 100);
            for (int j = 1; j < 4; j++) {
                assertEquals(x[4 * k], x[4 * k + j]);
            }
            assertEquals(label(out[k]), set.labels()[k], "image " + out[k] + " kept its label");
        }
        return out;
    }

    @Test
    void accessorsAndFlat() {
        LabelledImages s = fifty();
        assertEquals(50, s.size());
        assertEquals(1, s.channels());
        assertEquals(2, s.height());
        assertEquals(2, s.width());
        assertArrayEquals(new int[] {20, 16, 14}, s.classCounts());
        Tensor flat = s.flat();
        assertArrayEquals(new int[] {50, 4}, flat.shape().toArray());
        assertEquals(0.07f, flat.get(7, 3));
        Batch b = s.dataset().batch(new int[] {9, 2});
        assertArrayEquals(new int[] {label(9), label(2)}, b.labels());
        assertEquals(0.09f, b.inputs().get(0, 0, 1, 1));
    }

    @Test
    void subsetKeepsOrderAndRepeats() {
        LabelledImages sub = fifty().subset(new int[] {3, 3, 0, 49});
        assertArrayEquals(new int[] {3, 3, 0, 49}, ids(sub));
        assertEquals(ABC, sub.classes());
    }

    @Test
    void stratifiedSplitTakesTheSameFractionOfEachClass() {
        LabelledImages all = fifty();
        TrainTest split = all.stratifiedSplit(0.25, 7);
        // Per class: round(20 * 0.25) = 5, round(16 * 0.25) = 4, round(14 * 0.25) = round(3.5) = 4.
        assertArrayEquals(new int[] {5, 4, 4}, split.test().classCounts());
        assertArrayEquals(new int[] {15, 12, 10}, split.train().classCounts());
        int[] train = ids(split.train());
        int[] test = ids(split.test());
        int[] both = new int[50];
        System.arraycopy(train, 0, both, 0, train.length);
        System.arraycopy(test, 0, both, train.length, test.length);
        Arrays.sort(both);
        for (int i = 0; i < 50; i++) {
            assertEquals(i, both[i], "every image lands in exactly one set");
        }
        assertTrue(isAscending(train) && isAscending(test), "both sets keep the original order");
    }

    @Test
    void stratifiedSplitIsSeeded() {
        LabelledImages all = fifty();
        int[] a = ids(all.stratifiedSplit(0.25, 7).test());
        assertArrayEquals(a, ids(all.stratifiedSplit(0.25, 7).test()), "same seed, same split");
        assertArrayEquals(a, ids(fifty().stratifiedSplit(0.25, 7).test()), "a split depends only on labels and seed");
        // Another seed: the chance of the same 13 test images is 1 / (C(20,5) C(16,4) C(14,4)) < 1e-10.
        assertFalse(Arrays.equals(a, ids(all.stratifiedSplit(0.25, 8).test())));
    }

    private static boolean isAscending(int[] a) {
        for (int i = 1; i < a.length; i++) {
            if (a[i] <= a[i - 1]) {
                return false;
            }
        }
        return true;
    }

    @Test
    void badInputIsRefusedWithAClearMessage() {
        Tensor img = Tensor.zeros(2, 1, 2, 2);
        String m = assertThrows(IllegalArgumentException.class,
                () -> new LabelledImages(Tensor.zeros(2, 4), new int[2], ABC)).getMessage();
        assertTrue(m.contains("LabelledImages") && m.contains("(N, C, H, W)") && m.contains("[2, 4]"), m);
        m = assertThrows(IllegalArgumentException.class, () -> new LabelledImages(img, new int[3], ABC)).getMessage();
        assertTrue(m.contains("3 labels") && m.contains("expected 2"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> new LabelledImages(img, new int[] {0, 3}, ABC)).getMessage();
        assertTrue(m.contains("label 1 is 3") && m.contains("[0, 3)"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> new LabelledImages(Tensor.full(1.5f, 2, 1, 2, 2), new int[2], ABC)).getMessage();
        assertTrue(m.contains("1.5") && m.contains("[0, 1]"), m);
        assertThrows(IllegalArgumentException.class,
                () -> new LabelledImages(Tensor.full(Float.NaN, 2, 1, 2, 2), new int[2], ABC));
        assertThrows(IllegalArgumentException.class, () -> new LabelledImages(img, new int[2], List.of()));
    }

    @Test
    void badSubsetsAndSplitsAreRefused() {
        LabelledImages s = fifty();
        String m = assertThrows(IllegalArgumentException.class, () -> s.subset(new int[] {0, 50})).getMessage();
        assertTrue(m.contains("subset") && m.contains("50") && m.contains("[0, 50)"), m);
        assertThrows(IllegalArgumentException.class, () -> s.subset(new int[0]));
        for (double f : new double[] {0, 1, -0.1, Double.NaN}) {
            m = assertThrows(IllegalArgumentException.class, () -> s.stratifiedSplit(f, 1)).getMessage();
            assertTrue(m.contains("stratifiedSplit") && m.contains("(0, 1)"), m);
        }
        // round(20 * 0.01) = round(16 * 0.01) = round(14 * 0.01) = 0: no test images at all.
        m = assertThrows(IllegalArgumentException.class, () -> s.stratifiedSplit(0.01, 1)).getMessage();
        assertTrue(m.contains("test set empty"), m);
        LabelledImages other = new LabelledImages(Tensor.zeros(1, 1, 2, 2), new int[1], List.of("x", "y", "z"));
        m = assertThrows(IllegalArgumentException.class, () -> new TrainTest(s, other)).getMessage();
        assertTrue(m.contains("TrainTest") && m.contains("[x, y, z]"), m);
    }

    @Test
    void labelsAreCopied() {
        int[] y = {0, 1};
        LabelledImages s = new LabelledImages(Tensor.zeros(2, 1, 1, 1), y, ABC);
        y[0] = 2;
        assertEquals(0, s.labels()[0]);
        assertNotEquals(y[0], s.labels()[0]);
    }
}
