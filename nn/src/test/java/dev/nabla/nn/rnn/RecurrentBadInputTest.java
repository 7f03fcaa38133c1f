package dev.nabla.nn.rnn;

import dev.nabla.core.Rng;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Checks;
import org.junit.jupiter.api.Test;

/**
 * Wrong shapes to the sequence layers: an IllegalArgumentException naming the layer (with its
 * configuration), the expected shape and the shape it got. Wrong configurations fail at
 * construction.
 */
class RecurrentBadInputTest {

    private static final Rng RNG = new Rng(1);

    @Test
    void wrongRankOrInputSize() {
        Lstm lstm = new Lstm(RecurrentConfig.of(4, 3).withNumLayers(2), RNG);
        Checks.throwsWith(() -> lstm.forward(Tensor.zeros(5, 4)), "Lstm(4, 3, num_layers=2)",
                "input must be (T, N, 4)", "got [5, 4]");
        Checks.throwsWith(() -> lstm.forward(Tensor.zeros(5, 2, 3)), "Lstm(4, 3, num_layers=2)", "(T, N, 4)",
                "got [5, 2, 3]");
        Checks.throwsWith(() -> lstm.forward(Tensor.zeros(0, 2, 4)), "Lstm(", "T, N >= 1", "got [0, 2, 4]");
        Gru gru = new Gru(RecurrentConfig.of(4, 3).withBatchFirst(true), RNG);
        Checks.throwsWith(() -> gru.forward(Tensor.zeros(2, 5, 1, 4)), "Gru(4, 3, batch_first=true)",
                "input must be (N, T, 4)", "got [2, 5, 1, 4]");
        Rnn rnn = new Rnn(4, 3, RNG);
        Checks.throwsWith(() -> rnn.forward(null, null), "Rnn(4, 3)", "(T, N, 4)", "got null");
    }

    @Test
    void wrongInitialStateShape() {
        RecurrentConfig cfg = RecurrentConfig.of(4, 3).withNumLayers(2).withBidirectional(true);
        Gru gru = new Gru(cfg, RNG);
        Tensor x = Tensor.zeros(5, 2, 4);
        Checks.throwsWith(() -> gru.forward(x, Tensor.zeros(2, 2, 3)), "Gru(4, 3, num_layers=2, bidirectional=true)",
                "h0 must be (layers * directions, N, H) = (4, 2, 3)", "got [2, 2, 3]");
        Checks.throwsWith(() -> gru.forward(x, Tensor.zeros(4, 1, 3)), "Gru(", "(4, 2, 3)", "got [4, 1, 3]");
        Checks.throwsWith(() -> gru.forward(x, Tensor.zeros(2, 3)), "Gru(", "h0 must be", "got [2, 3]");
        Lstm lstm = new Lstm(cfg, RNG);
        Checks.throwsWith(() -> lstm.forward(x, new LstmState(Tensor.zeros(4, 2, 2), Tensor.zeros(4, 2, 2))),
                "Lstm(", "h0 must be (layers * directions, N, H) = (4, 2, 3)", "got [4, 2, 2]");
        Rnn rnn = new Rnn(cfg, RnnCell.Nonlinearity.TANH, RNG);
        Checks.throwsWith(() -> rnn.forward(x, Tensor.zeros(4, 2, 4)), "Rnn(", "h0 must be", "got [4, 2, 4]");
    }

    @Test
    void wrongConfigurationOrAccessor() {
        Checks.throwsWith(() -> RecurrentConfig.of(0, 3), "RecurrentConfig", "inputSize, hiddenSize and numLayers");
        Checks.throwsWith(() -> RecurrentConfig.of(2, 3).withNumLayers(0), "RecurrentConfig", "numLayers >= 1");
        Checks.throwsWith(() -> RecurrentConfig.of(2, 3).withDropout(1f), "RecurrentConfig", "dropout in [0, 1)");
        Checks.throwsWith(() -> new Lstm(null, RNG), "Lstm", "config");
        Checks.throwsWith(() -> new Rnn(RecurrentConfig.of(2, 3), null, RNG), "Rnn", "nonlinearity");
        Lstm lstm = new Lstm(2, 3, RNG);
        Checks.throwsWith(() -> lstm.weightIh(1, false), "Lstm(2, 3)", "no layer 1", "[0, 1)");
        Checks.throwsWith(() -> lstm.weightHh(0, true), "Lstm(2, 3)", "in reverse", "forward direction");
    }
}
