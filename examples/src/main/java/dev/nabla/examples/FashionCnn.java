package dev.nabla.examples;

import dev.nabla.core.Rng;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.Conv2d;
import dev.nabla.nn.layers.Dropout;
import dev.nabla.nn.layers.Flatten;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.MaxPool2d;
import dev.nabla.nn.layers.Relu;

/**
 * A convolutional network with two convolution + pooling stages classifies Fashion-MNIST:
 * {@code conv 3x3 1->32, ReLU, max-pool 2, conv 3x3 32->64, ReLU, max-pool 2, linear 3136->128,
 * ReLU, dropout 0.3, linear 128->10}, trained with Adam. The dataset's benchmark table gives
 * 91.6% test accuracy for two convolution + pooling layers.
 */
final class FashionCnn extends FashionExample {

    @Override
    public String name() {
        return "fashion-cnn";
    }

    @Override
    public String description() {
        return "a two-layer CNN learns Fashion-MNIST (about 8 minutes; needs dataset-fashion-mnist)";
    }

    @Override
    Defaults defaults() {
        return new Defaults(15, 64, 1e-3, 2, 2000, 500, 8);
    }

    @Override
    Module model(Rng rng) {
        return network(rng);
    }

    /**
     * @param rng the generator of the initial weights and the dropout masks
     * @return the network, mapping (N, 1, 28, 28) images to (N, 10) logits
     */
    static Sequential network(Rng rng) {
        return new Sequential(
                new Conv2d(1, 32, 3, 1, 1, rng), new Relu(), new MaxPool2d(2),
                new Conv2d(32, 64, 3, 1, 1, rng), new Relu(), new MaxPool2d(2),
                new Flatten(), new Linear(64 * 7 * 7, 128, rng), new Relu(), new Dropout(0.3f, rng.split()),
                new Linear(128, 10, rng));
    }

    @Override
    int patience() {
        return 4;
    }
}
