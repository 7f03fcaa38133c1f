package dev.nabla.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TwoMoonsTest {

    @Test
    void theLossFallsAndTheMoonsGetSeparated() {
        TwoMoons.Result r = TwoMoons.train(new TwoMoons.Config(100, 32, 1500, 0.5f, 3));
        List<Float> l = r.losses();
        // At initialisation the logits are near 0, so the loss is near ln 2 = 0.693.
        assertEquals(Math.log(2), l.get(0), 0.15);
        assertTrue(l.get(l.size() - 1) < 0.25 * l.get(0), "loss fell from " + l.get(0) + " to " + l.get(l.size() - 1));
        assertTrue(r.accuracy() > 0.95, "accuracy " + r.accuracy());
    }

    @Test
    void aRunWritesItsPicturesAndWeights(@org.junit.jupiter.api.io.TempDir java.nio.file.Path out) throws Exception {
        new TwoMoons().run(new String[] {"--quick", "--out", out.toString()});
        java.nio.file.Path run = RunFiles.onlyRun(out);
        RunFiles.assertWritten(run, "boundary.png", "loss.png", "model.safetensors");
        var state = dev.nabla.nn.SafeTensors.read(run.resolve("model.safetensors"));
        assertEquals(java.util.Set.of("0.weight", "0.bias", "2.weight", "2.bias"), state.tensors().keySet());
        assertArrayEquals(new int[] {32, 2}, state.tensors().get("0.weight").shape().toArray());
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        TwoMoons.Config c = new TwoMoons.Config(50, 8, 20, 0.5f, 11);
        assertEquals(TwoMoons.train(c).losses(), TwoMoons.train(c).losses());
    }
}
