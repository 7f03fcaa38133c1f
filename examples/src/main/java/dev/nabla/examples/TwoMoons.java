package dev.nabla.examples;

import dev.nabla.core.Activations;
import dev.nabla.core.Autograd;
import dev.nabla.core.LinearAlgebra;
import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
     * @param samples points per moon
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
     */
    public record Result(List<Float> losses, float accuracy) {
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
                  --quick        300 steps, for a smoke test""";
    }

    @Override
    public void run(String[] args) {
        Options o = new Options(name(), args, Set.of("quick"), Set.of("steps", "lr", "hidden", "seed"));
        Config d = Config.DEFAULT;
        Config c = new Config(d.samples(), o.integer("hidden", d.hidden()),
                o.flag("quick") ? 300 : o.integer("steps", d.steps()), o.real("lr", d.learningRate()),
                o.longValue("seed", d.seed()));
        Result r = train(c);
        LOG.info("done: loss {} -> {}, training accuracy {}%", String.format("%.4f", r.losses().get(0)),
                String.format("%.4f", r.losses().get(r.losses().size() - 1)),
                String.format("%.1f", 100 * r.accuracy()));
    }

    /**
     * Makes the two-moons data: the upper half-circle of radius 1 around (0, 0) (label 0) and
     * the lower one around (1, 0.5) (label 1), each point shifted by Gaussian noise of
     * standard deviation 0.1.
     *
     * @param perMoon points per moon
     * @param rng the generator
     * @return inputs of shape (2 perMoon, 2) and labels of shape (2 perMoon, 1)
     */
    public static Tensor[] data(int perMoon, Rng rng) {
        float[] x = new float[4 * perMoon];
        float[] y = new float[2 * perMoon];
        for (int i = 0; i < 2 * perMoon; i++) {
            int label = i % 2;
            double t = Math.PI * rng.nextDouble();
            double px = label == 0 ? Math.cos(t) : 1 - Math.cos(t);
            double py = label == 0 ? Math.sin(t) : 0.5 - Math.sin(t);
            x[2 * i] = (float) px + rng.normal(0f, 0.1f);
            x[2 * i + 1] = (float) py + rng.normal(0f, 0.1f);
            y[i] = label;
        }
        return new Tensor[] {Tensor.of(x, 2 * perMoon, 2), Tensor.of(y, 2 * perMoon, 1)};
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
        int every = Math.max(1, c.steps() / 10);
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
            if (step % every == 0 || step == c.steps() - 1) {
                LOG.info("step {}/{}  loss {}", step + 1, c.steps(), String.format("%.4f", loss.item()));
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
        return new Result(losses, (float) correct / z.length);
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
