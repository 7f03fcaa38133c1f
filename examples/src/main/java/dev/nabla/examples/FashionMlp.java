package dev.nabla.examples;

import dev.nabla.core.Rng;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.Flatten;
import dev.nabla.nn.layers.Mlp;
import dev.nabla.nn.layers.Relu;

/**
 * A multilayer perceptron (784-256-128-10, ReLU, dropout 0.2) classifies Fashion-MNIST, trained
 * with Adam. The dataset's own benchmark table puts MLPs at about 87-88% test accuracy.
 */
final class FashionMlp extends FashionExample {

    @Override
    public String name() {
        return "fashion-mlp";
    }

    @Override
    public String description() {
        return "an MLP learns Fashion-MNIST (about a minute; needs dataset-fashion-mnist)";
    }

    @Override
    Defaults defaults() {
        return new Defaults(20, 128, 1e-3, 2, 3000, 1000, 1);
    }

    @Override
    Module model(Rng rng) {
        return new Sequential(new Flatten(), new Mlp(new int[] {784, 256, 128, 10}, Relu::new, 0.2f, rng));
    }

    @Override
    int patience() {
        return 5;
    }
}
