/* test_optim.c — two steps of every optimizer on a 3-parameter problem against values worked
 * out by hand (the arithmetic is in the comments, to be checked with a calculator).
 *
 * The problem for every optimizer: p0 = (1, -2, 0.5), first gradient g1 = (0.5, -1, 2), second
 * gradient g2 = (1, 0, -1); the second step is where the moments' state shows. The tolerance
 * 1e-6 is absolute for |p| <= 1 and relative above: a few float32 roundings of values near 1
 * (~6e-8 each). eps = 1e-8 shifts every expected value by less than 1e-7, so the hand values
 * leave it out. */
#include "internal.h"
#include "t.h"

static const float P0[3] = {1.f, -2.f, .5f}, G1[3] = {.5f, -1.f, 2.f}, G2[3] = {1.f, 0.f, -1.f};

/* A spec with only the optimizer's own fields set; the rest of the spec is not read here. */
static nn_spec spec_for(nn_optim o) {
    nn_spec s = {0};
    s.optim = o;
    s.momentum = .9f;
    s.beta1 = .9f;
    s.beta2 = .999f;
    s.eps = 1e-8f;
    s.rho = .9f;
    s.weight_decay = .1f;
    return s;
}

/* Runs steps t = 1, 2 with g1, g2 from p0 and zeroed moments; compares p after each. */
static void check_two_steps(nn_optim o, float lr, const float want1[3], const float want2[3]) {
    nn_spec s = spec_for(o);
    float p[3], m1[3] = {0}, m2[3] = {0};
    memcpy(p, P0, sizeof p);
    const float *g[2] = {G1, G2}, *want[2] = {want1, want2};
    for (int t = 1; t <= 2; t++) {
        optim_step(&s, lr, t, p, g[t - 1], optim_moments(o) >= 1 ? m1 : NULL,
                   optim_moments(o) >= 2 ? m2 : NULL, 3);
        for (int i = 0; i < 3; i++)
            t_ok(fabs(p[i] - want[t - 1][i]) <= 1e-6 * fmax(1.0, fabs(want[t - 1][i])),
                 "%s step %d: p[%d] = %.9g, want %.9g", nn_optim_name(o), t, i, p[i],
                 want[t - 1][i]);
    }
}

static void test_moments(void) {
    t_ok(optim_moments(NN_OPT_SGD) == 0, "sgd keeps no moments");
    t_ok(optim_moments(NN_OPT_MOMENTUM) == 1 && optim_moments(NN_OPT_NESTEROV) == 1,
         "momentum and nesterov keep v");
    t_ok(optim_moments(NN_OPT_ADAGRAD) == 1 && optim_moments(NN_OPT_RMSPROP) == 1,
         "adagrad and rmsprop keep s");
    t_ok(optim_moments(NN_OPT_ADAM) == 2 && optim_moments(NN_OPT_ADAMW) == 2,
         "adam and adamw keep m and v");
}

/* SGD, lr 0.1: p -= 0.1*g.
 *   step 1: (1 - 0.05, -2 + 0.1, 0.5 - 0.2) = (0.95, -1.9, 0.3)
 *   step 2: (0.95 - 0.1, -1.9 - 0, 0.3 + 0.1) = (0.85, -1.9, 0.4) */
static void test_sgd(void) {
    check_two_steps(NN_OPT_SGD, .1f, (float[]){.95f, -1.9f, .3f}, (float[]){.85f, -1.9f, .4f});
}

/* Momentum, lr 0.1, mu 0.9: v = 0.9*v + g; p -= 0.1*v.
 *   step 1: v = g1 = (0.5, -1, 2); p = (0.95, -1.9, 0.3)
 *   step 2: v = 0.9*(0.5, -1, 2) + (1, 0, -1) = (1.45, -0.9, 0.8)
 *           p = (0.95 - 0.145, -1.9 + 0.09, 0.3 - 0.08) = (0.805, -1.81, 0.22) */
static void test_momentum(void) {
    check_two_steps(NN_OPT_MOMENTUM, .1f, (float[]){.95f, -1.9f, .3f},
                    (float[]){.805f, -1.81f, .22f});
}

/* Nesterov, lr 0.1, mu 0.9: v = 0.9*v + g; p -= 0.1*(g + 0.9*v).
 *   step 1: v = g1; g1 + 0.9*g1 = 1.9*g1 = (0.95, -1.9, 3.8); p = (0.905, -1.81, 0.12)
 *   step 2: v = (1.45, -0.9, 0.8) as for momentum;
 *           g2 + 0.9*v = (1 + 1.305, 0 - 0.81, -1 + 0.72) = (2.305, -0.81, -0.28)
 *           p = (0.905 - 0.2305, -1.81 + 0.081, 0.12 + 0.028) = (0.6745, -1.729, 0.148) */
static void test_nesterov(void) {
    check_two_steps(NN_OPT_NESTEROV, .1f, (float[]){.905f, -1.81f, .12f},
                    (float[]){.6745f, -1.729f, .148f});
}

/* AdaGrad, lr 0.1: s += g^2; p -= 0.1*g/sqrt(s).
 *   step 1: s = (0.25, 1, 4), sqrt(s) = (0.5, 1, 2), g/sqrt(s) = (1, -1, 1); p = (0.9, -1.9, 0.4)
 *   step 2: s = (1.25, 1, 5), g/sqrt(s) = (1/1.1180340, 0, -1/2.2360680)
 *           = (0.8944272, 0, -0.4472136); p = (0.8105573, -1.9, 0.4447214) */
static void test_adagrad(void) {
    check_two_steps(NN_OPT_ADAGRAD, .1f, (float[]){.9f, -1.9f, .4f},
                    (float[]){.8105573f, -1.9f, .4447214f});
}

/* RMSprop, lr 0.01, rho 0.9: s = 0.9*s + 0.1*g^2; p -= 0.01*g/sqrt(s).
 *   step 1: s = 0.1*(0.25, 1, 4) = (0.025, 0.1, 0.4); g/sqrt(s) = sign(g)/sqrt(0.1)
 *           = ±3.1622777; p = (1 - 0.0316228, -2 + 0.0316228, 0.5 - 0.0316228)
 *           = (0.9683772, -1.9683772, 0.4683772)
 *   step 2: s = (0.0225 + 0.1, 0.09 + 0, 0.36 + 0.1) = (0.1225, 0.09, 0.46),
 *           sqrt(s) = (0.35, 0.3, 0.6782330), g/sqrt(s) = (2.8571429, 0, -1.4744196)
 *           p = (0.9683772 - 0.0285714, -1.9683772, 0.4683772 + 0.0147442)
 *             = (0.9398058, -1.9683772, 0.4831214) */
static void test_rmsprop(void) {
    check_two_steps(NN_OPT_RMSPROP, .01f, (float[]){.9683772f, -1.9683772f, .4683772f},
                    (float[]){.9398058f, -1.9683772f, .4831214f});
}

/* Adam, lr 0.1, beta1 0.9, beta2 0.999: m = 0.9*m + 0.1*g, v = 0.999*v + 0.001*g^2,
 * m_hat = m/(1 - 0.9^t), v_hat = v/(1 - 0.999^t), p -= 0.1*m_hat/sqrt(v_hat).
 *   step 1: m_hat = g1, v_hat = g1^2, so the step is 0.1*sign(g1): p = (0.9, -1.9, 0.4)
 *   step 2: m = 0.09*(0.5, -1, 2) + 0.1*(1, 0, -1) = (0.145, -0.09, 0.08); 1 - 0.81 = 0.19
 *           m_hat = (0.7631579, -0.4736842, 0.4210526)
 *           v = 0.000999*(0.25, 1, 4) + 0.001*(1, 0, 1) = (0.00124975, 0.000999, 0.004996);
 *           1 - 0.998001 = 0.001999; v_hat = (0.6251876, 0.4997499, 2.4992496)
 *           sqrt(v_hat) = (0.7906881, 0.7069299, 1.5809015)
 *           r = m_hat/sqrt(v_hat) = (0.9651820, -0.6700582, 0.2663370)
 *           p = (0.9 - 0.0965182, -1.9 + 0.0670058, 0.4 - 0.0266337)
 *             = (0.8034818, -1.8329942, 0.3733663) */
static void test_adam(void) {
    check_two_steps(NN_OPT_ADAM, .1f, (float[]){.9f, -1.9f, .4f},
                    (float[]){.8034818f, -1.8329942f, .3733663f});
}

/* AdamW, as Adam plus weight decay 0.1: p -= 0.1*(r + 0.1*p), i.e. p = 0.99*p - 0.1*r, with
 * r = m_hat/sqrt(v_hat) exactly as in test_adam (the decay never enters the moments).
 *   step 1: r = (1, -1, 1); p = (0.99 - 0.1, -1.98 + 0.1, 0.495 - 0.1) = (0.89, -1.88, 0.395)
 *   step 2: r = (0.9651820, -0.6700582, 0.2663370);
 *           p = (0.8811 - 0.0965182, -1.8612 + 0.0670058, 0.39105 - 0.0266337)
 *             = (0.7845818, -1.7941942, 0.3644163) */
static void test_adamw(void) {
    check_two_steps(NN_OPT_ADAMW, .1f, (float[]){.89f, -1.88f, .395f},
                    (float[]){.7845818f, -1.7941942f, .3644163f});
}

/* Adam's bias correction at a late step: 1 - beta^t is ~1 for t = 10^6 (no 0/0, no NaN),
 * so from zeroed moments the step is 0.1*m/sqrt(v) = 0.1*0.1*g/sqrt(0.001*g^2)
 * = 0.01/sqrt(0.001)*sign(g) = 0.3162278*sign(g). Tolerance 1e-5, not 1e-6: here nothing
 * cancels float32's 1 - 0.999f = 0.00099998713, 1.3e-5 off 0.001 (halved by the sqrt). */
static void test_adam_late_step(void) {
    nn_spec s = spec_for(NN_OPT_ADAM);
    float p[3], m[3] = {0}, v[3] = {0};
    memcpy(p, P0, sizeof p);
    optim_step(&s, .1f, 1000000, p, G1, m, v, 3);
    t_near(p[0], 1 - .3162278, 1e-5);
    t_near(p[1], -2 + .3162278, 1e-5);
    t_near(p[2], .5 - .3162278, 1e-5);
}

int main(void) {
    t_run(test_moments);
    t_run(test_sgd);
    t_run(test_momentum);
    t_run(test_nesterov);
    t_run(test_adagrad);
    t_run(test_rmsprop);
    t_run(test_adam);
    t_run(test_adamw);
    t_run(test_adam_late_step);
    return t_results();
}
