/* test_trace.c — what a step-by-step lesson reads of one backpropagation: the weighted sums,
 * activations and deltas of a 2-2-1 network against values worked by hand; the numeric
 * gradient parameter by parameter; and the teaching fault that negates one layer's gradient,
 * which the gradient check must catch. */
#include <stdlib.h>

#include "nn.h"
#include "t.h"
#include "t_model.h"

static nn_ctx *ctx;

/* W0 = [[.1, .2], [.3, -.4]], b0 = [.5, -.5], W1 = [1, -1], b1 = .25; x = (1, 2), y = 1. */
static const float P0[9] = {0.1f, 0.2f, 0.3f, -0.4f, 0.5f, -0.5f, 1.f, -1.f, 0.25f};
static const float X[2] = {1, 2}, Y[1] = {1};

static nn_model *net221(void) {
    nn_model *m = MODEL("inputs", "2", "layers", "2,1", "activations", "tanh,sigmoid", "lr", "0.5");
    if (m) nn_params_write(m, P0, 9);
    return m;
}

static void test_trace_by_hand(void) {
    nn_model *m = net221();
    float v[2], g[9], loss;
    t_ok(m != NULL, "model");
    if (!m) return;
    t_expect_err(nn_model_trace(m, 0, NN_TRACE_Z, v, 2), NN_ERR_ARG, ctx, "no training pass");
    t_ok(nn_model_train_step(m, X, Y, 1, &loss) == NN_OK, "step");
    /* z0 = W0·x + b0 = (1, -1); a0 = tanh z0; z1 = W1·a0 + b1 = 2 tanh 1 + .25 */
    t_ok(nn_model_trace(m, 0, NN_TRACE_Z, v, 2) == NN_OK, "z0");
    t_near(v[0], 1.0, 1e-6);
    t_near(v[1], -1.0, 1e-6);
    nn_model_trace(m, 0, NN_TRACE_A, v, 2);
    t_near(v[0], 0.76159416, 1e-6);
    t_near(v[1], -0.76159416, 1e-6);
    nn_model_trace(m, 1, NN_TRACE_Z, v, 1);
    t_near(v[0], 1.77318831, 1e-6);
    nn_model_trace(m, 1, NN_TRACE_A, v, 1);
    t_near(v[0], 0.85485372, 1e-6);
    /* BCE: delta1 = a1 - y; delta0 = delta1 · W1 · (1 - a0²) */
    nn_model_trace(m, 1, NN_TRACE_DELTA, v, 1);
    t_near(v[0], -0.14514628, 1e-6);
    nn_model_trace(m, 0, NN_TRACE_DELTA, v, 2);
    t_near(v[0], -0.06095771, 1e-6);
    t_near(v[1], 0.06095771, 1e-6);
    /* Each weight's gradient is the delta of its unit times the input it reads. */
    nn_grads_read(m, g, 9);
    t_near(g[1], -0.12191543, 1e-6);   /* dW0[0][1] = delta0[0] · x[1] */
    t_near(g[6], -0.11054256, 1e-6);   /* dW1[0] = delta1 · a0[0] */
    t_near(g[8], -0.14514628, 1e-6);   /* db1 = delta1 */
    t_expect_err(nn_model_trace(m, 0, NN_TRACE_Z, v, 3), NN_ERR_ARG, ctx, "holds 3 values");
    t_expect_err(nn_model_trace(m, 2, NN_TRACE_Z, v, 2), NN_ERR_ARG, ctx, "layer: must be in [0, 1]");
    t_expect_err(nn_model_trace(m, 0, (nn_trace)7, v, 2), NN_ERR_ARG, ctx, "z, a or delta");
    /* An inference pass overwrites the scratch: the trace is refused, not stale. */
    nn_model_predict(m, X, 1, v);
    t_expect_err(nn_model_trace(m, 0, NN_TRACE_Z, v, 2), NN_ERR_ARG, ctx, "no training pass");
    nn_model_free(m);
}

/* A pass over 33 rows, three blocks of the feature-major pass, read back row-major: a is what
 * inference gives on the rows before the step, z its preimage, and each bias's gradient the
 * sum of its unit's deltas. */
static void test_trace_rows(void) {
    enum { N = 33, H = 5 };
    nn_model *m = MODEL("inputs", "2", "layers", "5,1", "activations", "tanh,sigmoid", "lr", "0.5");
    t_ok(m != NULL, "model");
    if (!m) return;
    float x[2 * N], y[N], want[N * H], z[N * H], a[N * H], delta[N * H], g[21], loss;
    fill(x, 2 * N, 1.5f);
    for (int r = 0; r < N; r++) y[r] = (float)(r % 2);
    t_ok(nn_model_activations(m, x, N, 0, want) == NN_OK, "activations");
    t_ok(nn_model_train_step(m, x, y, N, &loss) == NN_OK, "step: %s", nn_last_error(ctx));
    t_ok(nn_model_trace(m, 0, NN_TRACE_Z, z, N * H) == NN_OK && nn_model_trace(m, 0, NN_TRACE_A, a, N * H) == NN_OK &&
             nn_model_trace(m, 0, NN_TRACE_DELTA, delta, N * H) == NN_OK, "trace");
    nn_grads_read(m, g, 21);
    int bad = 0;
    for (int i = 0; i < N * H && !bad; i++) bad = a[i] != want[i] || fabs(tanh(z[i]) - a[i]) > 1e-6;
    t_ok(!bad, "rows of a and z as inference gives them");
    for (int j = 0; j < H; j++) {
        double s = 0;
        for (int r = 0; r < N; r++) s += delta[r * H + j];
        t_near(g[10 + j], s, 1e-6);   /* db0[j], after the 5·2 weights */
    }
    nn_model_free(m);
}

static void test_numeric_gradient(void) {
    nn_model *m = net221();
    float num[9], err[9], g[9];
    t_ok(m && nn_gradcheck_numeric(m, X, Y, 1, 1e-3f, num, err, 9) == NN_OK, "numeric");
    if (!m) return;
    nn_grads_read(m, g, 9);
    for (int i = 0; i < 9; i++) {
        t_near(num[i], g[i], 1e-3);
        t_ok(err[i] < 1e-3, "rel_err[%d] = %g", i, err[i]);
    }
    t_near(num[8], -0.14514628, 1e-3);
    t_expect_err(nn_gradcheck_numeric(m, X, Y, 1, 1e-3f, num, err, 8), NN_ERR_ARG, ctx, "holds 8 values");
    nn_model_free(m);
}

static void test_broken_gradient(void) {
    nn_model *m = net221();
    float err, g[9], broken[9];
    t_ok(m != NULL, "model");
    if (!m) return;
    t_ok(nn_model_broken_gradient(m) == -1, "sound by default");
    t_ok(nn_gradcheck(m, X, Y, 1, 1e-3f, 0, &err) == NN_OK && err < 1e-3, "sound: err %g", err);
    nn_grads_read(m, g, 9);
    t_ok(nn_model_break_gradient(m, 0) == NN_OK, "break layer 0");
    t_ok(nn_model_broken_gradient(m) == 0, "layer 0 broken");
    t_ok(nn_gradcheck(m, X, Y, 1, 1e-3f, 0, &err) == NN_OK && err > 0.5f, "caught: err %g", err);
    nn_grads_read(m, broken, 9);
    /* Layer 0's six gradients negated, layer 1's untouched. */
    for (int i = 0; i < 9; i++) t_near(broken[i], i < 6 ? -g[i] : g[i], 1e-6);
    t_ok(nn_model_break_gradient(m, -1) == NN_OK, "repair");
    t_ok(nn_gradcheck(m, X, Y, 1, 1e-3f, 0, &err) == NN_OK && err < 1e-3, "repaired: err %g", err);
    t_expect_err(nn_model_break_gradient(m, 2), NN_ERR_ARG, ctx, "[-1, 1]");
    t_ok(nn_model_broken_gradient(m) == -1, "a refused layer changes nothing");
    nn_model_free(m);
    /* Pooling has no weights to break. */
    m = MODEL("inputs", "16", "input_shape", "1x4x4", "layers", "conv2k3,pool2,1", "activations",
              "relu,sigmoid");
    t_expect_err(nn_model_break_gradient(m, 1), NN_ERR_ARG, ctx, "has no weights");
    nn_model_free(m);
}

int main(void) {
    ctx = nn_ctx_create();
    t_run(test_trace_by_hand);
    t_run(test_trace_rows);
    t_run(test_numeric_gradient);
    t_run(test_broken_gradient);
    nn_ctx_free(ctx);
    return t_results();
}
