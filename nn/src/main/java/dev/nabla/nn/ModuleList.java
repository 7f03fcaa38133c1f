package dev.nabla.nn;

import java.util.Iterator;
import java.util.List;

/**
 * A list of modules registered as children {@code "0"}, {@code "1"}, ... (PyTorch's
 * {@code nn.ModuleList}): it holds layers a parent uses in its own {@code forward}, so their
 * parameters are found and named ({@code layers.1.weight}). It has no {@code forward} of its own.
 */
public class ModuleList extends Module implements Iterable<Module> {

    private int count;

    /**
     * @param modules the initial modules, in order
     */
    public ModuleList(Module... modules) {
        for (Module m : modules) {
            add(m);
        }
    }

    /**
     * Appends a module under the next index.
     *
     * @param module the module
     * @return this
     */
    public ModuleList add(Module module) {
        registerModule(Integer.toString(count), module);
        count++;
        return this;
    }

    /**
     * @param index the position, {@code 0 <= index < size()}
     * @return the module at that position
     * @throws IndexOutOfBoundsException if the index is out of range
     */
    public Module get(int index) {
        return children().get(index);
    }

    /** @return the number of modules */
    public int size() {
        return count;
    }

    /** @return the modules in order (unmodifiable) */
    public List<Module> asList() {
        return children();
    }

    /** @return an iterator over the modules in order */
    @Override
    public Iterator<Module> iterator() {
        return children().iterator();
    }
}
