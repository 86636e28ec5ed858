/* test_model.c — the model through the public API: hand-computed forward and step, gradient
 * checks for every layer, activation and loss, learning XOR and the spiral, determinism,
 * divergence, early stopping and refused input. */
#include <stdint.h>
#include <stdlib.h>

#include "nn.h"
#include "t.h"
#include "t_model.h"

static nn_ctx *ctx;

static void test_gradcheck_activations(void) {
    const char *acts[] = {"linear", "sigmoid", "tanh", "leaky_relu", "relu"};
    for (int i = 0; i < 5; i++) {
        char list[64];
        snprintf(list, sizeof list, "%s,%s,linear", acts[i], acts[i]);
        CHECK_GRAD(acts[i], MODEL("inputs", "3", "layers", "5,4,2", "activations", list,
                                  "loss", "mse", "leaky_slope", "0.1", "init", "normal",
                                  "init_scale", "0.8"), 3, 2, 0);
    }
    /* Softmax under MSE exercises its full Jacobian, not the fused cross-entropy shortcut. */
    CHECK_GRAD("softmax+mse", MODEL("inputs", "3", "layers", "4,3", "activations", "tanh,softmax",
                                    "loss", "mse"), 3, 3, 0);
}

static void test_gradcheck_losses(void) {
    CHECK_GRAD("bce", MODEL("inputs", "2", "layers", "4,2", "activations", "tanh,sigmoid",
                            "loss", "bce"), 2, 2, 2);
    CHECK_GRAD("softmax_ce", MODEL("inputs", "4", "layers", "5,3", "activations", "tanh,softmax",
                                   "loss", "softmax_ce"), 4, 1, 3);
    CHECK_GRAD("l1+l2", MODEL("inputs", "2", "layers", "3,1", "activations", "tanh,linear",
                              "loss", "mse", "l1", "0.01", "l2", "0.1"), 2, 1, 0);
}

static void test_gradcheck_layers(void) {
    CHECK_GRAD("batchnorm", MODEL("inputs", "3", "layers", "4,4,2", "activations",
                                  "tanh,sigmoid,linear", "loss", "mse", "batchnorm", "1"), 3, 2, 0);
    CHECK_GRAD("dropout", MODEL("inputs", "3", "layers", "6,2", "activations", "tanh,linear",
                                "loss", "mse", "dropout", "0.3"), 3, 2, 0);
    check_grad_eps(ctx, "dense+batchnorm+dropout", MODEL("inputs", "4", "layers", "6,5,3",
                                                    "activations", "tanh,leaky_relu,softmax",
                                                    "loss", "softmax_ce", "batchnorm", "1",
                                                    "dropout", "0.25", "l2", "0.01"), 4, 1, 3, 1e-3f);
}

/* A 2-2-1 net with set weights; the numbers were worked by hand (and checked in Python):
 * z1 = W1·(1,2) + b1 = (0.1+0.4+0.5, 0.3-0.8-0.5) = (1, -1); a1 = tanh = (0.76159416, -0.76159416)
 * z2 = a1·(1,-1) + 0.25 = 1.77318831; p = sigmoid(z2) = 0.85485372
 * BCE for y = 1: -log p = 0.15682491; d loss / d b2 = p - 1 = -0.14514628,
 * so one SGD step with lr 0.5 moves b2 from 0.25 to 0.25 + 0.5*0.14514628 = 0.32257314. */
static void test_hand_computed(void) {
    nn_model *m = MODEL("inputs", "2", "layers", "2,1", "activations", "tanh,sigmoid", "lr", "0.5");
    float p[] = {0.1f, 0.2f, 0.3f, -0.4f, 0.5f, -0.5f, 1.f, -1.f, 0.25f};
    t_ok(m && nn_params_count(m) == 9, "9 parameters");
    t_ok(nn_params_write(m, p, 9) == NN_OK, "write params");
    float x[] = {1, 2}, y[] = {1}, out, loss, after[9], hidden[2];
    nn_model_predict(m, x, 1, &out);
    t_near(out, 0.85485372, 1e-6);
    nn_model_activations(m, x, 1, 0, hidden);
    t_near(hidden[0], 0.76159416, 1e-6);
    t_near(hidden[1], -0.76159416, 1e-6);
    t_ok(nn_model_train_step(m, x, y, 1, &loss) == NN_OK, "step");
    t_near(loss, 0.15682491, 1e-6);
    nn_params_read(m, after, 9);
    t_near(after[8], 0.32257314, 1e-6);
    nn_model_free(m);
}

static nn_model *train_toy(const char *data, int n, const char *const *kv, int epochs, int batch,
                           nn_eval *test) {
    nn_toy toy;
    nn_toy_parse(ctx, data, &toy);
    float *x = malloc(sizeof(float) * 4 * n), *y = malloc(sizeof(float) * 2 * n);
    nn_toy_generate(ctx, toy, 2 * n, 0.0f, 2, 7, x, y);  /* first half trains, second tests */
    nn_model *m = make(ctx, kv);
    for (int e = 0; m && e < epochs; e++) nn_model_train_epoch(m, x, y, n, batch, NULL);
    if (m) nn_model_evaluate(m, x + 2 * n, y + n, n, test);
    free(x), free(y);
    return m;
}

static void test_xor(void) {
    float x[] = {0, 0, 0, 1, 1, 0, 1, 1}, y[] = {0, 1, 1, 0};
    nn_model *m = MODEL("layers", "4,1", "activations", "tanh,sigmoid", "optimizer", "adam",
                        "lr", "0.05", "seed", "3");
    for (int e = 0; e < 500; e++) nn_model_train_epoch(m, x, y, 4, 4, NULL);
    nn_eval ev;
    nn_model_evaluate(m, x, y, 4, &ev);
    t_ok(ev.accuracy == 1.f, "XOR accuracy %g, want 1", ev.accuracy);
    t_ok(ev.loss < 0.05f, "XOR loss %g", ev.loss);
    nn_model_free(m);
}

static void test_spiral(void) {
    nn_eval ev = {0};
    nn_model *m = train_toy("spiral", 500, (const char *const[]){"layers", "16,16,1",
                            "activations", "tanh,tanh,sigmoid", "optimizer", "adam", "lr", "0.01",
                            "seed", "5", NULL}, 400, 16, &ev);
    t_ok(m && ev.accuracy >= 0.95f, "spiral test accuracy %g, want >= 0.95", ev.accuracy);
    printf("  spiral: test accuracy %.3f, loss %.4f\n", ev.accuracy, ev.loss);
    nn_model_free(m);
}

static void test_deterministic(void) {
    float p1[64], p2[64], p3[64];
    nn_model *m[3];
    for (int k = 0; k < 3; k++) {
        nn_eval ev;
        m[k] = train_toy("circle", 100, (const char *const[]){"layers", "5,1", "activations",
                         "relu,sigmoid", "dropout", "0.2", "seed", k == 2 ? "2" : "1", NULL}, 5, 10, &ev);
    }
    size_t P = nn_params_count(m[0]);
    t_ok(P <= 64, "param count");
    nn_params_read(m[0], p1, P), nn_params_read(m[1], p2, P), nn_params_read(m[2], p3, P);
    t_ok(memcmp(p1, p2, P * sizeof *p1) == 0, "same seed, same parameters");
    t_ok(memcmp(p1, p3, P * sizeof *p1) != 0, "another seed, other parameters");
    for (int k = 0; k < 3; k++) nn_model_free(m[k]);
}

/* An epoch run in pieces of 3 steps is the same epoch: same shuffle, same parameters. */
static void test_epoch_in_pieces(void) {
    nn_toy toy = NN_TOY_CIRCLE;
    float x[2 * 95], y[95], pa[64], pb[64];
    nn_toy_generate(ctx, toy, 95, 0.1f, 2, 3, x, y);
    nn_model *a = MODEL("layers", "5,1", "activations", "tanh,sigmoid", "dropout", "0.1");
    nn_model *b = MODEL("layers", "5,1", "activations", "tanh,sigmoid", "dropout", "0.1");
    for (int e = 0; e < 2; e++) nn_model_train_epoch(a, x, y, 95, 10, NULL);
    int done = 0, calls = 0, epochs = 0;
    while (epochs < 2) {
        t_ok(nn_model_train_steps(b, x, y, 95, 10, 3, NULL, &done) == NN_OK, "%s", nn_last_error(ctx));
        epochs += done, calls++;
    }
    t_ok(calls == 8, "10 batches per epoch in calls of 3: 4 calls an epoch (%d)", calls);
    size_t P = nn_params_count(a);
    nn_params_read(a, pa, P), nn_params_read(b, pb, P);
    t_ok(memcmp(pa, pb, P * sizeof *pa) == 0, "pieces train exactly as whole epochs");
    y[40] = NAN;
    t_expect_err(nn_model_train_epoch(b, x, y, 95, 10, NULL), NN_ERR_ARG, ctx, "y[40]: target is not finite");
    y[40] = 0, x[2 * 17 + 1] = INFINITY;
    t_expect_err(nn_model_train_epoch(b, x, y, 95, 95, NULL), NN_ERR_ARG, ctx, "x[35] is not finite");
    t_expect_err(nn_model_train_steps(b, x, y, 95, 10, 0, NULL, NULL), NN_ERR_ARG, ctx, "max_steps");
    nn_model_free(a), nn_model_free(b);
}

static void test_divergence(void) {
    nn_model *m = MODEL("layers", "8,1", "activations", "relu,linear", "loss", "mse", "lr", "50");
    float x[40], y[20], before[64], after[64], out[20];
    fill(x, 40, 3.f);
    for (int i = 0; i < 20; i++) y[i] = 100.f * (float)i;
    nn_status st = NN_OK;
    int steps = 0;
    size_t P = nn_params_count(m);
    while (st == NN_OK && steps < 100) {
        nn_params_read(m, before, P);
        st = nn_model_train_step(m, x, y, 20, NULL);
        steps++;
    }
    t_ok(st == NN_ERR_DIVERGED, "lr 50 diverges (status %d after %d steps)", st, steps);
    t_ok(strstr(nn_last_error(ctx), "diverged") != NULL, "message: %s", nn_last_error(ctx));
    nn_params_read(m, after, P);
    t_ok(memcmp(before, after, P * sizeof(float)) == 0, "the diverging step changed nothing");
    t_ok(nn_model_predict(m, x, 20, out) == NN_OK, "model still answers");
    nn_model_free(m);
}

static void test_early_stopping(void) {
    nn_model *m = MODEL("layers", "2,1");
    float losses[] = {1.0f, 0.5f, 0.7f, 0.8f}, p1[16], p[16];
    int stop = 0, calls = 0;
    size_t P = nn_params_count(m);
    t_expect_err(nn_model_restore_best(m), NN_ERR_ARG, ctx, "no best");
    for (; calls < 4 && !stop; calls++) {
        if (calls == 1) nn_params_read(m, p1, P);  /* the params seen with the best loss */
        nn_model_track_best(m, losses[calls], 2, &stop);
        for (size_t i = 0; i < P; i++) p[i] = (float)(calls * 10 + (int)i);
        nn_params_write(m, p, P);
    }
    t_ok(stop && calls == 4, "stops after 2 calls without improvement (calls %d)", calls);
    t_ok(nn_model_best_epoch(m) == 1, "best epoch %d", nn_model_best_epoch(m));
    nn_model_restore_best(m);
    nn_params_read(m, p, P);
    t_ok(memcmp(p, p1, P * sizeof *p) == 0, "restored the best parameters");
    nn_model_free(m);
}

/* A deep sigmoid stack: the weight gradient shrinks layer by layer toward the input. */
static void test_vanishing_gradients(void) {
    nn_model *m = MODEL("inputs", "2", "layers", "8,8,8,8,8,1", "activations",
                        "sigmoid,sigmoid,sigmoid,sigmoid,sigmoid,sigmoid", "seed", "4");
    float x[20], y[10], norms[6];
    fill(x, 20, 2.f);
    for (int i = 0; i < 10; i++) y[i] = (float)(i & 1);
    nn_model_train_step(m, x, y, 10, NULL);
    t_ok(nn_grad_norms(m, norms, 6) == NN_OK, "grad norms");
    t_ok(norms[0] < 0.1f * norms[5], "first layer %g vs last %g", norms[0], norms[5]);
    t_expect_err(nn_grad_norms(m, norms, 2), NN_ERR_ARG, ctx, "6 layers");
    nn_model_free(m);
}

/* In inference, batch norm uses running statistics: a sample's output does not depend on
 * the rest of the batch. */
static void test_batchnorm_inference(void) {
    nn_eval ev;
    nn_model *m = train_toy("circle", 200, (const char *const[]){"layers", "8,1", "activations",
                            "relu,sigmoid", "batchnorm", "1", "optimizer", "adam", "lr", "0.02", NULL},
                            30, 20, &ev);
    t_ok(ev.accuracy > 0.9f, "circle with batch norm: accuracy %g", ev.accuracy);
    float x[8], alone, batch[4];
    fill(x, 8, 4.f);
    nn_model_predict(m, x + 2, 1, &alone);
    nn_model_predict(m, x, 4, batch);
    t_near(alone, batch[1], 1e-6);
    t_ok(nn_state_count(m) == 16, "running mean and variance kept (%zu)", nn_state_count(m));
    nn_model_free(m);
}

/* A dense layer followed by batch norm has no bias: batch norm subtracts the batch mean, so the
 * bias's gradient would be 0 and Adam would step on its round-off. The block is W0 (4, 3),
 * gamma0, beta0 (4 each), then W1 (2, 4), b1 (2): 12 + 8 + 8 + 2 = 30 values. */
static void test_batchnorm_has_no_bias(void) {
    nn_model *m = MODEL("inputs", "3", "layers", "4,2", "activations", "tanh,linear", "loss", "mse",
                        "batchnorm", "1");
    nn_layer_info a = {0}, b = {0};
    t_ok(m && nn_layer_info_get(m, 0, &a) == NN_OK && nn_layer_info_get(m, 1, &b) == NN_OK, "layer info");
    t_ok(a.w == 0 && a.b == SIZE_MAX && a.gamma == 12 && a.beta == 16,
         "hidden layer: w %zu, b %zu, gamma %zu, beta %zu", a.w, a.b, a.gamma, a.beta);
    t_ok(b.w == 20 && b.b == 28 && b.gamma == SIZE_MAX && b.beta == SIZE_MAX,
         "output layer: w %zu, b %zu, gamma %zu", b.w, b.b, b.gamma);
    t_ok(m && nn_params_count(m) == 30, "count %zu", m ? nn_params_count(m) : 0);
    nn_model_free(m);
}

static void test_clipping(void) {
    nn_model *m = MODEL("layers", "3,1", "activations", "tanh,linear", "loss", "mse",
                        "clip_norm", "0.01", "lr", "1");
    float x[] = {1, 2, -1, 0.5f}, y[] = {30, -20}, before[16], after[16];
    size_t P = nn_params_count(m);
    nn_params_read(m, before, P);
    nn_model_train_step(m, x, y, 2, NULL);
    nn_params_read(m, after, P);
    double d = 0;
    for (size_t i = 0; i < P; i++) d += (double)(after[i] - before[i]) * (after[i] - before[i]);
    t_near(sqrt(d), 0.01, 1e-4);  /* SGD moves by lr * clipped norm = 0.01 */
    nn_model_free(m);
}

/* A batch of one has no variance: batch norm refuses it, and an epoch whose last batch would
 * be a single sample folds it into the batch before, keeping the running variance sane. */
static void test_batchnorm_small_batches(void) {
    nn_model *m = MODEL("layers", "4,1", "activations", "tanh,sigmoid", "batchnorm", "1");
    float x[22], y[11], st[8];
    fill(x, 22, 2.f);
    for (int i = 0; i < 11; i++) y[i] = (float)(i % 2);
    t_expect_err(nn_model_train_step(m, x, y, 1, NULL), NN_ERR_ARG, ctx, "at least 2 samples per batch");
    t_expect_err(nn_model_train_epoch(m, x, y, 11, 1, NULL), NN_ERR_ARG, ctx, "(got 1)");
    for (int e = 0; e < 50; e++) nn_model_train_epoch(m, x, y, 11, 5, NULL);  /* 5 + 6, not 5 + 5 + 1 */
    t_ok(nn_model_steps(m) == 100, "two steps per epoch (%ld)", nn_model_steps(m));
    nn_state_read(m, st, 8);
    for (int j = 4; j < 8; j++) t_ok(st[j] > 1e-3f, "running variance %d = %g", j - 4, st[j]);
    float bad[8];
    memcpy(bad, st, sizeof bad);
    bad[6] = -5;
    t_expect_err(nn_state_write(m, bad, 8), NN_ERR_ARG, ctx, "state[6]: layer 0 running variance 2 is negative (-5)");
    float now[8];
    nn_state_read(m, now, 8);
    t_ok(memcmp(now, st, sizeof st) == 0, "a refused state write changes nothing");
    nn_model_free(m);
}

/* Batches whose buffers would not fit int indexing or memory are refused, not overflowed. */
static void test_huge_batch_refused(void) {
    nn_model *m = MODEL("layers", "100000,1", "activations", "relu,sigmoid");
    enum { N = 30000 };  /* 30000 rows x 100000 units > 2^31 */
    float *x = calloc(2 * N, sizeof *x), *y = calloc(N, sizeof *y);
    t_expect_err(nn_model_train_step(m, x, y, N, NULL), NN_ERR_NOMEM, ctx, "out of memory for a batch");
    t_ok(nn_model_train_step(m, x, y, 10, NULL) == NN_OK, "smaller batches still train");
    free(x), free(y);
    nn_model_free(m);
}

static void test_bad_input(void) {
    nn_spec s;
    nn_spec_default(&s);
    nn_model *m = NULL;
    t_expect_err(nn_spec_set(ctx, &s, "layers", "8,0,1"), NN_ERR_ARG, ctx, "layers[1]: must be in [1");
    t_expect_err(nn_spec_set(ctx, &s, "layers", "8,-3"), NN_ERR_ARG, ctx, "layers[1]");
    t_expect_err(nn_spec_set(ctx, &s, "lr", "nan"), NN_ERR_ARG, ctx, "lr: must be a finite number");
    t_expect_err(nn_spec_set(ctx, &s, "lr", "-0.1"), NN_ERR_ARG, ctx, "lr: must be in (0");
    t_expect_err(nn_spec_set(ctx, &s, "activations", "tanh,swish"), NN_ERR_ARG, ctx,
                 "unknown name 'swish'");
    t_expect_err(nn_spec_set(ctx, &s, "optimizer", "adamx"), NN_ERR_ARG, ctx, "one of sgd, momentum");
    t_expect_err(nn_spec_set(ctx, &s, "colour", "red"), NN_ERR_ARG, ctx, "unknown spec field 'colour'");
    t_expect_err(nn_spec_set(ctx, &s, "inputs", "2.5"), NN_ERR_ARG, ctx, "whole number");
    t_ok(nn_spec_set(ctx, &s, "activations", "tanh") == NN_OK, "a count is checked by validate");
    t_expect_err(nn_model_create(ctx, &s, &m), NN_ERR_ARG, ctx, "activations: 1 names for 2 dense and conv layers");
    nn_spec_default(&s);
    s.lr = NAN;
    t_expect_err(nn_model_create(ctx, &s, &m), NN_ERR_ARG, ctx, "lr: must be a finite number");
    t_ok(m == NULL, "no model on failure");
    nn_spec_default(&s);
    s.sizes[0] = 0;
    t_expect_err(nn_model_create(ctx, &s, &m), NN_ERR_ARG, ctx, "layers[0]");
    nn_spec_default(&s);
    s.acts[1] = NN_ACT_RELU;
    t_expect_err(nn_model_create(ctx, &s, &m), NN_ERR_ARG, ctx, "bce needs a sigmoid");
    nn_spec_set(ctx, &s, "layers", "3,3,2");
    nn_spec_set(ctx, &s, "activations", "softmax,tanh,softmax");
    nn_spec_set(ctx, &s, "loss", "softmax_ce");
    t_expect_err(nn_model_create(ctx, &s, &m), NN_ERR_ARG, ctx, "only allowed on the output");
    nn_spec_set(ctx, &s, "layers", "100000,100000,2");
    nn_spec_set(ctx, &s, "activations", "relu,relu,softmax");
    t_expect_err(nn_model_create(ctx, &s, &m), NN_ERR_ARG, ctx, "too large");

    m = MODEL("layers", "3,1");
    float x[] = {1, NAN, 0, 0}, y[] = {1, 2}, buf[4];
    t_expect_err(nn_model_train_step(m, x, y, 2, NULL), NN_ERR_ARG, ctx, "x[1] is not finite");
    x[1] = 0;
    t_expect_err(nn_model_train_step(m, x, y, 2, NULL), NN_ERR_ARG, ctx, "y[1]: bce targets");
    t_expect_err(nn_model_train_step(m, x, y, 0, NULL), NN_ERR_ARG, ctx, "at least 1");
    t_expect_err(nn_params_read(m, buf, 4), NN_ERR_ARG, ctx, "buffer holds 4 values, the model has 13");
    t_expect_err(nn_model_activations(m, x, 2, 5, buf), NN_ERR_ARG, ctx, "layer: must be in [0, 1]");
    float p[13] = {0};
    p[3] = INFINITY;
    t_expect_err(nn_params_write(m, p, 13), NN_ERR_ARG, ctx, "params[3] is not finite");
    /* The first value that is not finite is named, wherever it lies: the check takes the
     * values a stretch of 64 at a time (first_nonfinite), so either side of a stretch's edge. */
    enum { ROWS = 100 };
    float grid[ROWS * 2] = {0}, out[ROWS];
    const int at[] = {0, 63, 64, 65, 127, 130, 2 * ROWS - 1};
    const float bad[] = {NAN, INFINITY, -INFINITY};
    for (size_t i = 0; i < sizeof at / sizeof *at; i++) {
        char want[32];
        snprintf(want, sizeof want, "x[%d] is not finite", at[i]);
        grid[at[i]] = bad[i % 3];
        if (i + 1 < sizeof at / sizeof *at) grid[at[i + 1]] = NAN;  /* a later one is not named */
        out[ROWS - 1] = 7;
        t_expect_err(nn_model_predict(m, grid, ROWS, out), NN_ERR_ARG, ctx, want);
        t_ok(out[ROWS - 1] == 7, "a refused prediction writes nothing");
        memset(grid, 0, sizeof grid);
    }
    t_ok(nn_model_predict(m, grid, ROWS, out) == NN_OK, "finite rows: %s", nn_last_error(ctx));
    y[1] = 0;
    t_ok(nn_model_train_step(m, x, y, 2, NULL) == NN_OK, "usable after refusals: %s", nn_last_error(ctx));
    t_ok(nn_last_error(ctx)[0] == '\0', "success clears the message");
    nn_model_free(m);

    m = MODEL("layers", "4,3", "activations", "relu,softmax", "loss", "softmax_ce");
    float cls[] = {0, 3};
    t_expect_err(nn_model_train_step(m, x, cls, 2, NULL), NN_ERR_ARG, ctx, "class indices 0..2");
    float big[] = {0, 0, 0, 0};
    float pw[27];
    for (int i = 0; i < 27; i++) pw[i] = 1000.f * (float)((i % 3) - 1);  /* logits near ±1e3 */
    nn_params_write(m, pw, 27);
    nn_eval ev;
    cls[1] = 1;
    big[0] = 5, big[2] = -5;
    t_ok(nn_model_evaluate(m, big, cls, 2, &ev) == NN_OK && isfinite(ev.loss),
         "huge logits give a finite loss (%g)", ev.loss);
    nn_model_free(m);
}

static void test_spec_format_roundtrip(void) {
    nn_spec a, b;
    nn_spec_default(&a);
    nn_spec_set(ctx, &a, "layers", "7,5,3");
    nn_spec_set(ctx, &a, "activations", "relu,leaky_relu,softmax");
    nn_spec_set(ctx, &a, "loss", "softmax_ce");
    nn_spec_set(ctx, &a, "lr", "0.0123456789");
    nn_spec_set(ctx, &a, "seed", "18446744073709551615");
    char text[2048];
    size_t need = nn_spec_format(&a, NULL, 0);
    t_ok(nn_spec_format(&a, text, sizeof text) == need && need < sizeof text, "length %zu", need);
    nn_spec_default(&b);
    int fields = 0;
    for (char *line = text, *nl; (nl = strchr(line, '\n')); line = nl + 1, fields++) {
        *nl = '\0';
        char *eq = strchr(line, '=');
        *eq = '\0';
        t_ok(nn_spec_set(ctx, &b, line, eq + 1) == NN_OK, "%s: %s", line, nn_last_error(ctx));
    }
    t_ok(fields == nn_spec_field_count(), "%d lines for %d fields", fields, nn_spec_field_count());
    char again[2048], first[2048];
    nn_spec_format(&a, first, sizeof first);
    nn_spec_format(&b, again, sizeof again);
    t_ok(strcmp(first, again) == 0, "formatted spec reads back identically");
    t_ok(b.seed == UINT64_MAX && b.n_layers == 3 && b.acts[1] == NN_ACT_LEAKY_RELU, "fields read back");
    t_expect_err(nn_spec_set(ctx, &b, "seed", " -1"), NN_ERR_ARG, ctx, "seed: must be a whole number");
    size_t P, S;
    t_ok(nn_spec_counts(ctx, &a, &P, &S) == NN_OK && P == 7 * 2 + 7 + 5 * 7 + 5 + 3 * 5 + 3 && S == 0,
         "counts without a model: %zu, %zu", P, S);
}

/* Hand-worked: layer 0 linear with W = diag(1, 2), b = 0 on the four points (±1, 0), (0, ±1)
 * outputs 1, 0, -1, 0, 0, 2, 0, -2 (mean 0, variance 10/8); the output layer's zero weights
 * give sigmoid(0) = 0.5 everywhere, std 0. Refusals change nothing. */
static void test_activation_std(void) {
    nn_model *m = MODEL("layers", "2,1", "activations", "linear,sigmoid");
    float p[9] = {1, 0, 0, 2, 0, 0, 0, 0, 0};
    t_ok(nn_params_write(m, p, 9) == NN_OK, "params: %s", nn_last_error(ctx));
    float x[] = {1, 0, -1, 0, 0, 1, 0, -1}, sd[2] = {-1, -1};
    t_ok(nn_model_activation_std(m, x, 4, sd, 2) == NN_OK, "std: %s", nn_last_error(ctx));
    t_near(sd[0], sqrt(1.25), 1e-6);
    t_near(sd[1], 0.0, 1e-7);
    float keep[2] = {7, 7};
    t_expect_err(nn_model_activation_std(m, x, 4, keep, 3), NN_ERR_ARG, ctx, "need room for 2 layers (got 3)");
    x[1] = NAN;
    t_expect_err(nn_model_activation_std(m, x, 4, keep, 2), NN_ERR_ARG, ctx, "x[1] is not finite");
    t_expect_err(nn_model_activation_std(m, x, 0, keep, 2), NN_ERR_ARG, ctx, "at least 1");
    t_ok(keep[0] == 7 && keep[1] == 7, "refusals leave std_out as it was");
    nn_model_free(m);
}

/* The 2-2-1 net of test_hand_computed after its step: dW2 = (p - 1)·a1 = ±0.14514628·0.76159416,
 * mean 0, so std 0.11054256; dW1 = delta1 ⊗ x with delta1 = ±0.14514628·(1 - 0.76159416²) and
 * x = (1, 2): entries ±d, ±2d, std d·sqrt(5/2) = 0.09638261. A deep net's figures equal the std
 * of each layer's weight gradient read back through nn_grads_read. Refusals change nothing. */
static void test_grad_stds(void) {
    nn_model *m = MODEL("inputs", "2", "layers", "2,1", "activations", "tanh,sigmoid", "lr", "0.5");
    float p[] = {0.1f, 0.2f, 0.3f, -0.4f, 0.5f, -0.5f, 1.f, -1.f, 0.25f}, x[] = {1, 2}, y[] = {1};
    float sd[2] = {-1, -1};
    t_ok(nn_grad_stds(m, sd, 2) == NN_OK && sd[0] == 0 && sd[1] == 0, "0 before a step: %g %g", sd[0], sd[1]);
    nn_params_write(m, p, 9);
    t_ok(nn_model_train_step(m, x, y, 1, NULL) == NN_OK, "step");
    t_ok(nn_grad_stds(m, sd, 2) == NN_OK, "stds: %s", nn_last_error(ctx));
    t_near(sd[0], 0.09638261, 1e-6);
    t_near(sd[1], 0.11054256, 1e-6);
    float keep[2] = {7, 7};
    t_expect_err(nn_grad_stds(m, keep, 3), NN_ERR_ARG, ctx, "grad stds: need room for 2 layers (got 3)");
    t_expect_err(nn_grad_stds(m, NULL, 2), NN_ERR_ARG, ctx, "need room for 2 layers");
    t_ok(keep[0] == 7 && keep[1] == 7, "a refusal leaves dst as it was");
    nn_model_free(m);

    m = MODEL("inputs", "2", "layers", "7,5,3,1", "activations", "relu,tanh,sigmoid,sigmoid",
              "batchnorm", "1", "seed", "9");
    float xs[16], ys[8], stds[4], g[128];
    for (int i = 0; i < 16; i++) xs[i] = (float)sin(i * 1.7);
    for (int i = 0; i < 8; i++) ys[i] = (float)(i & 1);
    t_ok(nn_model_train_step(m, xs, ys, 8, NULL) == NN_OK, "deep step: %s", nn_last_error(ctx));
    size_t P = nn_params_count(m);
    t_ok(P <= 128 && nn_grads_read(m, g, P) == NN_OK, "grads");
    t_ok(nn_grad_stds(m, stds, 4) == NN_OK, "deep stds");
    for (int l = 0; l < 4; l++) {
        nn_layer_info li;
        nn_layer_info_get(m, l, &li);
        size_t n = (size_t)li.in * li.out;
        double s = 0, q = 0;
        for (size_t i = 0; i < n; i++) s += g[li.w + i];
        for (size_t i = 0; i < n; i++) q += (g[li.w + i] - s / n) * (g[li.w + i] - s / n);
        t_ok(stds[l] > 0, "layer %d: a gradient to measure", l);
        t_near(stds[l], sqrt(q / n), 1e-6 * (1 + sqrt(q / n)));
    }
    nn_model_free(m);
}

int main(void) {
    ctx = nn_ctx_create();
    t_run(test_hand_computed);
    t_run(test_activation_std);
    t_run(test_grad_stds);
    t_run(test_gradcheck_activations);
    t_run(test_gradcheck_losses);
    t_run(test_gradcheck_layers);
    t_run(test_xor);
    t_run(test_spiral);
    t_run(test_deterministic);
    t_run(test_epoch_in_pieces);
    t_run(test_divergence);
    t_run(test_early_stopping);
    t_run(test_vanishing_gradients);
    t_run(test_batchnorm_inference);
    t_run(test_batchnorm_has_no_bias);
    t_run(test_clipping);
    t_run(test_batchnorm_small_batches);
    t_run(test_huge_batch_refused);
    t_run(test_bad_input);
    t_run(test_spec_format_roundtrip);
    nn_ctx_free(ctx);
    return t_results();
}
