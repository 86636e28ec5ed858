/* native_losses.c — the native half of the wasm parity test (tests/node/engine-parity.test.js):
 * builds a model from key=value spec fields, trains it on a toy data set's arrays or on the rows
 * of an NNDS file and prints as JSON the loss of every epoch, the final parameters, and then, in
 * inference mode, the predictions for the rows it trained on and their loss, which the test
 * compares with the same run through the wasm module. Not a test by itself, so it is not named
 * test_*.c.
 *
 *   native_losses toy TOY N NOISE CLASSES DATA_SEED EPOCHS BATCH [key=value ...]
 *   native_losses rows FILE.nnds SPLIT FIRST N TARGET EPOCHS BATCH [key=value ...]   (SPLIT 0 or 1)
 *   -> {"losses":[...],"params":[...],"predictions":[...],"loss":L} */
#include <limits.h>
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

/* Everything after the data is set up, so main has one place that frees it all. Trains on
 * rows when it is not NULL, else on x, y. */
static int run(nn_ctx *ctx, nn_spec *spec, char **fields, int n_fields, const float *x,
               const float *y, int n, const nn_rows *rows, int epochs, int batch) {
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
    int rows_n = rows ? rows->n : n;
    size_t np = nn_params_count(m), outs = (size_t)spec->sizes[spec->n_layers - 1] * (size_t)rows_n;
    float *params = malloc(sizeof(float) * np), *pred = malloc(sizeof(float) * outs);
    nn_eval ev;
    int rc = 0;
    if (!losses || !params || !pred) {
        fprintf(stderr, "native_losses: out of memory\n");
        rc = 1;
    }
    for (int e = 0; rc == 0 && e < epochs; e++)
        if ((rows ? nn_model_train_rows(m, rows, batch, INT_MAX, &losses[e], NULL)
                  : nn_model_train_epoch(m, x, y, n, batch, &losses[e])) != NN_OK)
            rc = fail(ctx, "train");
    if (rc == 0 && nn_params_read(m, params, np) != NN_OK) rc = fail(ctx, "params");
    if (rc == 0 && (rows ? nn_model_predict_rows(m, rows, pred) : nn_model_predict(m, x, n, pred)) != NN_OK)
        rc = fail(ctx, "predict");
    if (rc == 0 && (rows ? nn_model_evaluate_rows(m, rows, &ev) : nn_model_evaluate(m, x, y, n, &ev)) != NN_OK)
        rc = fail(ctx, "evaluate");
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

/* The rows of an NNDS file: argv = FILE SPLIT FIRST N TARGET EPOCHS BATCH [fields]. */
static int rows_main(nn_ctx *ctx, nn_spec *spec, int argc, char **argv) {
    FILE *fp = fopen(argv[0], "rb");
    if (!fp) {
        fprintf(stderr, "native_losses: cannot open %s\n", argv[0]);
        return 1;
    }
    fseek(fp, 0, SEEK_END);
    long len = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    unsigned char *buf = len > 0 ? malloc((size_t)len) : NULL;
    int rc = 1;
    nn_dataset *ds = NULL;
    if (!buf || fread(buf, 1, (size_t)len, fp) != (size_t)len)
        fprintf(stderr, "native_losses: cannot read %s\n", argv[0]);
    else if (nn_dataset_open(ctx, buf, (size_t)len, &ds) != NN_OK)
        rc = fail(ctx, argv[0]);
    else {
        nn_rows rows = {ds, (nn_split)atoi(argv[1]), atoi(argv[2]), atoi(argv[3]), atoi(argv[4])};
        rc = run(ctx, spec, argv + 7, argc - 7, NULL, NULL, 0, &rows, atoi(argv[5]), atoi(argv[6]));
    }
    fclose(fp);
    nn_dataset_free(ds);
    free(buf);
    return rc;
}

/* A toy set's arrays: argv = TOY N NOISE CLASSES DATA_SEED EPOCHS BATCH [fields]. */
static int toy_main(nn_ctx *ctx, nn_spec *spec, int argc, char **argv) {
    int n = atoi(argv[1]), classes = atoi(argv[3]), epochs = atoi(argv[5]), batch = atoi(argv[6]);
    float noise = strtof(argv[2], NULL);
    uint64_t data_seed = strtoull(argv[4], NULL, 10);
    nn_toy toy;
    float *x = n > 0 ? malloc(sizeof(float) * 2 * (size_t)n) : NULL;
    float *y = n > 0 ? malloc(sizeof(float) * (size_t)n) : NULL;
    int rc;
    if (!x || !y) {
        fprintf(stderr, "native_losses: N must be >= 1 (got %s)\n", argv[1]);
        rc = 1;
    } else if (nn_toy_parse(ctx, argv[0], &toy) != NN_OK) {
        rc = fail(ctx, "toy");
    } else if (nn_toy_generate(ctx, toy, n, noise, classes, data_seed, x, y) != NN_OK) {
        rc = fail(ctx, "toy");
    } else {
        rc = run(ctx, spec, argv + 7, argc - 7, x, y, n, NULL, epochs, batch);
    }
    free(x);
    free(y);
    return rc;
}

int main(int argc, char **argv) {
    int toy = argc >= 2 && !strcmp(argv[1], "toy"), rows = argc >= 2 && !strcmp(argv[1], "rows");
    if (argc < 9 || !(toy || rows)) {
        fprintf(stderr, "usage: native_losses toy TOY N NOISE CLASSES DATA_SEED EPOCHS BATCH [key=value ...]\n"
                        "       native_losses rows FILE SPLIT FIRST N TARGET EPOCHS BATCH [key=value ...]\n");
        return 2;
    }
    nn_ctx *ctx = nn_ctx_create();
    if (!ctx) return 1;
    nn_spec spec;
    nn_spec_default(&spec);
    int rc = toy ? toy_main(ctx, &spec, argc - 2, argv + 2) : rows_main(ctx, &spec, argc - 2, argv + 2);
    nn_ctx_free(ctx);
    return rc;
}
