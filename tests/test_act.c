/* test_act.c — every activation against libm in double, its derivative against central
 * differences, and the edge cases: huge inputs, NaN, softmax rows. */
#include "layers.h"
#include "t.h"

static double ref(nn_act a, double x, double slope) {
    switch (a) {
    case NN_ACT_SIGMOID: return 1 / (1 + exp(-x));
    case NN_ACT_TANH: return tanh(x);
    case NN_ACT_RELU: return x > 0 ? x : 0;
    case NN_ACT_LEAKY_RELU: return x > 0 ? x : slope * x;
    default: return x;
    }
}

/* Values within 4e-7 of the double result (tanh is a rational approximation, the others are
 * libm's float functions, within a few ulp); derivatives from y within 1e-3 of the central
 * difference of the double reference with h = 1e-4 (truncation ~h^2 = 1e-8). */
static void test_elementwise(void) {
    enum { N = 4001 };
    static float x[N], y[N], dy[N], dx[N];
    for (int i = 0; i < N; i++) x[i] = -20.f + 40.f * (float)i / (N - 1), dy[i] = 1.f;
    nn_act acts[] = {NN_ACT_LINEAR, NN_ACT_SIGMOID, NN_ACT_TANH, NN_ACT_RELU, NN_ACT_LEAKY_RELU};
    for (int k = 0; k < 5; k++) {
        nn_act a = acts[k];
        act_forward(a, y, x, 1, N, 0.1f);
        act_backward(a, dx, dy, y, 1, N, 0.1f);
        double worst = 0, worst_d = 0;
        for (int i = 0; i < N; i++) {
            worst = fmax(worst, fabs(y[i] - ref(a, x[i], 0.1)));
            if (fabs(x[i]) > 1e-3) {
                double num = (ref(a, x[i] + 1e-4, 0.1) - ref(a, x[i] - 1e-4, 0.1)) / 2e-4;
                worst_d = fmax(worst_d, fabs(dx[i] - num));
            }
        }
        t_ok(worst <= 4e-7,
             "%s: value off by %g", nn_act_name(a), worst);
        t_ok(worst_d <= 1e-3, "%s: derivative off by %g", nn_act_name(a), worst_d);
    }
}

static void test_edges(void) {
    float x[] = {NAN, -0.f, 1e30f, -1e30f}, y[4];
    act_forward(NN_ACT_RELU, y, x, 1, 4, 0);
    t_ok(y[0] == 0.f && !signbit(y[1]) && y[2] == 1e30f && y[3] == 0.f, "relu maps NaN and -0 to +0");
    act_forward(NN_ACT_SIGMOID, y, x + 2, 1, 2, 0);
    t_ok(y[0] == 1.f && y[1] == 0.f, "sigmoid saturates without overflow (%g, %g)", y[0], y[1]);
    act_forward(NN_ACT_TANH, y, x + 2, 1, 2, 0);
    t_ok(fabsf(y[0] - 1.f) < 1e-6f && fabsf(y[1] + 1.f) < 1e-6f, "tanh saturates (%g, %g)", y[0], y[1]);
    /* NaN stays NaN (a diverged network must not look saturated), in vectorized loops and their
     * remainders alike: 19 values at every position. */
    float nan[19], out[19];
    for (int i = 0; i < 19; i++) nan[i] = NAN;
    nn_act squash[] = {NN_ACT_TANH, NN_ACT_SIGMOID};
    for (int k = 0; k < 2; k++) {
        act_forward(squash[k], out, nan, 1, 19, 0);
        int kept = 0;
        for (int i = 0; i < 19; i++) kept += isnan(out[i]);
        t_ok(kept == 19, "%s keeps NaN (%d of 19)", nn_act_name(squash[k]), kept);
    }
    /* A NaN logit makes its whole softmax row NaN, and leaves the next row alone. */
    float z[] = {1, NAN, 2, 0, 0, 0}, p[6];
    act_forward(NN_ACT_SOFTMAX, p, z, 2, 3, 0);
    t_ok(isnan(p[0]) && isnan(p[1]) && isnan(p[2]) && fabsf(p[3] - 1.f / 3) < 1e-7f,
         "softmax: a NaN row stays NaN (%g %g %g), the next is 1/3 (%g)", p[0], p[1], p[2], p[3]);
}

static void test_softmax(void) {
    float x[] = {1000, 0, -1000, 1, 2, 3}, y[6], dy[] = {1, 0, 0, 0, 1, 0}, dx[6];
    act_forward(NN_ACT_SOFTMAX, y, x, 2, 3, 0);
    t_near(y[0], 1.0, 1e-7);
    t_near(y[0] + y[1] + y[2], 1.0, 1e-6);
    /* exp(1,2,3)/sum: 0.09003057, 0.24472847, 0.66524096 */
    t_near(y[3], 0.09003057, 1e-6);
    t_near(y[4], 0.24472847, 1e-6);
    t_near(y[5], 0.66524096, 1e-6);
    act_backward(NN_ACT_SOFTMAX, dx, dy, y, 2, 3, 0);
    /* row 2: dx_i = y_i (dy_i - y_2) with y_2 = 0.24472847 */
    t_near(dx[4], 0.24472847 * (1 - 0.24472847), 1e-6);
    t_near(dx[3], 0.09003057 * (0 - 0.24472847), 1e-6);
    t_near(dx[3] + dx[4] + dx[5], 0.0, 1e-7);
}

/* The public evaluation: hand-computed values at a few points, the refusals leaving y as it was. */
static void test_eval(void) {
    nn_ctx *ctx = nn_ctx_create();
    float x[] = {-2, 0, 3}, y[3], d[3];
    t_ok(nn_act_eval(ctx, NN_ACT_SIGMOID, 0, x, 3, y, d) == NN_OK, "sigmoid: %s", nn_last_error(ctx));
    t_near(y[1], 0.5, 1e-7);
    t_near(d[1], 0.25, 1e-7);                                /* s(1 - s) at 0 */
    t_near(y[0], 0.11920292, 1e-6);
    t_near(d[0], 0.11920292 * (1 - 0.11920292), 1e-6);
    t_ok(nn_act_eval(ctx, NN_ACT_LEAKY_RELU, 0.1f, x, 3, y, d) == NN_OK, "leaky: %s", nn_last_error(ctx));
    t_ok(y[0] == -0.2f && y[2] == 3.f && d[0] == 0.1f && d[2] == 1.f, "leaky: %g %g, %g %g", y[0], y[2], d[0], d[2]);
    t_ok(nn_act_eval(ctx, NN_ACT_RELU, 0, x, 3, y, d) == NN_OK && d[1] == 0.f && d[2] == 1.f && y[0] == 0.f,
         "relu: slope 0 at 0, 1 above");
    t_ok(nn_act_eval(ctx, NN_ACT_TANH, 0, x, 3, y, d) == NN_OK, "tanh");
    t_near(d[1], 1.0, 1e-6);
    y[0] = 42;
    t_ok(nn_act_eval(ctx, NN_ACT_SOFTMAX, 0, x, 3, y, d) == NN_ERR_ARG && y[0] == 42, "softmax refused");
    t_ok(strstr(nn_last_error(ctx), "elementwise") != NULL, "message: %s", nn_last_error(ctx));
    t_ok(nn_act_eval(ctx, NN_ACT_LEAKY_RELU, 1.5f, x, 3, y, d) == NN_ERR_ARG && y[0] == 42, "slope 1.5 refused");
    t_ok(nn_act_eval(ctx, (nn_act)99, 0, x, 3, y, d) == NN_ERR_ARG, "unknown activation refused");
    t_ok(nn_act_eval(ctx, NN_ACT_RELU, 0, x, -1, y, d) == NN_ERR_ARG, "n < 0 refused");
    nn_ctx_free(ctx);
}

int main(void) {
    t_run(test_eval);
    t_run(test_elementwise);
    t_run(test_edges);
    t_run(test_softmax);
    return t_results();
}
