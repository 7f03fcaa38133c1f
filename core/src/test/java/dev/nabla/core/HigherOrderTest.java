package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Losses that contain gradients (a WGAN-GP penalty, exact score matching): their weight
 * gradients need second-order autograd, and are checked against finite differences.
 */
class HigherOrderTest {

    private static final Tensor X = Tensor.of(new float[] {0.3f, -0.8f, 1.1f, 0.5f, -0.2f, 0.9f}, 3, 2);

    /** A two-layer tanh network R^2 -> R^out on a batch (N, 2): tanh(x W1^T + b1) W2^T. */
    private static Tensor net(Tensor x, Tensor w1, Tensor b1, Tensor w2) {
        Tensor hidden = LinearAlgebra.matmul(x, false, w1, true).add(b1).tanh();
        return LinearAlgebra.matmul(hidden, false, w2, true);
    }

    private static Tensor[] weights(int out) {
        Rng rng = new Rng(7);
        return new Tensor[] {Tensor.randn(rng, 4, 2).mul(0.8f), Tensor.randn(rng, 4).mul(0.3f),
            Tensor.randn(rng, out, 4).mul(0.8f)};
    }

    /** mean over the batch of (||dD/dx|| - 1)^2 for the critic D = net(x) with one output. */
    private static Tensor gradientPenalty(Tensor[] w) {
        try (var scope = Autograd.enableGrad()) {
            Tensor x = X.detach().requiresGrad(true);
            Tensor d = net(x, w[0], w[1], w[2]);
            Tensor dx = Autograd.grad(List.of(d.sum()), List.of(x), null, true, true, false).get(0);
            Tensor norm = dx.square().sum(new int[] {1}, false).sqrt();
            return norm.sub(1f).square().mean();
        }
    }

    @Test
    void wganGpPenaltyWeightGradientMatchesFiniteDifferences() {
        GradCheck.gradient(HigherOrderTest::gradientPenalty, weights(1)).orThrow();
    }

    /** Exact score matching: mean over the batch of 0.5 ||s(x)||^2 + trace(ds/dx), s: R^2 -> R^2. */
    private static Tensor scoreMatching(Tensor x0, Tensor[] w) {
        try (var scope = Autograd.enableGrad()) {
            Tensor x = x0.detach().requiresGrad(true);
            Tensor s = net(x, w[0], w[1], w[2]);
            Tensor trace = Tensor.scalar(0f);
            for (int i = 0; i < 2; i++) {
                Tensor si = s.matmul(Tensor.of(i == 0 ? new float[] {1, 0} : new float[] {0, 1})).sum();
                Tensor dsi = Autograd.grad(List.of(si), List.of(x), null, true, true, false).get(0);
                trace = trace.add(dsi.matmul(Tensor.of(i == 0 ? new float[] {1, 0} : new float[] {0, 1})).sum());
            }
            int n = x0.size(0);
            return s.square().sum().mul(0.5f).add(trace).div(n);
        }
    }

    @Test
    void exactScoreMatchingLossHasTheClosedFormForALinearScore() {
        // s(x) = A x + c: trace(ds/dx) = trace(A) for every sample.
        float[] a = {0.5f, -1.5f, 2.0f, 0.25f};
        float[] c = {0.1f, -0.3f};
        Tensor x = X.detach().requiresGrad(true);
        Tensor s = LinearAlgebra.matmul(x, false, Tensor.of(a, 2, 2), true).add(Tensor.of(c));
        Tensor trace = Tensor.scalar(0f);
        for (int i = 0; i < 2; i++) {
            Tensor e = Tensor.of(i == 0 ? new float[] {1, 0} : new float[] {0, 1});
            Tensor dsi = Autograd.grad(List.of(s.matmul(e).sum()), List.of(x), null, true, true, false).get(0);
            trace = trace.add(dsi.matmul(e).sum());
        }
        float[] xv = X.toArray();
        double expected = 0;
        for (int b = 0; b < 3; b++) {
            for (int i = 0; i < 2; i++) {
                double si = a[2 * i] * xv[2 * b] + a[2 * i + 1] * xv[2 * b + 1] + c[i];
                expected += 0.5 * si * si;
            }
            expected += a[0] + a[3];
        }
        Tensor loss = s.square().sum().mul(0.5f).add(trace);
        assertEquals(expected, loss.item(), 1e-5);
    }

    @Test
    void exactScoreMatchingWeightGradientMatchesFiniteDifferences() {
        GradCheck.gradient(w -> scoreMatching(X, w), weights(2)).orThrow();
    }
}
