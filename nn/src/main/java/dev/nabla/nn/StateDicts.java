package dev.nabla.nn;

import dev.nabla.core.Autograd;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loading a state dict into a module: everything is checked before anything is copied, so a
 * failed load leaves the module as it was.
 */
public final class StateDicts {

    /**
     * What a load found, as PyTorch's {@code load_state_dict} reports it.
     *
     * @param missingKeys keys of the module that the state dict lacks (empty after a strict load)
     * @param unexpectedKeys keys of the state dict that the module lacks (empty after a strict load)
     */
    public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {
        /**
         * Makes the lists unmodifiable copies.
         *
         * @param missingKeys keys of the module that the state dict lacks
         * @param unexpectedKeys keys of the state dict that the module lacks
         */
        public LoadResult {
            missingKeys = List.copyOf(missingKeys);
            unexpectedKeys = List.copyOf(unexpectedKeys);
        }
    }

    private StateDicts() {
    }

    /**
     * Checks {@code state} against the module's {@link Module#stateDict()} and, if it passes,
     * copies every matching entry into the module's tensors in place (outside autograd).
     *
     * @param module the module to load into; unchanged if this throws
     * @param state tensors by dotted name; not modified
     * @param strict whether missing and unexpected keys are errors
     * @return the missing and unexpected keys
     * @throws IllegalArgumentException as {@link #check} does
     */
    static LoadResult load(Module module, Map<String, Tensor> state, boolean strict) {
        LoadResult result = check("loadStateDict", module, state, strict);
        Map<String, Tensor> own = module.stateDict();
        try (Autograd.Scope scope = Autograd.noGrad()) {
            for (Map.Entry<String, Tensor> e : own.entrySet()) {
                Tensor given = state.get(e.getKey());
                if (given != null) {
                    e.getValue().copyFrom(given);
                }
            }
        }
        return result;
    }

    /**
     * Checks that {@code state} fits the module's {@link Module#stateDict()}: the same names
     * (if strict) and, for every name in both, the same shape. Changes nothing.
     *
     * @param op names the caller in the error message, e.g. {@code "loadStateDict"}
     * @param module the module
     * @param state tensors by dotted name; not modified
     * @param strict whether missing and unexpected keys are errors
     * @return the missing and unexpected keys
     * @throws IllegalArgumentException listing every missing and unexpected key (strict) and
     *     every shape mismatch (always), one per line
     */
    public static LoadResult check(String op, Module module, Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> own = module.stateDict();
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor given = state.get(e.getKey());
            if (given == null) {
                missing.add(e.getKey());
            } else if (!given.shape().equals(e.getValue().shape())) {
                mismatched.add(e.getKey() + ": expected shape " + e.getValue().shape() + ", got " + given.shape());
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String key : state.keySet()) {
            if (!own.containsKey(key)) {
                unexpected.add(key);
            }
        }
        boolean fail = !mismatched.isEmpty() || strict && (!missing.isEmpty() || !unexpected.isEmpty());
        if (fail) {
            StringBuilder sb = new StringBuilder(op + ": the state dict does not match " + module.describe()
                    + "; nothing was loaded");
            if (strict) {
                list(sb, "missing keys", missing);
                list(sb, "unexpected keys", unexpected);
            }
            list(sb, "shape mismatches", mismatched);
            throw new IllegalArgumentException(sb.toString());
        }
        return new LoadResult(missing, unexpected);
    }

    private static void list(StringBuilder sb, String title, List<String> items) {
        if (!items.isEmpty()) {
            sb.append("\n  ").append(items.size()).append(' ').append(title).append(':');
            for (String item : items) {
                sb.append("\n    ").append(item);
            }
        }
    }
}
