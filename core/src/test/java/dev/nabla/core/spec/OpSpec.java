package dev.nabla.core.spec;

import dev.nabla.core.Tensor;
import java.util.function.Function;

/**
 * One row of the op-spec table: an op applied to concrete inputs, an independent reference
 * for its forward values, and which checks apply.
 *
 * @param name the op's method name, optionally followed by "/" and a variant
 *     ({@code "sum/axes-keepdim"}); the part before "/" must be a public method of an op family
 * @param inputs the input tensors (leaves; the checks copy them and mark the copies)
 * @param op the op under test, applied to the inputs
 * @param shape the expected output shape
 * @param reference the expected output values in row-major order, computed independently
 *     from {@code inputs} (plain loops and {@code Math} in double, never the op under test)
 * @param gradient whether to run the first-order gradient check (false only for ops that
 *     carry no gradient, such as comparisons)
 * @param secondOrder whether to run the second-order check (true for every smooth op)
 */
public record OpSpec(String name, Tensor[] inputs, Function<Tensor[], Tensor> op, int[] shape,
                     Function<Tensor[], double[]> reference, boolean gradient, boolean secondOrder) {

    /** @return the method name: {@link #name()} up to the first "/" */
    public String method() {
        int slash = name.indexOf('/');
        return slash < 0 ? name : name.substring(0, slash);
    }

    /** A row with both gradient checks. */
    public static OpSpec smooth(String name, Tensor[] inputs, Function<Tensor[], Tensor> op, int[] shape,
                                Function<Tensor[], double[]> reference) {
        return new OpSpec(name, inputs, op, shape, reference, true, true);
    }

    /** A row with a first-order gradient check only (ops with kinks: second derivative 0 a.e.). */
    public static OpSpec firstOrder(String name, Tensor[] inputs, Function<Tensor[], Tensor> op, int[] shape,
                                    Function<Tensor[], double[]> reference) {
        return new OpSpec(name, inputs, op, shape, reference, true, false);
    }

    /** A row for an op without gradient (masks, one-hot): forward check only. */
    public static OpSpec noGradient(String name, Tensor[] inputs, Function<Tensor[], Tensor> op, int[] shape,
                                    Function<Tensor[], double[]> reference) {
        return new OpSpec(name, inputs, op, shape, reference, false, false);
    }

    @Override
    public String toString() {
        return name;
    }
}
