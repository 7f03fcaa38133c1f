package dev.nabla.examples;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.data.DataLoader;
import dev.nabla.data.TrainTest;
import dev.nabla.data.UciDigits;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.Flatten;
import dev.nabla.nn.layers.Mlp;
import dev.nabla.nn.loss.Losses;
import dev.nabla.optim.AdaGrad;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.RmsProp;
import dev.nabla.optim.Sgd;
import dev.nabla.train.History;
import dev.nabla.train.Metric;
import dev.nabla.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SGD, momentum, Nesterov, AdaGrad, RMSProp and Adam side by side, twice:
 * <ul>
 *   <li>on the Rosenbrock function {@code f(x, y) = (1 - x)^2 + 100 (y - x^2)^2}, whose minimum
 *       (1, 1) lies at the end of a long, curved, narrow valley, from the start (-1.5, 1.5): the
 *       trajectories are drawn over the function's contours ({@code rosenbrock.png});</li>
 *   <li>training the same MLP (64-64-10) on the bundled digits from the same initial weights:
 *       the training losses per epoch in one chart ({@code digits-loss.png}), the test
 *       accuracies in another ({@code digits-accuracy.png}), each trained model saved as
 *       {@code digits-NAME.safetensors}.</li>
 * </ul>
 * Each optimizer has its own learning rate, chosen so that it does well on each problem: the
 * point is how differently they move, not a race at one shared rate.
 */
final class Optimizers implements Example {

    private static final Logger LOG = LoggerFactory.getLogger(Optimizers.class);

    /** The Rosenbrock start. */
    static final double[] START = {-1.5, 1.5};

    /**
     * One optimizer in the comparison.
     *
     * @param name its label in the charts
     * @param make builds it over parameters at a learning rate
     * @param rosenbrockLr its learning rate on the Rosenbrock function
     * @param digitsLr its learning rate on the digits
     */
    record Contender(String name, BiFunction<List<Tensor>, Double, Optimizer<?>> make, double rosenbrockLr,
                     double digitsLr) {
    }

    /** The six, in the order of the legend. */
    static final List<Contender> CONTENDERS = List.of(
            new Contender("SGD", (p, lr) -> new Sgd(p, Sgd.Options.of(lr)), 1e-3, 0.1),
            new Contender("momentum", (p, lr) -> new Sgd(p, Sgd.Options.of(lr).withMomentum(0.9)), 1.5e-4, 0.02),
            new Contender("Nesterov", (p, lr) -> new Sgd(p, Sgd.Options.of(lr).withMomentum(0.9).withNesterov(true)),
                    1.5e-4, 0.02),
            new Contender("AdaGrad", (p, lr) -> new AdaGrad(p, AdaGrad.Options.defaults().withLr(lr)), 0.5, 0.05),
            new Contender("RMSProp", (p, lr) -> new RmsProp(p, RmsProp.Options.defaults().withLr(lr)), 3e-3, 1e-3),
            new Contender("Adam", (p, lr) -> new Adam(p, Adam.Options.defaults().withLr(lr)), 0.05, 1e-3));

    @Override
    public String name() {
        return "optimizers";
    }

    @Override
    public String description() {
        return "six optimizers on the Rosenbrock function and on the digits, side by side (about 15 seconds)";
    }

    @Override
    public String usage() {
        return """
                optimizers: SGD, momentum, Nesterov, AdaGrad, RMSProp and Adam on the Rosenbrock
                function (trajectories over its contours) and on the digits (loss curves).
                  --steps N      steps on the Rosenbrock function (default 3000)
                  --epochs N     epochs on the digits (default 30)
                  --seed S       seed of the weights and the shuffling (default 1)
                  --out DIR      where run folders go (default runs)
                  --quick        300 steps and 3 epochs, for a smoke test""";
    }

    @Override
    public void run(String[] args) throws IOException {
        Options o = new Options(name(), args, Set.of("quick"), Set.of("steps", "epochs", "seed", "out"));
        boolean quick = o.flag("quick");
        Path folder = RunFolder.create(Path.of(o.has("out") ? o.text("out") : "runs"), name());
        int steps = quick ? 300 : o.integer("steps", 3000);
        Map<String, List<double[]>> paths = rosenbrock(steps);
        Pictures.contourPaths(Optimizers::rosenbrock, -2, 2, -1, 3, paths, new double[] {1, 1},
                "Rosenbrock function: " + steps + " steps from (-1.5, 1.5) to the minimum (1, 1)",
                folder.resolve("rosenbrock.png"));
        digits(quick ? 3 : o.integer("epochs", 30), o.longValue("seed", 1), folder);
        LOG.info("optimizers: pictures and models are in {}", folder.toAbsolutePath());
    }

    /** f(x, y) = (1 - x)^2 + 100 (y - x^2)^2. */
    static double rosenbrock(double x, double y) {
        return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
    }

    /**
     * Runs every contender on the Rosenbrock function with autograd.
     *
     * @param steps optimizer steps each
     * @return each contender's trajectory, the start first, by name
     */
    static Map<String, List<double[]>> rosenbrock(int steps) {
        Map<String, List<double[]>> paths = new LinkedHashMap<>();
        for (Contender c : CONTENDERS) {
            Tensor x = Tensor.scalar((float) START[0]).requiresGrad(true);
            Tensor y = Tensor.scalar((float) START[1]).requiresGrad(true);
            Optimizer<?> opt = c.make().apply(List.of(x, y), c.rosenbrockLr());
            List<double[]> path = new ArrayList<>();
            path.add(new double[] {x.item(), y.item()});
            for (int s = 0; s < steps; s++) {
                Tensor loss = x.neg().add(1f).square().add(y.sub(x.square()).square().mul(100f));
                opt.zeroGrad();
                loss.backward();
                opt.step();
                path.add(new double[] {x.item(), y.item()});
            }
            LOG.info("rosenbrock: {} ends at ({}, {}), f = {}", c.name(), String.format("%.4f", x.item()),
                    String.format("%.4f", y.item()), String.format("%.3g", rosenbrock(x.item(), y.item())));
            paths.put(c.name(), path);
        }
        return paths;
    }

    /** Trains the same MLP with every contender and charts the curves. */
    private static void digits(int epochs, long seed, Path folder) throws IOException {
        TrainTest data = UciDigits.load(0.2, 0);
        Map<String, double[][]> losses = new LinkedHashMap<>();
        Map<String, double[][]> accuracies = new LinkedHashMap<>();
        for (Contender c : CONTENDERS) {
            Module model = new Sequential(new Flatten(), new Mlp(new Rng(seed), 64, 64, 10));
            Optimizer<?> opt = c.make().apply(model.parameters(), c.digitsLr());
            Trainer trainer = new Trainer(model, opt,
                    (m, b) -> Losses.crossEntropy(m.forward(b.inputs()), b.labels()),
                    Trainer.Options.defaults().withMetrics(Metric.accuracy()));
            History h;
            try (DataLoader train = new DataLoader(data.train().dataset(),
                    DataLoader.Options.of(32).withShuffle(seed));
                 DataLoader test = new DataLoader(data.test().dataset(), DataLoader.Options.of(500))) {
                h = trainer.fit(train, test, epochs);
            }
            double[] epochAxis = new double[h.size()];
            for (int e = 0; e < epochAxis.length; e++) {
                epochAxis[e] = e + 1;
            }
            losses.put(c.name(), new double[][] {epochAxis, h.column("train_loss")});
            accuracies.put(c.name(), new double[][] {epochAxis, h.column("val_accuracy")});
            double[] acc = h.column("val_accuracy");
            LOG.info("digits: {} reaches training loss {} and test accuracy {}%", c.name(),
                    String.format("%.4f", h.column("train_loss")[acc.length - 1]),
                    String.format("%.2f", 100 * acc[acc.length - 1]));
            model.save(folder.resolve("digits-" + c.name() + ".safetensors"));
        }
        Pictures.lineChart("Digits MLP: training loss", "epoch", "cross-entropy (nats)", losses, true,
                folder.resolve("digits-loss.png"));
        Pictures.lineChart("Digits MLP: test accuracy", "epoch", "accuracy", accuracies, false,
                folder.resolve("digits-accuracy.png"));
    }
}
