package dev.nabla.optim;

import dev.nabla.core.Autograd;
import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;
import dev.nabla.core.kernels.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An optimizer: state plus an update rule, applied in place to parameters organised in
 * groups, each group with its own hyper-parameters and learning rate.
 *
 * <p>A parameter is a leaf {@link Tensor} that requires grad (what {@code model.parameters()}
 * returns, or any list of such tensors). Parameters are numbered {@code 0, 1, ...} across the
 * groups in order; the numbers name their entries in the {@linkplain #stateDict() state dict}.
 *
 * <p>{@link #step()} runs with recording off ({@link Autograd#noGrad()}); for every parameter
 * whose {@code grad()} is not null it advances that parameter's step count {@code t} and
 * applies the subclass's rule with the group's current learning rate. Parameters without a
 * gradient are skipped and their state left as it is, as in PyTorch. The update is a single
 * fused loop per parameter over its values, its gradient and its state buffers, in fp32.
 * Options enter that loop as constants, never as per-element tests: a weight decay of 0, for
 * example, adds {@code 0 * w} to the gradient, which leaves it unchanged for every finite
 * weight (an infinite weight gives NaN there, where PyTorch skips the term; such a weight is
 * lost either way).
 *
 * <p>Schedules change the learning rate through {@link #setLr(int, double)}; the other
 * hyper-parameters of a group are fixed by its options record.
 *
 * <p>The update hook is package-private: the optimizers are the ones in this package.
 *
 * <p>Not thread-safe: step an optimizer from one thread at a time.
 *
 * @param <O> the options record of this optimizer
 */
public abstract class Optimizer<O extends OptimizerOptions> {

    /**
     * Elements per chunk of a parameter's update: larger parameters are updated on several
     * threads. The chunks do not depend on the thread count, and updates are elementwise, so
     * neither changes the result.
     */
    static final int UPDATE_GRAIN = 1 << 14;

    private final String name;
    private final List<ParamGroup<O>> groups;
    private final double[] lrs;
    private final List<Tensor> params = new ArrayList<>();
    private final int[] groupOf;
    private final ParamState[] states;

    /**
     * @param name the optimizer's name, for messages
     * @param groups the parameter groups; each parameter may appear once only
     * @throws IllegalArgumentException if there is no parameter, a parameter is not a leaf that
     *     requires grad, or a parameter appears twice
     */
    Optimizer(String name, List<ParamGroup<O>> groups) {
        this.name = name;
        this.groups = List.copyOf(groups);
        this.lrs = new double[this.groups.size()];
        Map<Tensor, Integer> seen = new IdentityHashMap<>();
        List<Integer> owner = new ArrayList<>();
        for (int g = 0; g < this.groups.size(); g++) {
            lrs[g] = this.groups.get(g).options().lr();
            for (Tensor p : this.groups.get(g).params()) {
                checkParam(p, g, seen);
                seen.put(p, params.size());
                params.add(p);
                owner.add(g);
            }
        }
        if (params.isEmpty()) {
            throw new IllegalArgumentException(name + ": got no parameters to optimize");
        }
        this.groupOf = owner.stream().mapToInt(Integer::intValue).toArray();
        this.states = new ParamState[params.size()];
    }

    private void checkParam(Tensor p, int group, Map<Tensor, Integer> seen) {
        if (!p.isLeaf() || !p.requiresGrad()) {
            throw new IllegalArgumentException(name + ": parameter " + params.size() + " (group " + group + ", shape "
                    + p.shape() + ") must be a leaf tensor that requires grad");
        }
        if (seen.containsKey(p)) {
            throw new IllegalArgumentException(name + ": parameter " + params.size() + " (group " + group
                    + ", shape " + p.shape() + ") is the same tensor as parameter " + seen.get(p)
                    + "; a parameter may appear in one group only, once");
        }
    }

    /** One group holding all of {@code params}, for subclass constructors. */
    static <O extends OptimizerOptions> List<ParamGroup<O>> oneGroup(List<Tensor> params, O options) {
        return List.of(new ParamGroup<>(params, options));
    }

    // ---------------------------------------------------------------- the update rule

    /**
     * Names of the buffers this optimizer keeps per parameter of a group with these options,
     * in order (PyTorch's names: {@code exp_avg}, {@code momentum_buffer}, ...).
     */
    abstract List<String> bufferNames(O options);

    /** The value a buffer starts from before the first update (0 unless overridden). */
    float initialValue(String buffer, O options) {
        return 0f;
    }

    /**
     * Applies one update to the elements {@code [from, to)} of a parameter, in place. Updates
     * are elementwise, so a parameter is updated in ranges on several threads (see
     * {@link #UPDATE_GRAIN}) with the same result as in one pass.
     *
     * @param state the parameter's state; {@code state.step} already counts this update
     * @param w the parameter's values, updated in place
     * @param g its gradient, same length: the gradient tensor's own storage, read only
     * @param options the group's options
     * @param lr the group's current learning rate
     * @param from the first element to update
     * @param to one past the last element to update
     */
    abstract void update(ParamState state, float[] w, float[] g, O options, double lr, int from, int to);

    // ---------------------------------------------------------------- public API

    /** @return the optimizer's name, as used in messages (for example {@code "Adam"}) */
    public String name() {
        return name;
    }

    /** @return the number of parameter groups */
    public int groupCount() {
        return groups.size();
    }

    /**
     * @param group a group index
     * @return that group's parameters and options (its initial learning rate; see {@link #lr(int)})
     * @throws IndexOutOfBoundsException for a bad index
     */
    public ParamGroup<O> group(int group) {
        return groups.get(group);
    }

    /** @return every parameter, numbered across the groups in order; unmodifiable */
    public List<Tensor> params() {
        return Collections.unmodifiableList(params);
    }

    /**
     * @param group a group index
     * @return the group's current learning rate
     * @throws IndexOutOfBoundsException for a bad index
     */
    public double lr(int group) {
        Objects.checkIndex(group, lrs.length);
        return lrs[group];
    }

    /**
     * Sets a group's learning rate, used from the next {@link #step()} on.
     *
     * @param group a group index
     * @param lr the learning rate, finite and {@code >= 0}
     * @throws IllegalArgumentException for a negative or non-finite rate
     * @throws IndexOutOfBoundsException for a bad index
     */
    public void setLr(int group, double lr) {
        Objects.checkIndex(group, lrs.length);
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException(name + ": learning rate of group " + group
                    + " must be finite and >= 0, got " + lr);
        }
        lrs[group] = lr;
    }

    /** Drops the gradient of every parameter (sets it to null, as PyTorch's default does). */
    public void zeroGrad() {
        for (Tensor p : params) {
            p.zeroGrad();
        }
    }

    /**
     * Updates, in place and with recording off, every parameter whose gradient is not null.
     * All gradients are checked before any parameter changes.
     *
     * @throws IllegalArgumentException if a gradient's shape differs from its parameter's
     */
    public void step() {
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            Tensor grad = p.grad();
            if (grad != null && !grad.shape().equals(p.shape())) {
                throw new IllegalArgumentException(name + ".step: the gradient of parameter " + i + " has shape "
                        + grad.shape() + ", expected the parameter's shape " + p.shape());
            }
        }
        try (var scope = Autograd.noGrad()) {
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                if (p.grad() != null) {
                    updateOne(i, p, p.grad());
                }
            }
        }
    }

    private void updateOne(int index, Tensor p, Tensor grad) {
        O options = groups.get(groupOf[index]).options();
        ParamState state = states[index];
        if (state == null) {
            state = newState(p.size(), options);
            states[index] = state;
        }
        state.step++;
        // The update runs on the parameter's own storage (no copies); the state buffers are
        // our own arrays, updated in place too.
        ParamState s = state;
        double lr = lrs[groupOf[index]];
        p.updateInPlace(name() + ".step", grad, (w, g) -> Parallel.forChunks(w.length, UPDATE_GRAIN,
                (chunk, from, to) -> update(s, w, g, options, lr, from, to)));
    }

    private ParamState newState(int size, O options) {
        ParamState s = new ParamState();
        for (String b : bufferNames(options)) {
            float[] a = new float[size];
            float init = initialValue(b, options);
            if (init != 0f) {
                Arrays.fill(a, init);
            }
            s.buffers.put(b, a);
        }
        return s;
    }

    static Tensor tensorOf(float[] values, Shape shape) {
        return shape.rank() == 0 ? Tensor.scalar(values[0]) : Tensor.of(values, shape.toArray());
    }

    /**
     * The optimizer's state, copied: buffers, step counts and every group's hyper-parameters
     * and current learning rate, under the keys described in {@link OptimizerState}.
     * Parameters that have not been updated yet have no entries.
     *
     * @return a snapshot that later steps do not change
     */
    public OptimizerState stateDict() {
        return StateDicts.write(this);
    }

    /**
     * Restores a state written by {@link #stateDict()} of an optimizer of the same kind over
     * parameters of the same shapes, in the same groups: buffers, step counts and learning
     * rates. The other hyper-parameters stay those of this optimizer's options (a difference
     * is logged as a warning). Everything is checked first: on error nothing changes.
     *
     * @param state the state to load; not modified (its tensors are copied)
     * @throws IllegalArgumentException listing every problem: a different number of groups or
     *     of parameters in a group, an unknown or missing key, a buffer of the wrong shape, a
     *     bad step count or learning rate
     */
    public void loadStateDict(OptimizerState state) {
        StateDicts.read(this, state);
    }

    // ---------------------------------------------------------------- for StateDicts

    int groupOf(int param) {
        return groupOf[param];
    }

    ParamState state(int param) {
        return states[param];
    }

    void restore(ParamState[] newStates, double[] newLrs) {
        System.arraycopy(newStates, 0, states, 0, states.length);
        System.arraycopy(newLrs, 0, lrs, 0, lrs.length);
    }
}
