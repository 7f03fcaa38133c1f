package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Behaviour of the shape, joining and indexing ops beyond the op-spec table: PyTorch's
 * conventions for split, chunk, slice and pad; gradients that accumulate into repeated
 * indices; and bad input, which every op rejects naming itself and the shapes, leaving its
 * inputs untouched.
 */
class ShapeAndIndexingTest {

    private static void rejects(String op, Tensor x, Executable call, String... mentions) {
        float[] before = x.toArray();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call, op);
        String msg = e.getMessage();
        assertTrue(msg.startsWith(op + ":"), "message names the op " + op + ": " + msg);
        for (String m : mentions) {
            assertTrue(msg.contains(m), "message mentions '" + m + "': " + msg);
        }
        assertArrayEquals(before, x.toArray(), op + ": input modified");
        assertNull(x.grad(), op + ": a gradient appeared");
    }

    private static int[] sizesAlong(List<Tensor> pieces, int axis) {
        return pieces.stream().mapToInt(t -> t.shape().dim(axis)).toArray();
    }

    @Test
    void splitAndChunkFollowPyTorch() {
        Tensor x = Tensor.arange(10).reshape(2, 5);
        // torch.split(x, 2, dim=1) -> sizes 2, 2, 1; torch.chunk(x, 3, dim=1) -> ceil(5/3) = 2: 2, 2, 1.
        assertArrayEquals(new int[] {2, 2, 1}, sizesAlong(Joining.split(x, 2, 1), 1));
        assertArrayEquals(new int[] {2, 2, 1}, sizesAlong(Joining.chunk(x, 3, 1), 1));
        // torch.chunk of 5 into 4: ceil(5/4) = 2 -> only three pieces, 2, 2, 1.
        assertArrayEquals(new int[] {2, 2, 1}, sizesAlong(Joining.chunk(x, 4, 1), 1));
        assertArrayEquals(new int[] {1, 1}, sizesAlong(Joining.chunk(x, 6, 0), 0));
        assertArrayEquals(new float[] {3, 4, 8, 9}, Joining.split(x, new int[] {3, 2}, 1).get(1).toArray());
    }

    @Test
    void piecesAndTheirGradientsJoinBackIntoTheWhole() {
        Tensor x = Tensor.arange(12).reshape(3, 4).requiresGrad(true);
        List<Tensor> pieces = Joining.chunk(x, 2, 1);
        Tensor joined = Joining.cat(pieces, 1);
        assertArrayEquals(x.toArray(), joined.toArray());
        // Weight each piece differently: the gradient of x is the weights, put back in place.
        pieces.get(0).mul(2f).sum().add(pieces.get(1).mul(-1f).sum()).backward();
        assertArrayEquals(new float[] {2, 2, -1, -1, 2, 2, -1, -1, 2, 2, -1, -1}, x.grad().toArray());
    }

    @Test
    void sliceClampsLikePython() {
        Tensor x = Tensor.arange(6);
        // Python: list(range(6))[-100:4:3] == [0, 3]; [5:2] == []; [1:] == [1, 2, 3, 4, 5].
        assertArrayEquals(new float[] {0, 3}, Joining.slice(x, 0, -100, 4, 3).toArray());
        assertEquals(0, Joining.slice(x, 0, 5, 2, 1).size());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5}, Joining.slice(x, 0, 1, Integer.MAX_VALUE, 1).toArray());
    }

    @Test
    void repeatTilesAndSumsTheGradientOverTiles() {
        Tensor x = Tensor.of(new float[] {1, 2}).requiresGrad(true);
        Tensor y = ShapeOps.repeat(x, 2, 3);
        assertArrayEquals(new int[] {2, 6}, y.shape().toArray());
        assertArrayEquals(new float[] {1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2}, y.toArray());
        y.sum().backward();
        assertArrayEquals(new float[] {6, 6}, x.grad().toArray());
        assertEquals(0, ShapeOps.repeat(x, 0).size());
    }

    @Test
    void embeddingGradientsAccumulateIntoRepeatedRows() {
        Tensor w = Tensor.arange(6).reshape(3, 2).requiresGrad(true);
        Tensor y = Indexing.embedding(w, new int[] {2, 0, 2, 2}, 2, 2);
        assertArrayEquals(new int[] {2, 2, 2}, y.shape().toArray());
        assertArrayEquals(new float[] {4, 5, 0, 1, 4, 5, 4, 5}, y.toArray());
        y.sum().backward();
        assertArrayEquals(new float[] {1, 1, 0, 0, 3, 3}, w.grad().toArray());
    }

    @Test
    void gatherOfLogProbabilitiesPicksTheTargetClass() {
        // The cross-entropy pattern: -log p[i, target[i]].
        Tensor logits = Tensor.of(new float[] {0, 0, 0, 1, 2, 3}, 2, 3).requiresGrad(true);
        Tensor logp = logits.logSoftmax(1);
        Tensor picked = logp.gather(1, new int[] {2, 0}, 2, 1);
        double z = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
        assertArrayEquals(new float[] {(float) -Math.log(3), (float) (1 - z)}, picked.toArray(), 1e-6f);
        picked.neg().sum().backward();
        // d/dlogits of -log softmax_t = softmax - onehot(t).
        float third = 1f / 3;
        double e = Math.exp(z);
        float[] expected = {third, third, third - 1,
            (float) (Math.exp(1) / e - 1), (float) (Math.exp(2) / e), (float) (Math.exp(3) / e)};
        assertArrayEquals(expected, logits.grad().toArray(), 1e-6f);
    }

    @Test
    void oneHotAndMaskedFill() {
        Tensor h = Indexing.oneHot(new int[] {1, 0}, 3);
        assertArrayEquals(new float[] {0, 1, 0, 1, 0, 0}, h.toArray());
        assertFalse(h.requiresGrad());
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
        Tensor y = x.maskedFill(Tensor.of(new float[] {0, 1}), Float.NEGATIVE_INFINITY);
        assertArrayEquals(new float[] {1, Float.NEGATIVE_INFINITY, 3, Float.NEGATIVE_INFINITY}, y.toArray());
        y.softmax(1).sum().backward();
        assertArrayEquals(new float[] {0, 0, 0, 0}, x.grad().toArray(), 1e-7f);
    }

    @Test
    void theSliceBackwardHasASecondDerivative() {
        // f(x) = sum(slice(x)^3): d2f/dx2 = 6 x on the taken elements, 0 elsewhere.
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5}).requiresGrad(true);
        Tensor g = Autograd.grad(Joining.slice(x, 0, 0, 5, 2).pow(3f).sum(), true, x).get(0);
        assertArrayEquals(new float[] {3, 0, 27, 0, 75}, g.toArray());
        Tensor h = Autograd.grad(g.sum(), false, x).get(0);
        assertArrayEquals(new float[] {6, 0, 18, 0, 30}, h.toArray());
    }

    // ------------------------------------------------------------ bad input

    @Test
    void shapeOpsRejectBadAxesAndSizes() {
        Tensor x = Tensor.arange(6).reshape(2, 3).requiresGrad(true);
        rejects("flatten", x, () -> ShapeOps.flatten(x, 1, 0), "[2, 3]");
        rejects("squeeze", x, () -> ShapeOps.squeeze(x, 1), "[2, 3]", "size 3");
        rejects("unsqueeze", x, () -> ShapeOps.unsqueeze(x, 3), "[2, 3]", "-3 to 2");
        rejects("permute", x, () -> ShapeOps.permute(x, 0, 0), "[2, 3]", "permutation");
        rejects("permute", x, () -> ShapeOps.permute(x, 1), "[2, 3]");
        rejects("transpose", x, () -> ShapeOps.transpose(x, 0, 2), "[2, 3]");
        rejects("flip", x, () -> ShapeOps.flip(x, 1, -1), "[2, 3]", "repeats");
        rejects("repeat", x, () -> ShapeOps.repeat(x, 2), "[2, 3]");
        rejects("repeat", x, () -> ShapeOps.repeat(x, 1, -1), "[2, 3]");
    }

    @Test
    void joiningOpsRejectBadShapesAndRanges() {
        Tensor x = Tensor.arange(6).reshape(2, 3).requiresGrad(true);
        Tensor y = Tensor.arange(4).reshape(2, 2);
        rejects("cat", x, () -> Joining.cat(List.of(x, y), 0), "[2, 3]", "[2, 2]");
        rejects("cat", x, () -> Joining.cat(List.of(), 0), "none");
        rejects("stack", x, () -> Joining.stack(List.of(x, y), 0), "[2, 3]", "[2, 2]");
        rejects("split", x, () -> Joining.split(x, new int[] {1, 1}, 1), "[2, 3]", "sum to 2");
        rejects("split", x, () -> Joining.split(x, 0, 1), "[2, 3]");
        rejects("chunk", x, () -> Joining.chunk(x, 0, 1), "[2, 3]");
        rejects("narrow", x, () -> Joining.narrow(x, 1, 2, 2), "[2, 3]", "size 3");
        rejects("slice", x, () -> Joining.slice(x, 1, 0, 3, 0), "[2, 3]", "step 0");
        rejects("slice", x, () -> Joining.slice(x, 2, 0, 3, 1), "[2, 3]");
        rejects("pad", x, () -> Joining.pad(x, new int[] {1}, 0f), "[2, 3]", "even");
        rejects("pad", x, () -> Joining.pad(x, new int[] {1, -1}, 0f), "[2, 3]", ">= 0");
        rejects("pad", x, () -> Joining.pad(x, new int[] {1, 1, 1, 1, 1, 1}, 0f), "[2, 3]", "at most 4");
    }

    @Test
    void indexingOpsRejectBadIndicesAndShapes() {
        Tensor x = Tensor.arange(6).reshape(2, 3).requiresGrad(true);
        rejects("indexSelect", x, () -> Indexing.indexSelect(x, 1, new int[] {0, 3}), "[2, 3]", "index 3");
        rejects("indexSelect", x, () -> Indexing.indexSelect(x, 2, new int[] {0}), "[2, 3]");
        rejects("indexAdd", x, () -> Indexing.indexAdd(x, 0, new int[] {1}, Tensor.zeros(2, 3)), "[2, 3]", "[1, 3]");
        rejects("indexAdd", x, () -> Indexing.indexAdd(x, 0, new int[] {-1}, Tensor.zeros(1, 3)), "[2, 3]", "index -1");
        rejects("gather", x, () -> Indexing.gather(x, 1, new int[] {0, 1}, 2), "[2, 3]", "rank");
        rejects("gather", x, () -> Indexing.gather(x, 1, new int[] {0, 1, 2}, 3, 1), "[2, 3]", "dimension 0");
        rejects("gather", x, () -> Indexing.gather(x, 1, new int[] {0, 5}, 2, 1), "[2, 3]", "index 5");
        rejects("gather", x, () -> Indexing.gather(x, 1, new int[] {0}, 2, 1), "[2, 1]", "fill");
        rejects("scatterAdd", x, () -> Indexing.scatterAdd(x, 0, new int[] {2}, Tensor.ones(1, 1)), "[2, 3]", "index 2");
        rejects("embedding", x, () -> Indexing.embedding(x, new int[] {0, 2}), "[2, 3]", "index 2");
        rejects("embedding", x, () -> Indexing.embedding(x, new int[] {0, 1, 1}, 2, 2), "[2, 3]", "3 ids");
        rejects("embedding", x, () -> Indexing.embedding(x.reshape(6), new int[] {0}), "[6]");
        rejects("oneHot", x, () -> Indexing.oneHot(new int[] {0, 3}, 3), "index 3");
        rejects("oneHot", x, () -> Indexing.oneHot(new int[] {0}, 0), "0 classes");
        rejects("maskedFill", x, () -> Indexing.maskedFill(x, Tensor.ones(4), 0f), "[2, 3]", "[4]");
        rejects("maskedFill", x, () -> Indexing.maskedFill(x, Tensor.ones(3, 2, 3), 0f), "[2, 3]", "[3, 2, 3]");
    }

    @Test
    void factoriesAndAutogradRejectBadArguments() {
        Tensor x = Tensor.arange(6).reshape(2, 3).requiresGrad(true);
        rejects("zeros", x, () -> Tensor.zeros(2, -1), "[2, -1]");
        rejects("full", x, () -> Tensor.full(1f, -3), "[-3]");
        rejects("eye", x, () -> Tensor.eye(-1), "-1");
        rejects("of", x, () -> Tensor.of(new float[4], 2, -2), "[2, -2]");
        rejects("randn", x, () -> Tensor.randn(new Rng(1), -1), "[-1]");
        rejects("arange", x, () -> Tensor.arange(0, 1e10f, 1), "at most 2^31-1");
        rejects("expand", x, () -> x.expand(2, -2, 3), "[2, -2, 3]");
        rejects("broadcastTo", x, () -> x.broadcastTo(Shape.of(3, 3)), "[2, 3]", "[3, 3]");
        rejects("stack", x, () -> Joining.stack(List.of(x, x), 3), "[2, 3]", "-3 to 2");
        rejects("embedding", x, () -> Indexing.embedding(x, new int[] {0}, -1), "[-1]");
        rejects("scatterAdd", x, () -> Indexing.scatterAdd(x, 0, new int[] {0, 1}, Tensor.ones(1, 1)), "fill");
        Tensor free = Tensor.ones(2);
        rejects("grad", x, () -> Autograd.grad(x.sum(), false, x, free), "input 1", "does not require grad");
    }

    @Test
    void emptyOperandsFollowPyTorch() {
        // A matrix product over an inner size of 0 is all zeros; chunking an empty axis gives empty pieces.
        Tensor y = Tensor.zeros(2, 3, 0).matmul(Tensor.zeros(0, 4));
        assertArrayEquals(new int[] {2, 3, 4}, y.shape().toArray());
        assertArrayEquals(new float[24], y.toArray());
        assertEquals(3, Joining.chunk(Tensor.zeros(0, 2), 3, 0).size());
        assertTrue(Float.isNaN(Tensor.of(new float[] {Float.NaN}).relu().item()), "relu keeps NaN");
    }

    @Test
    void catKeepsItsOwnCopyOfTheList() {
        Tensor a = Tensor.ones(2).requiresGrad(true);
        java.util.List<Tensor> list = new java.util.ArrayList<>(List.of(a, a.mul(2f)));
        Tensor y = Joining.cat(list, 0);
        list.add(a);
        y.sum().backward();
        assertArrayEquals(new float[] {3, 3}, a.grad().toArray());
    }
}
