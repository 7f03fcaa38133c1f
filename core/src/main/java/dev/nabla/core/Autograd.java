package dev.nabla.core;

import java.util.Arrays;
import java.util.List;

/**
 * Reverse-mode automatic differentiation, define-by-run.
 *
 * <p>Every op on tensors that require gradients records a node holding its inputs and its
 * backward rule. {@link Tensor#backward()} and {@link #grad} walk the recorded graph from the
 * outputs towards the leaves in reverse topological order. Backward rules are written with
 * ordinary, differentiable tensor ops: with {@code createGraph = true} the gradients returned
 * are themselves recorded and can be differentiated again, to any order (Hessian-vector
 * products, gradient penalties, exact score matching). With {@code createGraph = false} the
 * rules run with recording off, so first-order training pays nothing for this.
 *
 * <p>Recording is on by default and can be switched off per thread for a block of code:
 * <pre>{@code
 * try (var scope = Autograd.noGrad()) {
 *     // evaluation, sampling, optimizer steps: nothing is recorded here
 * }
 * }</pre>
 *
 * <p>Anomaly mode ({@link #detectAnomaly(boolean)}, global) checks every op's output and
 * every backward rule's gradients for NaN and infinity and throws a
 * {@link NumericalAnomalyException} naming the op, its input shapes and the line of user code
 * that created it.
 *
 * <p>Graphs are not thread-safe: build and differentiate one graph on one thread at a time.
 */
public final class Autograd {

    /**
     * A backward rule: maps the gradient of an op's output to the gradients of its inputs.
     * Written with differentiable tensor ops so that it can be differentiated again.
     */
    @FunctionalInterface
    public interface Backward {
        /**
         * Computes input gradients.
         *
         * @param grad the gradient of the loss with respect to the op's output, of the output's shape
         * @param needs {@code needs[i]} is true if input {@code i} needs a gradient; a rule may
         *     return {@code null} (and skip the work) where it is false
         * @return one gradient per input, each of that input's shape, or {@code null}
         */
        Tensor[] apply(Tensor grad, boolean[] needs);
    }

    /**
     * A recording scope opened by {@link #noGrad()} or {@link #enableGrad()}; closing it
     * restores the recording state of the thread as it was before.
     */
    public static final class Scope implements AutoCloseable {
        private final boolean previous;
        private boolean closed;

        private Scope(boolean enabled) {
            previous = ENABLED.get()[0];
            ENABLED.get()[0] = enabled;
        }

        /** Restores the previous recording state; closing twice does nothing. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                ENABLED.get()[0] = previous;
            }
        }
    }

    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});
    private static final Tensor[] NONE = new Tensor[0];
    private static volatile boolean anomaly;

    private Autograd() {
    }

    /**
     * Turns recording off on this thread until the returned scope is closed.
     *
     * @return the scope; use it in try-with-resources
     */
    public static Scope noGrad() {
        return new Scope(false);
    }

    /**
     * Turns recording on on this thread (inside a {@link #noGrad()} block, say) until the
     * returned scope is closed.
     *
     * @return the scope; use it in try-with-resources
     */
    public static Scope enableGrad() {
        return new Scope(true);
    }

    /** @return whether ops on this thread record the graph */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /**
     * Switches anomaly mode on or off for all threads. When on, every op checks its output and
     * every backward rule its gradients for NaN/Inf, and ops remember where in user code they
     * were created. Slow: for debugging.
     *
     * @param on whether to check
     */
    public static void detectAnomaly(boolean on) {
        anomaly = on;
    }

    /** @return whether anomaly mode is on */
    public static boolean isAnomalyEnabled() {
        return anomaly;
    }

    /**
     * Gradients of outputs with respect to inputs, without touching any tensor's {@code grad()}.
     *
     * <p>Computes {@code sum_k d(outputs[k] . gradOutputs[k]) / d inputs[i]} for each input.
     *
     * @param outputs tensors to differentiate; each must require gradients
     * @param inputs tensors to differentiate with respect to (leaves or intermediate results)
     * @param gradOutputs one per output, of its shape; an entry (or the whole list) may be
     *     {@code null} for a scalar output, meaning 1
     * @param createGraph record the backward pass, so the results can be differentiated again
     * @param retainGraph keep the graph, so it can be walked again
     * @param allowUnused return {@code null} for an input the outputs do not depend on,
     *     instead of throwing
     * @return one gradient per input, of its shape ({@code null} only for unused inputs)
     * @throws IllegalArgumentException on mismatched counts or shapes, an output that does not
     *     require gradients, or an unused input when {@code allowUnused} is false
     * @throws IllegalStateException if the graph was freed or a saved tensor was modified in place
     */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs,
                                    boolean createGraph, boolean retainGraph, boolean allowUnused) {
        Tensor[] outs = outputs.toArray(NONE);
        Tensor[] ins = inputs.toArray(NONE);
        Tensor[] gos = gradOutputs == null ? new Tensor[outs.length] : gradOutputs.toArray(NONE);
        for (int i = 0; i < ins.length; i++) {
            if (!ins[i].requiresGrad()) {
                throw new IllegalArgumentException("grad: input " + i + " (shape " + ins[i].shape()
                        + ") does not require grad; call requiresGrad(true) on it before computing the outputs");
            }
        }
        Tensor[] result = Engine.run("grad", outs, gos, ins, createGraph, retainGraph);
        for (int i = 0; i < result.length; i++) {
            if (result[i] == null && !allowUnused) {
                throw new IllegalArgumentException("grad: input " + i + " (shape " + ins[i].shape()
                        + ") is not used to compute the outputs; pass allowUnused = true to get null for it");
            }
        }
        return Arrays.asList(result);
    }

    /**
     * Gradient of one scalar output with respect to some inputs; the graph is freed unless
     * {@code createGraph} is true (then it is kept, as higher derivatives need it).
     *
     * @param output a scalar tensor that requires gradients
     * @param createGraph record the backward pass, so the results can be differentiated again
     * @param inputs tensors to differentiate with respect to; each must be used by the output
     * @return one gradient per input
     * @throws IllegalArgumentException as {@link #grad(List, List, List, boolean, boolean, boolean)}
     */
    public static List<Tensor> grad(Tensor output, boolean createGraph, Tensor... inputs) {
        return grad(List.of(output), List.of(inputs), null, createGraph, createGraph, false);
    }

    /**
     * Records an op whose backward rule reads no tensor that could be modified in place
     * afterwards (or only its inputs and output, listed in {@code saved}).
     *
     * @param op the op's name, for error messages
     * @param out the op's freshly computed output
     * @param saved the tensors the rule reads (checked against in-place changes), may be empty
     * @param rule the backward rule
     * @param inputs the op's inputs, in the order the rule returns their gradients
     * @return {@code out}, now recording its origin if recording is on and an input requires grad
     */
    static Tensor record(String op, Tensor out, Tensor[] saved, Backward rule, Tensor... inputs) {
        if (anomaly) {
            Anomaly.checkForward(op, out, inputs);
        }
        if (!ENABLED.get()[0]) {
            return out;
        }
        boolean any = false;
        for (Tensor t : inputs) {
            any |= t.requiresGrad();
        }
        if (any) {
            out.attach(new Node(op, inputs, rule, saved, anomaly ? Anomaly.userSite() : null));
        }
        return out;
    }

    /** Shorthand for {@link #record(String, Tensor, Tensor[], Backward, Tensor...)} with nothing saved. */
    static Tensor record(String op, Tensor out, Backward rule, Tensor... inputs) {
        return record(op, out, NONE, rule, inputs);
    }

    /** Packs gradients for a rule's return value. */
    static Tensor[] grads(Tensor... g) {
        return g;
    }

    /** Packs tensors a rule reads for {@link #record(String, Tensor, Tensor[], Backward, Tensor...)}. */
    static Tensor[] saved(Tensor... t) {
        return t;
    }
}
