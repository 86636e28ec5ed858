/* native_losses.c — the native half of the wasm parity test (tests/node/engine-parity.test.js):
 * builds a model from key=value spec fields, trains it on a toy data set and prints as JSON the
 * loss of every epoch, the final parameters, and then, in inference mode, the predictions for
 * the training points and their loss, which the test compares with the same run through the
 * wasm module. Not a test by itself, so it is not named test_*.c.
 *
 *   native_losses TOY N NOISE CLASSES DATA_SEED EPOCHS BATCH [key=value ...]
 *   -> {"losses":[...],"params":[...],"predictions":[...],"loss":L} */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn.h"

static int fail(nn_ctx *ctx, const char *what) {
    fprintf(stderr, "native_losses: %s: %s\n", what, nn_last_error(ctx));
    return 1;
}

static void print_floats(const char *name, const float *v, size_t n) {
    printf("\"%s\":[", name);
    for (size_t i = 0; i < n; i++) printf("%s%.9g", i ? "," : "", v[i]);
    printf("]");
}

/* Everything after the data is set up, so main has one place that frees it all. */
static int run(nn_ctx *ctx, nn_spec *spec, char **fields, int n_fields, const float *x,
               const float *y, int n, int epochs, int batch) {
    for (int i = 0; i < n_fields; i++) {
        char *eq = strchr(fields[i], '=');
        if (!eq) {
            fprintf(stderr, "native_losses: '%s' is not key=value\n", fields[i]);
            return 1;
        }
        *eq = '\0';
        if (nn_spec_set(ctx, spec, fields[i], eq + 1) != NN_OK) return fail(ctx, "spec");
    }
    nn_model *m;
    if (nn_model_create(ctx, spec, &m) != NN_OK) return fail(ctx, "model");
    float *losses = malloc(sizeof(float) * (size_t)(epochs > 0 ? epochs : 1));
    size_t np = nn_params_count(m), outs = (size_t)spec->sizes[spec->n_layers - 1] * (size_t)n;
    float *params = malloc(sizeof(float) * np), *pred = malloc(sizeof(float) * outs);
    nn_eval ev;
    int rc = 0;
    if (!losses || !params || !pred) {
        fprintf(stderr, "native_losses: out of memory\n");
        rc = 1;
    }
    for (int e = 0; rc == 0 && e < epochs; e++)
        if (nn_model_train_epoch(m, x, y, n, batch, &losses[e]) != NN_OK) rc = fail(ctx, "train");
    if (rc == 0 && nn_params_read(m, params, np) != NN_OK) rc = fail(ctx, "params");
    if (rc == 0 && nn_model_predict(m, x, n, pred) != NN_OK) rc = fail(ctx, "predict");
    if (rc == 0 && nn_model_evaluate(m, x, y, n, &ev) != NN_OK) rc = fail(ctx, "evaluate");
    if (rc == 0) {
        printf("{");
        print_floats("losses", losses, (size_t)epochs);
        printf(",");
        print_floats("params", params, np);
        printf(",");
        print_floats("predictions", pred, outs);
        printf(",\"loss\":%.9g}\n", ev.loss);
    }
    free(pred);
    free(params);
    free(losses);
    nn_model_free(m);
    return rc;
}

int main(int argc, char **argv) {
    if (argc < 8) {
        fprintf(stderr, "usage: native_losses TOY N NOISE CLASSES DATA_SEED EPOCHS BATCH [key=value ...]\n");
        return 2;
    }
    int n = atoi(argv[2]), classes = atoi(argv[4]), epochs = atoi(argv[6]), batch = atoi(argv[7]);
    float noise = strtof(argv[3], NULL);
    uint64_t data_seed = strtoull(argv[5], NULL, 10);
    nn_ctx *ctx = nn_ctx_create();
    if (!ctx) return 1;
    nn_toy toy;
    float *x = n > 0 ? malloc(sizeof(float) * 2 * (size_t)n) : NULL;
    float *y = n > 0 ? malloc(sizeof(float) * (size_t)n) : NULL;
    nn_spec spec;
    nn_spec_default(&spec);
    int rc;
    if (!x || !y) {
        fprintf(stderr, "native_losses: N must be >= 1 (got %s)\n", argv[2]);
        rc = 1;
    } else if (nn_toy_parse(ctx, argv[1], &toy) != NN_OK) {
        rc = fail(ctx, "toy");
    } else if (nn_toy_generate(ctx, toy, n, noise, classes, data_seed, x, y) != NN_OK) {
        rc = fail(ctx, "toy");
    } else {
        rc = run(ctx, &spec, argv + 8, argc - 8, x, y, n, epochs, batch);
    }
    free(x);
    free(y);
    nn_ctx_free(ctx);
    return rc;
}
