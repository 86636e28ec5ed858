/* test_narrow.c — inference and training through narrow dense chains (forward_narrow and
 * forward_cols in model.c, the feature-major blocks of dense_forward_cols and
 * dense_backward_cols). Inference against the plain loops: each layer
 * z = x·Wᵀ + b by mat_mul_abt_ref and its activation, from the parameters as read out. Shapes
 * on each side of every edge: the block of 16 rows (1, 15, 16, 17, 33), the span of 4 blocks
 * that inference computes a call at a time (48, 49, 63, 64, 65, 81) and an inference chunk
 * (1,023 and 1,025 rows), one and two units per tile (odd and even widths, 1, 2, 3, primes),
 * and the widest chain taken (64) beside one past it (65, the per-layer path). Every buffer is
 * allocated to its exact size, so under ASan a read or write past one fails. Training: a
 * block's backward against dense_backward, and a batch's gradient against the mean of its rows'
 * (any lane past the batch that added something would show). */
#include <stdlib.h>

#include "internal.h"
#include "layers.h"
#include "matmul.h"
#include "t_model.h"

static nn_ctx *ctx;

/* |got - want| within 2·(k+1)·u of the sum of the terms' magnitudes (k terms and the bias, each
 * side summing in its own order; docs/performance.md), bounded through a Lipschitz-1
 * activation, which every hidden one here is. */
static double bound(int k, double mag) { return 2.0 * (k + 1) * 0x1p-24 * mag + 1e-7; }

/* The reference outputs of layers 0..last on x (n, inputs) into out, by the plain loops. */
static void reference(const float *params, const int *sizes, int inputs, int last, const char *const *acts,
                      const float *x, int n, float *out, double *mag) {
    const float *in = x, *p = params;
    int width = inputs;
    float *cur = NULL;
    for (int l = 0; l <= last; l++) {
        int o = sizes[l];
        float *z = malloc(sizeof(float) * n * o), *ab = malloc(sizeof(float) * n * o);
        const float *w = p, *b = p + (size_t)o * width;
        for (int r = 0; r < n; r++)
            for (int j = 0; j < o; j++) z[r * o + j] = b[j];
        mat_mul_abt_ref(z, in, w, n, o, width);
        for (int r = 0; l == last && r < n; r++)
            for (int j = 0; j < o; j++) {
                double s = fabs(b[j]);
                for (int i = 0; i < width; i++) s += fabs(in[r * width + i] * w[j * width + i]);
                mag[r * o + j] = s;
            }
        act_forward((nn_act)nn_act_parse(acts[l]), ab, z, n, o, 0.01f);
        free(z);
        free(cur);
        cur = ab, in = ab, p = b + o, width = o;
    }
    memcpy(out, cur, sizeof(float) * n * sizes[last]);
    free(cur);
}

/* A chain of `layers` (text, "5,3"), its activations, checked at every layer on n rows. */
static void check_chain(int inputs, const char *layers, const char *acts_text, int n) {
    char in_text[8];
    snprintf(in_text, sizeof in_text, "%d", inputs);
    nn_model *m = MODEL("inputs", in_text, "layers", layers, "activations", acts_text, "loss", "mse");
    t_ok(m != NULL, "%s: model", layers);
    if (!m) return;
    int sizes[NN_MAX_LAYERS], L = 0;
    const char *acts[NN_MAX_LAYERS];
    char abuf[256];
    snprintf(abuf, sizeof abuf, "%s", acts_text);
    for (const char *s = layers; *s; L++) {
        sizes[L] = (int)strtol(s, (char **)&s, 10);
        if (*s == ',') s++;
    }
    acts[0] = strtok(abuf, ",");
    for (int l = 1; l < L; l++) acts[l] = strtok(NULL, ",");
    size_t P = nn_params_count(m);
    float *params = malloc(P * sizeof *params), *x = malloc(sizeof(float) * n * inputs);
    nn_params_read(m, params, P);
    fill(x, n * inputs, 2.5f);
    for (int last = 0; last < L; last++) {
        size_t k = (size_t)sizes[last];
        float *got = malloc(sizeof(float) * n * k), *want = malloc(sizeof(float) * n * k);
        double *mag = malloc(sizeof(double) * n * k);
        nn_status st = last == L - 1 ? nn_model_predict(m, x, n, got) : nn_model_activations(m, x, n, last, got);
        t_ok(st == NN_OK, "%s n=%d layer %d: %s", layers, n, last, nn_last_error(ctx));
        reference(params, sizes, inputs, last, acts, x, n, want, mag);
        int bad = 0;
        for (size_t i = 0; i < n * k && !bad; i++)
            if (!(fabs(got[i] - want[i]) <= bound(last == 0 ? inputs : sizes[last - 1], mag[i]) * (last + 1))) {
                bad = 1;
                t_ok(0, "%s (%s) n=%d layer %d: [%zu] = %.9g, want %.9g", layers, acts_text, n, last, i, got[i],
                     want[i]);
            }
        t_checks++;
        free(got), free(want), free(mag);
    }
    free(params), free(x);
    nn_model_free(m);
}

static void test_rows(void) {
    const int rows[] = {1, 2, 15, 16, 17, 33, 48, 49, 63, 64, 65, 81, 1023, 1025};
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        check_chain(2, "8,8,1", "tanh,tanh,sigmoid", rows[i]);
        check_chain(2, "16,16,3", "relu,relu,softmax", rows[i]);
    }
}

static void test_widths(void) {
    check_chain(1, "1,1", "linear,linear", 17);
    check_chain(2, "2,3", "sigmoid,softmax", 17);
    check_chain(3, "3,5,7,2", "leaky_relu,tanh,relu,softmax", 33);
    check_chain(4, "4,4", "relu,softmax", 17);             /* 4 inputs and more: 4×4 transposes */
    check_chain(6, "9,2", "tanh,sigmoid", 32);              /* full blocks: the last row ends x */
    check_chain(8, "8,8,1", "leaky_relu,leaky_relu,sigmoid", 16);
    check_chain(7, "31,17,13", "tanh,sigmoid,linear", 19);
    check_chain(64, "64,64,63", "relu,tanh,sigmoid", 21);
    check_chain(2, "65,64,10", "relu,tanh,softmax", 21);   /* 65 wide: the per-layer path */
    check_chain(65, "8,1", "tanh,sigmoid", 21);
    check_chain(5, "64,65,4", "tanh,relu,linear", 18);
}

/* relu applied as a block's sums are stored gives relu_fwd's results where a sign test could
 * differ: NaN (inf - inf from finite inputs) and -0 both become +0. */
static void test_relu_edges(void) {
    nn_model *m = MODEL("inputs", "2", "layers", "2,1", "activations", "relu,linear", "loss", "mse");
    t_ok(m != NULL, "relu edges: model");
    if (!m) return;
    float p[9] = {10, -10, 0, 0, 0, -0.f, 1, 1, 0}, x[] = {3e38f, 3e38f, -1, -1}, h[4] = {1, 1, 1, 1};
    t_ok(nn_params_write(m, p, 9) == NN_OK, "relu edges: params: %s", nn_last_error(ctx));
    t_ok(nn_model_activations(m, x, 2, 0, h) == NN_OK, "relu edges: %s", nn_last_error(ctx));
    for (int i = 0; i < 4; i++)
        t_ok(h[i] == 0.f && !signbit(h[i]), "relu edges: h[%d] = %g, want +0", i, (double)h[i]);
    nn_model_free(m);
}

/* Each activation applied as a block's sums are stored, and softmax across them, gives
 * act_forward's bits, leaky relu at both ends of its slopes and between. Each sum is the bias
 * (0) plus the terms in order, as the block adds them: units a, a/2, 20a (±inf at ±3e38), a/4
 * and 10a - 10a (0, or NaN where 10a is inf), through the two-unit tiles and the one-unit tail,
 * on a full block and the edge block after it. */
static void test_stored_edges(void) {
    static const float a[] = {0.f, -0.f, 0.25f, -0.25f, 1, -1, 3, -3, 7.875f, -7.875f, 8, -8, 16, -16, 100, -100,
                              3e38f, -3e38f};
    static const struct { const char *act, *slope; } cases[] = {
        {"tanh", "0.25"}, {"sigmoid", "0.25"}, {"relu", "0.25"}, {"linear", "0.25"}, {"softmax", "0.25"},
        {"leaky_relu", "0.25"}, {"leaky_relu", "0"}, {"leaky_relu", "1"},
    };
    enum { N = sizeof a / sizeof *a, U = 5 };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        const char *act = cases[k].act;
        nn_model *m = MODEL("inputs", "2", "layers", "5", "activations", act, "loss", "mse",
                            "leaky_slope", cases[k].slope);
        t_ok(m != NULL, "%s edges: model", act);
        if (!m) continue;
        float p[3 * U] = {1, 0, .5f, 0, 10, 10, .25f, 0, 10, -10}, x[2 * N], z[U * N], want[U * N], got[U * N];
        for (int r = 0; r < N; r++) {
            x[2 * r] = x[2 * r + 1] = a[r];
            for (int j = 0; j < U; j++) z[U * r + j] = 0.f + p[2 * j] * a[r] + p[2 * j + 1] * a[r];
        }
        act_forward((nn_act)nn_act_parse(act), want, z, N, U, strtof(cases[k].slope, NULL));
        t_ok(nn_params_write(m, p, 3 * U) == NN_OK, "%s edges: params: %s", act, nn_last_error(ctx));
        t_ok(nn_model_predict(m, x, N, got) == NN_OK, "%s edges: %s", act, nn_last_error(ctx));
        for (int i = 0; i < U * N; i++)
            t_ok(isnan(got[i]) ? isnan(want[i]) : !memcmp(&got[i], &want[i], sizeof got[i]),
                 "%s %s edges: [%d] = %.9g, want %.9g", act, cases[k].slope, i, (double)got[i],
                 (double)want[i]);
        nn_model_free(m);
    }
}

/* dense_backward_cols on a block of 16 rows, the last 5 of them past the batch (d = 0 there),
 * against dense_backward on the 11 rows, row-major: dw and db added to what they held. */
static void check_backward_block(int in, int out) {
    enum { R = COLS_ROWS, USED = 11 };
    float *d = malloc(sizeof(float) * out * R), *x = malloc(sizeof(float) * in * R),
          *w = malloc(sizeof(float) * out * in), *dx = malloc(sizeof(float) * in * R),
          *dw = malloc(sizeof(float) * out * in), *db = malloc(sizeof(float) * out),
          *dyr = malloc(sizeof(float) * USED * out), *xr = malloc(sizeof(float) * USED * in),
          *dxr = malloc(sizeof(float) * USED * in), *dwr = malloc(sizeof(float) * out * in),
          *dbr = malloc(sizeof(float) * out);
    fill(x, in * R, 2.f);
    fill(w, out * in, .7f);
    fill(d, out * R, 1.3f);
    for (int j = 0; j < out; j++)
        for (int r = USED; r < R; r++) d[j * R + r] = 0.f;
    for (int i = 0; i < out * in; i++) dw[i] = dwr[i] = .25f * (float)(i % 5);
    for (int j = 0; j < out; j++) db[j] = dbr[j] = -.5f * (float)(j % 3);
    for (int r = 0; r < USED; r++) {
        for (int j = 0; j < out; j++) dyr[r * out + j] = d[j * R + r];
        for (int i = 0; i < in; i++) xr[r * in + i] = x[i * R + r];
    }
    dense_backward_cols(dx, dw, db, d, x, w, in, out);
    dense_backward(dxr, dwr, dbr, dyr, xr, w, USED, in, out);
    int bad = 0;
    /* each sum over 11 rows or `out` units, terms of magnitude <= 2.6 (dw) or 0.91·out (dx) */
    for (int i = 0; i < out * in && !bad; i++) bad = !(fabs(dw[i] - dwr[i]) <= bound(USED, 2.6 * USED + 1));
    for (int j = 0; j < out && !bad; j++) bad = !(fabs(db[j] - dbr[j]) <= bound(USED, 1.3 * USED + 1));
    for (int r = 0; r < R && !bad; r++)
        for (int i = 0; i < in && !bad; i++)
            bad = !(fabs(dx[i * R + r] - (r < USED ? dxr[r * in + i] : 0.f)) <= bound(out, .91 * out));
    t_ok(!bad, "backward block %d -> %d against dense_backward", in, out);
    dense_backward_cols(NULL, dw, NULL, d, x, w, in, out);  /* without dx and db */
    t_ok(db[0] == dbr[0], "backward block %d -> %d: db NULL is not written", in, out);
    free(d), free(x), free(w), free(dx), free(dw), free(db), free(dyr), free(xr), free(dxr), free(dwr), free(dbr);
}

static void test_backward_block(void) {
    const int sizes[] = {1, 2, 3, 4, 7, 16, 17, 64};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
        for (size_t j = 0; j < sizeof sizes / sizeof *sizes; j++) check_backward_block(sizes[i], sizes[j]);
}

/* The gradient of a batch of n rows (blocks of 16, the last one short) against the mean of
 * the n one-row gradients: the losses are means over rows. */
static void check_batch_gradient(const char *layers, const char *acts, const char *loss, int inputs, int k,
                                 int n) {
    char in_text[8];
    snprintf(in_text, sizeof in_text, "%d", inputs);
    nn_model *m = MODEL("inputs", in_text, "layers", layers, "activations", acts, "loss", loss, "init", "normal",
                        "init_scale", "0.8");
    t_ok(m != NULL, "%s: model", layers);
    if (!m) return;
    int tw = strcmp(loss, "softmax_ce") ? k : 1;
    size_t P = nn_params_count(m);
    float *x = malloc(sizeof(float) * n * inputs), *y = malloc(sizeof(float) * n * tw),
          *g = malloc(P * sizeof *g), *g1 = malloc(P * sizeof *g1);
    double *mean = calloc(P, sizeof *mean), *mag = calloc(P, sizeof *mag), obj;
    fill(x, n * inputs, 1.5f);
    for (int i = 0; i < n * tw; i++) y[i] = tw == 1 && k > 1 ? (float)(i % k) : .5f + .5f * cosf((float)i);
    for (int r = 0; r < n; r++) {
        model_objective(m, x + (size_t)r * inputs, y + (size_t)r * tw, 1, 0, 1, &obj);
        nn_grads_read(m, g1, P);
        for (size_t i = 0; i < P; i++) mean[i] += g1[i] / (double)n, mag[i] += fabs(g1[i]) / n;
    }
    t_ok(model_objective(m, x, y, n, 0, 1, &obj) == NN_OK, "%s n=%d: %s", layers, n, nn_last_error(ctx));
    nn_grads_read(m, g, P);
    int bad = 0;
    for (size_t i = 0; i < P && !bad; i++)
        if (!(fabs(g[i] - mean[i]) <= 1e-5 * mag[i] + 1e-9)) {
            bad = 1;
            t_ok(0, "%s (%s) n=%d: gradient [%zu] = %.9g, the rows' mean %.9g", layers, acts, n, i, g[i], mean[i]);
        }
    t_checks++;
    free(x), free(y), free(g), free(g1), free(mean), free(mag);
    nn_model_free(m);
}

static void test_batch_gradient(void) {
    const int rows[] = {1, 10, 15, 16, 17, 33};
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        check_batch_gradient("8,8,1", "tanh,tanh,sigmoid", "bce", 2, 1, rows[i]);
        check_batch_gradient("5,3", "relu,softmax", "softmax_ce", 3, 3, rows[i]);
        check_batch_gradient("7,4,2", "leaky_relu,sigmoid,tanh", "mse", 5, 2, rows[i]);
        check_batch_gradient("6,4", "tanh,softmax", "softmax_ce", 7, 4, rows[i]);
    }
}

int main(void) {
    ctx = nn_ctx_create();
    t_run(test_rows);
    t_run(test_widths);
    t_run(test_relu_edges);
    t_run(test_stored_edges);
    t_run(test_backward_block);
    t_run(test_batch_gradient);
    nn_ctx_free(ctx);
    return t_results();
}
