/* fuzz_dataset.c — libFuzzer target for the NNDS reader: any bytes must be either refused
 * with NN_ERR_FORMAT, a message and *out = NULL, or opened into a data set whose every
 * accessor and row can be read; ASan and UBSan (built in by mk/datasets.mk) catch any read
 * outside the input, which libFuzzer hands over in a buffer of exactly its size. */
#include <stdint.h>
#include <stdlib.h>

#include "nn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads a whole split and the names; traps if a promise of nn.h is broken. */
static void read_all(const nn_dataset *ds) {
    int d = nn_dataset_features(ds), k = nn_dataset_task(ds) == NN_TASK_CLASSIFY ? nn_dataset_classes(ds)
                                                                                 : nn_dataset_targets(ds);
    for (int i = 0; i < d; i++) {
        float mean, std;
        if (!nn_dataset_feature_name(ds, i)[0] || nn_dataset_feature_stats(ds, i, &mean, &std) != NN_OK || !(std > 0))
            __builtin_trap();
    }
    for (int i = 0; i < k; i++)
        if (!(nn_dataset_task(ds) == NN_TASK_CLASSIFY ? nn_dataset_class_name(ds, i) : nn_dataset_target_name(ds, i)))
            __builtin_trap();
    for (int s = NN_SPLIT_TRAIN; s <= NN_SPLIT_TEST; s++) {
        int n = nn_dataset_rows(ds, (nn_split)s);
        float *x = malloc(((size_t)n * (size_t)d + 1) * sizeof *x), *y = malloc(((size_t)n + 1) * sizeof *y);
        if (!x || !y) __builtin_trap();
        for (int t = 0; t < nn_dataset_targets(ds); t++)
            if (nn_dataset_read(ds, (nn_split)s, 0, n, t, t == 0 ? x : NULL, y) != NN_OK) __builtin_trap();
        for (int i = 0; i < n && nn_dataset_task(ds) == NN_TASK_CLASSIFY; i++)
            if (!(y[i] >= 0 && y[i] < nn_dataset_classes(ds))) __builtin_trap();
        free(x);
        free(y);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    nn_ctx *ctx = nn_ctx_create();
    if (!ctx) return 0;
    nn_dataset *ds;
    nn_status st = nn_dataset_open(ctx, data, size, &ds);
    if (st == NN_OK) {
        read_all(ds);
        nn_dataset_free(ds);
    } else if (st != NN_ERR_FORMAT || ds != NULL || !nn_last_error(ctx)[0]) {
        __builtin_trap();
    }
    nn_ctx_free(ctx);
    return 0;
}
