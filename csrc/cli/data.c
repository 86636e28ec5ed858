/* data.c — the CLI's data: a generated 2D toy set, or a real set read from the NNDS file
 * `make datasets` builds (DIR/NAME.nnds, read through nn_dataset_*), laid out as training,
 * validation and test rows in one pair of arrays. The test rows are the set's own (the real
 * sets' fixed split, the toys' --test-ratio); validation rows are carved from the training rows
 * only when early stopping needs them, so the test set never steers training. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char *const real_sets = "mnist ames sacramento churn iris wine breast_cancer";

static int alloc_rows(cli_data *d, int rows) {
    d->x = malloc(sizeof(float) * (size_t)rows * (size_t)d->features);
    d->y = malloc(sizeof(float) * (size_t)rows);
    if (d->x && d->y) return 0;
    fprintf(stderr, "nnplay: out of memory for %d rows of %d features\n", rows, d->features);
    return 1;
}

static int load_toy(nn_ctx *ctx, const options *o, nn_toy toy, cli_data *d) {
    int n_test = (int)lroundf(o->test_ratio * (float)o->n);
    d->n_test = n_test < 1 ? 1 : n_test > o->n - 1 ? o->n - 1 : n_test;
    d->n_train = o->n - d->n_test;
    d->features = 2;
    d->classes = nn_toy_classes(toy, o->classes);
    d->target_std = 1;
    snprintf(d->name, sizeof d->name, "%s", nn_toy_name(toy));
    snprintf(d->target, sizeof d->target, "%s", d->classes ? "" : "y");
    if (alloc_rows(d, o->n)) return 1;
    if (nn_toy_generate(ctx, toy, o->n, o->noise, o->classes, o->data_seed, d->x, d->y) == NN_OK) return 0;
    fprintf(stderr, "nnplay: %s\n", nn_last_error(ctx));
    return 1;
}

int is_word_of(const char *list, const char *name) {
    size_t n = strlen(name);
    for (const char *p = strstr(list, name); n && p; p = strstr(p + 1, name))
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0')) return 1;
    return 0;
}

/* The target column: --target by name or index, else the first. */
static int pick_target(const nn_dataset *ds, const char *want, int *t) {
    int n = nn_dataset_targets(ds);
    char *end, names[512] = "";
    *t = 0;
    if (!want) return 0;
    long i = strtol(want, &end, 10);
    if (end != want && !*end && i >= 0 && i < n) return *t = (int)i, 0;
    for (int k = 0; k < n; k++) {
        const char *name = nn_dataset_target_name(ds, k);
        if (strcmp(name, want) == 0) return *t = k, 0;
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", k ? ", " : "", name);
    }
    char q[QUOTED];
    return usage_error("--target: data set %s has no target \"%s\" (it has %s, or their index 0..%d)",
                       nn_dataset_name(ds), nn_quote(q, sizeof q, want), names, n - 1);
}

static int read_split(const nn_dataset *ds, nn_split split, int t, cli_data *d, int first_row) {
    size_t at = (size_t)first_row;
    return nn_dataset_read(ds, split, 0, nn_dataset_rows(ds, split), t, d->x + at * (size_t)d->features,
                           d->y + at) != NN_OK;
}

static int load_set(nn_ctx *ctx, const options *o, const nn_dataset *ds, cli_data *d) {
    int t, rc, regress = nn_dataset_task(ds) == NN_TASK_REGRESS;
    if (!regress && o->target)
        return usage_error("--target: %s is a classification set; its one target is the class",
                           nn_dataset_name(ds));
    if ((rc = pick_target(ds, o->target, &t)) != 0) return rc;
    float mean;
    d->real = 1;
    d->features = nn_dataset_features(ds);
    d->classes = regress ? 0 : nn_dataset_classes(ds);
    d->n_train = nn_dataset_rows(ds, NN_SPLIT_TRAIN);
    d->n_test = nn_dataset_rows(ds, NN_SPLIT_TEST);
    d->target_std = 1;
    snprintf(d->name, sizeof d->name, "%s", nn_dataset_name(ds));
    snprintf(d->target, sizeof d->target, "%s", regress ? nn_dataset_target_name(ds, t) : "");
    if (regress && nn_dataset_target_stats(ds, t, &mean, &d->target_std) != NN_OK) return 1;
    if (d->n_test < 1) {
        fprintf(stderr, "nnplay: data set %s has no test rows\n", d->name);
        return 1;
    }
    if (alloc_rows(d, d->n_train + d->n_test)) return 1;
    if (read_split(ds, NN_SPLIT_TRAIN, t, d, 0) || read_split(ds, NN_SPLIT_TEST, t, d, d->n_train)) {
        fprintf(stderr, "nnplay: reading %s: %s\n", d->name, nn_last_error(ctx));
        return 1;
    }
    return 0;
}

static int load_real(nn_ctx *ctx, const options *o, cli_data *d) {
    char path[4096], q[QUOTED], qpath[sizeof path];
    size_t len;
    snprintf(path, sizeof path, "%s/%s.nnds", o->data_dir, o->data);
    nn_quote(qpath, sizeof qpath, path);
    unsigned char *buf = read_file(path, &len);
    if (!buf && errno == ENOENT && !is_word_of(real_sets, o->data))
        return usage_error("--data: unknown data set \"%s\": not a toy set (circle xor gauss spiral "
                           "moons multiclass plane multigauss curve) and there is no %s",
                           nn_quote(q, sizeof q, o->data), qpath);
    if (!buf) {
        fprintf(stderr, "nnplay: cannot read data set %s: %s\n  the real data sets (%s) are built by "
                "`make datasets` into datasets/out/; --data-dir DIR reads them from elsewhere\n",
                qpath, strerror(errno), real_sets);
        return 1;
    }
    nn_dataset *ds;
    int rc = 1;
    if (nn_dataset_open(ctx, buf, len, &ds) != NN_OK)
        fprintf(stderr, "nnplay: %s is not a valid data set: %s%s\n", qpath, nn_last_error(ctx),
                strstr(nn_last_error(ctx), "make datasets") ? "" : "\n  rebuild it with `make datasets`");
    else
        rc = load_set(ctx, o, ds, d);
    nn_dataset_free(ds);
    free(buf);
    return rc;
}

/* The last val_ratio of the training rows, after a shuffle by --data-seed (MNIST's file order
 * is the original, not a random one), become the validation rows. */
static int carve_validation(const options *o, cli_data *d) {
    int n_val = (int)lroundf(o->val_ratio * (float)d->n_train);
    if (d->n_train < 2)
        return usage_error("--patience: %d training rows leave none for validation", d->n_train);
    n_val = n_val < 1 ? 1 : n_val > d->n_train - 1 ? d->n_train - 1 : n_val;
    nn_rng rng;
    nn_rng_seed(&rng, o->data_seed);
    nn_rng_shuffle_rows(&rng, d->x, d->features, d->y, d->n_train);
    d->n_val = n_val;
    d->n_train -= n_val;
    return 0;
}

int data_load(nn_ctx *ctx, const options *o, cli_data *d) {
    nn_toy toy;
    *d = (cli_data){.real = 0};
    int rc = nn_toy_parse(ctx, o->data, &toy) == NN_OK ? load_toy(ctx, o, toy, d) : load_real(ctx, o, d);
    if (!rc && o->patience > 0) rc = carve_validation(o, d);
    if (rc) data_free(d);
    return rc;
}

void data_free(cli_data *d) {
    free(d->x);
    free(d->y);
    d->x = d->y = NULL;
}
