package dev.nabla.core;

/**
 * One recorded op in the autograd graph: the op's inputs, its backward rule, and the tensors
 * the rule reads with their versions at record time. A tensor that requires gradients and is
 * not a leaf points at the node that made it. Package-private: users see only tensors.
 */
final class Node {

    final String op;
    final Tensor[] inputs;
    /** The backward rule; {@code null} once a backward without retainGraph has freed it. */
    Autograd.Backward rule;
    /** Tensors the rule reads, checked against in-place changes before it runs. */
    Tensor[] saved;
    int[] savedVersions;
    /** Where in user code the op was created (anomaly mode only), else {@code null}. */
    final String site;

    // Per-walk scratch state, owned by the engine during one backward pass.
    Tensor gradBuffer;
    int walkMark;
    boolean needed;

    Node(String op, Tensor[] inputs, Autograd.Backward rule, Tensor[] saved, String site) {
        this.op = op;
        this.inputs = inputs;
        this.rule = rule;
        this.saved = saved;
        this.site = site;
        if (saved.length > 0) {
            savedVersions = new int[saved.length];
            for (int i = 0; i < saved.length; i++) {
                savedVersions[i] = saved[i].version();
            }
        }
    }

    /** Drops the rule and everything it captured, after a backward without retainGraph. */
    void free() {
        rule = null;
        saved = null;
        savedVersions = null;
    }

    String describeInputs() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < inputs.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(inputs[i].shape());
        }
        return sb.toString();
    }
}
