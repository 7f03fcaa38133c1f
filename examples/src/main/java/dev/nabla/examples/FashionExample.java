package dev.nabla.examples;

import dev.nabla.data.FashionMnist;
import dev.nabla.data.TrainTest;
import java.nio.file.Path;

/**
 * A classifier example on Fashion-MNIST, read from {@link FashionMnist#DEFAULT_DIR} (where
 * Debian's {@code dataset-fashion-mnist} package puts it) or from the folder given with
 * {@code --data}.
 */
abstract class FashionExample extends ClassifierExample {

    @Override
    Path defaultDataDir() {
        return FashionMnist.DEFAULT_DIR;
    }

    @Override
    TrainTest data(Path dataDir) {
        return dataDir == null ? FashionMnist.load() : FashionMnist.load(dataDir);
    }
}
