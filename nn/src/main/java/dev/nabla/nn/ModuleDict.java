package dev.nabla.nn;

import java.util.Map;
import java.util.Set;

/**
 * Modules by name, in insertion order (PyTorch's {@code nn.ModuleDict}): children of a parent
 * that picks among them in its own {@code forward}; parameters are named {@code heads.cls.weight}.
 * It has no {@code forward} of its own.
 */
public class ModuleDict extends Module {

    /** Creates an empty dict. */
    public ModuleDict() {
    }

    /**
     * @param modules the initial modules by name, added in the map's iteration order
     * @throws IllegalArgumentException if a name is empty or contains a dot
     */
    public ModuleDict(Map<String, ? extends Module> modules) {
        modules.forEach(this::put);
    }

    /**
     * Adds a module under a new name.
     *
     * @param name the name, non-empty, without dots, not yet present
     * @param module the module
     * @return this
     * @throws IllegalArgumentException if the name is invalid or already present
     */
    public ModuleDict put(String name, Module module) {
        registerModule(name, module);
        return this;
    }

    /**
     * @param name a name
     * @return the module under that name
     * @throws IllegalArgumentException if there is none
     */
    public Module get(String name) {
        Module m = namedChildren().get(name);
        if (m == null) {
            throw new IllegalArgumentException("ModuleDict: no module named '" + name + "'; have " + keys());
        }
        return m;
    }

    /** @return the names, in insertion order (unmodifiable) */
    public Set<String> keys() {
        return namedChildren().keySet();
    }

    /** @return the number of modules */
    public int size() {
        return namedChildren().size();
    }
}
