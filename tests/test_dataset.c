/* test_dataset.c — the NNDS reader: small files written here byte by byte (independently of
 * datasets/nnds.js) are read back exactly; truncated, padded, mislabelled and miscounted files
 * are refused with a message naming the field; sets built in memory from arrays equal the
 * files of the same rows and are refused where a file would be; the sets `make datasets`
 * built are opened and checked against facts known from their sources. */
#include <stdint.h>
#include <stdlib.h>

#include "nn.h"
#include "t.h"

/* ---- a tiny NNDS writer, following docs/datasets.md ---- */

typedef struct {
    unsigned char b[4096];
    size_t n;
} file;

static void put_u32(file *f, uint32_t v) {
    for (int i = 0; i < 4; i++) f->b[f->n++] = (unsigned char)(v >> (8 * i));
}

static void put_f32(file *f, float v) {
    uint32_t u;
    memcpy(&u, &v, 4);
    put_u32(f, u);
}

static void put_names(file *f, const char *const *names, int n) {
    size_t start = f->n + 4;
    f->n += 4;   /* names_bytes, filled in below */
    for (int i = 0; i < n; i++) {
        size_t len = strlen(names[i]) + 1;
        memcpy(f->b + f->n, names[i], len);
        f->n += len;
    }
    uint32_t bytes = (uint32_t)(f->n - start);
    for (int i = 0; i < 4; i++) f->b[start - 4 + (size_t)i] = (unsigned char)(bytes >> (8 * i));
    while (f->n % 4) f->b[f->n++] = 0;
}

/* Offsets of header fields, for the tests that corrupt one. */
enum { OFF_VERSION = 4, OFF_TASK = 8, OFF_TRAIN = 12, OFF_TEST = 16, OFF_FEATURES = 20,
       OFF_CLASSES = 24, OFF_TARGETS = 28, OFF_XTYPE = 32, OFF_NAMES = 36, OFF_NAME0 = 40 };

static void set_u32(file *f, size_t off, uint32_t v) {
    for (int i = 0; i < 4; i++) f->b[off + (size_t)i] = (unsigned char)(v >> (8 * i));
}

/* Iris-like: 3 train + 2 test rows, 2 f32 features, 3 classes. */
static const float CLS_X[5][2] = {{-1.5f, 0.25f}, {2.0f, -0.125f}, {0.0f, 1e-3f}, {3.5f, -7.0f}, {0.5f, 0.75f}};
static const float CLS_Y[5] = {2, 0, 1, 1, 2};
static const char *const CLS_NAMES[] = {"tiny", "petal length", "petal width", "setosa", "versicolor", "virginica"};
static size_t cls_stats_offset, cls_y_offset;   /* for the tests that corrupt a value */

static file classify_file(void) {
    file f = {.n = 0};
    memcpy(f.b, "NNDS", 4);
    f.n = 4;
    put_u32(&f, 1);   /* version */
    put_u32(&f, 0);   /* classify */
    put_u32(&f, 3);   /* n_train */
    put_u32(&f, 2);   /* n_test */
    put_u32(&f, 2);   /* features */
    put_u32(&f, 3);   /* classes */
    put_u32(&f, 1);   /* targets */
    put_u32(&f, 0);   /* x f32 */
    put_names(&f, CLS_NAMES, 6);
    cls_stats_offset = f.n;
    put_f32(&f, 4.5f), put_f32(&f, 2.0f);    /* feature 0: mean, std */
    put_f32(&f, -1.0f), put_f32(&f, 0.5f);   /* feature 1 */
    for (int r = 0; r < 5; r++) put_f32(&f, CLS_X[r][0]), put_f32(&f, CLS_X[r][1]);
    cls_y_offset = f.n;
    for (int r = 0; r < 5; r++) put_f32(&f, CLS_Y[r]);
    return f;
}

/* Regression with two targets and u8 features: 2 train + 1 test rows, 3 features. 9 bytes of
 * x are padded to 12. */
static const unsigned char REG_X[3][3] = {{0, 255, 17}, {128, 1, 254}, {51, 102, 204}};
static const float REG_Y[3][2] = {{0.5f, -0.25f}, {-1.0f, 2.0f}, {1.5f, 0.0f}};
static const char *const REG_NAMES[] = {"houses", "a", "b", "c", "price", "log_price"};

static file regress_file(void) {
    file f = {.n = 0};
    memcpy(f.b, "NNDS", 4);
    f.n = 4;
    put_u32(&f, 1), put_u32(&f, 1), put_u32(&f, 2), put_u32(&f, 1), put_u32(&f, 3);
    put_u32(&f, 0), put_u32(&f, 2), put_u32(&f, 1);   /* classes 0, targets 2, x u8 */
    put_names(&f, REG_NAMES, 6);
    for (int i = 0; i < 3; i++) put_f32(&f, 0.0f), put_f32(&f, 255.0f);
    put_f32(&f, 180000.0f), put_f32(&f, 80000.0f);
    put_f32(&f, 12.0f), put_f32(&f, 0.4f);
    for (int r = 0; r < 3; r++)
        for (int j = 0; j < 3; j++) f.b[f.n++] = REG_X[r][j];
    while (f.n % 4) f.b[f.n++] = 0;
    for (int r = 0; r < 3; r++) put_f32(&f, REG_Y[r][0]), put_f32(&f, REG_Y[r][1]);
    return f;
}

/* ---- tests ---- */

static void classify_reads_back_exactly(void) {
    nn_ctx *ctx = nn_ctx_create();
    file f = classify_file();
    nn_dataset *ds;
    t_ok(nn_dataset_open(ctx, f.b, f.n, &ds) == NN_OK, "open: %s", nn_last_error(ctx));
    if (!ds) { nn_ctx_free(ctx); return; }
    t_ok(!strcmp(nn_dataset_name(ds), "tiny"), "name %s", nn_dataset_name(ds));
    t_ok(nn_dataset_task(ds) == NN_TASK_CLASSIFY, "task");
    t_ok(nn_dataset_rows(ds, NN_SPLIT_TRAIN) == 3 && nn_dataset_rows(ds, NN_SPLIT_TEST) == 2, "rows");
    t_ok(nn_dataset_features(ds) == 2 && nn_dataset_classes(ds) == 3 && nn_dataset_targets(ds) == 1, "counts");
    t_ok(!strcmp(nn_dataset_feature_name(ds, 1), "petal width"), "feature 1 %s", nn_dataset_feature_name(ds, 1));
    t_ok(!strcmp(nn_dataset_class_name(ds, 0), "setosa") && !strcmp(nn_dataset_class_name(ds, 2), "virginica"), "classes");
    t_ok(!nn_dataset_feature_name(ds, 2) && !nn_dataset_feature_name(ds, -1) && !nn_dataset_class_name(ds, 3) &&
             !nn_dataset_target_name(ds, 0), "out-of-range names are NULL");
    float mean, std;
    t_ok(nn_dataset_feature_stats(ds, 1, &mean, &std) == NN_OK && mean == -1.0f && std == 0.5f, "stats %g %g", mean, std);
    t_expect_err(nn_dataset_target_stats(ds, 0, &mean, &std), NN_ERR_ARG, ctx, "classification set");

    float x[6], y[3];
    t_ok(nn_dataset_read(ds, NN_SPLIT_TRAIN, 0, 3, 0, x, y) == NN_OK, "read train: %s", nn_last_error(ctx));
    t_ok(!memcmp(x, CLS_X, sizeof x) && !memcmp(y, CLS_Y, sizeof y), "train rows read back bit-exactly");
    t_ok(nn_dataset_read(ds, NN_SPLIT_TEST, 1, 1, 0, x, y) == NN_OK, "read test");
    t_ok(x[0] == 0.5f && x[1] == 0.75f && y[0] == 2.0f, "test row 1 is file row 4: %g %g %g", x[0], x[1], y[0]);
    t_ok(nn_dataset_read(ds, NN_SPLIT_TEST, 2, 0, 0, x, NULL) == NN_OK, "an empty read at the end is fine");

    t_expect_err(nn_dataset_read(ds, NN_SPLIT_TEST, 1, 2, 0, x, y), NN_ERR_ARG, ctx, "outside the test split's 2 rows");
    t_expect_err(nn_dataset_read(ds, NN_SPLIT_TRAIN, -1, 1, 0, x, y), NN_ERR_ARG, ctx, "rows");
    t_expect_err(nn_dataset_read(ds, NN_SPLIT_TRAIN, 0, 1, 1, x, y), NN_ERR_ARG, ctx, "target: expected 0..0, got 1");
    t_expect_err(nn_dataset_read(ds, (nn_split)2, 0, 1, 0, x, y), NN_ERR_ARG, ctx, "split");
    t_expect_err(nn_dataset_feature_stats(ds, 2, &mean, &std), NN_ERR_ARG, ctx, "feature: expected 0..1, got 2");
    nn_dataset_free(ds);
    nn_ctx_free(ctx);
}

static void regress_u8_reads_back_exactly(void) {
    nn_ctx *ctx = nn_ctx_create();
    file f = regress_file();
    nn_dataset *ds;
    t_ok(nn_dataset_open(ctx, f.b, f.n, &ds) == NN_OK, "open: %s", nn_last_error(ctx));
    if (!ds) { nn_ctx_free(ctx); return; }
    t_ok(nn_dataset_task(ds) == NN_TASK_REGRESS && nn_dataset_classes(ds) == 0 && nn_dataset_targets(ds) == 2, "counts");
    t_ok(!strcmp(nn_dataset_target_name(ds, 1), "log_price") && !nn_dataset_class_name(ds, 0), "target names");
    float mean, std;
    t_ok(nn_dataset_target_stats(ds, 1, &mean, &std) == NN_OK && mean == 12.0f && std == 0.4f, "target stats");
    t_ok(nn_dataset_feature_stats(ds, 2, &mean, &std) == NN_OK && mean == 0.0f && std == 255.0f, "pixel stats");
    float x[9], y[3];
    t_ok(nn_dataset_read(ds, NN_SPLIT_TRAIN, 0, 2, 1, x, y) == NN_OK, "read: %s", nn_last_error(ctx));
    int exact = 1;
    for (int i = 0; i < 6; i++) exact &= x[i] == REG_X[i / 3][i % 3] / 255.0f;
    t_ok(exact && x[0] == 0.0f && x[1] == 1.0f, "bytes read as byte/255");
    t_ok(y[0] == -0.25f && y[1] == 2.0f, "target column 1: %g %g", y[0], y[1]);
    t_ok(nn_dataset_read(ds, NN_SPLIT_TEST, 0, 1, 0, x, y) == NN_OK && y[0] == 1.5f && x[2] == 204 / 255.0f,
         "test row after the 2 training rows");
    nn_dataset_free(ds);
    nn_ctx_free(ctx);
}

/* Opening f must fail with NN_ERR_FORMAT and a message containing want; *out is NULL. */
static void refused(file *f, size_t len, const char *want) {
    nn_ctx *ctx = nn_ctx_create();
    nn_dataset *ds = (nn_dataset *)&ds;   /* not NULL, so the test sees open reset it */
    t_expect_err(nn_dataset_open(ctx, f->b, len, &ds), NN_ERR_FORMAT, ctx, want);
    t_ok(ds == NULL, "*out is NULL after a refusal (%s)", want);
    nn_ctx_free(ctx);
}

static void every_truncation_refused(void) {
    file files[2] = {classify_file(), regress_file()};
    for (int k = 0; k < 2; k++) {
        nn_ctx *ctx = nn_ctx_create();
        int accepted = 0;
        for (size_t len = 0; len < files[k].n; len++) {
            nn_dataset *ds;
            nn_status st = nn_dataset_open(ctx, files[k].b, len, &ds);
            if (st != NN_ERR_FORMAT || !strstr(nn_last_error(ctx), len < 40 ? "header" : "truncated")) {
                accepted++;
                printf("  length %zu: status %d, \"%s\"\n", len, st, nn_last_error(ctx));
            }
            nn_dataset_free(ds);
        }
        t_ok(accepted == 0, "file %d: %d of %zu truncations not refused as truncated", k, accepted, files[k].n);
        nn_ctx_free(ctx);
    }
    file f = classify_file();
    refused(&f, 0, "expected at least 40 bytes for the header, got 0");
    f.b[f.n++] = 0;
    refused(&f, f.n, "trailing bytes");
}

static void bad_header_fields_refused(void) {
    file f = classify_file();
    f.b[0] = 'P', f.b[1] = 'K';
    refused(&f, f.n, "magic: expected 4e 4e 44 53 (\"NNDS\"), got 50 4b 44 53");

    struct { size_t off; uint32_t v; const char *want; } cases[] = {
        {OFF_VERSION, 2, "version: expected 1, got 2"},
        {OFF_TASK, 2, "task: expected 0..1 (0 classify, 1 regress), got 2"},
        {OFF_TRAIN, 0, "n_train: expected 1..2147483647, got 0"},
        {OFF_TRAIN, 4, "length: expected"},                       /* one row more than the file holds */
        {OFF_TRAIN, 2, "trailing bytes, or counts too small"},
        {OFF_TRAIN, 0x80000000u, "n_train: expected 1..2147483647, got 2147483648"},
        {OFF_TEST, 0x7fffffffu, "n_test: expected 0..2147483644"},
        {OFF_FEATURES, 0, "n_features: expected 1..16777216, got 0"},
        {OFF_FEATURES, 3, "length: expected"},
        {OFF_FEATURES, 0xffffffffu, "n_features: expected 1..16777216, got 4294967295"},
        {OFF_CLASSES, 1, "n_classes: expected 2..65536 for a classification set, got 1"},
        {OFF_CLASSES, 4, "names: expected 7 NUL-terminated names"},
        {OFF_TARGETS, 2, "n_targets: expected 1..1 for a classification set, got 2"},
        {OFF_XTYPE, 2, "x_type: expected 0..1 (0 f32, 1 u8), got 2"},
        {OFF_XTYPE, 1, "length: expected"},
        {OFF_NAMES, 0xffffffffu, "length: expected"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        file g = classify_file();
        set_u32(&g, cases[i].off, cases[i].v);
        refused(&g, g.n, cases[i].want);
    }
    file g = classify_file();
    set_u32(&g, OFF_TASK, 1);   /* a classification file relabelled as regression */
    refused(&g, g.n, "n_classes: expected 0..0 for a regression set, got 3");
}

static void bad_names_refused(void) {
    file f = classify_file();
    /* The six names take 58 bytes; counting 57 cuts off the last one's NUL (the padded
     * length, 60, stays the same, so only the names check can see it). */
    set_u32(&f, OFF_NAMES, 57);
    refused(&f, f.n, "names: expected 6 NUL-terminated names, the 57-byte block ends after 5");
    f = classify_file();
    set_u32(&f, OFF_NAMES, 59);   /* takes in a padding byte: a seventh, empty name */
    refused(&f, f.n, "names: expected 6 names filling 59 bytes, 1 bytes are left over");
    f = classify_file();
    f.b[OFF_NAME0] = '\0';   /* "tiny" becomes "" + "iny" */
    refused(&f, f.n, "names: name 0 is empty");
}

static void bad_values_refused(void) {
    const struct { float v; const char *want; } labels[] = {
        {3.0f, "label of row 2: expected a class index 0..2, got 3"},
        {-1.0f, "got -1"},
        {1.5f, "got 1.5"},
        {NAN, "got nan"},
    };
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++) {
        file f = classify_file();
        size_t n = f.n;
        f.n = cls_y_offset + 8;   /* row 2 */
        put_f32(&f, labels[i].v);
        f.n = n;
        refused(&f, f.n, labels[i].want);
    }
    file f = classify_file();
    size_t n = f.n;
    f.n = cls_y_offset - 4;   /* row 4, feature 1 */
    put_f32(&f, INFINITY);
    f.n = n;
    refused(&f, f.n, "x of row 4, feature 1: expected a finite number, got inf");

    f = classify_file();
    f.n = cls_stats_offset + 4;   /* feature 0's std */
    put_f32(&f, 0.0f);
    f.n = n;
    refused(&f, f.n, "feature 0 std: expected a finite number > 0, got 0");

    file g = regress_file();
    g.n -= 4;                 /* the last target value */
    put_f32(&g, NAN);
    refused(&g, g.n, "target of row 2, column 1: expected a finite number, got nan");
}

static void bad_arguments_refused(void) {
    nn_ctx *ctx = nn_ctx_create();
    file f = classify_file();
    nn_dataset *ds;
    t_expect_err(nn_dataset_open(ctx, NULL, 100, &ds), NN_ERR_ARG, ctx, "buf: must not be NULL");
    t_ok(ds == NULL, "*out reset");
    t_expect_err(nn_dataset_open(ctx, f.b, f.n, NULL), NN_ERR_ARG, ctx, "out: must not be NULL");
    nn_ctx_free(ctx);
}

/* The stored bytes of a u8 set come back as they are; a float set has none to give. */
static void stored_bytes(void) {
    nn_ctx *ctx = nn_ctx_create();
    file f = regress_file();
    nn_dataset *ds;
    t_ok(nn_dataset_open(ctx, f.b, f.n, &ds) == NN_OK, "open: %s", nn_last_error(ctx));
    if (!ds) { nn_ctx_free(ctx); return; }
    unsigned char b[9] = {0};
    t_ok(nn_dataset_u8(ds) == 1, "u8");
    t_ok(nn_dataset_read_u8(ds, NN_SPLIT_TRAIN, 1, 2, b) == NN_ERR_ARG, "train has 2 rows");
    t_ok(nn_dataset_read_u8(ds, NN_SPLIT_TRAIN, 0, 2, b) == NN_OK && !memcmp(b, REG_X, 6), "train bytes");
    t_ok(nn_dataset_read_u8(ds, NN_SPLIT_TEST, 0, 1, b) == NN_OK && !memcmp(b, REG_X[2], 3), "test bytes");
    nn_dataset_free(ds);
    file g = classify_file();
    t_ok(nn_dataset_open(ctx, g.b, g.n, &ds) == NN_OK && nn_dataset_u8(ds) == 0, "f32 set");
    t_expect_err(nn_dataset_read_u8(ds, NN_SPLIT_TRAIN, 0, 1, b), NN_ERR_ARG, ctx, "tiny stores its features as floats");
    nn_dataset_free(ds);
    nn_ctx_free(ctx);
}

/* ---- data sets built in memory ---- */

/* The classification file's rows and names, given as arrays, make the same set: every
 * accessor and row agrees with the opened file's, to the bit. */
static void created_equals_file(void) {
    nn_ctx *ctx = nn_ctx_create();
    file f = classify_file();
    const float stats[4] = {4.5f, 2.0f, -1.0f, 0.5f};
    nn_dataset_desc d = {.name = "tiny", .n_train = 3, .n_test = 2, .features = 2, .classes = 3,
                         .targets = 1, .x = &CLS_X[0][0], .y = CLS_Y, .feature_names = CLS_NAMES + 1,
                         .class_names = CLS_NAMES + 3, .stats = stats};
    nn_dataset *a, *b;
    t_ok(nn_dataset_create(ctx, &d, &a) == NN_OK, "create: %s", nn_last_error(ctx));
    t_ok(nn_dataset_open(ctx, f.b, f.n, &b) == NN_OK, "open: %s", nn_last_error(ctx));
    if (!a || !b) { nn_dataset_free(a), nn_dataset_free(b), nn_ctx_free(ctx); return; }
    t_ok(!strcmp(nn_dataset_name(a), "tiny") && nn_dataset_task(a) == NN_TASK_CLASSIFY && nn_dataset_u8(a) == 0 &&
             nn_dataset_rows(a, NN_SPLIT_TRAIN) == 3 && nn_dataset_rows(a, NN_SPLIT_TEST) == 2 &&
             nn_dataset_features(a) == 2 && nn_dataset_classes(a) == 3 && nn_dataset_targets(a) == 1, "counts");
    for (int i = 0; i < 3; i++)
        t_ok(!strcmp(nn_dataset_class_name(a, i), nn_dataset_class_name(b, i)), "class %d", i);
    t_ok(!strcmp(nn_dataset_feature_name(a, 1), "petal width"), "feature 1");
    float ma, sa, mb, sb, xa[10], ya[5], xb[10], yb[5];
    nn_dataset_feature_stats(a, 1, &ma, &sa), nn_dataset_feature_stats(b, 1, &mb, &sb);
    t_ok(ma == mb && sa == sb, "stats %g %g", ma, sa);
    for (nn_split sp = NN_SPLIT_TRAIN; sp <= NN_SPLIT_TEST; sp++) {
        int n = nn_dataset_rows(a, sp);
        nn_dataset_read(a, sp, 0, n, 0, xa, ya), nn_dataset_read(b, sp, 0, n, 0, xb, yb);
        t_ok(!memcmp(xa, xb, (size_t)n * 2 * sizeof *xa) && !memcmp(ya, yb, (size_t)n * sizeof *ya), "split %d", sp);
    }
    nn_dataset_free(b);
    nn_dataset_free(a);

    /* Without names or statistics: the defaults; the copy outlives the caller's arrays. */
    float x[6] = {1, 2, 3, 4, 5, 6}, y[6] = {0.5f, -1, 2, 0, 1e3f, 7};
    nn_dataset_desc r = {.n_train = 2, .n_test = 1, .features = 2, .targets = 2, .x = x, .y = y};
    t_ok(nn_dataset_create(ctx, &r, &a) == NN_OK, "create: %s", nn_last_error(ctx));
    x[0] = y[1] = 99;
    t_ok(!strcmp(nn_dataset_name(a), "data") && !strcmp(nn_dataset_feature_name(a, 1), "x1") &&
             !strcmp(nn_dataset_target_name(a, 1), "y1") && nn_dataset_task(a) == NN_TASK_REGRESS, "defaults");
    t_ok(nn_dataset_target_stats(a, 1, &ma, &sa) == NN_OK && ma == 0 && sa == 1, "raw values: stats 0, 1");
    t_ok(nn_dataset_read(a, NN_SPLIT_TRAIN, 0, 2, 1, xa, ya) == NN_OK && xa[0] == 1 && ya[0] == -1 && ya[1] == 0,
         "a copy: x %g, y %g %g", xa[0], ya[0], ya[1]);
    t_ok(nn_dataset_read(a, NN_SPLIT_TEST, 0, 1, 0, xa, ya) == NN_OK && xa[1] == 6 && ya[0] == 1e3f, "test row");
    nn_dataset_free(a);
    nn_dataset_desc c = {.n_train = 4, .features = 1, .classes = 2, .targets = 1, .x = x, .y = CLS_Y};
    t_ok(nn_dataset_create(ctx, &c, &a) == NN_ERR_ARG, "labels 0..2 for 2 classes");
    c.y = (const float[]){0, 1, 1, 0};
    t_ok(nn_dataset_create(ctx, &c, &a) == NN_OK && !strcmp(nn_dataset_class_name(a, 1), "1") &&
             nn_dataset_rows(a, NN_SPLIT_TEST) == 0, "default class names, no test rows");
    nn_dataset_free(a);
    nn_ctx_free(ctx);
}

/* What a file may not hold, the caller may not give: refused as a bad argument, *out NULL. */
static void create_refuses(nn_dataset_desc d, const char *want) {
    nn_ctx *ctx = nn_ctx_create();
    nn_dataset *ds = (nn_dataset *)&ds;
    t_expect_err(nn_dataset_create(ctx, &d, &ds), NN_ERR_ARG, ctx, want);
    t_ok(ds == NULL, "*out is NULL after a refusal (%s)", want);
    nn_ctx_free(ctx);
}

static void bad_created_refused(void) {
    const float x[6] = {1, 2, 3, NAN, 5, 6}, y[3] = {0, 1, 2};
    const char *const names[] = {"a", ""}, *const two[] = {"a", NULL};
    const float bad_std[4] = {0, -1, 0, 1};   /* feature 0, target 0 */
    nn_dataset_desc ok = {.n_train = 2, .n_test = 1, .features = 1, .classes = 3, .targets = 1, .x = x, .y = y};
    nn_dataset_desc d = ok;
    d.n_test = -1;
    create_refuses(d, "n_test: must be >= 0 (got -1)");
    d = ok, d.n_train = 0;
    create_refuses(d, "n_train: expected 1..2147483647, got 0");
    d = ok, d.features = 0;
    create_refuses(d, "n_features: expected 1..16777216, got 0");
    d = ok, d.classes = 1;
    create_refuses(d, "n_classes: expected 2..65536 for a classification set, got 1");
    d = ok, d.targets = 2;
    create_refuses(d, "n_targets: expected 1..1 for a classification set, got 2");
    d = ok, d.x = NULL;
    create_refuses(d, "x: must not be NULL");
    d = ok, d.features = 2;   /* row 1's second value is the NaN */
    create_refuses(d, "x of row 1, feature 1: expected a finite number, got nan");
    d = ok, d.classes = 2;
    create_refuses(d, "label of row 2: expected a class index 0..1, got 2");
    d = ok, d.name = "";
    create_refuses(d, "name: must not be empty");
    d = ok, d.features = 2, d.x = (const float[]){1, 2, 3, 4, 5, 6}, d.feature_names = names;
    create_refuses(d, "feature_names[1]: must be a non-empty string");
    d.feature_names = two;
    create_refuses(d, "feature_names[1]: must be a non-empty string");
    d = ok, d.class_names = names;
    create_refuses(d, "class_names[1]: must be a non-empty string");
    d = ok, d.classes = 0, d.y = (const float[]){0.5f, 1, 2}, d.stats = (const float[]){0, 1, 0, 0};
    create_refuses(d, "target 0 std: expected a finite number > 0, got 0");
    d.stats = bad_std;
    create_refuses(d, "feature 0 std: expected a finite number > 0, got -1");
    nn_ctx *ctx = nn_ctx_create();
    t_expect_err(nn_dataset_create(ctx, &ok, NULL), NN_ERR_ARG, ctx, "out: must not be NULL");
    nn_ctx_free(ctx);
}

/* ---- the sets `make datasets` built (make test builds them first) ---- */

static unsigned char *slurp(const char *path, size_t *len) {
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    unsigned char *b = n > 0 ? malloc((size_t)n) : NULL;
    if (b && fread(b, 1, (size_t)n, fp) != (size_t)n) free(b), b = NULL;
    fclose(fp);
    *len = (size_t)n;
    return b;
}

static void built_sets_open(void) {
    static const struct {
        const char *name;
        nn_task task;
        int train, test, features, classes, targets;
        const char *class0, *last_name;   /* first class name; last class or target name */
    } sets[] = {
        {"mnist", NN_TASK_CLASSIFY, 60000, 10000, 784, 10, 1, "0", "9"},
        {"ames", NN_TASK_REGRESS, 2344, 586, 314, 0, 2, NULL, "log_Sale_Price"},
        {"sacramento", NN_TASK_REGRESS, 746, 186, 113, 0, 2, NULL, "log_price"},
        {"churn", NN_TASK_CLASSIFY, 5634, 1409, 40, 2, 1, "No", "Yes"},
        {"iris", NN_TASK_CLASSIFY, 120, 30, 4, 3, 1, "setosa", "virginica"},
        {"wine", NN_TASK_CLASSIFY, 142, 36, 13, 3, 1, "class_0", "class_2"},
        {"breast_cancer", NN_TASK_CLASSIFY, 456, 113, 30, 2, 1, "malignant", "benign"},
    };
    nn_ctx *ctx = nn_ctx_create();
    for (size_t i = 0; i < sizeof sets / sizeof *sets; i++) {
        char path[256];
        snprintf(path, sizeof path, "datasets/out/%s.nnds", sets[i].name);
        size_t len;
        unsigned char *b = slurp(path, &len);
        t_ok(b != NULL, "%s missing: run `make datasets` from the repository root", path);
        if (!b) continue;
        nn_dataset *ds;
        t_ok(nn_dataset_open(ctx, b, len, &ds) == NN_OK, "%s: %s", path, nn_last_error(ctx));
        if (ds) {
            int last = sets[i].task == NN_TASK_CLASSIFY ? sets[i].classes - 1 : sets[i].targets - 1;
            const char *last_name = sets[i].task == NN_TASK_CLASSIFY ? nn_dataset_class_name(ds, last)
                                                                      : nn_dataset_target_name(ds, last);
            t_ok(!strcmp(nn_dataset_name(ds), sets[i].name) && nn_dataset_task(ds) == sets[i].task &&
                     nn_dataset_rows(ds, NN_SPLIT_TRAIN) == sets[i].train &&
                     nn_dataset_rows(ds, NN_SPLIT_TEST) == sets[i].test &&
                     nn_dataset_features(ds) == sets[i].features && nn_dataset_classes(ds) == sets[i].classes &&
                     nn_dataset_targets(ds) == sets[i].targets && !strcmp(last_name, sets[i].last_name) &&
                     (!sets[i].class0 || !strcmp(nn_dataset_class_name(ds, 0), sets[i].class0)),
                 "%s: counts or names differ from the recipe", sets[i].name);
            if (!strcmp(sets[i].name, "mnist")) {
                /* Known from the IDX files: the first training digit is a 5, the first test digit a 7;
                 * pixel (row 14, column 14) of the 5 is ink. */
                float x[784], y;
                nn_dataset_read(ds, NN_SPLIT_TRAIN, 0, 1, 0, x, &y);
                float lo = 1, hi = 0;
                for (int j = 0; j < 784; j++) lo = fminf(lo, x[j]), hi = fmaxf(hi, x[j]);
                t_ok(y == 5 && lo == 0 && hi == 1, "mnist train 0: label %g, pixels in [%g, %g]", y, lo, hi);
                nn_dataset_read(ds, NN_SPLIT_TEST, 0, 1, 0, x, &y);
                t_ok(y == 7, "mnist test 0: label %g, want 7", y);
            }
            if (!strcmp(sets[i].name, "ames")) {
                /* The targets are standardized with training statistics: their training mean is 0. */
                float y[2344], mean, std;
                nn_dataset_read(ds, NN_SPLIT_TRAIN, 0, 2344, 1, NULL, y);
                double s = 0;
                for (int r = 0; r < 2344; r++) s += y[r];
                nn_dataset_target_stats(ds, 1, &mean, &std);
                t_ok(fabs(s / 2344) < 1e-5 && mean > 11.5f && mean < 12.5f && std > 0.2f && std < 0.6f,
                     "ames ln price: standardized mean %g, raw mean %g std %g", s / 2344, mean, std);
            }
            nn_dataset_free(ds);
        }
        free(b);
    }
    nn_ctx_free(ctx);
}

int main(void) {
    t_run(classify_reads_back_exactly);
    t_run(regress_u8_reads_back_exactly);
    t_run(every_truncation_refused);
    t_run(bad_header_fields_refused);
    t_run(bad_names_refused);
    t_run(bad_values_refused);
    t_run(bad_arguments_refused);
    t_run(stored_bytes);
    t_run(created_equals_file);
    t_run(bad_created_refused);
    t_run(built_sets_open);
    return t_results();
}
