package dev.nabla.optim;

import static dev.nabla.optim.Fixtures.GRADS;
import static dev.nabla.optim.Fixtures.W0;
import static dev.nabla.optim.Fixtures.assertClose;
import static dev.nabla.optim.Fixtures.feedGrad;
import static dev.nabla.optim.Fixtures.param;
import static dev.nabla.optim.Fixtures.toDouble;

import dev.nabla.core.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Five steps of each optimizer from given parameters with given gradients, against the update
 * rule written out here in double precision, step by step.
 */
class UpdateRuleTest {

    private static final double REL = 2e-5;
    private static final double ABS = 1e-6;

    /** Runs five steps, checking the parameter after each against {@code reference}. */
    private static void check(Function<List<Tensor>, Optimizer<?>> make, Reference reference, String what) {
        Tensor p = param(W0);
        Optimizer<?> opt = make.apply(List.of(p));
        double[] w = toDouble(W0);
        for (int t = 1; t <= GRADS.length; t++) {
            feedGrad(p, GRADS[t - 1]);
            opt.step();
            reference.step(w, toDouble(GRADS[t - 1]), t);
            assertClose(w, p.toArray(), REL, ABS, what + " after step " + t);
        }
    }

    /** One step of a reference rule, in double, updating {@code w} (and its own state) in place. */
    private interface Reference {
        void step(double[] w, double[] g, int t);
    }

    private static Reference sgd(double lr, double mu, double tau, boolean nesterov, double lambda) {
        double[] b = new double[W0.length];
        return (w, g, t) -> {
            for (int i = 0; i < w.length; i++) {
                double d = g[i] + lambda * w[i];
                if (mu != 0) {
                    b[i] = t == 1 ? d : mu * b[i] + (1 - tau) * d;
                    d = nesterov ? d + mu * b[i] : b[i];
                }
                w[i] -= lr * d;
            }
        };
    }

    @Test
    void sgdPlain() {
        check(ps -> new Sgd(ps, Sgd.Options.of(0.1)), sgd(0.1, 0, 0, false, 0), "SGD");
    }

    @Test
    void sgdMomentumDampeningWeightDecay() {
        Sgd.Options o = new Sgd.Options(0.05, 0.9, 0.3, false, 0.01);
        check(ps -> new Sgd(ps, o), sgd(0.05, 0.9, 0.3, false, 0.01), "SGD momentum");
    }

    @Test
    void sgdNesterov() {
        Sgd.Options o = Sgd.Options.of(0.05).withMomentum(0.8).withNesterov(true).withWeightDecay(0.1);
        check(ps -> new Sgd(ps, o), sgd(0.05, 0.8, 0, true, 0.1), "SGD Nesterov");
    }

    private static Reference adaGrad(double lr, double lrDecay, double lambda, double init, double eps) {
        double[] s = new double[W0.length];
        java.util.Arrays.fill(s, init);
        return (w, g, t) -> {
            double rate = lr / (1 + (t - 1) * lrDecay);
            for (int i = 0; i < w.length; i++) {
                double d = g[i] + lambda * w[i];
                s[i] += d * d;
                w[i] -= rate * d / (Math.sqrt(s[i]) + eps);
            }
        };
    }

    @Test
    void adaGradDefaults() {
        check(ps -> new AdaGrad(ps, AdaGrad.Options.defaults()), adaGrad(0.01, 0, 0, 0, 1e-10), "AdaGrad");
    }

    @Test
    void adaGradWithDecaysAndAccumulator() {
        AdaGrad.Options o = new AdaGrad.Options(0.1, 0.5, 0.05, 0.2, 1e-6);
        check(ps -> new AdaGrad(ps, o), adaGrad(0.1, 0.5, 0.05, 0.2, 1e-6), "AdaGrad decays");
    }

    private static Reference rmsProp(double lr, double alpha, double eps, double lambda, double mu, boolean centred) {
        double[] v = new double[W0.length];
        double[] m = new double[W0.length];
        double[] b = new double[W0.length];
        return (w, g, t) -> {
            for (int i = 0; i < w.length; i++) {
                double d = g[i] + lambda * w[i];
                v[i] = alpha * v[i] + (1 - alpha) * d * d;
                m[i] = alpha * m[i] + (1 - alpha) * d;
                double r = Math.sqrt(centred ? v[i] - m[i] * m[i] : v[i]) + eps;
                if (mu > 0) {
                    b[i] = mu * b[i] + d / r;
                    w[i] -= lr * b[i];
                } else {
                    w[i] -= lr * d / r;
                }
            }
        };
    }

    @Test
    void rmsPropDefaults() {
        check(ps -> new RmsProp(ps, RmsProp.Options.defaults()), rmsProp(0.01, 0.99, 1e-8, 0, 0, false), "RMSProp");
    }

    @Test
    void rmsPropCentredWithMomentumAndWeightDecay() {
        RmsProp.Options o = new RmsProp.Options(0.01, 0.9, 1e-6, 0.02, 0.5, true);
        check(ps -> new RmsProp(ps, o), rmsProp(0.01, 0.9, 1e-6, 0.02, 0.5, true), "RMSProp centred");
    }

    /** Adam and AdamW written as in the paper: bias-corrected moments, then the step. */
    private static Reference adam(double lr, double b1, double b2, double eps, double l2, double decoupled,
                                  boolean amsgrad) {
        double[] m = new double[W0.length];
        double[] v = new double[W0.length];
        double[] vmax = new double[W0.length];
        return (w, g, t) -> {
            for (int i = 0; i < w.length; i++) {
                w[i] *= 1 - lr * decoupled;
                double d = g[i] + l2 * w[i];
                m[i] = b1 * m[i] + (1 - b1) * d;
                v[i] = b2 * v[i] + (1 - b2) * d * d;
                vmax[i] = Math.max(vmax[i], v[i]);
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double vHat = (amsgrad ? vmax[i] : v[i]) / (1 - Math.pow(b2, t));
                w[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
            }
        };
    }

    @Test
    void adamDefaults() {
        check(ps -> new Adam(ps, Adam.Options.defaults()), adam(1e-3, 0.9, 0.999, 1e-8, 0, 0, false), "Adam");
    }

    @Test
    void adamWithL2AndAmsgrad() {
        Adam.Options o = new Adam.Options(0.1, 0.8, 0.9, 1e-6, 0.1, true);
        check(ps -> new Adam(ps, o), adam(0.1, 0.8, 0.9, 1e-6, 0.1, 0, true), "Adam L2 AMSGrad");
    }

    @Test
    void adamWDefaults() {
        check(ps -> new AdamW(ps, AdamW.defaults()), adam(1e-3, 0.9, 0.999, 1e-8, 0, 0.01, false), "AdamW");
    }

    @Test
    void adamWStrongDecayAndAmsgrad() {
        Adam.Options o = new Adam.Options(0.1, 0.5, 0.99, 1e-8, 0.5, true);
        check(ps -> new AdamW(ps, o), adam(0.1, 0.5, 0.99, 1e-8, 0, 0.5, true), "AdamW AMSGrad");
    }

    @Test
    void eachGroupUsesItsOwnLearningRateAndHyperParameters() {
        Tensor a = param(W0);
        Tensor b = param(W0);
        Tensor c = param(W0);
        Sgd sgd = new Sgd(List.of(
                new ParamGroup<>(List.of(a), Sgd.Options.of(0.05).withMomentum(0.8).withNesterov(true)),
                new ParamGroup<>(List.of(b, c), new Sgd.Options(0.2, 0.5, 0.3, false, 0.1))));
        Reference[] sgdRefs = {sgd(0.05, 0.8, 0, true, 0), sgd(0.2, 0.5, 0.3, false, 0.1), sgd(0.2, 0.5, 0.3, false, 0.1)};
        checkGroups(sgd, List.of(a, b, c), sgdRefs, "SGD groups");

        Tensor d = param(W0);
        Tensor e = param(W0);
        Adam adam = new Adam(List.of(new ParamGroup<>(List.of(d), new Adam.Options(0.1, 0.8, 0.9, 1e-6, 0.1, true)),
                new ParamGroup<>(List.of(e), Adam.Options.defaults())));
        Reference[] adamRefs = {adam(0.1, 0.8, 0.9, 1e-6, 0.1, 0, true), adam(1e-3, 0.9, 0.999, 1e-8, 0, 0, false)};
        checkGroups(adam, List.of(d, e), adamRefs, "Adam groups");
    }

    /** Five steps feeding every parameter the same gradients; parameter i follows {@code refs[i]}. */
    private static void checkGroups(Optimizer<?> opt, List<Tensor> ps, Reference[] refs, String what) {
        double[][] w = new double[ps.size()][];
        for (int i = 0; i < w.length; i++) {
            w[i] = toDouble(W0);
        }
        for (int t = 1; t <= GRADS.length; t++) {
            for (Tensor p : ps) {
                feedGrad(p, GRADS[t - 1]);
            }
            opt.step();
            for (int i = 0; i < w.length; i++) {
                refs[i].step(w[i], toDouble(GRADS[t - 1]), t);
                assertClose(w[i], ps.get(i).toArray(), REL, ABS, what + ": parameter " + i + " after step " + t);
            }
        }
    }
}
