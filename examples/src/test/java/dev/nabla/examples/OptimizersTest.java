package dev.nabla.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptimizersTest {

    @Test
    void theRosenbrockFunctionIsAsWritten() {
        assertEquals(0, Optimizers.rosenbrock(1, 1));
        // (1 - (-1.5))^2 + 100 (1.5 - 2.25)^2 = 6.25 + 56.25
        assertEquals(62.5, Optimizers.rosenbrock(-1.5, 1.5), 1e-12);
    }

    @Test
    void everyOptimizerGoesDownhillOnTheRosenbrockFunction() {
        Map<String, List<double[]>> paths = Optimizers.rosenbrock(300);
        assertEquals(List.of("SGD", "momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam"),
                List.copyOf(paths.keySet()));
        for (var e : paths.entrySet()) {
            List<double[]> p = e.getValue();
            assertEquals(301, p.size());
            double[] end = p.get(p.size() - 1);
            double f = Optimizers.rosenbrock(end[0], end[1]);
            assertTrue(f < 0.1 * Optimizers.rosenbrock(-1.5, 1.5), e.getKey() + " ends at f = " + f);
        }
    }

    @Test
    void aQuickRunWritesItsPictures(@TempDir Path out) throws Exception {
        new Optimizers().run(new String[] {"--quick", "--out", out.toString()});
        RunFiles.assertWritten(RunFiles.onlyRun(out), "rosenbrock.png", "digits-loss.png", "digits-accuracy.png",
                "digits-Adam.safetensors", "digits-SGD.safetensors");
    }
}
