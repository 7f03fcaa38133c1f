package dev.nabla.core;

/**
 * The instance methods of {@link Tensor}: one-line delegates to the op families, kept apart
 * from the tensor's state so each file stays small. Every method returns a new tensor and
 * documents the op it delegates to.
 */
abstract sealed class TensorOps permits Tensor {

    abstract Tensor self();

    // ---------------------------------------------------------------- arithmetic

    /** @return {@code this + other} (broadcast); see {@link Arithmetic#add} */
    public Tensor add(Tensor other) {
        return Arithmetic.add(self(), other);
    }

    /** @return {@code this + c} */
    public Tensor add(float c) {
        return Arithmetic.add(self(), Tensor.scalar(c));
    }

    /** @return {@code this - other} (broadcast); see {@link Arithmetic#sub} */
    public Tensor sub(Tensor other) {
        return Arithmetic.sub(self(), other);
    }

    /** @return {@code this - c} */
    public Tensor sub(float c) {
        return Arithmetic.sub(self(), Tensor.scalar(c));
    }

    /** @return {@code this * other} (broadcast); see {@link Arithmetic#mul} */
    public Tensor mul(Tensor other) {
        return Arithmetic.mul(self(), other);
    }

    /** @return {@code this * c} */
    public Tensor mul(float c) {
        return Arithmetic.mul(self(), Tensor.scalar(c));
    }

    /** @return {@code this / other} (broadcast); see {@link Arithmetic#div} */
    public Tensor div(Tensor other) {
        return Arithmetic.div(self(), other);
    }

    /** @return {@code this / c} */
    public Tensor div(float c) {
        return Arithmetic.div(self(), Tensor.scalar(c));
    }

    /** @return {@code this ^ exponent} elementwise (broadcast); see {@link Arithmetic#pow(Tensor, Tensor)} */
    public Tensor pow(Tensor exponent) {
        return Arithmetic.pow(self(), exponent);
    }

    /** @return {@code this ^ p}; see {@link Arithmetic#pow(Tensor, float)} */
    public Tensor pow(float p) {
        return Arithmetic.pow(self(), p);
    }

    /** @return elementwise minimum (broadcast); see {@link Arithmetic#minimum} */
    public Tensor minimum(Tensor other) {
        return Arithmetic.minimum(self(), other);
    }

    /** @return elementwise maximum (broadcast); see {@link Arithmetic#maximum} */
    public Tensor maximum(Tensor other) {
        return Arithmetic.maximum(self(), other);
    }

    /** @return this clamped to {@code [min, max]}; see {@link Arithmetic#clamp} */
    public Tensor clamp(float min, float max) {
        return Arithmetic.clamp(self(), min, max);
    }

    /** @return mask of {@code this > other}; see {@link Arithmetic#gt} */
    public Tensor gt(Tensor other) {
        return Arithmetic.gt(self(), other);
    }

    /** @return mask of {@code this > c} */
    public Tensor gt(float c) {
        return Arithmetic.gt(self(), Tensor.scalar(c));
    }

    /** @return mask of {@code this < other}; see {@link Arithmetic#lt} */
    public Tensor lt(Tensor other) {
        return Arithmetic.lt(self(), other);
    }

    /** @return mask of {@code this < c} */
    public Tensor lt(float c) {
        return Arithmetic.lt(self(), Tensor.scalar(c));
    }

    /** @return mask of {@code this >= other}; see {@link Arithmetic#ge} */
    public Tensor ge(Tensor other) {
        return Arithmetic.ge(self(), other);
    }

    /** @return mask of {@code this <= other}; see {@link Arithmetic#le} */
    public Tensor le(Tensor other) {
        return Arithmetic.le(self(), other);
    }

    /** @return mask of {@code this == other}; see {@link Arithmetic#eq} */
    public Tensor eq(Tensor other) {
        return Arithmetic.eq(self(), other);
    }

    // ---------------------------------------------------------------- unary math

    /** @return {@code -this}; see {@link MathOps#neg} */
    public Tensor neg() {
        return MathOps.neg(self());
    }

    /** @return {@code e^this}; see {@link MathOps#exp} */
    public Tensor exp() {
        return MathOps.exp(self());
    }

    /** @return natural logarithm; see {@link MathOps#log} */
    public Tensor log() {
        return MathOps.log(self());
    }

    /** @return {@code ln(1 + this)}; see {@link MathOps#log1p} */
    public Tensor log1p() {
        return MathOps.log1p(self());
    }

    /** @return {@code e^this - 1}; see {@link MathOps#expm1} */
    public Tensor expm1() {
        return MathOps.expm1(self());
    }

    /** @return square root; see {@link MathOps#sqrt} */
    public Tensor sqrt() {
        return MathOps.sqrt(self());
    }

    /** @return reciprocal square root; see {@link MathOps#rsqrt} */
    public Tensor rsqrt() {
        return MathOps.rsqrt(self());
    }

    /** @return absolute value; see {@link MathOps#abs} */
    public Tensor abs() {
        return MathOps.abs(self());
    }

    /** @return sign in {-1, 0, 1}, no gradient; see {@link MathOps#sign} */
    public Tensor sign() {
        return MathOps.sign(self());
    }

    /** @return {@code this^2}; see {@link MathOps#square} */
    public Tensor square() {
        return MathOps.square(self());
    }

    /** @return {@code 1 / this}; see {@link MathOps#reciprocal} */
    public Tensor reciprocal() {
        return MathOps.reciprocal(self());
    }

    /** @return sine; see {@link MathOps#sin} */
    public Tensor sin() {
        return MathOps.sin(self());
    }

    /** @return cosine; see {@link MathOps#cos} */
    public Tensor cos() {
        return MathOps.cos(self());
    }

    /** @return the error function; see {@link MathOps#erf} */
    public Tensor erf() {
        return MathOps.erf(self());
    }

    /** @return a copy with its own storage, differentiable; see {@link MathOps#clone} */
    @Override
    public Tensor clone() {
        return MathOps.clone(self());
    }

    // ---------------------------------------------------------------- activations

    /** @return hyperbolic tangent; see {@link Activations#tanh} */
    public Tensor tanh() {
        return Activations.tanh(self());
    }

    /** @return logistic sigmoid; see {@link Activations#sigmoid} */
    public Tensor sigmoid() {
        return Activations.sigmoid(self());
    }

    /** @return {@code max(this, 0)}; see {@link Activations#relu} */
    public Tensor relu() {
        return Activations.relu(self());
    }

    /** @return {@code this} where positive, {@code slope * this} elsewhere; see {@link Activations#leakyRelu} */
    public Tensor leakyRelu(float slope) {
        return Activations.leakyRelu(self(), slope);
    }

    /** @return ELU with scale {@code alpha}; see {@link Activations#elu} */
    public Tensor elu(float alpha) {
        return Activations.elu(self(), alpha);
    }

    /** @return the exact GELU; see {@link Activations#gelu(Tensor)} */
    public Tensor gelu() {
        return Activations.gelu(self());
    }

    /** @return {@code this * sigmoid(this)}; see {@link Activations#silu} */
    public Tensor silu() {
        return Activations.silu(self());
    }

    /** @return {@code ln(1 + e^this)}; see {@link Activations#softplus} */
    public Tensor softplus() {
        return Activations.softplus(self());
    }

    // ---------------------------------------------------------------- reductions

    /** @return the sum of all elements, a scalar; see {@link Reductions#sum(Tensor)} */
    public Tensor sum() {
        return Reductions.sum(self());
    }

    /** @return the sum over {@code axes}; see {@link Reductions#sum(Tensor, int[], boolean)} */
    public Tensor sum(int[] axes, boolean keepDim) {
        return Reductions.sum(self(), axes, keepDim);
    }

    /** @return the sum over one axis, dropping it */
    public Tensor sum(int axis) {
        return Reductions.sum(self(), new int[] {axis}, false);
    }

    /** @return the mean of all elements, a scalar; see {@link Reductions#mean(Tensor)} */
    public Tensor mean() {
        return Reductions.mean(self());
    }

    /** @return the mean over {@code axes}; see {@link Reductions#mean(Tensor, int[], boolean)} */
    public Tensor mean(int[] axes, boolean keepDim) {
        return Reductions.mean(self(), axes, keepDim);
    }

    /** @return the mean over one axis, dropping it */
    public Tensor mean(int axis) {
        return Reductions.mean(self(), new int[] {axis}, false);
    }

    /** @return the unbiased variance (N - 1 in the divisor) of all elements, a scalar, as PyTorch's default */
    public Tensor var() {
        return Reductions.var(self(), new int[0], true, false);
    }

    /** @return the variance over {@code axes} (N - 1 in the divisor if unbiased) */
    public Tensor var(int[] axes, boolean unbiased, boolean keepDim) {
        return Reductions.var(self(), axes, unbiased, keepDim);
    }

    /** @return the unbiased standard deviation of all elements, a scalar, as PyTorch's default */
    public Tensor std() {
        return Reductions.std(self(), new int[0], true, false);
    }

    /** @return the standard deviation over {@code axes}; see {@link Reductions#std(Tensor, int[], boolean, boolean)} */
    public Tensor std(int[] axes, boolean unbiased, boolean keepDim) {
        return Reductions.std(self(), axes, unbiased, keepDim);
    }

    /** @return the largest element, a scalar; see {@link Reductions#max(Tensor)} */
    public Tensor max() {
        return Reductions.max(self());
    }

    /** @return the maxima over {@code axes}; see {@link Reductions#max(Tensor, int[], boolean)} */
    public Tensor max(int[] axes, boolean keepDim) {
        return Reductions.max(self(), axes, keepDim);
    }

    /** @return the smallest element, a scalar; see {@link Reductions#min(Tensor)} */
    public Tensor min() {
        return Reductions.min(self());
    }

    /** @return the minima over {@code axes}; see {@link Reductions#min(Tensor, int[], boolean)} */
    public Tensor min(int[] axes, boolean keepDim) {
        return Reductions.min(self(), axes, keepDim);
    }

    /** @return the positions of the maxima along {@code axis}, row-major; see {@link Reductions#argmax} */
    public int[] argmax(int axis) {
        return Reductions.argmax(self(), axis);
    }

    /** @return the L2 norm of all elements, a scalar; see {@link Reductions#norm(Tensor)} */
    public Tensor norm() {
        return Reductions.norm(self());
    }

    /** @return {@code ln sum e^x} over {@code axes}, computed stably; see {@link Softmax#logsumexp} */
    public Tensor logsumexp(int[] axes, boolean keepDim) {
        return Softmax.logsumexp(self(), axes, keepDim);
    }

    /** @return the softmax along {@code axis}; see {@link Softmax#softmax} */
    public Tensor softmax(int axis) {
        return Softmax.softmax(self(), axis);
    }

    /** @return the log-softmax along {@code axis}; see {@link Softmax#logSoftmax} */
    public Tensor logSoftmax(int axis) {
        return Softmax.logSoftmax(self(), axis);
    }

    // ---------------------------------------------------------------- shape

    /** @return this with a new shape (one size may be -1), sharing storage; see {@link ShapeOps#reshape} */
    public Tensor reshape(int... shape) {
        return ShapeOps.reshape(self(), shape);
    }

    /** @return the same as {@link #reshape}, PyTorch's other name for it */
    public Tensor view(int... shape) {
        return ShapeOps.reshape(self(), shape);
    }

    /** @return this broadcast (copied) to {@code shape}; see {@link ShapeOps#expand} */
    public Tensor expand(int... shape) {
        return ShapeOps.expand(self(), shape);
    }

    /** @return this broadcast (copied) to {@code shape}; see {@link ShapeOps#broadcastTo} */
    public Tensor broadcastTo(Shape shape) {
        return ShapeOps.broadcastTo(self(), shape);
    }

    /** @return this as one dimension, sharing storage; see {@link ShapeOps#flatten(Tensor)} */
    public Tensor flatten() {
        return ShapeOps.flatten(self());
    }

    /** @return this with dimensions {@code startDim..endDim} merged; see {@link ShapeOps#flatten(Tensor, int, int)} */
    public Tensor flatten(int startDim, int endDim) {
        return ShapeOps.flatten(self(), startDim, endDim);
    }

    /** @return this without the size-1 dimension {@code axis}; see {@link ShapeOps#squeeze(Tensor, int)} */
    public Tensor squeeze(int axis) {
        return ShapeOps.squeeze(self(), axis);
    }

    /** @return this with a new size-1 dimension at {@code axis}; see {@link ShapeOps#unsqueeze} */
    public Tensor unsqueeze(int axis) {
        return ShapeOps.unsqueeze(self(), axis);
    }

    /** @return this with two dimensions swapped (a copy); see {@link ShapeOps#transpose} */
    public Tensor transpose(int dim0, int dim1) {
        return ShapeOps.transpose(self(), dim0, dim1);
    }

    /** @return this with its dimensions reordered (a copy); see {@link ShapeOps#permute} */
    public Tensor permute(int... dims) {
        return ShapeOps.permute(self(), dims);
    }

    /** @return this reversed along {@code axes}; see {@link ShapeOps#flip} */
    public Tensor flip(int... axes) {
        return ShapeOps.flip(self(), axes);
    }

    /** @return this tiled along each dimension; see {@link ShapeOps#repeat} */
    public Tensor repeat(int... repeats) {
        return ShapeOps.repeat(self(), repeats);
    }

    /** @return elements {@code start .. start + length - 1} along {@code axis}; see {@link Joining#narrow} */
    public Tensor narrow(int axis, int start, int length) {
        return Joining.narrow(self(), axis, start, length);
    }

    /** @return {@code this[start:end:step]} along {@code axis}, Python's rules; see {@link Joining#slice} */
    public Tensor slice(int axis, int start, int end, int step) {
        return Joining.slice(self(), axis, start, end, step);
    }

    // ---------------------------------------------------------------- convolution and pooling

    /** @return the 2-D convolution of this (N, C, H, W) with {@code weight}; see {@link Convolution#conv2d(Tensor, Tensor, Tensor, int, int)} */
    public Tensor conv2d(Tensor weight, Tensor bias, int stride, int padding) {
        return Convolution.conv2d(self(), weight, bias, stride, padding);
    }

    /** @return max pooling of this (N, C, H, W) with a square kernel and stride {@code kernel}; see {@link Pooling#maxPool2d(Tensor, int)} */
    public Tensor maxPool2d(int kernel) {
        return Pooling.maxPool2d(self(), kernel);
    }

    /** @return average pooling of this (N, C, H, W) with a square kernel and stride {@code kernel}; see {@link Pooling#avgPool2d(Tensor, int)} */
    public Tensor avgPool2d(int kernel) {
        return Pooling.avgPool2d(self(), kernel);
    }

    // ---------------------------------------------------------------- indexing

    /** @return the entries {@code index} along {@code axis}; see {@link Indexing#indexSelect} */
    public Tensor indexSelect(int axis, int[] index) {
        return Indexing.indexSelect(self(), axis, index);
    }

    /** @return per-element picks along {@code axis}; see {@link Indexing#gather} */
    public Tensor gather(int axis, int[] index, int... indexShape) {
        return Indexing.gather(self(), axis, index, indexShape);
    }

    /** @return this with {@code value} where {@code mask} is non-zero; see {@link Indexing#maskedFill} */
    public Tensor maskedFill(Tensor mask, float value) {
        return Indexing.maskedFill(self(), mask, value);
    }

    // ---------------------------------------------------------------- linear algebra

    /** @return the matrix product; see {@link LinearAlgebra#matmul(Tensor, Tensor)} */
    public Tensor matmul(Tensor other) {
        return LinearAlgebra.matmul(self(), other);
    }
}
