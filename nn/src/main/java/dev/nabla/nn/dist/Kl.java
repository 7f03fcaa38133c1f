package dev.nabla.nn.dist;

import dev.nabla.core.Arithmetic;
import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;

/**
 * Closed-form Kullback-Leibler divergences {@code KL(p || q) = E_p[log p(x) - log q(x)]},
 * in nats, for the pairs that have one, as {@code torch.distributions.kl_divergence}.
 */
public final class Kl {

    private Kl() {
    }

    /**
     * {@code KL(p || q)} per distribution of the (broadcast) batch:
     * <ul>
     *   <li>Normal: {@code log(s_q / s_p) + (s_p^2 + (m_p - m_q)^2) / (2 s_q^2) - 1/2};</li>
     *   <li>Bernoulli: {@code p log(p / q) + (1 - p) log((1 - p) / (1 - q))}, from logits;</li>
     *   <li>Categorical and OneHotCategorical: {@code sum_k p_k log(p_k / q_k)}, 0 terms where
     *       {@code p_k = 0}, {@code +inf} where {@code q_k = 0 < p_k};</li>
     *   <li>Uniform: {@code log((h_q - l_q) / (h_p - l_p))} if {@code [l_p, h_p]} lies inside
     *       {@code [l_q, h_q]}, else {@code +inf};</li>
     *   <li>Uniform against Normal: {@code log(sqrt(2 pi) s / (h - l)) + ((h - l)^2 / 12 +
     *       ((h + l) / 2 - m)^2) / (2 s^2)} (minus the uniform's entropy, plus the expected
     *       Gaussian negative log-density under the uniform);</li>
     *   <li>Normal against Uniform: {@code +inf} (the normal puts mass outside any bounded interval).</li>
     * </ul>
     *
     * @param p the distribution the expectation is under
     * @param q the reference distribution, of the same type
     * @return the divergences, differentiable in both distributions' parameters
     * @throws UnsupportedOperationException for a pair without a closed form here
     * @throws IllegalArgumentException if the batch shapes (or class counts) do not match
     */
    public static Tensor divergence(Distribution p, Distribution q) {
        if (p instanceof Normal a && q instanceof Normal b) {
            return normal(a, b);
        }
        if (p instanceof Bernoulli a && q instanceof Bernoulli b) {
            return bernoulli(a, b);
        }
        if (p instanceof Categorical a && q instanceof Categorical b) {
            return a.klTo(b);
        }
        if (p instanceof OneHotCategorical a && q instanceof OneHotCategorical b) {
            return a.categorical().klTo(b.categorical());
        }
        if (p instanceof Uniform a && q instanceof Uniform b) {
            return uniform(a, b);
        }
        if (p instanceof Uniform a && q instanceof Normal b) {
            return uniformNormal(a, b);
        }
        if (p instanceof Normal a && q instanceof Uniform b) {
            return Tensor.full(Float.POSITIVE_INFINITY, checkBatch(a, b).toArray());
        }
        throw new UnsupportedOperationException("Kl.divergence: no closed form for (" + name(p) + ", " + name(q)
                + "); available: Normal-Normal, Bernoulli-Bernoulli, Categorical-Categorical, "
                + "OneHotCategorical-OneHotCategorical, Uniform-Uniform, Uniform-Normal, Normal-Uniform");
    }

    private static String name(Distribution d) {
        return d == null ? "null" : d.getClass().getSimpleName();
    }

    /** @return the broadcast of the two batch shapes, or an error naming both */
    private static Shape checkBatch(Distribution p, Distribution q) {
        return Support.broadcast("Kl.divergence", "p's batch", p.batchShape(), "q's batch", q.batchShape());
    }

    /** (r + t - 1 - log r) / 2 with r = (s_p / s_q)^2 and t = ((m_p - m_q) / s_q)^2. */
    private static Tensor normal(Normal p, Normal q) {
        checkBatch(p, q);
        Tensor ratio = p.scale().div(q.scale()).square();
        Tensor t = p.loc().sub(q.loc()).div(q.scale()).square();
        return ratio.add(t).sub(1f).sub(ratio.log()).mul(0.5f);
    }

    /**
     * p (log p - log q) + (1 - p)(log(1 - p) - log(1 - q)), with log p = -softplus(-l),
     * log(1 - p) = -softplus(l); +inf where q puts no mass on an outcome p can take.
     */
    private static Tensor bernoulli(Bernoulli p, Bernoulli q) {
        checkBatch(p, q);
        Tensor lp = p.logits();
        Tensor lq = q.logits();
        Tensor positive = lq.neg().softplus().sub(lp.neg().softplus());
        Tensor negative = lq.softplus().sub(lp.softplus());
        // As PyTorch: a term whose weight p (or 1 - p) is 0 contributes 0; a term whose q (or
        // 1 - q) is 0 while its weight is not contributes +inf. The clamped logits alone would
        // give large finite values there instead.
        Tensor pp = p.probs();
        Tensor qp = q.probs();
        Tensor zero = Tensor.scalar(0f);
        Tensor inf = Tensor.scalar(Float.POSITIVE_INFINITY);
        Tensor ones = pp.mul(positive);
        Tensor zeros = pp.neg().add(1f).mul(negative);
        ones = Arithmetic.where(pp.eq(zero), zero, Arithmetic.where(qp.eq(zero), inf, ones));
        Tensor one = Tensor.scalar(1f);
        zeros = Arithmetic.where(pp.eq(one), zero, Arithmetic.where(qp.eq(one), inf, zeros));
        return ones.add(zeros);
    }

    /** log((h_q - l_q) / (h_p - l_p)), or +inf where p's support is not inside q's. */
    private static Tensor uniform(Uniform p, Uniform q) {
        checkBatch(p, q);
        Tensor outside = q.low().gt(p.low()).add(q.high().lt(p.high())).gt(0f);
        Tensor value = q.high().sub(q.low()).div(p.high().sub(p.low())).log();
        return Arithmetic.where(outside, Tensor.scalar(Float.POSITIVE_INFINITY), value);
    }

    /**
     * KL(U(l, h) || N(m, s^2)) = -log(h - l) + log(sqrt(2 pi) s) + E[(x - m)^2] / (2 s^2), with
     * {@code E[(x - m)^2] = (h - l)^2 / 12 + ((h + l) / 2 - m)^2} under the uniform.
     */
    private static Tensor uniformNormal(Uniform p, Normal q) {
        checkBatch(p, q);
        Tensor width = p.high().sub(p.low());
        Tensor centre = p.high().add(p.low()).mul(0.5f);
        Tensor second = width.square().div(12f).add(centre.sub(q.loc()).square());
        Tensor logRatio = q.scale().div(width).log().add(Support.HALF_LOG_TWO_PI);
        return logRatio.add(second.div(q.scale().square().mul(2f)));
    }
}
