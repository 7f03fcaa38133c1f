package dev.nabla.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state an optimizer keeps for one parameter: how many updates it has had and its named
 * buffers (moment estimates, momentum), each a flat array of the parameter's size.
 */
final class ParamState {

    /** Updates applied to the parameter so far, this one included while an update runs. */
    long step;
    /** Buffers by PyTorch name, in the optimizer's order; arrays of the parameter's size. */
    final Map<String, float[]> buffers = new LinkedHashMap<>();

    /**
     * @param name a buffer name the optimizer declared
     * @return the buffer, modified in place by the update rule
     */
    float[] buffer(String name) {
        return buffers.get(name);
    }

}
