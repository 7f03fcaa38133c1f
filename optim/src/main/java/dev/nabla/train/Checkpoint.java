package dev.nabla.train;

import dev.nabla.core.Tensor;
import dev.nabla.nn.SafeTensors;
import dev.nabla.optim.OptimizerState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything a {@link Trainer} needs to continue a run exactly, stored as one safetensors file.
 *
 * <p>Layout: the model's state dict under {@code model.<name>} (integer buffers as {@code I64})
 * and the optimizer's buffers under {@code optimizer.<key>} are the file's tensors (fp32, so
 * they round-trip bit for bit); the header's {@code __metadata__} holds the rest as strings:
 * {@code nabla.format}, the position {@code train.*} (see {@link Position}), the optimizer's
 * scalars {@code optimizer.<key>} and the scheduler's {@code scheduler.<key>} (doubles written
 * with {@link Double#toString(double)}, which reads back exactly), each generator's state
 * {@code rng.<name>} (six 64-bit words in hex, see {@link dev.nabla.core.Rng#state()}), the
 * history as CSV under {@code history}, and the caller's pairs under {@code user.<key>}. The
 * state of the trainer's callback number {@code i} (see {@link Callback#state()}) is stored
 * under {@code callback.<i>.<key>}: its tensors among the file's tensors (fp32), its values in
 * the metadata.
 *
 * <p>The file is written atomically (see {@link SafeTensors#write}): a crash or an error during
 * the write leaves the previous file as it was. Reading validates the whole file before
 * returning anything.
 *
 * @param model the model's state dict; not copied
 * @param int64Names the names in {@code model} of integer buffers
 * @param optimizer the optimizer's state
 * @param scheduler the scheduler's state, empty without a scheduler
 * @param position where in the run the checkpoint was taken
 * @param rngs generator states by name
 * @param history the results of the epochs finished
 * @param callbacks the state of each of the trainer's callbacks, in their order
 * @param metadata the caller's string pairs
 */
public record Checkpoint(Map<String, Tensor> model, Set<String> int64Names, OptimizerState optimizer,
                         Map<String, Double> scheduler, Position position, Map<String, long[]> rngs,
                         History history, List<CallbackState> callbacks, Map<String, String> metadata) {

    /** The value of {@code nabla.format} in files this class writes. */
    public static final String FORMAT = "nabla-checkpoint-1";

    private static final String CALLBACK = "callback.";

    /**
     * Where a run stands.
     *
     * @param epoch the epoch in progress (or next to start), from 0
     * @param batch the index of the next batch in that epoch
     * @param step the number of optimizer steps taken
     * @param lossSum the sum over the epoch's examples so far of the loss (batch mean times batch size)
     * @param examples the number of the epoch's examples trained on so far
     * @param seconds the wall time spent in the epoch so far, in seconds
     */
    public record Position(int epoch, int batch, long step, double lossSum, long examples, double seconds) {
    }

    /**
     * Copies the maps (not the tensors or arrays).
     *
     * @param model as described for the record
     * @param int64Names as described for the record
     * @param optimizer as described for the record
     * @param scheduler as described for the record
     * @param position as described for the record
     * @param rngs as described for the record
     * @param history as described for the record
     * @param callbacks as described for the record
     * @param metadata as described for the record
     */
    public Checkpoint {
        model = Collections.unmodifiableMap(new LinkedHashMap<>(model));
        int64Names = Set.copyOf(int64Names);
        scheduler = Collections.unmodifiableMap(new LinkedHashMap<>(scheduler));
        rngs = Collections.unmodifiableMap(new LinkedHashMap<>(rngs));
        callbacks = List.copyOf(callbacks);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * Writes the checkpoint atomically.
     *
     * @param file the destination; replaced whole, or left as it was if writing fails
     * @throws IOException if writing fails
     */
    public void write(Path file) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Set<String> int64 = new HashSet<>();
        model.forEach((k, v) -> tensors.put("model." + k, v));
        int64Names.forEach(k -> int64.add("model." + k));
        optimizer.tensors().forEach((k, v) -> tensors.put("optimizer." + k, v));
        for (int i = 0; i < callbacks.size(); i++) {
            String prefix = CALLBACK + i + ".";
            callbacks.get(i).tensors().forEach((k, v) -> tensors.put(prefix + k, v));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("nabla.format", FORMAT);
        meta.put("train.epoch", Integer.toString(position.epoch()));
        meta.put("train.batch", Integer.toString(position.batch()));
        meta.put("train.step", Long.toString(position.step()));
        meta.put("train.loss_sum", Double.toString(position.lossSum()));
        meta.put("train.examples", Long.toString(position.examples()));
        meta.put("train.seconds", Double.toString(position.seconds()));
        optimizer.scalars().forEach((k, v) -> meta.put("optimizer." + k, Double.toString(v)));
        scheduler.forEach((k, v) -> meta.put("scheduler." + k, Double.toString(v)));
        rngs.forEach((k, v) -> meta.put("rng." + k, words(v)));
        meta.put("history", history.toCsv());
        for (int i = 0; i < callbacks.size(); i++) {
            String prefix = CALLBACK + i + ".";
            callbacks.get(i).values().forEach((k, v) -> meta.put(prefix + k, v));
        }
        metadata.forEach((k, v) -> meta.put("user." + k, v));
        SafeTensors.write(file, tensors, int64, meta);
    }

    /**
     * Reads and validates a checkpoint.
     *
     * @param file a file written by {@link #write(Path)}
     * @return its contents
     * @throws IOException if the file cannot be read, is truncated or corrupt, or is not a
     *     checkpoint of this format (the message says what is wrong)
     */
    public static Checkpoint read(Path file) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, String> meta = c.metadata();
        if (!FORMAT.equals(meta.get("nabla.format"))) {
            throw new IOException("checkpoint: " + file + ": expected nabla.format = " + FORMAT + ", got "
                    + meta.get("nabla.format"));
        }
        try {
            return parse(c);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IOException("checkpoint: " + file + ": bad metadata: " + e.getMessage(), e);
        }
    }

    private static Checkpoint parse(SafeTensors.Contents c) {
        Map<String, Tensor> model = new LinkedHashMap<>();
        Map<String, Tensor> optTensors = new LinkedHashMap<>();
        Set<String> int64 = new HashSet<>();
        SortedMap<Integer, Map<String, Tensor>> callbackTensors = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : c.tensors().entrySet()) {
            String k = e.getKey();
            if (k.startsWith("model.")) {
                model.put(k.substring(6), e.getValue());
                if ("I64".equals(c.dtypes().get(k))) {
                    int64.add(k.substring(6));
                }
            } else if (k.startsWith("optimizer.")) {
                optTensors.put(k.substring(10), e.getValue());
            } else if (k.startsWith(CALLBACK)) {
                callbackEntry(callbackTensors, k).put(callbackKey(k), e.getValue());
            } else {
                throw new IllegalArgumentException("unexpected tensor '" + k + "'");
            }
        }
        Map<String, String> meta = c.metadata();
        Map<String, Double> optScalars = new LinkedHashMap<>();
        Map<String, Double> scheduler = new LinkedHashMap<>();
        Map<String, long[]> rngs = new LinkedHashMap<>();
        Map<String, String> user = new LinkedHashMap<>();
        SortedMap<Integer, Map<String, String>> callbackValues = new TreeMap<>();
        for (Map.Entry<String, String> e : meta.entrySet()) {
            String k = e.getKey();
            if (k.startsWith("optimizer.")) {
                optScalars.put(k.substring(10), Double.parseDouble(e.getValue()));
            } else if (k.startsWith("scheduler.")) {
                scheduler.put(k.substring(10), Double.parseDouble(e.getValue()));
            } else if (k.startsWith("rng.")) {
                rngs.put(k.substring(4), words(e.getValue()));
            } else if (k.startsWith("user.")) {
                user.put(k.substring(5), e.getValue());
            } else if (k.startsWith(CALLBACK)) {
                callbackEntry(callbackValues, k).put(callbackKey(k), e.getValue());
            }
        }
        Position position = new Position(Integer.parseInt(meta.get("train.epoch")),
                Integer.parseInt(meta.get("train.batch")), Long.parseLong(meta.get("train.step")),
                Double.parseDouble(meta.get("train.loss_sum")), Long.parseLong(meta.get("train.examples")),
                Double.parseDouble(meta.get("train.seconds")));
        int count = Math.max(callbackValues.isEmpty() ? 0 : callbackValues.lastKey() + 1,
                callbackTensors.isEmpty() ? 0 : callbackTensors.lastKey() + 1);
        List<CallbackState> callbacks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            callbacks.add(new CallbackState(callbackValues.getOrDefault(i, Map.of()),
                    callbackTensors.getOrDefault(i, Map.of())));
        }
        return new Checkpoint(model, int64, new OptimizerState(optTensors, optScalars), scheduler, position, rngs,
                History.fromCsv(meta.get("history")), callbacks, user);
    }

    /** The map of callback {@code i} for a key {@code callback.<i>.<key>}, made if missing. */
    private static <V> Map<String, V> callbackEntry(SortedMap<Integer, Map<String, V>> byIndex, String key) {
        int dot = key.indexOf('.', CALLBACK.length());
        int index = dot < 0 ? -1 : parseIndex(key.substring(CALLBACK.length(), dot));
        if (index < 0 || dot == key.length() - 1) {
            throw new IllegalArgumentException("bad callback key '" + key + "', expected callback.<index>.<key>");
        }
        return byIndex.computeIfAbsent(index, i -> new LinkedHashMap<>());
    }

    private static String callbackKey(String key) {
        return key.substring(key.indexOf('.', CALLBACK.length()) + 1);
    }

    private static int parseIndex(String text) {
        try {
            int i = Integer.parseInt(text);
            return i >= 0 && i < 100_000 ? i : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String words(long[] state) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < state.length; i++) {
            sb.append(i == 0 ? "" : ",").append(Long.toHexString(state[i]));
        }
        return sb.toString();
    }

    private static long[] words(String text) {
        String[] parts = text.split(",");
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Long.parseUnsignedLong(parts[i], 16);
        }
        return out;
    }
}
