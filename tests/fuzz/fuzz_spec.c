/* fuzz_spec.c — libFuzzer target for the spec: the input is "key=value" lines for nn_spec_set.
 * Every refusal must be NN_ERR_ARG with a message and leave the spec unchanged; a spec that
 * validates must format into text that sets, validates and formats back to the same text,
 * and, when small, build a model that trains a step on a tiny batch and predicts. */
#include <stdlib.h>
#include <string.h>

#include "nn.h"
#include "fuzz.h"

enum { MAX_TEXT = 4096, N = 4, MAX_PARAMS = 20000, MAX_INPUTS = 64 };

/* Applies the lines of text (NUL-terminated, modified in place) to s; with strict, every line
 * must be accepted. */
static void set_lines(nn_ctx *ctx, nn_spec *s, char *text, int strict) {
    for (char *line = text, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        char *eq = strchr(line, '=');
        if (!eq) continue;
        *eq = '\0';
        nn_spec before = *s;
        nn_status st = nn_spec_set(ctx, s, line, eq + 1);
        if (st == NN_OK) continue;
        if (strict || st != NN_ERR_ARG || !message_ok(nn_last_error(ctx)) || memcmp(s, &before, sizeof *s) != 0)
            __builtin_trap();
    }
}

/* Targets the loss accepts, for n rows of k outputs. */
static void targets(const nn_spec *s, float *y, int n, int k) {
    for (int i = 0; i < n * k; i++) {
        if (s->loss == NN_LOSS_SOFTMAX_CE) y[i] = (float)(i % k);
        else if (s->loss == NN_LOSS_BCE) y[i] = (float)(i % 2);
        else y[i] = (float)(i % 3) - 1.f;
    }
}

static void train_a_step(nn_ctx *ctx, const nn_spec *s) {
    nn_model *m = NULL;
    nn_status st = nn_model_create(ctx, s, &m);
    if (st == NN_ERR_NOMEM) return;
    if (st != NN_OK) __builtin_trap();   /* the spec validated */
    int k = s->sizes[s->n_layers - 1], tw = nn_model_target_width(m);
    float x[N * MAX_INPUTS], *y = malloc(sizeof(float) * N * (size_t)k), *out = malloc(sizeof(float) * N * (size_t)k);
    if (!y || !out) __builtin_trap();
    fill(x, (size_t)N * (size_t)s->inputs);
    targets(s, y, N, tw);
    float loss;
    st = nn_model_train_step(m, x, y, N, &loss);
    if (st != NN_OK && st != NN_ERR_DIVERGED && st != NN_ERR_NOMEM) __builtin_trap();
    if (st != NN_OK && !message_ok(nn_last_error(ctx))) __builtin_trap();
    if (nn_model_predict(m, x, N, out) != NN_OK && st != NN_ERR_NOMEM) __builtin_trap();
    free(y), free(out);
    nn_model_free(m);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
    if (size >= MAX_TEXT) return 0;
    nn_ctx *ctx = nn_ctx_create();
    char *text = malloc(size + 1), *formatted = NULL, *again = NULL;
    if (!ctx || !text) __builtin_trap();
    memcpy(text, data, size);
    text[size] = '\0';
    nn_spec s, t;
    nn_spec_default(&s);
    set_lines(ctx, &s, text, 0);
    if (nn_spec_validate(ctx, &s) != NN_OK) {
        if (!message_ok(nn_last_error(ctx))) __builtin_trap();
    } else {
        /* The format of a valid spec sets back into the same spec. */
        size_t len = nn_spec_format(&s, NULL, 0);
        formatted = malloc(len + 1), again = malloc(len + 1);
        if (!formatted || !again || nn_spec_format(&s, formatted, len + 1) != len) __builtin_trap();
        memcpy(again, formatted, len + 1);
        nn_spec_default(&t);
        set_lines(ctx, &t, again, 1);
        if (nn_spec_validate(ctx, &t) != NN_OK || nn_spec_format(&t, again, len + 1) != len ||
            strcmp(again, formatted) != 0)
            __builtin_trap();
        size_t params, state;
        if (nn_spec_counts(ctx, &s, &params, &state) != NN_OK) __builtin_trap();
        if (params <= MAX_PARAMS && s.inputs <= MAX_INPUTS) train_a_step(ctx, &s);
    }
    free(formatted), free(again), free(text);
    nn_ctx_free(ctx);
    return 0;
}
