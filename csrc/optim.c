/* optim.c — the parameter updates of every optimizer, each one loop over the flat parameter,
 * gradient and moment blocks (which share one layout), with the formulas of nn.h's nn_optim.
 * It deliberately does not clip gradients, add L1/L2 penalties or pick the learning rate:
 * the model does those before calling here, so every optimizer sees the same gradient. */
#include <math.h>

#include "internal.h"

int optim_moments(nn_optim o) {
    switch (o) {
    case NN_OPT_MOMENTUM: case NN_OPT_NESTEROV:   /* v */
    case NN_OPT_ADAGRAD: case NN_OPT_RMSPROP:     /* s */
        return 1;
    case NN_OPT_ADAM: case NN_OPT_ADAMW:          /* m, v */
        return 2;
    default:
        return 0;
    }
}

/* v = mu*v + g; p -= lr*(a*g + b*v): Momentum is (a, b) = (0, 1), Nesterov's look-ahead
 * (Sutskever et al. 2013, in the form PyTorch uses) is (1, mu). */
static void momentum_step(float lr, float mu, float a, float b, float *p, const float *g,
                          float *v, size_t n) {
    for (size_t i = 0; i < n; i++) {
        v[i] = mu * v[i] + g[i];
        p[i] -= lr * (a * g[i] + b * v[i]);
    }
}

/* s = keep*s + add*g^2; p -= lr*g/(sqrt(s)+eps): AdaGrad sums, (keep, add) = (1, 1);
 * RMSprop averages, (rho, 1-rho). */
static void scaled_step(float lr, float keep, float add, float eps, float *p, const float *g,
                        float *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        s[i] = keep * s[i] + add * g[i] * g[i];
        p[i] -= lr * g[i] / (sqrtf(s[i]) + eps);
    }
}

/* Kingma & Ba 2015, Algorithm 1, plus AdamW's decoupled decay (Loshchilov & Hutter 2019):
 * p -= lr*(m_hat/(sqrt(v_hat)+eps) + wd*p), with p as it was before this step; Adam is
 * wd = 0. The bias corrections 1 - beta^t do not depend on i, so they are computed once. */
static void adam_step(const nn_spec *s, float lr, long t, float wd, float *p, const float *g,
                      float *m, float *v, size_t n) {
    float b1 = s->beta1, b2 = s->beta2, eps = s->eps;
    float c1 = (float)(1.0 - pow(b1, (double)t));
    float c2 = (float)(1.0 - pow(b2, (double)t));
    /* mhat/(sqrt(vhat)+eps) arranged as PyTorch does, (lr/c1)*m/(sqrt(v)/sqrt(c2)+eps): one
     * division and one sqrt per parameter instead of three divisions. */
    float step = lr / c1, root_c2 = sqrtf(c2);
    for (size_t i = 0; i < n; i++) {
        m[i] = b1 * m[i] + (1.f - b1) * g[i];
        v[i] = b2 * v[i] + (1.f - b2) * g[i] * g[i];
        p[i] -= step * m[i] / (sqrtf(v[i]) / root_c2 + eps) + lr * wd * p[i];
    }
}

void optim_step(const nn_spec *s, float lr, long t, float *p, const float *g, float *m1,
                float *m2, size_t n) {
    switch (s->optim) {
    case NN_OPT_MOMENTUM: momentum_step(lr, s->momentum, 0.f, 1.f, p, g, m1, n); break;
    case NN_OPT_NESTEROV: momentum_step(lr, s->momentum, 1.f, s->momentum, p, g, m1, n); break;
    case NN_OPT_ADAGRAD:  scaled_step(lr, 1.f, 1.f, s->eps, p, g, m1, n); break;
    case NN_OPT_RMSPROP:  scaled_step(lr, s->rho, 1.f - s->rho, s->eps, p, g, m1, n); break;
    case NN_OPT_ADAM:     adam_step(s, lr, t, 0.f, p, g, m1, m2, n); break;
    case NN_OPT_ADAMW:    adam_step(s, lr, t, s->weight_decay, p, g, m1, m2, n); break;
    default: /* NN_OPT_SGD; nn_spec_validate refuses anything else */
        for (size_t i = 0; i < n; i++) p[i] -= lr * g[i];
        break;
    }
}
