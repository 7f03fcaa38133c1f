package dev.nabla.nn;

import dev.nabla.core.Autograd;
import dev.nabla.core.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A building block of a model: it owns named parameters, buffers and child modules, and maps
 * inputs to outputs with {@link #forward(Tensor)}. The behaviour and names follow PyTorch's
 * {@code torch.nn.Module}, so that a PyTorch user finds what they expect and state dicts move
 * both ways.
 *
 * <p><b>Parameters.</b> A parameter is a leaf {@link Tensor} that requires gradients, registered
 * under a name with {@link #registerParameter}: there is no wrapper type, so the tensors a user
 * gets from {@link #parameters()} or a layer's accessor ({@code linear.weight()}) are the ones
 * core ops take, and the ones an optimizer updates in place. <b>Buffers</b> ({@link
 * #registerBuffer}) are state that is saved but not trained, e.g. BatchNorm's running
 * statistics; a buffer registered with {@link #registerIntegerBuffer} holds whole numbers and is
 * written to files as int64, as PyTorch does for {@code num_batches_tracked}. <b>Children</b>
 * ({@link #registerModule}) are sub-modules.
 *
 * <p><b>Order.</b> Everything is kept in registration order. Recursive listings
 * ({@link #namedParameters()}, {@link #namedBuffers()}, {@link #stateDict()}) visit a module's
 * own entries first and then each child's, depth first, naming entries by their dotted path
 * ({@code 0.weight}, {@code encoder.layers.1.bias}), exactly as PyTorch does. A name is
 * non-empty, contains no dot, and is used once among a module's parameters, buffers and children.
 *
 * <p><b>Forward.</b> A single-input module overrides {@link #forward(Tensor)}. A module with
 * several inputs (or non-tensor inputs, such as the ids of an embedding) declares its own typed
 * {@code forward(...)} overloads and may leave {@code forward(Tensor)} unsupported; only
 * single-input modules can be chained in a {@link Sequential}.
 *
 * <p><b>Modes.</b> Modules start in training mode; {@link #train()}/{@link #eval()} switch a
 * whole subtree (dropout and batch norm behave differently in the two).
 *
 * <p>Not thread-safe: a module (and its tensors) should be used by one thread at a time.
 */
public abstract class Module {

    private final LinkedHashMap<String, Tensor> parameters = new LinkedHashMap<>();
    private final LinkedHashMap<String, Tensor> buffers = new LinkedHashMap<>();
    private final Set<String> integerBuffers = new HashSet<>();
    private final LinkedHashMap<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Creates a module in training mode with nothing registered. */
    protected Module() {
    }

    // ---------------------------------------------------------------- registration

    /**
     * Registers a parameter: marks {@code value} as requiring gradients and adds it under
     * {@code name}.
     *
     * @param name the name, non-empty, without dots, not yet used in this module
     * @param value a leaf tensor (not computed by a recorded op); kept, not copied
     * @return {@code value}
     * @throws IllegalArgumentException if the name is invalid or taken, or value is not a leaf
     */
    protected final Tensor registerParameter(String name, Tensor value) {
        checkName(name);
        if (value == null || !value.isLeaf()) {
            throw new IllegalArgumentException(kind() + ": parameter '" + name + "' must be a leaf tensor, got "
                    + (value == null ? "null" : "a tensor computed by a recorded op; detach() it first"));
        }
        parameters.put(name, value.requiresGrad(true));
        return value;
    }

    /**
     * Registers a buffer: state saved in the state dict but not trained (it never requires
     * gradients here).
     *
     * @param name the name, non-empty, without dots, not yet used in this module
     * @param value a leaf tensor; kept, not copied
     * @return {@code value}
     * @throws IllegalArgumentException if the name is invalid or taken, or value is not a leaf
     */
    protected final Tensor registerBuffer(String name, Tensor value) {
        checkName(name);
        if (value == null || !value.isLeaf()) {
            throw new IllegalArgumentException(kind() + ": buffer '" + name + "' must be a leaf tensor");
        }
        buffers.put(name, value.requiresGrad(false));
        return value;
    }

    /**
     * Registers a buffer that holds whole numbers (a counter, say): kept as fp32 in memory
     * (exact up to 2^24), written to safetensors files as int64.
     *
     * @param name the name, as for {@link #registerBuffer}
     * @param value a leaf tensor of whole numbers; kept, not copied
     * @return {@code value}
     * @throws IllegalArgumentException as {@link #registerBuffer}
     */
    protected final Tensor registerIntegerBuffer(String name, Tensor value) {
        registerBuffer(name, value);
        integerBuffers.add(name);
        return value;
    }

    /**
     * Registers a child module.
     *
     * @param name the name, non-empty, without dots, not yet used in this module
     * @param module the child; kept
     * @param <M> the child's type
     * @return {@code module}
     * @throws IllegalArgumentException if the name is invalid or taken, or module is null or this module
     */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        if (module == null || module == this) {
            throw new IllegalArgumentException(kind() + ": child '" + name + "' must be another module, got "
                    + (module == null ? "null" : "the module itself"));
        }
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(kind() + ": a name must be non-empty and contain no '.', got '"
                    + name + "'");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(kind() + ": the name '" + name + "' is already registered");
        }
    }

    // ---------------------------------------------------------------- forward

    /**
     * Computes the output for one input. Single-input modules override this; the default
     * throws, for modules whose inputs are several tensors or not tensors (they have their own
     * typed {@code forward} overloads).
     *
     * @param x the input; its required shape is given by each module
     * @return the output
     * @throws UnsupportedOperationException if this module does not take a single tensor
     * @throws IllegalArgumentException if x has the wrong shape (message names the module and
     *     the expected shape)
     */
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException(kind() + " does not take a single tensor; call its own forward(...)");
    }

    /**
     * The exception a layer throws for an input of the wrong shape.
     *
     * @param expected the expected shape in words, e.g. {@code "(N, 4) or (4)"}
     * @param x the offending input
     * @return an exception whose message names this module (with its configuration), the
     *     expected shape and the shape it got
     */
    protected final IllegalArgumentException badInput(String expected, Tensor x) {
        return new IllegalArgumentException(describe() + ": input must be " + expected + ", got " + x.shape());
    }

    /**
     * Runs a core op on this module's behalf: an {@link IllegalArgumentException} from it is
     * rethrown with this module's description in front, so the message names the layer.
     *
     * @param op the computation
     * @return its result
     * @throws IllegalArgumentException as the op's, prefixed with {@link #describe()}
     */
    protected final Tensor naming(java.util.function.Supplier<Tensor> op) {
        try {
            return op.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(describe() + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- modes

    /**
     * Puts this module and every descendant in training mode.
     *
     * @return this module
     */
    public Module train() {
        return train(true);
    }

    /**
     * Sets the mode of this module and every descendant.
     *
     * @param mode true for training mode, false for evaluation mode
     * @return this module
     */
    public Module train(boolean mode) {
        training = mode;
        for (Module child : children.values()) {
            child.train(mode);
        }
        return this;
    }

    /**
     * Puts this module and every descendant in evaluation mode ({@code train(false)}).
     *
     * @return this module
     */
    public Module eval() {
        return train(false);
    }

    /** @return whether this module is in training mode */
    public boolean isTraining() {
        return training;
    }

    // ---------------------------------------------------------------- listings

    /** @return every parameter of this module and its descendants, in the order of {@link #namedParameters()} */
    public List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /**
     * @return every parameter of the subtree by dotted name ({@code 0.weight}), this module's
     *     own first, then each child's, depth first; a new map (the tensors are the parameters
     *     themselves). A tensor registered twice is listed once, under its first name.
     */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, new HashSet<>(), true);
        return out;
    }

    /** @return every buffer of the subtree, in the order of {@link #namedBuffers()} */
    public List<Tensor> buffers() {
        return new ArrayList<>(namedBuffers().values());
    }

    /** @return every buffer of the subtree by dotted name, ordered as {@link #namedParameters()} */
    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, new HashSet<>(), false);
        return out;
    }

    private void collect(String prefix, Map<String, Tensor> out, Set<Tensor> seen, boolean params) {
        for (Map.Entry<String, Tensor> e : (params ? parameters : buffers).entrySet()) {
            if (seen.add(e.getValue())) {
                out.put(prefix + e.getKey(), e.getValue());
            }
        }
        for (Map.Entry<String, Module> e : children.entrySet()) {
            e.getValue().collect(prefix + e.getKey() + ".", out, seen, params);
        }
    }

    /** @return the direct children, in registration order (unmodifiable) */
    public List<Module> children() {
        return List.copyOf(children.values());
    }

    /** @return the direct children by name, in registration order (unmodifiable) */
    public Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(children);
    }

    /**
     * @return this module (under the name {@code ""}) and every descendant by dotted path,
     *     depth first in registration order, as PyTorch's {@code named_modules()}
     */
    public Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        collectModules("", out);
        return out;
    }

    private void collectModules(String name, Map<String, Module> out) {
        if (out.containsValue(this)) {
            return;
        }
        out.put(name, this);
        for (Map.Entry<String, Module> e : children.entrySet()) {
            e.getValue().collectModules(name.isEmpty() ? e.getKey() : name + "." + e.getKey(), out);
        }
    }

    /** @return the total number of parameter elements in the subtree */
    public long parameterCount() {
        long n = 0;
        for (Tensor p : parameters()) {
            n += p.size();
        }
        return n;
    }

    // ---------------------------------------------------------------- training helpers

    /**
     * Sets whether every parameter of the subtree requires gradients; {@code false} freezes
     * the subtree (its parameters get no gradients and an optimizer skips them).
     *
     * @param requires whether the parameters should require gradients
     * @return this module
     */
    public Module requiresGrad(boolean requires) {
        for (Tensor p : parameters()) {
            p.requiresGrad(requires);
        }
        return this;
    }

    /** Drops the accumulated gradient of every parameter in the subtree. */
    public void zeroGrad() {
        for (Tensor p : parameters()) {
            p.zeroGrad();
        }
    }

    /**
     * Calls {@code fn} on every descendant and then on this module (children first, as
     * PyTorch's {@code apply}), e.g. for a custom initialisation. Tensors changed in place by
     * {@code fn} must be changed inside {@link Autograd#noGrad()} (the {@code init} methods do so).
     *
     * @param fn the function to call
     * @return this module
     */
    public Module apply(Consumer<Module> fn) {
        for (Module child : children.values()) {
            child.apply(fn);
        }
        fn.accept(this);
        return this;
    }

    // ---------------------------------------------------------------- state dicts and files

    /**
     * The state of the subtree: every parameter, then every buffer, of this module, then each
     * child's, by dotted name as PyTorch names them ({@code 0.weight}, {@code 1.running_mean}).
     * A tensor shared by several modules (tied weights) is listed under each of its names, as
     * PyTorch's {@code state_dict()} does.
     *
     * @return a new ordered map; its values share storage with the module's tensors (detached,
     *     so they require no gradients): copy them before changing the module if a snapshot is meant
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectState("", out);
        return out;
    }

    /** Unlike the parameter listings, a tensor shared by two modules appears under both names, as in PyTorch. */
    private void collectState(String prefix, Map<String, Tensor> out) {
        for (Map<String, Tensor> m : List.of(parameters, buffers)) {
            for (Map.Entry<String, Tensor> e : m.entrySet()) {
                out.put(prefix + e.getKey(), e.getValue().detach());
            }
        }
        for (Map.Entry<String, Module> e : children.entrySet()) {
            e.getValue().collectState(prefix + e.getKey() + ".", out);
        }
    }

    /**
     * @return the dotted names of the integer buffers in the subtree (written as int64 to
     *     files), a subset of the keys of {@link #stateDict()}
     */
    public Set<String> integerBufferNames() {
        Set<String> out = new HashSet<>();
        for (Map.Entry<String, Module> e : namedModules().entrySet()) {
            String prefix = e.getKey().isEmpty() ? "" : e.getKey() + ".";
            for (String b : e.getValue().integerBuffers) {
                out.add(prefix + b);
            }
        }
        return out;
    }

    /**
     * Strict {@link #loadStateDict(Map, boolean)}: every entry must match.
     *
     * @param state tensors by dotted name; not modified
     * @return the (empty) lists of missing and unexpected keys
     * @throws IllegalArgumentException listing every missing, unexpected and mis-shaped entry;
     *     then nothing is changed
     */
    public StateDicts.LoadResult loadStateDict(Map<String, Tensor> state) {
        return loadStateDict(state, true);
    }

    /**
     * Copies values from {@code state} into the subtree's parameters and buffers, in place
     * (the tensors stay the same objects, so optimizers holding them keep working). The whole
     * dict is checked first: strict loading refuses any missing or unexpected key, and every
     * mode refuses a shape mismatch (as PyTorch); one error lists all problems, and then
     * nothing is changed.
     *
     * @param state tensors by dotted name; not modified
     * @param strict whether missing and unexpected keys are errors (else they are reported)
     * @return the keys of the module absent from {@code state} and the keys of {@code state}
     *     the module does not have
     * @throws IllegalArgumentException listing every problem found; then nothing is changed
     */
    public StateDicts.LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
        return StateDicts.load(this, state, strict);
    }

    /**
     * Writes {@link #stateDict()} to a safetensors file, atomically (see {@link SafeTensors#write}).
     *
     * @param file the destination; replaced whole, or left as it was if writing fails
     * @throws IOException if the file cannot be written
     */
    public void save(Path file) throws IOException {
        save(file, Map.of());
    }

    /**
     * Writes {@link #stateDict()} to a safetensors file with metadata, atomically.
     *
     * @param file the destination; replaced whole, or left as it was if writing fails
     * @param metadata string pairs stored in the header's {@code __metadata__}; may be empty
     * @throws IOException if the file cannot be written
     */
    public void save(Path file, Map<String, String> metadata) throws IOException {
        SafeTensors.write(file, stateDict(), integerBufferNames(), metadata);
    }

    /**
     * Reads a safetensors file and loads it strictly into this module. The file is validated
     * whole, and matched against the module, before anything is changed.
     *
     * @param file a safetensors file, e.g. one PyTorch wrote for the same architecture
     * @throws IOException if the file cannot be read, or is truncated or corrupt (the module is unchanged)
     * @throws IllegalArgumentException if its entries do not match the module (all listed; the module is unchanged)
     */
    public void load(Path file) throws IOException {
        loadStateDict(SafeTensors.read(file).tensors(), true);
    }

    // ---------------------------------------------------------------- printing

    /**
     * This module's configuration for {@link #toString()}, as PyTorch's {@code extra_repr},
     * e.g. {@code "in_features=4, out_features=8, bias=true"}; empty by default.
     *
     * @return the configuration in words
     */
    protected String extraRepr() {
        return "";
    }

    /** @return the class name and configuration, e.g. {@code Linear(in_features=4, out_features=8, bias=true)} */
    public String describe() {
        return kind() + "(" + extraRepr() + ")";
    }

    private String kind() {
        String name = getClass().getSimpleName();
        return name.isEmpty() ? getClass().getName() : name;
    }

    /**
     * A summary: the tree of modules with each one's configuration, its own parameters' shapes
     * and counts, and, at the end, the total and trainable parameter counts.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        Summary.tree(this, sb, 0);
        long total = parameterCount();
        long trainable = 0;
        for (Tensor p : parameters()) {
            trainable += p.requiresGrad() ? p.size() : 0;
        }
        sb.append("\nTotal parameters: ").append(total).append(" (trainable: ").append(trainable).append(')');
        return sb.toString();
    }

    /** The own (non-recursive) parameters, for the summary. */
    Map<String, Tensor> ownParameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /** The own buffers, for the summary. */
    Map<String, Tensor> ownBuffers() {
        return Collections.unmodifiableMap(buffers);
    }
}
