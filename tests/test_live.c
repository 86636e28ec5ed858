/* test_live.c — a model while it trains: the accuracy evaluation reports for squared error on
 * class targets. */
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
    t_run(test_mse_accuracy_on_classes);
    nn_ctx_free(ctx);
    return t_results();
}
