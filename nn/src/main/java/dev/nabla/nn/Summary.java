package dev.nabla.nn;

import dev.nabla.core.Tensor;
import java.util.Map;

/**
 * Writes the tree of {@link Module#toString()}: PyTorch's layout ({@code (name): Child(...)}
 * lines indented inside their parent), with each module's own parameters, their shapes and
 * their element count appended, and each nested container's closing line followed by the
 * parameter count of its whole subtree, e.g.
 *
 * <pre>
 * Sequential(
 *   (0): Linear(in_features=4, out_features=8, bias=true)  weight [8, 4], bias [8]: 40 parameters
 *   (1): Relu()
 *   (2): Sequential(
 *     (0): Linear(in_features=8, out_features=2, bias=true)  weight [2, 8], bias [2]: 18 parameters
 *   )  18 parameters
 * )
 * </pre>
 */
final class Summary {

    private Summary() {
    }

    /** Appends the tree rooted at {@code m}, its first line at the current position, nested lines at {@code indent + 2}. */
    static void tree(Module m, StringBuilder sb, int indent) {
        Map<String, Module> children = m.namedChildren();
        String own = ownParameters(m);
        if (children.isEmpty()) {
            sb.append(m.describe()).append(own);
            return;
        }
        String pad = " ".repeat(indent + 2);
        String name = m.describe();
        sb.append(name, 0, name.indexOf('(') + 1).append('\n');
        String extra = m.extraRepr();
        if (!extra.isEmpty()) {
            sb.append(pad).append(extra).append('\n');
        }
        if (!own.isEmpty()) {
            sb.append(pad).append(own.substring(2)).append('\n');
        }
        for (Map.Entry<String, Module> e : children.entrySet()) {
            sb.append(pad).append('(').append(e.getKey()).append("): ");
            tree(e.getValue(), sb, indent + 2);
            sb.append('\n');
        }
        sb.append(" ".repeat(indent)).append(')');
        if (indent > 0) {
            // a nested container closes with its subtree's count (the root's is the total line)
            long count = m.parameterCount();
            sb.append("  ").append(count).append(count == 1 ? " parameter" : " parameters");
        }
    }

    /** "  weight [8, 4], bias [8]: 40 parameters", or "" for a module without own parameters. */
    private static String ownParameters(Module m) {
        Map<String, Tensor> params = m.ownParameters();
        if (params.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("  ");
        long count = 0;
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            if (count > 0 || sb.length() > 2) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append(' ').append(e.getValue().shape());
            if (!e.getValue().requiresGrad()) {
                sb.append(" (frozen)");
            }
            count += e.getValue().size();
        }
        return sb.append(": ").append(count).append(count == 1 ? " parameter" : " parameters").toString();
    }
}
