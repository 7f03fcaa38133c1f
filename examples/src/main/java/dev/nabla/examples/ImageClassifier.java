package dev.nabla.examples;

import dev.nabla.core.Autograd;
import dev.nabla.core.Tensor;
import dev.nabla.data.BatchTransform;
import dev.nabla.data.DataLoader;
import dev.nabla.data.LabelledImages;
import dev.nabla.data.TrainTest;
import dev.nabla.nn.Module;
import dev.nabla.nn.loss.Losses;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.schedule.LrScheduler;
import dev.nabla.train.Callback;
import dev.nabla.train.EarlyStopping;
import dev.nabla.train.History;
import dev.nabla.train.HistoryWriter;
import dev.nabla.train.Metric;
import dev.nabla.train.Mode;
import dev.nabla.train.ModelCheckpoint;
import dev.nabla.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains an image classifier the way every classification example does: holds out a stratified
 * validation set from the training images, fits with cross-entropy, tracks validation accuracy,
 * keeps the best (lowest validation loss) and last checkpoints and the history (CSV and chart), then measures the test
 * accuracy and draws the confusion matrix and a grid of misclassified test images.
 *
 * <p>Files in the run folder: {@code history.csv}, {@code history.png} (loss and accuracy
 * curves), {@code best.safetensors}, {@code last.safetensors}, {@code confusion.png},
 * {@code misclassified.png}.
 */
final class ImageClassifier {

    private static final Logger LOG = LoggerFactory.getLogger(ImageClassifier.class);

    /** Files written into the run folder besides the trainer's. */
    static final String CONFUSION = "confusion.png";
    static final String MISCLASSIFIED = "misclassified.png";

    /**
     * Everything a run needs.
     *
     * @param name the example's name (used in log lines)
     * @param data the training and test images
     * @param validationFraction the share of the training images held out for validation, in (0, 1)
     * @param model the model, mapping (N, C, H, W) images to (N, classes) logits
     * @param optimizer the optimizer over the model's parameters
     * @param scheduler makes the learning-rate scheduler on that optimizer from the number of
     *     training batches per epoch (so that step-driven schedules fit the run), or {@code null}
     * @param augment the training batches' augmentation, or {@code null} for none
     * @param earlyStoppingPatience epochs without a lower validation loss before stopping
     *     (the best weights are then restored), or 0 for no early stopping
     * @param epochs the most epochs to train
     * @param batchSize training batch size
     * @param seed seed of the split and the shuffling
     * @param folder the run folder
     */
    record Setup(String name, TrainTest data, double validationFraction, Module model, Optimizer<?> optimizer,
                 IntFunction<LrScheduler> scheduler, BatchTransform augment, int earlyStoppingPatience, int epochs,
                 int batchSize, long seed, Path folder) {
    }

    /**
     * What a run achieved.
     *
     * @param testAccuracy the fraction of test images classified correctly, by the weights in
     *     use at the end (the best ones when early stopping restored them)
     * @param testLoss the mean test cross-entropy (nats)
     * @param confusion counts indexed [true class][predicted class] on the test images
     * @param history the per-epoch history
     * @param seconds wall time of training, in seconds
     */
    record Result(double testAccuracy, double testLoss, long[][] confusion, History history, double seconds) {
    }

    private ImageClassifier() {
    }

    /**
     * Runs the whole recipe.
     *
     * @param s the setup
     * @return the test results
     * @throws IOException if a file cannot be written
     */
    static Result run(Setup s) throws IOException {
        TrainTest split = s.data().train().stratifiedSplit(s.validationFraction(), s.seed());
        LabelledImages train = split.train();
        LabelledImages validation = split.test();
        LOG.info("{}: {} training, {} validation and {} test images of {}x{}x{}, {} classes", s.name(), train.size(),
                validation.size(), s.data().test().size(), train.channels(), train.height(), train.width(),
                train.classes().size());
        DataLoader.Options trainOptions = DataLoader.Options.of(s.batchSize()).withShuffle(s.seed())
                .withPrefetch(true);
        if (s.augment() != null) {
            trainOptions = trainOptions.withTransform(s.augment());
        }
        List<Callback> callbacks = new ArrayList<>();
        callbacks.add(new HistoryWriter(s.folder(), 900, 640));
        // The validation loss picks the best epoch: on a small validation set it is a much
        // smoother signal than the accuracy, which moves in steps of one image.
        callbacks.add(new ModelCheckpoint(new ModelCheckpoint.Options(s.folder(), "val_loss", Mode.MIN, 0)));
        if (s.earlyStoppingPatience() > 0) {
            callbacks.add(new EarlyStopping(EarlyStopping.Options.valLoss(s.earlyStoppingPatience())));
        }
        try (DataLoader trainLoader = new DataLoader(train.dataset(), trainOptions);
             DataLoader validationLoader = new DataLoader(validation.dataset(), DataLoader.Options.of(500))) {
            LrScheduler scheduler = s.scheduler() == null ? null : s.scheduler().apply(trainLoader.batchCount());
            Trainer trainer = new Trainer(s.model(), s.optimizer(),
                    (model, batch) -> Losses.crossEntropy(model.forward(batch.inputs()), batch.labels()),
                    Trainer.Options.defaults().withScheduler(scheduler).withMetrics(Metric.accuracy())
                            .withCallbacks(callbacks.toArray(Callback[]::new)));
            long start = System.nanoTime();
            History history = trainer.fit(trainLoader, validationLoader, s.epochs());
            double seconds = (System.nanoTime() - start) / 1e9;
            Result r = test(s, history, seconds);
            LOG.info("{}: test accuracy {}% (test loss {}) after {} epochs in {} s", s.name(),
                    String.format("%.2f", 100 * r.testAccuracy()), String.format("%.4f", r.testLoss()),
                    history.size(), String.format("%.1f", seconds));
            return r;
        }
    }

    /** Measures the model on the test images and draws the confusion matrix and the mistakes. */
    private static Result test(Setup s, History history, double seconds) throws IOException {
        LabelledImages test = s.data().test();
        int k = test.classes().size();
        long[][] confusion = new long[k][k];
        List<float[]> wrong = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        double lossSum = 0;
        int correct = 0;
        int n = test.size();
        int per = test.channels() * test.height() * test.width();
        s.model().eval();
        try (var scope = Autograd.noGrad();
             DataLoader loader = new DataLoader(test.dataset(), DataLoader.Options.of(500))) {
            for (var batch : loader.epoch(0)) {
                Tensor logits = s.model().forward(batch.inputs());
                lossSum += Losses.crossEntropy(logits, batch.labels()).item() * batch.size();
                int[] predicted = logits.argmax(1);
                float[] pixels = batch.inputs().toArray();
                for (int i = 0; i < predicted.length; i++) {
                    int truth = batch.labels()[i];
                    confusion[truth][predicted[i]]++;
                    if (predicted[i] == truth) {
                        correct++;
                    } else if (wrong.size() < 48) {
                        wrong.add(java.util.Arrays.copyOfRange(pixels, i * per, (i + 1) * per));
                        captions.add("pred " + test.classes().get(predicted[i]) + "\ntrue "
                                + test.classes().get(truth));
                    }
                }
            }
        }
        Pictures.confusionMatrix(confusion, test.classes(), s.name() + ": test set, " + correct + " of " + n
                + " right", s.folder().resolve(CONFUSION));
        Pictures.imageGrid(wrong, test.channels(), test.height(), test.width(), captions, 8,
                s.folder().resolve(MISCLASSIFIED));
        return new Result((double) correct / n, lossSum / n, confusion, history, seconds);
    }
}
