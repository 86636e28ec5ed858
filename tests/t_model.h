/* t_model.h — what the model tests share: a model from spec fields given by name, as the CLI
 * and JS set them, and the gradient check of one. MODEL() and CHECK_GRAD() report into the
 * test file's `ctx`. */
#ifndef T_MODEL_H
#define T_MODEL_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "nn.h"
#include "t.h"

/* A model of the default spec with kv's pairs (name, value, ..., NULL) set; NULL, with the
 * reason printed, if a field or the model is refused. */
static nn_model *make(nn_ctx *ctx, const char *const *kv) {
    nn_spec s;
    nn_spec_default(&s);
    for (; kv[0]; kv += 2)
        if (nn_spec_set(ctx, &s, kv[0], kv[1]) != NN_OK) {
            printf("  spec %s=%s: %s\n", kv[0], kv[1], nn_last_error(ctx));
            return NULL;
        }
    nn_model *m = NULL;
    if (nn_model_create(ctx, &s, &m) != NN_OK) printf("  create: %s\n", nn_last_error(ctx));
    return m;
}

#define MODEL(...) make(ctx, (const char *const[]){__VA_ARGS__, NULL})

/* Deterministic inputs away from zero, as genann's sin(i*1.7)*.5. */
static inline void fill(float *x, int n, float scale) {
    for (int i = 0; i < n; i++) x[i] = scale * sinf((float)i * 1.7f + 0.3f);
}

static inline double grad_norm(nn_model *m) {
    size_t P = nn_params_count(m);
    float *g = malloc(P * sizeof *g);
    nn_grads_read(m, g, P);
    double s = 0;
    for (size_t i = 0; i < P; i++) s += (double)g[i] * g[i];
    free(g);
    return sqrt(s);
}

/* Checks one model's gradient on a fixed batch of 6 and that the gradient is not trivially 0;
 * frees the model and returns the maximum relative error (-1 if there was no model).
 * eps = 1e-2 by default: float32 round-off in the loss (~1e-7 relative) divided by 2*eps stays
 * ~1e-5, while the truncation error eps^2*f'''/6 stays ~1e-5 for these small nets; the
 * tolerance 1e-2 on nn_gradcheck's floored relative error leaves room for both and still
 * catches a wrong factor, sign or missing term (each gives errors of order 1). Stacks with
 * (leaky) ReLU after batch norm, or max pooling, use eps = 1e-3 so no step crosses a kink. */
static inline float check_grad_eps(nn_ctx *c, const char *what, nn_model *m, int inputs, int targets,
                                   int classes, float eps) {
    enum { N = 6 };
    float *x = malloc(sizeof(float) * N * (size_t)inputs), y[N * 4], err = -1;
    fill(x, N * inputs, 1.5f);
    for (int i = 0; i < N * targets; i++)
        y[i] = classes ? (float)(i % classes) : 0.5f * cosf((float)i);
    if (!m) {
        t_ok(0, "%s: model not created", what);
        free(x);
        return err;
    }
    nn_status st = nn_gradcheck(m, x, y, N, eps, 0, &err);
    t_ok(st == NN_OK, "%s: gradcheck failed: %s", what, nn_last_error(c));
    t_ok(err < 1e-2f, "%s: max relative error %g", what, err);
    t_ok(grad_norm(m) > 1e-3, "%s: gradient is trivial (%g)", what, grad_norm(m));
    nn_model_free(m);
    free(x);
    return err;
}

#define CHECK_GRAD(what, m, inputs, targets, classes) \
    check_grad_eps(ctx, what, m, inputs, targets, classes, 1e-2f)

#endif
