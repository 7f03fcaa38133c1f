package dev.nabla.examples;

import dev.nabla.core.Activations;
import dev.nabla.core.Autograd;
import dev.nabla.core.LinearAlgebra;
import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.data.Toy2d;
import dev.nabla.nn.SafeTensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A two-layer network learns to separate the "two moons", trained with autograd and plain
 * gradient descent: the smallest complete use of Nabla.
 *
 * <p>The model is {@code logit = tanh(x W1^T + b1) W2^T + b2} with a hidden layer of 32
 * units; the loss is the binary cross-entropy on logits, written stably as
 * {@code softplus(z) - y z}. Every parameter is a leaf tensor that requires gradients;
 * {@code backward()} fills their gradients and the update runs under {@code noGrad}.
 */
public final class TwoMoons implements Example {

    private static final Logger LOG = LoggerFactory.getLogger(TwoMoons.class);

    /**
     * Settings of a run.
     *
     * @param samples points per moon on average (twice as many points in all)
     * @param hidden hidden units
     * @param steps gradient-descent steps (full batch)
     * @param learningRate step size
     * @param seed seed of the data and the initial weights
     */
    public record Config(int samples, int hidden, int steps, float learningRate, long seed) {
        /** The defaults: 200 points per moon, 32 hidden units, 2000 steps of size 0.5, seed 1. */
        public static final Config DEFAULT = new Config(200, 32, 2000, 0.5f, 1);
    }

    /**
     * What a run achieved.
     *
     * @param losses the training loss at every step (mean cross-entropy, nats)
     * @param accuracy the fraction of training points classified correctly at the end
     * @param weights the trained parameters under PyTorch's names for
     *     {@code Sequential(Linear(2, hidden), Tanh(), Linear(hidden, 1))}
     */
    public record Result(List<Float> losses, float accuracy, Map<String, Tensor> weights) {
    }

    @Override
    public String name() {
        return "two-moons";
    }

    @Override
    public String description() {
        return "a two-layer network separates two interleaved half-circles (seconds)";
    }

    @Override
    public String usage() {
        return """
                two-moons: train a 2-32-1 tanh network on the two-moons toy problem.
                  --steps N      gradient-descent steps (default 2000)
                  --lr X         learning rate (default 0.5)
                  --hidden N     hidden units (default 32)
                  --seed S       random seed (default 1)
                  --out DIR      where run folders go (default runs)
                  --quick        300 steps, for a smoke test""";
    }

    @Override
    public void run(String[] args) throws IOException {
        Options o = new Options(name(), args, Set.of("quick"), Set.of("steps", "lr", "hidden", "seed", "out"));
        Config d = Config.DEFAULT;
        Config c = new Config(d.samples(), o.integer("hidden", d.hidden()),
                o.flag("quick") ? 300 : o.integer("steps", d.steps()), o.real("lr", d.learningRate()),
                o.longValue("seed", d.seed()));
        Path folder = RunFolder.create(Path.of(o.has("out") ? o.text("out") : "runs"), name());
        Result r = train(c);
        LOG.info("done: loss {} -> {}, training accuracy {}%", String.format("%.4f", r.losses().get(0)),
                String.format("%.4f", r.losses().get(r.losses().size() - 1)),
                String.format("%.1f", 100 * r.accuracy()));
        writeFiles(c, r, folder);
        LOG.info("two-moons: pictures and weights are in {}", folder.toAbsolutePath());
    }

    /** Writes the decision map, the loss curve and the weights into the run folder. */
    private static void writeFiles(Config c, Result r, Path folder) throws IOException {
        Tensor[] xy = data(c.samples(), new Rng(c.seed()));
        float[] labels = xy[1].toArray();
        int[] classes = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            classes[i] = (int) labels[i];
        }
        Map<String, Tensor> w = r.weights();
        Pictures.probabilityMap(centres -> {
            try (var scope = Autograd.noGrad()) {
                return logits(Tensor.of(centres, centres.length / 2, 2), w.get("0.weight"), w.get("0.bias"),
                        w.get("2.weight"), w.get("2.bias")).sigmoid().toArray();
            }
        }, -1.5, 2.5, -1, 1.5, xy[0].toArray(), classes,
                "two moons: P(class 1), boundary at 0.5, training accuracy " + String.format("%.1f%%",
                        100 * r.accuracy()), folder.resolve("boundary.png"));
        double[] steps = new double[r.losses().size()];
        double[] losses = new double[steps.length];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = i + 1;
            losses[i] = r.losses().get(i);
        }
        Pictures.lineChart("Two moons: training loss", "step", "cross-entropy (nats)",
                Map.of("loss", new double[][] {steps, losses}), true, folder.resolve("loss.png"));
        SafeTensors.write(folder.resolve("model.safetensors"), w);
    }

    /**
     * Makes the two-moons data with {@link Toy2d#twoMoonsLabelled}: points on the upper
     * half-circle of radius 1 around (0, 0) (label 0) or the lower one around (1, 0.5)
     * (label 1), each moon as likely, shifted by Gaussian noise of standard deviation 0.1.
     *
     * @param perMoon points per moon on average ({@code 2 perMoon} points in all)
     * @param rng the generator
     * @return inputs of shape (2 perMoon, 2) and labels of shape (2 perMoon, 1)
     */
    public static Tensor[] data(int perMoon, Rng rng) {
        Toy2d.Labelled moons = Toy2d.twoMoonsLabelled(rng, 2 * perMoon, 0.1f);
        float[] y = new float[2 * perMoon];
        for (int i = 0; i < y.length; i++) {
            y[i] = moons.labels()[i];
        }
        return new Tensor[] {moons.points(), Tensor.of(y, 2 * perMoon, 1)};
    }

    /**
     * Trains the network and logs the loss as it falls.
     *
     * @param c the settings
     * @return the loss curve and the final training accuracy
     */
    public static Result train(Config c) {
        Rng rng = new Rng(c.seed());
        Tensor[] xy = data(c.samples(), rng);
        Tensor x = xy[0];
        Tensor y = xy[1];
        float bound1 = (float) (1 / Math.sqrt(2));
        float bound2 = (float) (1 / Math.sqrt(c.hidden()));
        Tensor w1 = uniform(rng, bound1, c.hidden(), 2);
        Tensor b1 = uniform(rng, bound1, c.hidden());
        Tensor w2 = uniform(rng, bound2, 1, c.hidden());
        Tensor b2 = uniform(rng, bound2, 1);
        List<Tensor> params = List.of(w1, b1, w2, b2);
        List<Float> losses = new ArrayList<>();
        int every = Math.max(1, c.steps() / 10); // a debug log line every tenth of the run
        boolean showBar = Boolean.parseBoolean(System.getProperty("nabla.progress", "true"));
        try (ProgressBar bar = showBar ? new ProgressBarBuilder().setTaskName("two-moons").setInitialMax(c.steps())
                .setStyle(ProgressBarStyle.ASCII).setUnit(" steps", 1).build() : null) {
            for (int step = 0; step < c.steps(); step++) {
                Tensor z = logits(x, w1, b1, w2, b2);
                Tensor loss = Activations.softplus(z).sub(y.mul(z)).mean();
                for (Tensor p : params) {
                    p.zeroGrad();
                }
                loss.backward();
                try (var scope = Autograd.noGrad()) {
                    for (Tensor p : params) {
                        p.addInPlace(p.grad(), -c.learningRate());
                    }
                }
                losses.add(loss.item());
                if (bar != null) {
                    bar.step();
                    bar.setExtraMessage(String.format(" loss %.4f", loss.item()));
                }
                if (step % every == 0 || step == c.steps() - 1) {
                    LOG.debug("step {}/{}  loss {}", step + 1, c.steps(), String.format("%.4f", loss.item()));
                }
            }
        }
        float[] z;
        try (var scope = Autograd.noGrad()) {
            z = logits(x, w1, b1, w2, b2).toArray();
        }
        float[] labels = y.toArray();
        int correct = 0;
        for (int i = 0; i < z.length; i++) {
            correct += (z[i] > 0 ? 1 : 0) == (int) labels[i] ? 1 : 0;
        }
        Map<String, Tensor> weights = new LinkedHashMap<>();
        weights.put("0.weight", w1.detach());
        weights.put("0.bias", b1.detach());
        weights.put("2.weight", w2.detach());
        weights.put("2.bias", b2.detach());
        return new Result(losses, (float) correct / z.length, weights);
    }

    private static Tensor logits(Tensor x, Tensor w1, Tensor b1, Tensor w2, Tensor b2) {
        Tensor h = LinearAlgebra.matmul(x, false, w1, true).add(b1).tanh();
        return LinearAlgebra.matmul(h, false, w2, true).add(b2);
    }

    /** Uniform in [-bound, bound), PyTorch's default initialisation of a linear layer. */
    private static Tensor uniform(Rng rng, float bound, int... shape) {
        return Tensor.rand(rng, shape).mul(2 * bound).sub(bound).detach().requiresGrad(true);
    }
}
