package dev.nabla.train;

import dev.nabla.core.Autograd;
import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.data.Batch;
import dev.nabla.data.DataLoader;
import dev.nabla.nn.Module;
import dev.nabla.nn.layers.Dropout;
import dev.nabla.nn.layers.Dropout2d;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.OptimizerState;
import dev.nabla.optim.schedule.LrScheduler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits a {@link Module}: for each epoch, one optimizer step per training batch (loss, backward,
 * step, schedule), then the validation loss and metrics without recording a graph, then a row
 * of the {@link History}; {@link Callback}s hook in between.
 *
 * <p><b>Exact resumption.</b> {@link #saveCheckpoint} records the model, the optimizer, the
 * scheduler, the position (epoch, batch, step and the epoch's running loss), the history and
 * the state of every generator the run draws from: the mask generators of the model's
 * {@link Dropout} and {@link Dropout2d} layers and those given in {@link Options#rngs()}. Data
 * order is a function of the loader's seed and the epoch number, so {@link #loadCheckpoint}
 * followed by {@link #fit} with the same loaders continues exactly where the saved run was: a
 * run interrupted at step k and resumed ends with bit-for-bit the same weights as one that was
 * never interrupted.
 *
 * <p><b>Non-finite loss.</b> Each loss is checked before its backward pass; a NaN or infinite
 * loss ends {@link #fit} with a {@link NonFiniteLossException} naming the step, and the weights,
 * the buffers (running statistics the forward pass updated), the generators, the optimizer and
 * the checkpoints stay as they were after the last good step.
 *
 * <p>Logs through SLF4J: one INFO line per epoch.
 */
public final class Trainer {

    // Set by fit: what a training step snapshots, to put back if its loss is not finite.
    private List<Tensor> stepBuffers = List.of();
    private List<float[]> stepBufferValues = List.of();
    private List<Rng> stepGenerators = List.of();

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    /**
     * How a trainer runs.
     *
     * @param scheduler drives the learning rate per step or per epoch, or {@code null} for none
     * @param metrics measured on the validation data after each epoch; copied
     * @param callbacks called in this order; copied
     * @param rngs further generators the loss function or data draw from, saved and restored
     *     with checkpoints under these names; copied
     * @param progressBar whether to show a console progress bar (off for tests and CI)
     */
    public record Options(LrScheduler scheduler, List<Metric> metrics, List<Callback> callbacks,
                          Map<String, Rng> rngs, boolean progressBar) {

        /**
         * Copies the lists and the map.
         *
         * @param scheduler as described for the record
         * @param metrics as described for the record
         * @param callbacks as described for the record
         * @param rngs as described for the record
         * @param progressBar as described for the record
         */
        public Options {
            metrics = List.copyOf(metrics);
            callbacks = List.copyOf(callbacks);
            rngs = Collections.unmodifiableMap(new LinkedHashMap<>(rngs));
        }

        /**
         * @return no scheduler, metrics, callbacks or extra generators; a progress bar unless the
         *     system property {@code nabla.progress} is {@code false}
         */
        public static Options defaults() {
            return new Options(null, List.of(), List.of(), Map.of(),
                    Boolean.parseBoolean(System.getProperty("nabla.progress", "true")));
        }

        /**
         * @param scheduler the scheduler, or {@code null}
         * @return a copy with that scheduler
         */
        public Options withScheduler(LrScheduler scheduler) {
            return new Options(scheduler, metrics, callbacks, rngs, progressBar);
        }

        /**
         * @param metrics the metrics
         * @return a copy with those metrics
         */
        public Options withMetrics(Metric... metrics) {
            return new Options(scheduler, List.of(metrics), callbacks, rngs, progressBar);
        }

        /**
         * @param callbacks the callbacks, in calling order
         * @return a copy with those callbacks
         */
        public Options withCallbacks(Callback... callbacks) {
            return new Options(scheduler, metrics, List.of(callbacks), rngs, progressBar);
        }

        /**
         * @param rngs further generators to checkpoint, by name
         * @return a copy with those generators
         */
        public Options withRngs(Map<String, Rng> rngs) {
            return new Options(scheduler, metrics, callbacks, rngs, progressBar);
        }

        /**
         * @param progressBar whether to show a progress bar
         * @return a copy with that setting
         */
        public Options withProgressBar(boolean progressBar) {
            return new Options(scheduler, metrics, callbacks, rngs, progressBar);
        }
    }

    private final Module model;
    private final Optimizer<?> optimizer;
    private final LossFunction loss;
    private final Options options;
    private final List<Callback> callbacks;
    private History history = new History();
    private int epoch;
    private int batch;
    private long step;
    private double lossSum;
    private long examples;
    private double secondsBefore;
    private int batchCount;
    private int epochs;
    private boolean stopRequested;

    /**
     * @param model the model to fit; its parameters should be those of the optimizer
     * @param optimizer the optimizer
     * @param loss computes a batch's loss
     * @param options scheduler, metrics, callbacks, generators, progress bar
     */
    public Trainer(Module model, Optimizer<?> optimizer, LossFunction loss, Options options) {
        this.model = Objects.requireNonNull(model, "Trainer: model is null");
        this.optimizer = Objects.requireNonNull(optimizer, "Trainer: optimizer is null");
        this.loss = Objects.requireNonNull(loss, "Trainer: loss is null");
        this.options = Objects.requireNonNull(options, "Trainer: options is null");
        this.callbacks = new ArrayList<>();
        if (options.progressBar()) {
            callbacks.add(new ProgressBarCallback());
        }
        callbacks.addAll(options.callbacks());
    }

    /**
     * Trains until {@code epochs} epochs are done, or a callback asks to stop. Starts where the
     * trainer stands: at epoch 0 for a new trainer, where the last {@code fit} stopped, or where
     * a loaded checkpoint was taken.
     *
     * @param train the training batches; its epoch {@code e} is used for epoch {@code e}; its
     *     prefetch worker, if any, is stopped ({@link DataLoader#close()}) when this returns
     * @param validation the validation batches (epoch 0 every time), or {@code null} for none
     * @param epochs the total number of epochs of the run, {@code >= 1}
     * @return the history of all epochs finished so far (also after a stop)
     * @throws NonFiniteLossException if a loss is NaN or infinite (then nothing is updated with it)
     * @throws IllegalArgumentException if {@code epochs < 1}, or the loader's batch count differs
     *     from the one a resumed position was saved with
     */
    public History fit(DataLoader train, DataLoader validation, int epochs) {
        Objects.requireNonNull(train, "Trainer.fit: train is null");
        if (epochs < 1) {
            throw new IllegalArgumentException("Trainer.fit: expected epochs >= 1, got " + epochs);
        }
        if (batch > train.batchCount()) {
            throw new IllegalArgumentException("Trainer.fit: resuming at batch " + batch + " but the loader has only "
                    + train.batchCount() + " batches per epoch");
        }
        this.batchCount = train.batchCount();
        this.epochs = epochs;
        stopRequested = false;
        // The model's structure is fixed during fit: find its buffers and generators once.
        stepBuffers = model.buffers();
        stepBufferValues = new ArrayList<>(Collections.nCopies(stepBuffers.size(), (float[]) null));
        stepGenerators = new ArrayList<>(rngs().values());
        try {
            callbacks.forEach(c -> c.onTrainBegin(this));
            while (epoch < epochs && !stopRequested) {
                if (!runEpoch(train, validation)) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            callbacks.forEach(c -> c.onTrainFailed(this, e));
            throw e;
        } finally {
            train.close(); // a stop inside an epoch leaves its prefetch worker waiting
        }
        callbacks.forEach(c -> c.onTrainEnd(this));
        return history;
    }

    /** One epoch, or its rest; returns false if a stop came before its last batch. */
    private boolean runEpoch(DataLoader train, DataLoader validation) {
        long start = System.nanoTime();
        model.train();
        callbacks.forEach(c -> c.onEpochBegin(this));
        for (Batch b : train.epoch(epoch, batch)) {
            trainStep(b);
            if (stopRequested && batch < batchCount) {
                secondsBefore += (System.nanoTime() - start) * 1e-9;
                return false;
            }
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        double valLoss = validation == null ? Double.NaN : validate(validation, metrics);
        double lr = optimizer.lr(0);
        if (options.scheduler() != null) {
            options.scheduler().afterEpoch();
        }
        double seconds = secondsBefore + (System.nanoTime() - start) * 1e-9;
        EpochResult result = new EpochResult(epoch, examples == 0 ? Double.NaN : lossSum / examples, valLoss,
                metrics, lr, seconds);
        history.add(result);
        if (LOG.isInfoEnabled()) {
            StringBuilder line = new StringBuilder();
            metrics.forEach((name, value) -> line.append(' ').append(name).append(' ').append(fmt(value)));
            LOG.info("epoch {}/{}: train_loss {} val_loss {}{} lr {} ({} s)", epoch + 1, epochs,
                    fmt(result.trainLoss()), fmt(valLoss), line, String.format("%.4g", lr),
                    String.format("%.2f", seconds));
        }
        epoch++;
        batch = 0;
        lossSum = 0;
        examples = 0;
        secondsBefore = 0;
        callbacks.forEach(c -> c.onEpochEnd(this, result));
        return true;
    }

    private static String fmt(double v) {
        return String.format("%.5g", v);
    }

    private void trainStep(Batch b) {
        // The forward pass alone changes buffers (BatchNorm's running statistics) and advances
        // generators (dropout masks): keep them, to put back if the loss is not finite.
        for (int i = 0; i < stepBuffers.size(); i++) {
            stepBufferValues.set(i, stepBuffers.get(i).toArray()); // buffers are small
        }
        long[][] generatorStates = new long[stepGenerators.size()][];
        for (int i = 0; i < generatorStates.length; i++) {
            generatorStates[i] = stepGenerators.get(i).state();
        }
        Tensor value = loss.compute(model, b);
        double l = value.item();
        if (!Double.isFinite(l)) {
            try (Autograd.Scope scope = Autograd.noGrad()) {
                for (int i = 0; i < stepBuffers.size(); i++) {
                    float[] saved = stepBufferValues.get(i);
                    stepBuffers.get(i).updateInPlace("Trainer", stepBuffers.get(i),
                            (target, read) -> System.arraycopy(saved, 0, target, 0, saved.length));
                }
            }
            for (int i = 0; i < generatorStates.length; i++) {
                stepGenerators.get(i).setState(generatorStates[i]);
            }
            throw new NonFiniteLossException(step + 1, epoch, batch, l);
        }
        optimizer.zeroGrad();
        value.backward();
        optimizer.step();
        if (options.scheduler() != null) {
            options.scheduler().afterBatch();
        }
        step++;
        lossSum += l * b.size();
        examples += b.size();
        BatchResult result = new BatchResult(step, epoch, batch, batchCount, l, b.size());
        batch++;
        callbacks.forEach(c -> c.onBatchEnd(this, result));
    }

    /** Mean validation loss (weighted by batch size); fills the metrics' epoch means. */
    private double validate(DataLoader validation, Map<String, Double> metrics) {
        model.eval();
        double sum = 0;
        long n = 0;
        double[] metricSums = new double[options.metrics().size()];
        try (Autograd.Scope scope = Autograd.noGrad()) {
            for (Batch b : validation.epoch(0)) {
                sum += loss.compute(model, b).item() * (double) b.size();
                for (int m = 0; m < metricSums.length; m++) {
                    metricSums[m] += options.metrics().get(m).function().compute(model, b) * b.size();
                }
                n += b.size();
            }
        } finally {
            model.train();
        }
        for (int m = 0; m < metricSums.length; m++) {
            metrics.put(options.metrics().get(m).name(), n == 0 ? Double.NaN : metricSums[m] / n);
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * Asks the loop to stop: after the current batch if called from {@link Callback#onBatchEnd}
     * (the position then points inside the epoch, so a checkpoint resumes there), or before the
     * next epoch if called from {@link Callback#onEpochEnd}.
     */
    public void requestStop() {
        stopRequested = true;
    }

    /** @return whether a stop was requested during the current (or last) {@link #fit} */
    public boolean stopRequested() {
        return stopRequested;
    }

    /** @return the model */
    public Module model() {
        return model;
    }

    /** @return the optimizer */
    public Optimizer<?> optimizer() {
        return optimizer;
    }

    /** @return the history of the epochs finished so far */
    public History history() {
        return history;
    }

    /** @return the epoch in progress, or the next to start, from 0 */
    public int epoch() {
        return epoch;
    }

    /** @return the index of the next batch in the current epoch */
    public int batch() {
        return batch;
    }

    /** @return the number of optimizer steps taken in the run */
    public long step() {
        return step;
    }

    /** @return the number of batches per epoch of the loader being fitted (0 before {@link #fit}) */
    public int batchCount() {
        return batchCount;
    }

    /** @return the total number of epochs of the current {@link #fit} (0 before it) */
    public int epochs() {
        return epochs;
    }

    /** @return the mean loss over the current epoch's examples so far, NaN before its first step */
    public double epochLoss() {
        return examples == 0 ? Double.NaN : lossSum / examples;
    }

    /**
     * The generators a checkpoint saves: {@code module.<path>} for each {@link Dropout} and
     * {@link Dropout2d} in the model (by its dotted module path), then {@code user.<name>} for
     * those in {@link Options#rngs()}.
     *
     * @return the generators by name (the objects themselves)
     */
    public Map<String, Rng> rngs() {
        Map<String, Rng> out = new LinkedHashMap<>();
        for (Map.Entry<String, Module> e : model.namedModules().entrySet()) {
            if (e.getValue() instanceof Dropout d) {
                out.put("module." + e.getKey(), d.rng());
            } else if (e.getValue() instanceof Dropout2d d) {
                out.put("module." + e.getKey(), d.rng());
            }
        }
        options.rngs().forEach((k, v) -> out.put("user." + k, v));
        return out;
    }

    /**
     * A snapshot of the whole training state, for {@link Checkpoint#write(Path)}, with the
     * {@linkplain Callback#state() state} of each callback given in {@link Options#callbacks()}.
     *
     * @param metadata string pairs to store with it
     * @return the snapshot; the model's tensors are copied, so later steps do not change it
     */
    public Checkpoint checkpoint(Map<String, String> metadata) {
        Map<String, Tensor> state = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> state.put(k, v.clone()));
        Map<String, long[]> rngStates = new LinkedHashMap<>();
        rngs().forEach((k, v) -> rngStates.put(k, v.state()));
        Map<String, Double> sched = options.scheduler() == null ? Map.of() : options.scheduler().stateDict();
        History copy = History.fromCsv(history.toCsv());
        List<CallbackState> callbackStates = options.callbacks().stream().map(Callback::state).toList();
        return new Checkpoint(state, model.integerBufferNames(), optimizer.stateDict(), sched,
                new Checkpoint.Position(epoch, batch, step, lossSum, examples, secondsBefore), rngStates, copy,
                callbackStates, metadata);
    }

    /**
     * Writes {@link #checkpoint} to a file, atomically.
     *
     * @param file the destination; replaced whole, or left as it was if writing fails
     * @param metadata string pairs to store with it
     * @throws IOException if writing fails
     */
    public void saveCheckpoint(Path file, Map<String, String> metadata) throws IOException {
        checkpoint(metadata).write(file);
    }

    /**
     * Reads a checkpoint and restores everything it holds. The file and its fit to this trainer
     * (model entries, optimizer groups and shapes, scheduler keys, generator names, callback
     * states) are checked first; on any error the trainer, its callbacks and the model are left
     * as they were.
     *
     * @param file a file written by {@link #saveCheckpoint}
     * @return the caller's metadata stored with it
     * @throws IOException if the file cannot be read or is corrupt
     * @throws IllegalArgumentException if it does not fit this trainer (the message lists why)
     */
    public Map<String, String> loadCheckpoint(Path file) throws IOException {
        Checkpoint c = Checkpoint.read(file);
        restore(c);
        LOG.debug("resumed from {} at epoch {}, batch {}, step {}", file, epoch, batch, step);
        return c.metadata();
    }

    /**
     * Restores a checkpoint's state (see {@link #loadCheckpoint}).
     *
     * @param c the checkpoint
     * @throws IllegalArgumentException if it does not fit this trainer; nothing changes then
     */
    public void restore(Checkpoint c) {
        Map<String, Rng> mine = rngs();
        if (!mine.keySet().equals(c.rngs().keySet())) {
            throw new IllegalArgumentException("Trainer.restore: the checkpoint has generators " + c.rngs().keySet()
                    + " but this run has " + mine.keySet());
        }
        List<Callback> callbacks = options.callbacks();
        for (int i = callbacks.size(); i < c.callbacks().size(); i++) {
            if (!c.callbacks().get(i).isEmpty()) {
                throw new IllegalArgumentException("Trainer.restore: the checkpoint holds the state of callback " + i
                        + " but this run has " + callbacks.size() + " callbacks");
            }
        }
        LrScheduler scheduler = options.scheduler();
        if ((scheduler == null) != c.scheduler().isEmpty()) {
            throw new IllegalArgumentException("Trainer.restore: the checkpoint " + (c.scheduler().isEmpty()
                    ? "has no" : "has a") + " scheduler state but this run " + (scheduler == null ? "has none" : "has one"));
        }
        Map<String, Tensor> before = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> before.put(k, v.clone()));
        OptimizerState optimizerBefore = optimizer.stateDict();
        Map<String, Double> schedulerBefore = scheduler == null ? null : scheduler.stateDict();
        List<CallbackState> callbacksBefore = new ArrayList<>();
        try {
            model.loadStateDict(c.model());
            optimizer.loadStateDict(c.optimizer());
            if (scheduler != null) {
                scheduler.loadStateDict(c.scheduler());
            }
            for (Map.Entry<String, Rng> e : mine.entrySet()) {
                new Rng(0).setState(c.rngs().get(e.getKey())); // validates without changing the run's
            }
            for (int i = 0; i < callbacks.size(); i++) {
                CallbackState own = i < c.callbacks().size() ? c.callbacks().get(i) : CallbackState.EMPTY;
                CallbackState previous = callbacks.get(i).state();
                callbacks.get(i).loadState(this, own);
                callbacksBefore.add(previous);
            }
        } catch (RuntimeException e) {
            for (int i = 0; i < callbacksBefore.size(); i++) {
                callbacks.get(i).loadState(this, callbacksBefore.get(i));
            }
            model.loadStateDict(before);
            optimizer.loadStateDict(optimizerBefore);
            if (scheduler != null) {
                scheduler.loadStateDict(schedulerBefore);
            }
            throw e;
        }
        mine.forEach((k, v) -> v.setState(c.rngs().get(k)));
        Checkpoint.Position p = c.position();
        epoch = p.epoch();
        batch = p.batch();
        step = p.step();
        lossSum = p.lossSum();
        examples = p.examples();
        secondsBefore = p.seconds();
        history = History.fromCsv(c.history().toCsv());
    }
}
