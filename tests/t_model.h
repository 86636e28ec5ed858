/* t_model.h — what the model tests share: a model from spec fields given by name, as the CLI
 * and JS set them. MODEL() reports into the test file's `ctx`. */
#ifndef T_MODEL_H
#define T_MODEL_H

#include <stdio.h>

#include "nn.h"

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

#endif
