package dev.nabla.core;

import dev.nabla.core.kernels.Pointwise;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The backward graph walk behind {@link Tensor#backward()} and {@link Autograd#grad}.
 *
 * <p>The walk is iterative (an explicit stack, no recursion), so graphs of any depth work.
 * The checks that can fail before the walk (shapes of the seeds, freed graphs, tensors
 * modified in place) run before any work; gradients of leaves are summed aside during the
 * walk and added to their {@code grad()} only once it has finished, and the graph is freed
 * only then, so a backward that fails midway (an anomaly, say) changes nothing and can be
 * retried. The price: saved tensors live until the walk ends.
 */
final class Engine {

    private static final AtomicInteger WALKS = new AtomicInteger();
    /** Numbers the first-order backward walks, from 1. */
    private static final AtomicLong FIRST_ORDER_WALKS = new AtomicLong();
    /** What the walks running on this thread keep: see {@link ThreadState}. */
    private static final ThreadLocal<ThreadState> THREAD = ThreadLocal.withInitial(ThreadState::new);
    /** First-order walks running on any thread: while none is, {@link #currentWalk()} needs no lookup. */
    private static final AtomicInteger ACTIVE_WALKS = new AtomicInteger();
    /**
     * The storage of a placeholder: empty, so that reading an element fails rather than seeing
     * zeros. A placeholder never leaves the engine (see {@link #piece}).
     */
    private static final float[] NO_DATA = new float[0];

    /**
     * The walk running on this thread: its number if it is a first-order backward walk (else
     * 0), and what it keeps aside to add in place if it records nothing (else {@code null});
     * plus one spare {@link InPlace}, so that walks one after another make none.
     */
    private static final class ThreadState {
        long walk;
        InPlace inPlace;
        InPlace spare;

        InPlace takeInPlace() {
            InPlace p = spare == null ? new InPlace() : spare;
            spare = null;
            return p;
        }

        void giveBack(InPlace p) {
            p.clear();
            spare = p;
        }
    }

    /**
     * A gradient that is zero but for one strided region, kept as the region's values until
     * the engine adds it where it goes.
     *
     * @param src the region's values, contiguous row-major of shape {@code dims}
     * @param offset the position of the region's first element in the full gradient
     * @param strides the region's strides in the full gradient
     * @param dims the region's shape
     */
    private record Piece(float[] src, int offset, int[] strides, int[] dims) {
        /** @return zeros of {@code full} with the region written in */
        Tensor materialize(Shape full) {
            Tensor y = Tensor.zeros(full.toArray());
            Pointwise.scatter(src, y.data(), offset, strides, dims);
            return y;
        }
    }

    /**
     * What a walk that records nothing keeps aside so that it can add in place: the
     * placeholders of slices' gradients ({@link #piece}), resolved as they are delivered, and
     * the gradient sums it made itself (of nodes not yet run, and of leaves), which only it
     * references.
     */
    private static final class InPlace {
        /** Made on first use, as most walks have neither (a tiny op's backward pays nothing). */
        private Map<Tensor, Piece> pieces;
        private Set<Tensor> ownedSums;

        void addPiece(Tensor placeholder, Piece piece) {
            if (pieces == null) {
                pieces = new IdentityHashMap<>();
            }
            pieces.put(placeholder, piece);
        }

        /** @return the piece {@code g} stands for, now resolved, or {@code null} if g is no placeholder */
        Piece takePiece(Tensor g) {
            return pieces == null ? null : pieces.remove(g);
        }

        void own(Tensor sum) {
            if (ownedSums == null) {
                ownedSums = Collections.newSetFromMap(new IdentityHashMap<>());
            }
            ownedSums.add(sum);
        }

        boolean owns(Tensor sum) {
            return ownedSums != null && ownedSums.contains(sum);
        }

        void disown(Tensor sum) {
            if (ownedSums != null) {
                ownedSums.remove(sum);
            }
        }

        void clear() {
            pieces = null;
            ownedSums = null;
        }
    }

    private Engine() {
    }

    /**
     * The first-order backward walk running on this thread, or 0 outside one: tensors record
     * it when they allocate storage, so that the engine can tell storage its rules allocated
     * from storage allocated before the walk.
     *
     * @return the walk's number, or 0
     */
    static long currentWalk() {
        return ACTIVE_WALKS.get() == 0 ? 0 : THREAD.get().walk;
    }

    /**
     * In a backward walk that records nothing ({@code createGraph} false), a placeholder of
     * shape {@code full} for the gradient "zeros with g's values at these positions" (the
     * adjoint of a slice), which the engine adds into the gradient of the sliced tensor without
     * ever making the zeros: the first slice to arrive makes them once, the others add their
     * region in place. Outside such a walk, {@code null} (the caller then builds the gradient).
     * A rule may only return the placeholder as it is: its storage is empty.
     *
     * @param g the region's values, of the region's shape
     * @param full the shape of the whole gradient
     * @param offset the position of the region's first element in the whole
     * @param strides the region's strides in the whole
     * @return the placeholder, or {@code null}
     */
    static Tensor piece(Tensor g, Shape full, int offset, int[] strides) {
        InPlace inPlace = THREAD.get().inPlace;
        if (inPlace == null) {
            return null;
        }
        Tensor placeholder = new Tensor(NO_DATA, full);
        inPlace.addPiece(placeholder, new Piece(g.data(), offset, strides, g.shape().toArray()));
        return placeholder;
    }

    /**
     * Walks the graph from {@code outputs}. With {@code targets == null} (backward mode) it
     * accumulates into the {@code grad()} of every leaf that requires gradients; otherwise it
     * returns the gradients of the targets and touches no {@code grad()}.
     */
    static Tensor[] run(String caller, Tensor[] outputs, Tensor[] gradOutputs, Tensor[] targets,
                        boolean createGraph, boolean retainGraph) {
        Tensor[] seeds = seeds(caller, outputs, gradOutputs);
        IdentityHashMap<Tensor, Integer> targetIndex = new IdentityHashMap<>();
        if (targets != null) {
            for (int i = 0; i < targets.length; i++) {
                targetIndex.putIfAbsent(targets[i], i);
            }
        }
        boolean backwardMode = targets == null;
        List<Node> order = topologicalOrder(outputs);
        markNeeded(order, targetIndex, backwardMode);
        checkRunnable(caller, order);

        Tensor[] results = new Tensor[targets == null ? 0 : targets.length];
        Map<Tensor, Tensor> leaves = new LinkedHashMap<>();
        // Storage the rules allocate in a first-order backward is tagged with this walk; a
        // leaf may then keep such a gradient without copying it (see below).
        long walk = backwardMode && !createGraph ? FIRST_ORDER_WALKS.incrementAndGet() : 0;
        ThreadState state = THREAD.get();
        long outer = state.walk;
        state.walk = walk;
        if (walk != 0) {
            ACTIVE_WALKS.incrementAndGet();
        }
        InPlace outerInPlace = state.inPlace;
        InPlace inPlace = createGraph ? null : state.takeInPlace();
        state.inPlace = inPlace;
        try (Autograd.Scope scope = createGraph ? Autograd.enableGrad() : Autograd.noGrad()) {
            for (int k = 0; k < outputs.length; k++) {
                deliver(outputs[k], seeds[k], targetIndex, results, backwardMode ? leaves : null, inPlace);
            }
            walkNodes(order, targetIndex, results, backwardMode, leaves, inPlace);
        } finally {
            if (walk != 0) {
                ACTIVE_WALKS.decrementAndGet();
            }
            state.walk = outer;
            state.inPlace = outerInPlace;
            if (inPlace != null) {
                state.giveBack(inPlace);
            }
            for (Node node : order) {
                node.gradBuffer = null;
            }
        }
        if (backwardMode) {
            accumulateLeaves(leaves, walk, createGraph);
        }
        if (!retainGraph) {
            free(order);
        }
        if (!backwardMode) {
            for (int i = 0; i < targets.length; i++) {
                Integer first = targetIndex.get(targets[i]);
                results[i] = results[first];
            }
        }
        return results;
    }

    /** Frees the rule of every node the walk needed (a backward without retainGraph). */
    private static void free(List<Node> order) {
        for (Node node : order) {
            if (node.needed) {
                node.free();
            }
        }
    }

    /** Runs the rule of every needed node that got a gradient, outputs first. */
    private static void walkNodes(List<Node> order, IdentityHashMap<Tensor, Integer> targets, Tensor[] results,
                                  boolean backwardMode, Map<Tensor, Tensor> leaves, InPlace inPlace) {
        for (int n = order.size() - 1; n >= 0; n--) {
            Node node = order.get(n);
            Tensor g = node.gradBuffer;
            node.gradBuffer = null;
            if (g != null && inPlace != null) {
                inPlace.disown(g); // handed to a rule, which may pass it on whole to two inputs
            }
            if (g != null && node.needed) {
                propagate(node, g, targets, results, backwardMode, leaves, inPlace);
            }
        }
    }

    /**
     * Adds each leaf's gradient sum to its {@code grad()}, once the walk is over. A gradient
     * whose storage this walk allocated is referenced, by then, only by the gradients handed to
     * leaves: the seeds, saved tensors and anything the caller holds were allocated before it.
     * A leaf with no gradient yet keeps such a gradient as it is, unless another leaf already
     * kept the same storage (one gradient passed to two leaves, or a view of it): then it takes
     * a copy. This saves a copy of every weight gradient per step (a 100,352-float weight:
     * 400 KB).
     */
    private static void accumulateLeaves(Map<Tensor, Tensor> leaves, long walk, boolean createGraph) {
        IdentityHashMap<float[], Boolean> kept = walk == 0 ? null : new IdentityHashMap<>(leaves.size());
        try (Autograd.Scope scope = createGraph ? Autograd.enableGrad() : Autograd.noGrad()) {
            leaves.forEach((leaf, g) -> accumulate(leaf, g, createGraph, walk != 0 && leaf.grad() == null
                    && g.walk() == walk && kept.put(g.data(), Boolean.TRUE) == null));
        }
    }

    /**
     * Adds {@code g} to the gradient of {@code leaf}: a first gradient is {@code g} itself if
     * {@code keep}, otherwise a copy (recorded if {@code createGraph}); later ones are added,
     * in place unless the gradient is itself recorded.
     */
    private static void accumulate(Tensor leaf, Tensor g, boolean createGraph, boolean keep) {
        Tensor grad = leaf.grad();
        if (grad == null) {
            leaf.setGrad(createGraph ? g.clone() : keep ? g : new Tensor(g.toArray(), g.shape()));
        } else if (!createGraph && grad.node() == null) {
            grad.addInPlace(g);
        } else {
            leaf.setGrad(grad.add(g));
        }
    }

    private static Tensor[] seeds(String caller, Tensor[] outputs, Tensor[] gradOutputs) {
        if (outputs.length == 0) {
            throw new IllegalArgumentException(caller + ": expected at least one output, got none");
        }
        if (gradOutputs.length != outputs.length) {
            throw new IllegalArgumentException(caller + ": got " + outputs.length + " outputs but "
                    + gradOutputs.length + " gradOutputs; expected one per output");
        }
        Tensor[] seeds = new Tensor[outputs.length];
        for (int k = 0; k < outputs.length; k++) {
            Tensor out = outputs[k];
            if (!out.requiresGrad()) {
                throw new IllegalArgumentException(caller + ": output " + k + " (shape " + out.shape()
                        + ") does not require grad: no input of the ops that made it requires grad,"
                        + " or it was computed under Autograd.noGrad()");
            }
            Tensor go = gradOutputs[k];
            if (go == null) {
                if (out.size() != 1) {
                    throw new IllegalArgumentException(caller + ": output " + k + " has shape " + out.shape()
                            + "; a gradient can be implied only for a single-element output,"
                            + " so pass a gradOutput of that shape");
                }
                go = Tensor.onesLike(out);
            } else if (!go.shape().equals(out.shape())) {
                throw new IllegalArgumentException(caller + ": gradOutput " + k + " has shape " + go.shape()
                        + " but its output has shape " + out.shape() + "; expected equal shapes");
            }
            seeds[k] = go;
        }
        return seeds;
    }

    /** Post-order depth-first walk over nodes (inputs before the nodes that use them). */
    private static List<Node> topologicalOrder(Tensor[] outputs) {
        int mark = WALKS.incrementAndGet();
        List<Node> order = new ArrayList<>();
        List<Node> stack = new ArrayList<>();
        int[] next = new int[16];
        for (Tensor out : outputs) {
            Node root = out.node();
            if (root == null || root.walkMark == mark) {
                continue;
            }
            root.walkMark = mark;
            stack.add(root);
            next[0] = 0;
            while (!stack.isEmpty()) {
                int top = stack.size() - 1;
                Node node = stack.get(top);
                if (next[top] < node.inputs.length) {
                    Node child = node.inputs[next[top]++].node();
                    if (child != null && child.walkMark != mark) {
                        child.walkMark = mark;
                        if (stack.size() == next.length) {
                            next = java.util.Arrays.copyOf(next, next.length * 2);
                        }
                        next[stack.size()] = 0;
                        stack.add(child);
                    }
                } else {
                    stack.remove(top);
                    order.add(node);
                }
            }
        }
        return order;
    }

    /** A node is needed when one of its inputs leads to a tensor whose gradient is wanted. */
    private static void markNeeded(List<Node> order, IdentityHashMap<Tensor, Integer> targets, boolean backwardMode) {
        for (Node node : order) {
            boolean needed = false;
            for (Tensor in : node.inputs) {
                needed |= wants(in, targets, backwardMode);
            }
            node.needed = needed;
        }
    }

    private static boolean wants(Tensor in, IdentityHashMap<Tensor, Integer> targets, boolean backwardMode) {
        if (!in.requiresGrad()) {
            return false;
        }
        Node n = in.node();
        return backwardMode || targets.containsKey(in) || (n != null && n.needed);
    }

    /** Fails before any work if a needed node was freed or one of its saved tensors changed. */
    private static void checkRunnable(String caller, List<Node> order) {
        for (Node node : order) {
            if (!node.needed) {
                continue;
            }
            if (node.rule == null) {
                throw new IllegalStateException(caller + ": the graph through '" + node.op
                        + "' was already freed by an earlier backward; pass retainGraph = true to the"
                        + " earlier call to walk the same graph twice");
            }
            for (int i = 0; i < node.saved.length; i++) {
                int now = node.saved[i].version();
                if (now != node.savedVersions[i]) {
                    throw new IllegalStateException(caller + ": a tensor of shape " + node.saved[i].shape()
                            + " that the backward of '" + node.op + "' needs was modified in place after '"
                            + node.op + "' used it (version " + node.savedVersions[i] + ", now " + now
                            + "); clone it before modifying it, or modify it after the backward");
                }
            }
        }
    }

    private static void propagate(Node node, Tensor g, IdentityHashMap<Tensor, Integer> targets, Tensor[] results,
                                  boolean backwardMode, Map<Tensor, Tensor> leaves, InPlace inPlace) {
        boolean[] needs = new boolean[node.inputs.length];
        for (int i = 0; i < needs.length; i++) {
            needs[i] = wants(node.inputs[i], targets, backwardMode);
        }
        Tensor[] grads;
        try {
            grads = node.rule.apply(g, needs);
        } catch (NumericalAnomalyException e) {
            throw Anomaly.inBackward(node, e);
        }
        for (int i = 0; i < needs.length; i++) {
            Tensor gi = grads[i];
            if (!needs[i] || gi == null) {
                continue;
            }
            Tensor in = node.inputs[i];
            if (!gi.shape().equals(in.shape())) {
                throw new IllegalStateException("backward of '" + node.op + "' returned a gradient of shape "
                        + gi.shape() + " for input " + i + " of shape " + in.shape());
            }
            if (Autograd.isAnomalyEnabled()) {
                gi = materialized(gi, inPlace);
                Anomaly.checkBackward(node, i, gi);
            }
            deliver(in, gi, targets, results, backwardMode ? leaves : null, inPlace);
        }
    }

    /** @return {@code g} itself, or, if it is a placeholder of {@link #piece}, the gradient it stands for */
    private static Tensor materialized(Tensor g, InPlace inPlace) {
        Piece piece = inPlace == null ? null : inPlace.takePiece(g);
        return piece == null ? g : piece.materialize(g.shape());
    }

    /**
     * Hands gradient {@code g} of tensor {@code t} on: to the results if t is a target, to its
     * node's buffer, or (backward mode: {@code leaves} not null) to the sum kept for a leaf.
     */
    private static void deliver(Tensor t, Tensor g, IdentityHashMap<Tensor, Integer> targets, Tensor[] results,
                                Map<Tensor, Tensor> leaves, InPlace inPlace) {
        Integer target = targets.get(t);
        Piece piece = inPlace == null ? null : inPlace.takePiece(g);
        if (piece != null && target != null) {
            g = piece.materialize(g.shape());
            piece = null;
        }
        if (target != null) {
            results[target] = results[target] == null ? g : results[target].add(g);
        }
        Node n = t.node();
        if (n != null) {
            n.gradBuffer = sum(n.gradBuffer, g, piece, inPlace);
        } else if (leaves != null) {
            // One lookup for the common first gradient of a leaf (a tiny op's backward).
            Tensor sum = piece == null ? leaves.putIfAbsent(t, g) : leaves.get(t);
            if (sum != null || piece != null) {
                leaves.put(t, sum(sum, g, piece, inPlace));
            }
        }
    }

    /**
     * {@code sum + g}, where g may be a placeholder standing for {@code piece}, and
     * {@code sum} null before the first gradient. In a walk that records nothing
     * ({@code inPlace} not null) a sum that only the engine references (one it made, or the
     * zeros it made for a placeholder) takes later gradients in place, and a placeholder adds
     * only its region: the same additions as a sum of new tensors, without the new tensors. The
     * bits are those of the plain sum, but where a slice's zeros met a -0, which the plain sum
     * turned into +0. A first gradient that is no placeholder may be shared (a seed, one
     * tensor handed to two inputs, a target's result) and is never written.
     */
    private static Tensor sum(Tensor sum, Tensor g, Piece piece, InPlace inPlace) {
        if (piece == null && (sum == null || inPlace == null)) {
            return sum == null ? g : sum.add(g);
        }
        if (sum == null) {
            Tensor zeros = piece.materialize(g.shape());
            inPlace.own(zeros);
            return zeros;
        }
        if (!inPlace.owns(sum)) {
            sum = piece == null ? sum.add(g) : new Tensor(sum.toArray(), sum.shape());
            inPlace.own(sum);
            if (piece == null) {
                return sum;
            }
        } else if (piece == null) {
            sum.addInPlace(g);
            return sum;
        }
        Pointwise.scatterAdd(piece.src(), sum.data(), piece.offset(), piece.strides(), piece.dims());
        return sum;
    }
}
