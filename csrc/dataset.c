/* dataset.c — data sets: the reader of NNDS files (specified in docs/datasets.md, written by
 * datasets/nnds.js) and in-memory sets built from float arrays, which are written as an NNDS
 * image in memory and opened like a file, so both kinds are one type with one set of checks.
 * An image is a 40-byte little-endian header of u32 fields, a names block, training
 * statistics, x (f32 or u8 rows) and y (f32). Everything is checked once, in open, so the
 * accessors and the row readers cannot meet a bad value. A file is kept as a view of the
 * caller's buffer (nothing but the name pointers is copied); bytes are decoded explicitly, so
 * no aligned buffer or little-endian host is needed. It does not write files. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

enum {
    HEADER_BYTES = 40,
    VERSION = 1,
    X_F32 = 0,
    X_U8 = 1,
    MAX_FEATURES = 1 << 24,   /* keeps rows*features*4 far below 2^64 */
    MAX_CLASSES = 1 << 16,
    MAX_TARGETS = 1 << 10,
};

struct nn_dataset {
    nn_ctx *ctx;                /* where read and the stats accessors report errors */
    nn_task task;
    int rows[2];                /* by nn_split */
    int features, classes, targets, x_u8;
    const unsigned char *stats; /* (features + regression targets) pairs of f32 mean, std */
    const unsigned char *x;     /* (rows, features) of f32, or of u8 meaning byte/255 */
    const unsigned char *y;     /* (rows, targets) of f32 */
    const char **names;         /* set name, features, then classes or targets; points into buf */
    unsigned char *owned;       /* the image of an in-memory set, freed with it; NULL for a file */
};

static uint64_t pad4(uint64_t n) { return (n + 3) & ~(uint64_t)3; }

/* The header's fields, in file order after the magic. */
typedef struct {
    uint32_t version, task, n_train, n_test, features, classes, targets, x_type, names_bytes;
    /* Derived once by check_header, so the length check and the section pointers agree. */
    uint64_t n_stats, x_bytes;
} header;

static nn_status check_range(nn_ctx *ctx, const char *field, uint32_t v, uint32_t lo, uint32_t hi,
                             const char *why) {
    if (v >= lo && v <= hi) return NN_OK;
    return ctx_fail(ctx, NN_ERR_FORMAT, "%s: expected %u..%u%s, got %u", field, lo, hi, why, v);
}

/* The counts against each other; derives n_stats and x_bytes. */
static nn_status check_counts(nn_ctx *ctx, header *h) {
    nn_status st;
    if ((st = check_range(ctx, "task", h->task, 0, 1, " (0 classify, 1 regress)")) ||
        (st = check_range(ctx, "n_train", h->n_train, 1, INT_MAX, "")) ||
        (st = check_range(ctx, "n_test", h->n_test, 0, (uint32_t)INT_MAX - h->n_train, " (n_train + n_test <= INT_MAX)")) ||
        (st = check_range(ctx, "n_features", h->features, 1, MAX_FEATURES, "")) ||
        (st = check_range(ctx, "x_type", h->x_type, X_F32, X_U8, " (0 f32, 1 u8)")))
        return st;
    if (h->task == NN_TASK_CLASSIFY) {
        if ((st = check_range(ctx, "n_classes", h->classes, 2, MAX_CLASSES, " for a classification set")) ||
            (st = check_range(ctx, "n_targets", h->targets, 1, 1, " for a classification set")))
            return st;
    } else {
        if ((st = check_range(ctx, "n_classes", h->classes, 0, 0, " for a regression set")) ||
            (st = check_range(ctx, "n_targets", h->targets, 1, MAX_TARGETS, " for a regression set")))
            return st;
    }
    h->n_stats = (uint64_t)h->features + (h->task == NN_TASK_REGRESS ? h->targets : 0);
    h->x_bytes = ((uint64_t)h->n_train + h->n_test) * h->features * (h->x_type == X_U8 ? 1 : 4);
    return NN_OK;
}

/* The bytes an image of these counts takes. */
static uint64_t image_bytes(const header *h) {
    uint64_t rows = (uint64_t)h->n_train + h->n_test;
    return HEADER_BYTES + pad4(h->names_bytes) + 8 * h->n_stats + pad4(h->x_bytes) + 4 * rows * h->targets;
}

static nn_status check_header(nn_ctx *ctx, const unsigned char *b, size_t len, header *h) {
    if (len < HEADER_BYTES)
        return ctx_fail(ctx, NN_ERR_FORMAT, "length: expected at least %d bytes for the header, got %zu (truncated)",
                        HEADER_BYTES, len);
    if (memcmp(b, "NNDS", 4) != 0)
        return ctx_fail(ctx, NN_ERR_FORMAT,
                        "magic: expected 4e 4e 44 53 (\"NNDS\"), got %02x %02x %02x %02x: not an NNDS data set",
                        b[0], b[1], b[2], b[3]);
    h->version = le32(b + 4);
    h->task = le32(b + 8);
    h->n_train = le32(b + 12);
    h->n_test = le32(b + 16);
    h->features = le32(b + 20);
    h->classes = le32(b + 24);
    h->targets = le32(b + 28);
    h->x_type = le32(b + 32);
    h->names_bytes = le32(b + 36);
    if (h->version != VERSION)
        return ctx_fail(ctx, NN_ERR_FORMAT, "version: expected %d, got %u (rebuild with `make datasets`)",
                        VERSION, h->version);
    nn_status st = check_counts(ctx, h);
    if (st) return st;
    uint64_t rows = (uint64_t)h->n_train + h->n_test, need = image_bytes(h);
    if (need != len)
        return ctx_fail(ctx, NN_ERR_FORMAT,
                        "length: expected %llu bytes for these counts (%llu rows, %u features, %u names bytes), got %zu (%s)",
                        (unsigned long long)need, (unsigned long long)rows, h->features, h->names_bytes, len,
                        need > len ? "truncated, or counts too large" : "trailing bytes, or counts too small");
    return NN_OK;
}

/* Splits the names block into n non-empty NUL-terminated names that fill it exactly. */
static nn_status parse_names(nn_ctx *ctx, const unsigned char *p, uint32_t bytes, const char **names, int n) {
    uint32_t at = 0;
    for (int i = 0; i < n; i++) {
        const unsigned char *end = at < bytes ? memchr(p + at, 0, bytes - at) : NULL;
        if (!end)
            return ctx_fail(ctx, NN_ERR_FORMAT, "names: expected %d NUL-terminated names, the %u-byte block ends after %d",
                            n, bytes, i);
        if (end == p + at) return ctx_fail(ctx, NN_ERR_FORMAT, "names: name %d is empty", i);
        names[i] = (const char *)(p + at);
        at = (uint32_t)(end - p) + 1;
    }
    if (at != bytes)
        return ctx_fail(ctx, NN_ERR_FORMAT, "names: expected %d names filling %u bytes, %u bytes are left over",
                        n, bytes, bytes - at);
    return NN_OK;
}

static nn_status check_values(nn_ctx *ctx, const nn_dataset *ds, uint64_t n_stats) {
    for (int i = 0; i < (int)n_stats; i++) {
        float mean = lef32(ds->stats + 8 * i), std = lef32(ds->stats + 8 * i + 4);
        const char *what = i < ds->features ? "feature" : "target";
        int k = i < ds->features ? i : i - ds->features;
        if (!isfinite(mean))
            return ctx_fail(ctx, NN_ERR_FORMAT, "%s %d mean: expected a finite number, got %g", what, k, mean);
        if (!(isfinite(std) && std > 0))
            return ctx_fail(ctx, NN_ERR_FORMAT, "%s %d std: expected a finite number > 0, got %g", what, k, std);
    }
    size_t rows = (size_t)ds->rows[0] + (size_t)ds->rows[1];
    if (!ds->x_u8)
        for (size_t i = 0; i < rows * (size_t)ds->features; i++)
            if (!isfinite(lef32(ds->x + 4 * i)))
                return ctx_fail(ctx, NN_ERR_FORMAT, "x of row %zu, feature %zu: expected a finite number, got %g",
                                i / (size_t)ds->features, i % (size_t)ds->features, lef32(ds->x + 4 * i));
    for (size_t i = 0; i < rows * (size_t)ds->targets; i++) {
        float v = lef32(ds->y + 4 * i);
        if (ds->task == NN_TASK_CLASSIFY ? !(v >= 0 && v < ds->classes && v == floorf(v)) : !isfinite(v))
            return ds->task == NN_TASK_CLASSIFY
                       ? ctx_fail(ctx, NN_ERR_FORMAT, "label of row %zu: expected a class index 0..%d, got %g",
                                  i, ds->classes - 1, v)
                       : ctx_fail(ctx, NN_ERR_FORMAT, "target of row %zu, column %zu: expected a finite number, got %g",
                                  i / (size_t)ds->targets, i % (size_t)ds->targets, v);
    }
    return NN_OK;
}

nn_status nn_dataset_open(nn_ctx *ctx, const void *buf, size_t len, nn_dataset **out) {
    if (!out) return ctx_fail(ctx, NN_ERR_ARG, "out: must not be NULL");
    *out = NULL;
    if (!buf) return ctx_fail(ctx, NN_ERR_ARG, "buf: must not be NULL");
    const unsigned char *b = buf;
    header h = {0};   /* check_header fills it; zeroed only for -Wmaybe-uninitialized */
    nn_status st = check_header(ctx, b, len, &h);
    if (st) return st;

    int n_names = 1 + (int)h.features + (int)(h.task == NN_TASK_CLASSIFY ? h.classes : h.targets);
    nn_dataset *ds = calloc(1, sizeof *ds + (size_t)n_names * sizeof(char *));
    if (!ds) return ctx_fail(ctx, NN_ERR_NOMEM, "data set: out of memory for %d names", n_names);
    ds->ctx = ctx;
    ds->task = (nn_task)h.task;
    ds->rows[NN_SPLIT_TRAIN] = (int)h.n_train;
    ds->rows[NN_SPLIT_TEST] = (int)h.n_test;
    ds->features = (int)h.features;
    ds->classes = (int)h.classes;
    ds->targets = (int)h.targets;
    ds->x_u8 = h.x_type == X_U8;
    ds->names = (const char **)(ds + 1);
    ds->stats = b + HEADER_BYTES + pad4(h.names_bytes);
    ds->x = ds->stats + 8 * h.n_stats;
    ds->y = ds->x + pad4(h.x_bytes);

    if ((st = parse_names(ctx, b + HEADER_BYTES, h.names_bytes, ds->names, n_names)) ||
        (st = check_values(ctx, ds, h.n_stats))) {
        free(ds);
        return st;
    }
    *out = ds;
    ctx_clear(ctx);
    return NN_OK;
}

/* Little-endian stores: an image has the file's byte order whatever the host's. */
static unsigned char *put32(unsigned char *p, uint32_t v) {
    for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
    return p + 4;
}

static unsigned char *put_f32(unsigned char *p, float f) {
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return put32(p, u);
}

/* Name k of the image's names block (the set's, the features', then the classes' or targets'):
 * the caller's, or its default in buf ("data", "x3", "2", "y0"). NULL for a missing or empty
 * name of the caller's, with the message in ctx. */
static const char *image_name(nn_ctx *ctx, const nn_dataset_desc *d, int k, char *buf, size_t cap) {
    const char *const *list = d->feature_names, *what = "feature_names", *fmt = "x%d";
    int i = k - 1;
    if (k == 0) {
        if (!d->name) return "data";
        if (d->name[0]) return d->name;
        ctx_fail(ctx, NN_ERR_ARG, "name: must not be empty");
        return NULL;
    }
    if (i >= d->features) {
        i -= d->features;
        list = d->classes ? d->class_names : d->target_names;
        what = d->classes ? "class_names" : "target_names";
        fmt = d->classes ? "%d" : "y%d";
    }
    if (!list) {
        snprintf(buf, cap, fmt, i);
        return buf;
    }
    if (list[i] && list[i][0]) return list[i];
    ctx_fail(ctx, NN_ERR_ARG, "%s[%d]: must be a non-empty string", what, i);
    return NULL;
}

nn_status nn_dataset_create(nn_ctx *ctx, const nn_dataset_desc *d, nn_dataset **out) {
    if (!out) return ctx_fail(ctx, NN_ERR_ARG, "out: must not be NULL");
    *out = NULL;
    if (!d || !d->x || !d->y) return ctx_fail(ctx, NN_ERR_ARG, "%s: must not be NULL", !d ? "desc" : !d->x ? "x" : "y");
    const int counts[] = {d->n_train, d->n_test, d->features, d->classes, d->targets};
    static const char *const what[] = {"n_train", "n_test", "n_features", "n_classes", "n_targets"};
    for (int i = 0; i < 5; i++)
        if (counts[i] < 0) return ctx_fail(ctx, NN_ERR_ARG, "%s: must be >= 0 (got %d)", what[i], counts[i]);
    /* The counts are checked as a file's, and an image is opened as a file is: the caller's
     * arrays meet the same rules, reported as bad arguments rather than a bad file. */
    header h = {VERSION, d->classes ? NN_TASK_CLASSIFY : NN_TASK_REGRESS, (uint32_t)d->n_train,
                (uint32_t)d->n_test, (uint32_t)d->features, (uint32_t)d->classes, (uint32_t)d->targets,
                X_F32, 0, 0, 0};
    nn_status st = check_counts(ctx, &h);
    if (st) return NN_ERR_ARG;
    int n_names = 1 + d->features + (d->classes ? d->classes : d->targets);
    char buf[16];
    for (int k = 0; k < n_names; k++) {
        const char *name = image_name(ctx, d, k, buf, sizeof buf);
        if (!name) return NN_ERR_ARG;
        size_t len = strlen(name) + 1;
        if (len > UINT32_MAX - h.names_bytes) return ctx_fail(ctx, NN_ERR_ARG, "names: longer than 4 GB");
        h.names_bytes += (uint32_t)len;
    }
    uint64_t bytes = image_bytes(&h);
    unsigned char *img = bytes <= SIZE_MAX ? malloc((size_t)bytes) : NULL;
    if (!img) return ctx_fail(ctx, NN_ERR_NOMEM, "data set: out of memory for %llu bytes", (unsigned long long)bytes);
    unsigned char *p = img;
    memcpy(p, "NNDS", 4), p += 4;
    const uint32_t fields[] = {h.version, h.task, h.n_train, h.n_test, h.features, h.classes,
                               h.targets, h.x_type, h.names_bytes};
    for (int i = 0; i < 9; i++) p = put32(p, fields[i]);
    for (int k = 0; k < n_names; k++) {
        const char *name = image_name(ctx, d, k, buf, sizeof buf);
        size_t len = strlen(name) + 1;
        memcpy(p, name, len), p += len;
    }
    while ((p - img) % 4) *p++ = 0;
    for (uint64_t i = 0; i < h.n_stats; i++)
        p = put_f32(put_f32(p, d->stats ? d->stats[2 * i] : 0.f), d->stats ? d->stats[2 * i + 1] : 1.f);
    size_t rows = (size_t)d->n_train + (size_t)d->n_test;
    for (size_t i = 0; i < rows * (size_t)d->features; i++) p = put_f32(p, d->x[i]);
    for (size_t i = 0; i < rows * (size_t)d->targets; i++) p = put_f32(p, d->y[i]);
    if ((st = nn_dataset_open(ctx, img, (size_t)bytes, out)) != NN_OK) {
        free(img);
        return st == NN_ERR_FORMAT ? NN_ERR_ARG : st;
    }
    (*out)->owned = img;
    return NN_OK;
}

void nn_dataset_free(nn_dataset *ds) {
    if (!ds) return;
    free(ds->owned);
    free(ds);
}

const char *nn_dataset_name(const nn_dataset *ds) { return ds->names[0]; }
nn_task nn_dataset_task(const nn_dataset *ds) { return ds->task; }
int nn_dataset_features(const nn_dataset *ds) { return ds->features; }
int nn_dataset_classes(const nn_dataset *ds) { return ds->classes; }
int nn_dataset_targets(const nn_dataset *ds) { return ds->targets; }
int nn_dataset_u8(const nn_dataset *ds) { return ds->x_u8; }

int nn_dataset_rows(const nn_dataset *ds, nn_split split) {
    return split == NN_SPLIT_TRAIN || split == NN_SPLIT_TEST ? ds->rows[split] : 0;
}

const char *nn_dataset_feature_name(const nn_dataset *ds, int i) {
    return i >= 0 && i < ds->features ? ds->names[1 + i] : NULL;
}

const char *nn_dataset_class_name(const nn_dataset *ds, int i) {
    return i >= 0 && i < ds->classes ? ds->names[1 + ds->features + i] : NULL;
}

const char *nn_dataset_target_name(const nn_dataset *ds, int i) {
    return ds->task == NN_TASK_REGRESS && i >= 0 && i < ds->targets ? ds->names[1 + ds->features + i] : NULL;
}

/* Statistics pair k of the file's list (features, then targets). */
static void read_stats(const nn_dataset *ds, int k, float *mean, float *std) {
    if (mean) *mean = lef32(ds->stats + 8 * (size_t)k);
    if (std) *std = lef32(ds->stats + 8 * (size_t)k + 4);
}

nn_status nn_dataset_feature_stats(const nn_dataset *ds, int i, float *mean, float *std) {
    if (i < 0 || i >= ds->features)
        return ctx_fail(ds->ctx, NN_ERR_ARG, "feature: expected 0..%d, got %d", ds->features - 1, i);
    read_stats(ds, i, mean, std);
    ctx_clear(ds->ctx);
    return NN_OK;
}

nn_status nn_dataset_target_stats(const nn_dataset *ds, int i, float *mean, float *std) {
    if (ds->task != NN_TASK_REGRESS)
        return ctx_fail(ds->ctx, NN_ERR_ARG, "target: %s is a classification set, it has no target statistics",
                        ds->names[0]);
    if (i < 0 || i >= ds->targets)
        return ctx_fail(ds->ctx, NN_ERR_ARG, "target: expected 0..%d, got %d", ds->targets - 1, i);
    read_stats(ds, ds->features + i, mean, std);
    ctx_clear(ds->ctx);
    return NN_OK;
}

nn_status dataset_check_rows(nn_ctx *ctx, const nn_dataset *ds, nn_split split, int first, int n,
                             int target) {
    if (split != NN_SPLIT_TRAIN && split != NN_SPLIT_TEST)
        return ctx_fail(ctx, NN_ERR_ARG, "split: expected %d (train) or %d (test), got %d",
                        NN_SPLIT_TRAIN, NN_SPLIT_TEST, (int)split);
    int rows = ds->rows[split];
    if (first < 0 || n < 0 || first > rows || n > rows - first)
        return ctx_fail(ctx, NN_ERR_ARG, "rows: [%d, %d+%d) is outside the %s split's %d rows",
                        first, first, n, split == NN_SPLIT_TRAIN ? "train" : "test", rows);
    if (target < 0 || target >= ds->targets)
        return ctx_fail(ctx, NN_ERR_ARG, "target: expected 0..%d, got %d", ds->targets - 1, target);
    return NN_OK;
}

void dataset_rows(const nn_dataset *ds, nn_split split, int first, const int *idx, int n, int target,
                  float *x, float *y) {
    size_t r0 = (size_t)first + (split == NN_SPLIT_TEST ? (size_t)ds->rows[NN_SPLIT_TRAIN] : 0);
    size_t d = (size_t)ds->features;
    for (int i = 0; i < n; i++) {
        size_t r = r0 + (size_t)(idx ? idx[i] : i);
        float *xr = x ? x + (size_t)i * d : NULL;
        if (xr && ds->x_u8) {
            const unsigned char *p = ds->x + r * d;
            for (size_t j = 0; j < d; j++) xr[j] = p[j] / 255.0f;   /* the same division the page does */
        } else if (xr) {
            const unsigned char *p = ds->x + 4 * r * d;
            for (size_t j = 0; j < d; j++) xr[j] = lef32(p + 4 * j);
        }
        if (y) y[i] = lef32(ds->y + 4 * (r * (size_t)ds->targets + (size_t)target));
    }
}

nn_status nn_dataset_read(const nn_dataset *ds, nn_split split, int first, int n, int target,
                          float *x, float *y) {
    nn_status st = dataset_check_rows(ds->ctx, ds, split, first, n, target);
    if (st != NN_OK) return st;
    dataset_rows(ds, split, first, NULL, n, target, x, y);
    ctx_clear(ds->ctx);
    return NN_OK;
}

nn_status nn_dataset_read_u8(const nn_dataset *ds, nn_split split, int first, int n, unsigned char *x) {
    nn_status st = dataset_check_rows(ds->ctx, ds, split, first, n, 0);
    if (st != NN_OK) return st;
    if (!ds->x_u8) return ctx_fail(ds->ctx, NN_ERR_ARG, "x: %s stores its features as floats, not bytes", ds->names[0]);
    if (!x) return ctx_fail(ds->ctx, NN_ERR_ARG, "x is NULL");
    size_t r0 = (size_t)first + (split == NN_SPLIT_TEST ? (size_t)ds->rows[NN_SPLIT_TRAIN] : 0);
    if (n) memcpy(x, ds->x + r0 * (size_t)ds->features, (size_t)n * (size_t)ds->features);
    ctx_clear(ds->ctx);
    return NN_OK;
}
