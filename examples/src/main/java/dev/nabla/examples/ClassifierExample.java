package dev.nabla.examples;

import dev.nabla.core.Rng;
import dev.nabla.data.BatchTransform;
import dev.nabla.data.LabelledImages;
import dev.nabla.data.TrainTest;
import dev.nabla.nn.Module;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.schedule.LrScheduler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the image-classification examples share: their options ({@code --epochs}, {@code --batch},
 * {@code --lr}, {@code --seed}, {@code --out}, {@code --quick}, and {@code --data} where the data
 * lives on disk), the run folder, a quick mode on a stratified subset, and the
 * {@link ImageClassifier} recipe. A subclass says which data, which model and how to optimise it.
 */
abstract class ClassifierExample implements Example {

    private static final Logger LOG = LoggerFactory.getLogger(ClassifierExample.class);

    /**
     * An example's defaults.
     *
     * @param epochs the most epochs of a full run
     * @param batchSize the training batch size
     * @param lr the (peak) learning rate
     * @param quickEpochs epochs in quick mode
     * @param quickTrain training images kept in quick mode (a stratified subset; all of them if
     *     this is at least 95% of the training set)
     * @param quickTest test images kept in quick mode (a stratified subset)
     * @param minutes roughly how long a full run takes on two cores, said up front
     */
    record Defaults(int epochs, int batchSize, double lr, int quickEpochs, int quickTrain, int quickTest,
                    double minutes) {
    }

    /** @return the defaults */
    abstract Defaults defaults();

    /**
     * @param dataDir the folder given with {@code --data}, or {@code null} for the default
     * @return the training and test images
     * @throws IOException if they cannot be read
     */
    abstract TrainTest data(Path dataDir) throws IOException;

    /**
     * @param rng the generator of the initial weights (and dropout masks)
     * @return a new model mapping (N, C, H, W) images to (N, classes) logits
     */
    abstract Module model(Rng rng);

    /**
     * @param model the model
     * @param lr the learning rate
     * @return the optimizer; Adam unless overridden
     */
    Optimizer<?> optimizer(Module model, double lr) {
        return new Adam(model.parameters(), Adam.Options.defaults().withLr(lr));
    }

    /**
     * @param optimizer the optimizer
     * @param epochs the run's epochs
     * @return makes the scheduler from the batches per epoch, or {@code null} for a constant rate
     */
    IntFunction<LrScheduler> scheduler(Optimizer<?> optimizer, int epochs) {
        return null;
    }

    /** @return the training batches' augmentation, or {@code null} */
    BatchTransform augment() {
        return null;
    }

    /** @return early-stopping patience in epochs, or 0 for none */
    int patience() {
        return 0;
    }

    /**
     * @return the folder the data is read from by default, or {@code null} for data that is not
     *     read from disk; with a folder, {@code --data DIR} is an option
     */
    Path defaultDataDir() {
        return null;
    }

    @Override
    public String usage() {
        Defaults d = defaults();
        return name() + ": " + description() + "\n"
                + "  --epochs N     most epochs (default " + d.epochs() + ")\n"
                + "  --batch N      batch size (default " + d.batchSize() + ")\n"
                + "  --lr X         learning rate (default " + d.lr() + ")\n"
                + "  --seed S       seed of the validation split, the weights and the shuffling (default 1)\n"
                + "  --out DIR      where run folders go (default runs)\n"
                + (defaultDataDir() != null ? "  --data DIR     the folder of the IDX files (default "
                        + defaultDataDir() + ")\n" : "")
                + "  --quick        " + d.quickEpochs() + " epochs on "
                + (d.quickTrain() == Integer.MAX_VALUE ? "all the" : Integer.toString(d.quickTrain()))
                + " training images, for a smoke test";
    }

    @Override
    public void run(String[] args) throws IOException {
        train(args);
    }

    /**
     * Parses the options and runs the example.
     *
     * @param args the options
     * @return the test results; the run folder is logged
     * @throws IOException if data cannot be read or a file cannot be written
     */
    ImageClassifier.Result train(String[] args) throws IOException {
        Set<String> valued = defaultDataDir() != null ? Set.of("epochs", "batch", "lr", "seed", "out", "data")
                : Set.of("epochs", "batch", "lr", "seed", "out");
        Options o = new Options(name(), args, Set.of("quick"), valued);
        Defaults d = defaults();
        boolean quick = o.flag("quick");
        int epochs = quick ? d.quickEpochs() : o.integer("epochs", d.epochs());
        long seed = o.longValue("seed", 1);
        double lr = o.decimal("lr", d.lr());
        int batchSize = o.integer("batch", d.batchSize());
        if (epochs < 1 || batchSize < 1 || !(lr > 0)) {
            throw new IllegalArgumentException(name() + ": expected --epochs >= 1, --batch >= 1 and --lr > 0, got "
                    + epochs + ", " + batchSize + " and " + lr);
        }
        TrainTest data = data(o.has("data") ? Path.of(o.text("data")) : null);
        if (quick) {
            data = new TrainTest(subset(data.train(), d.quickTrain(), seed), subset(data.test(), d.quickTest(), seed));
        } else if (d.minutes() >= 3) {
            LOG.info("{}: a full run takes about {} minutes on two cores (--quick runs in seconds)", name(),
                    Math.round(d.minutes()));
        }
        Path folder = RunFolder.create(Path.of(o.has("out") ? o.text("out") : "runs"), name());
        Rng rng = new Rng(seed);
        Module model = model(rng);
        LOG.info("{}: the model\n{}", name(), model);
        Optimizer<?> optimizer = optimizer(model, lr);
        ImageClassifier.Result r = ImageClassifier.run(new ImageClassifier.Setup(name(), data, 0.1, model, optimizer,
                scheduler(optimizer, epochs), augment(), patience(), epochs, batchSize, seed,
                folder));
        LOG.info("{}: pictures, history and checkpoints are in {}", name(), folder.toAbsolutePath());
        return r;
    }

    /** A stratified subset of about {@code count} images (all of them if there are fewer). */
    private static LabelledImages subset(LabelledImages all, int count, long seed) {
        // A split needs at least one image left on each side; close to all of them, keep all.
        return count >= 0.95 * all.size() ? all : all.stratifiedSplit((double) count / all.size(), seed).test();
    }
}
