package dev.nabla.nn;

import dev.nabla.core.Tensor;
import java.util.List;

/**
 * A chain of single-input modules applied in order: {@code forward(x) = m_k(...m_1(m_0(x)))}.
 * Children are named {@code "0"}, {@code "1"}, ..., so parameters are {@code 0.weight},
 * {@code 2.bias}, as in PyTorch's {@code nn.Sequential}.
 */
public class Sequential extends Module {

    private int count;

    /**
     * @param modules the modules, in order; each must take a single tensor ({@link Module#forward(Tensor)})
     */
    public Sequential(Module... modules) {
        for (Module m : modules) {
            add(m);
        }
    }

    /**
     * @param modules the modules, in order
     */
    public Sequential(List<? extends Module> modules) {
        this(modules.toArray(new Module[0]));
    }

    /**
     * Appends a module under the next index.
     *
     * @param module the module
     * @return this
     */
    public Sequential add(Module module) {
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

    /**
     * Runs the modules in order.
     *
     * @param x the input of the first module
     * @return the output of the last module ({@code x} itself if empty)
     */
    @Override
    public Tensor forward(Tensor x) {
        Tensor y = x;
        for (Module m : children()) {
            y = m.forward(y);
        }
        return y;
    }
}
