/* test_live.c — a model while it trains: its training settings changed in place
 * (nn_model_set_training keeps the weights, the step count and the optimizer's state unless the
 * optimizer changes, and refuses structural fields), the steps an epoch takes, and the accuracy
 * evaluation reports for squared error on class targets. */
#include <stdlib.h>

#include "nn.h"
#include "t.h"
#include "t_model.h"

static nn_ctx *ctx;

#define N 24
static float X[2 * N], Y[N];

static void data(void) {
    for (int i = 0; i < N; i++) {
        X[2 * i] = sinf((float)i * 1.7f + 0.3f) * 2.f;
        X[2 * i + 1] = cosf((float)i * 0.9f) * 2.f;
        Y[i] = X[2 * i] * X[2 * i + 1] > 0.f;
    }
}

static nn_spec spec_of(const nn_model *m) { return *nn_model_spec(m); }

static void steps(nn_model *m, int k) {
    for (int i = 0; i < k; i++) nn_model_train_step(m, X, Y, N, NULL);
}

#define P_MAX 64

/* A new learning rate applies from the next step, on the same weights and step count: with SGD,
 * p_after = p_before - lr_new * g exactly, g the gradient the step used. */
static void test_lr_applies_to_the_next_step(void) {
    nn_model *m = MODEL("layers", "4,1", "activations", "tanh,sigmoid", "lr", "0.1");
    steps(m, 3);
    nn_spec s = spec_of(m);
    s.lr = 0.05f;
    int fresh = -1;
    t_ok(nn_model_set_training(m, &s, &fresh) == NN_OK, "%s", nn_last_error(ctx));
    t_ok(fresh == 0, "the optimizer did not change: its state stays (fresh %d)", fresh);
    t_ok(nn_model_steps(m) == 3, "the step count goes on (%ld)", nn_model_steps(m));
    t_near(nn_model_lr(m), 0.05, 1e-7);
    size_t P = nn_params_count(m);
    float before[P_MAX], after[P_MAX], g[P_MAX];
    nn_params_read(m, before, P);
    steps(m, 1);
    nn_params_read(m, after, P);
    nn_grads_read(m, g, P);
    int exact = 1;
    for (size_t i = 0; i < P; i++) exact &= after[i] == before[i] - 0.05f * g[i];
    t_ok(exact, "the step used lr 0.05 on the weights it had");
    t_ok(nn_model_steps(m) == 4, "4 steps (%ld)", nn_model_steps(m));
    nn_model_free(m);
}

/* The same optimizer keeps its moments: setting the same spec mid-run changes nothing, and a new
 * momentum value goes on from the velocity it had. */
static void test_optimizer_state_kept(void) {
    const char *const kv[] = {"layers", "4,1", "activations", "tanh,sigmoid", "optimizer", "adam",
                              "lr", "0.05", NULL};
    nn_model *a = make(ctx, kv), *b = make(ctx, kv);
    steps(a, 5);
    steps(b, 3);
    nn_spec s = spec_of(b);
    t_ok(nn_model_set_training(b, &s, NULL) == NN_OK, "%s", nn_last_error(ctx));
    steps(b, 2);
    size_t P = nn_params_count(a);
    float pa[P_MAX], pb[P_MAX];
    nn_params_read(a, pa, P), nn_params_read(b, pb, P);
    t_ok(memcmp(pa, pb, P * sizeof *pa) == 0, "an unchanged spec trains on exactly as before");
    nn_model_free(a), nn_model_free(b);
}

/* Another optimizer starts from fresh moments and its own step 1: SGD -> Adam's first step is
 * lr * m_hat / (sqrt(v_hat) + eps) with m_hat = g, v_hat = g^2, i.e. lr * g / (|g| + eps), whatever
 * the steps taken before (a kept step count would scale it by the bias corrections). */
static void test_new_optimizer_starts_fresh(void) {
    nn_model *m = MODEL("layers", "4,1", "activations", "tanh,sigmoid", "optimizer", "sgd", "lr", "0.1");
    steps(m, 50);
    nn_spec s = spec_of(m);
    s.optim = NN_OPT_ADAM;
    s.lr = 0.01f;
    int fresh = 0;
    t_ok(nn_model_set_training(m, &s, &fresh) == NN_OK && fresh == 1, "a new optimizer is fresh (%d)", fresh);
    size_t P = nn_params_count(m);
    float before[P_MAX], after[P_MAX], g[P_MAX];
    nn_params_read(m, before, P);
    steps(m, 1);
    nn_params_read(m, after, P), nn_grads_read(m, g, P);
    double worst = 0;
    for (size_t i = 0; i < P; i++) {
        double want = before[i] - 0.01 * g[i] / (fabs(g[i]) + 1e-8);
        worst = fmax(worst, fabs(after[i] - want));
    }
    t_ok(worst < 1e-6, "Adam's first step from fresh moments (worst error %g)", worst);
    /* And back: Adam -> momentum, whose velocity starts at 0: the step is lr * g. */
    s.optim = NN_OPT_MOMENTUM;
    t_ok(nn_model_set_training(m, &s, &fresh) == NN_OK && fresh == 1, "fresh again");
    nn_params_read(m, before, P);
    steps(m, 1);
    nn_params_read(m, after, P), nn_grads_read(m, g, P);
    int exact = 1;
    for (size_t i = 0; i < P; i++) exact &= after[i] == before[i] - 0.01f * g[i];
    t_ok(exact, "momentum's first step is lr * g");
    nn_model_free(m);
}

/* Structural fields and invalid specs are refused, and nothing changes. */
static void test_refusals(void) {
    nn_model *m = MODEL("layers", "4,1", "activations", "tanh,sigmoid", "lr", "0.1", "seed", "3");
    steps(m, 2);
    size_t P = nn_params_count(m);
    float before[P_MAX], after[P_MAX];
    nn_params_read(m, before, P);
    nn_spec s = spec_of(m);
    s.sizes[0] = 5;
    t_expect_err(nn_model_set_training(m, &s, NULL), NN_ERR_ARG, ctx, "layers: fixed when the model is built");
    s = spec_of(m), s.n_layers = s.n_acts = 3, s.sizes[1] = 2, s.sizes[2] = 1, s.acts[1] = NN_ACT_TANH, s.acts[2] = NN_ACT_SIGMOID;
    t_expect_err(nn_model_set_training(m, &s, NULL), NN_ERR_ARG, ctx, "layers: fixed");
    s = spec_of(m), s.acts[0] = NN_ACT_RELU;
    t_expect_err(nn_model_set_training(m, &s, NULL), NN_ERR_ARG, ctx, "activations: fixed");
    s = spec_of(m), s.seed = 4;
    t_expect_err(nn_model_set_training(m, &s, NULL), NN_ERR_ARG, ctx, "seed: fixed");
    s = spec_of(m), s.batchnorm = 1;
    t_expect_err(nn_model_set_training(m, &s, NULL), NN_ERR_ARG, ctx, "batchnorm: fixed");
    s = spec_of(m), s.init = NN_INIT_HE;
    t_expect_err(nn_model_set_training(m, &s, NULL), NN_ERR_ARG, ctx, "init: fixed");
    s = spec_of(m), s.lr = -1.f;
    t_expect_err(nn_model_set_training(m, &s, NULL), NN_ERR_ARG, ctx, "lr: must be in (0, 100]");
    s = spec_of(m), s.lr_min = 1.f, s.lr = 0.5f;
    t_expect_err(nn_model_set_training(m, &s, NULL), NN_ERR_ARG, ctx, "lr_min: must not exceed lr");
    s = spec_of(m), s.loss = NN_LOSS_SOFTMAX_CE;
    t_expect_err(nn_model_set_training(m, &s, NULL), NN_ERR_ARG, ctx, "softmax output");
    t_expect_err(nn_model_set_training(m, NULL, NULL), NN_ERR_ARG, ctx, "spec is NULL");
    nn_params_read(m, after, P);
    t_ok(memcmp(before, after, P * sizeof *before) == 0, "refusals leave the weights");
    t_near(nn_model_lr(m), 0.1, 1e-7);
    t_ok(nn_model_steps(m) == 2, "and the steps");
    /* Every structural field is refused, and only those: the table says which. */
    int structural = 0;
    for (int i = 0; i < nn_spec_field_count(); i++) {
        nn_field_info f;
        nn_spec_field_info(ctx, i, &f);
        structural += f.structural;
    }
    t_ok(structural == 8, "8 structural fields (inputs, input_shape, layers, activations, "
         "batchnorm, init, init_scale, seed): %d", structural);
    nn_model_free(m);
}

/* Zeros among the output layer's weight gradients after a step on one sample: a hidden tanh
 * unit leaves its weight at 0 only when dropout dropped it. Layer 0 is W (6, 2), b (6); layer
 * 1's W (1, 6) starts at 18. */
static int dropped_units(nn_model *m) {
    float g[P_MAX];
    nn_model_train_step(m, X, Y, 1, NULL);
    nn_grads_read(m, g, nn_params_count(m));
    int zeros = 0;
    for (int j = 0; j < 6; j++) zeros += g[18 + j] == 0.f;
    return zeros;
}

/* Live fields that change buffers: dropout switched on and off, the loss from BCE to MSE. */
static void test_dropout_and_loss_live(void) {
    nn_model *m = MODEL("layers", "6,1", "activations", "tanh,sigmoid", "lr", "0.1");
    steps(m, 2);
    t_ok(dropped_units(m) == 0, "no dropout, no zero gradient");
    nn_spec s = spec_of(m);
    s.dropout = 0.5f;
    t_ok(nn_model_set_training(m, &s, NULL) == NN_OK, "dropout on: %s", nn_last_error(ctx));
    int dropped = 0;
    for (int k = 0; k < 4; k++) dropped += dropped_units(m);
    t_ok(dropped > 0, "dropout drops units (%d of 24 in 4 steps)", dropped);
    s.dropout = 0.f;
    s.loss = NN_LOSS_MSE;
    t_ok(nn_model_set_training(m, &s, NULL) == NN_OK, "dropout off, mse: %s", nn_last_error(ctx));
    t_ok(dropped_units(m) == 0, "dropout off again");
    float loss = NAN;
    nn_eval ev;
    t_ok(nn_model_train_step(m, X, Y, N, &loss) == NN_OK && nn_model_evaluate(m, X, Y, N, &ev) == NN_OK,
         "trains and evaluates");
    t_near(loss, ev.loss, 0.05);  /* the batch loss is mse now, on the scale of evaluation's */
    t_ok(loss < 0.5f, "an mse loss of 0/1 targets is below 1/2 (%g); bce's would be near 0.7", loss);
    nn_model_free(m);
}

/* Steps per epoch, as training counts them: n/b rounded up, a last batch of one merged with
 * batch norm; checked against the steps train_steps takes. */
static void test_epoch_steps(void) {
    nn_spec s;
    nn_spec_default(&s);
    t_ok(nn_epoch_steps(&s, 95, 10) == 10, "95 rows, batches of 10: 10 (%d)", nn_epoch_steps(&s, 95, 10));
    t_ok(nn_epoch_steps(&s, 91, 10) == 10, "91 rows: 10");
    t_ok(nn_epoch_steps(&s, 91, 0) == 1 && nn_epoch_steps(&s, 91, 500) == 1, "full batch: 1");
    t_ok(nn_epoch_steps(&s, 0, 10) == 0 && nn_epoch_steps(NULL, 5, 1) == 0, "no rows: 0");
    s.batchnorm = 1;
    t_ok(nn_epoch_steps(&s, 91, 10) == 9, "91 rows with batch norm: the last row joins batch 9");
    for (int bn = 0; bn < 2; bn++) {
        nn_model *m = MODEL("layers", "4,1", "activations", "tanh,sigmoid", "batchnorm", bn ? "1" : "0");
        int done = 0, k = 0;
        while (!done && k < 100) nn_model_train_steps(m, X, Y, 22, 3, 1, NULL, &done), k++;
        t_ok(k == nn_epoch_steps(nn_model_spec(m), 22, 3), "batchnorm %d: %d steps, nn_epoch_steps %d",
             bn, k, nn_epoch_steps(nn_model_spec(m), 22, 3));
        nn_model_free(m);
    }
}

/* Squared error on 0/1 targets reports the accuracy at 0.5; on other targets it has none. */
static void test_mse_accuracy_on_classes(void) {
    nn_model *m = MODEL("layers", "4,1", "activations", "tanh,sigmoid", "loss", "mse", "seed", "2");
    float out[N];
    nn_model_predict(m, X, N, out);
    int hits = 0;
    for (int i = 0; i < N; i++) hits += (out[i] >= 0.5f) == (Y[i] == 1.f);
    nn_eval ev;
    t_ok(nn_model_evaluate(m, X, Y, N, &ev) == NN_OK, "evaluate");
    t_near(ev.accuracy, (double)hits / N, 1e-6);
    t_ok(isfinite(ev.r2), "r2 too (%g)", ev.r2);
    float y[N];
    memcpy(y, Y, sizeof y);
    y[5] = 0.5f;
    nn_model_evaluate(m, X, y, N, &ev);
    t_ok(isnan(ev.accuracy), "a target of 0.5 is no class: accuracy NaN (%g)", ev.accuracy);
    nn_model_free(m);
}

int main(void) {
    ctx = nn_ctx_create();
    data();
    t_run(test_lr_applies_to_the_next_step);
    t_run(test_optimizer_state_kept);
    t_run(test_new_optimizer_starts_fresh);
    t_run(test_refusals);
    t_run(test_dropout_and_loss_live);
    t_run(test_epoch_steps);
    t_run(test_mse_accuracy_on_classes);
    nn_ctx_free(ctx);
    return t_results();
}
