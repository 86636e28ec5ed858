/* test_rows.c — models on a data set's rows: training from the stored rows gives the very
 * parameters that training on the same rows as float arrays gives (MNIST's bytes, iris's and
 * Ames's floats, a set built in memory), evaluation and prediction agree to the bit, an epoch
 * in pieces is the epoch in one call, other rows start a new epoch, and bad rows, ranges,
 * targets and shapes are refused with messages, changing nothing. */
#include <limits.h>
#include <stdlib.h>

#include "nn.h"
#include "t.h"
#include "t_model.h"

static nn_ctx *ctx;

/* A built set from datasets/out/ (make test builds them first); *buf must outlive it. */
static nn_dataset *open_set(const char *name, unsigned char **buf) {
    char path[256];
    snprintf(path, sizeof path, "datasets/out/%s.nnds", name);
    FILE *fp = fopen(path, "rb");
    t_ok(fp != NULL, "%s missing: run `make datasets` from the repository root", path);
    if (!fp) return NULL;
    fseek(fp, 0, SEEK_END);
    long len = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    *buf = malloc((size_t)len);
    nn_dataset *ds = NULL;
    if (*buf && fread(*buf, 1, (size_t)len, fp) == (size_t)len)
        t_ok(nn_dataset_open(ctx, *buf, (size_t)len, &ds) == NN_OK, "%s: %s", path, nn_last_error(ctx));
    fclose(fp);
    return ds;
}

static int same_params(nn_model *a, nn_model *b) {
    size_t P = nn_params_count(a);
    float *pa = malloc(P * sizeof *pa), *pb = malloc(P * sizeof *pb);
    nn_params_read(a, pa, P), nn_params_read(b, pb, P);
    int same = memcmp(pa, pb, P * sizeof *pa) == 0;
    free(pa), free(pb);
    return same;
}

/* Two models of one spec: `a` trains `epochs` epochs on rows as float arrays read with
 * nn_dataset_read, `b` on the same rows straight from the set; then both are scored on the
 * test split both ways. Everything must agree to the bit. */
static void same_as_arrays(const char *what, nn_dataset *ds, nn_rows rows, int epochs, int batch,
                           const char *const *spec) {
    nn_model *a = make(ctx, spec), *b = make(ctx, spec);
    int d = nn_dataset_features(ds), nt = nn_dataset_rows(ds, NN_SPLIT_TEST);
    float *x = malloc(sizeof(float) * (size_t)d * (size_t)rows.n), *y = malloc(sizeof(float) * (size_t)rows.n);
    float *tx = malloc(sizeof(float) * (size_t)d * (size_t)nt), *ty = malloc(sizeof(float) * (size_t)nt);
    int outputs = nn_model_spec(a)->sizes[nn_model_spec(a)->n_layers - 1];
    float *pa = malloc(sizeof(float) * (size_t)outputs * (size_t)nt), *pb = malloc(sizeof(float) * (size_t)outputs * (size_t)nt);
    t_ok(nn_dataset_read(ds, rows.split, rows.first, rows.n, rows.target, x, y) == NN_OK, "%s: read", what);
    t_ok(nn_dataset_read(ds, NN_SPLIT_TEST, 0, nt, rows.target, tx, ty) == NN_OK, "%s: read test", what);
    for (int e = 0; e < epochs; e++) {
        float la, lb;
        int done = 0;
        t_ok(nn_model_train_epoch(a, x, y, rows.n, batch, &la) == NN_OK, "%s: %s", what, nn_last_error(ctx));
        t_ok(nn_model_train_rows(b, &rows, batch, INT_MAX, &lb, &done) == NN_OK, "%s: %s", what, nn_last_error(ctx));
        t_ok(la == lb && done, "%s epoch %d: loss %.9g from arrays, %.9g from rows (done %d)", what, e, la, lb, done);
    }
    t_ok(nn_model_steps(a) == nn_model_steps(b) && nn_model_steps(a) > epochs, "%s: steps", what);
    t_ok(same_params(a, b), "%s: parameters differ", what);
    nn_rows test = {ds, NN_SPLIT_TEST, 0, nt, rows.target};
    nn_eval ea, eb;
    t_ok(nn_model_evaluate(a, tx, ty, nt, &ea) == NN_OK && nn_model_evaluate_rows(b, &test, &eb) == NN_OK,
         "%s: evaluate: %s", what, nn_last_error(ctx));
    t_ok(!memcmp(&ea, &eb, sizeof ea), "%s: evaluate %g %g %g vs %g %g %g", what, ea.loss, ea.accuracy, ea.r2,
         eb.loss, eb.accuracy, eb.r2);
    t_ok(nn_model_predict(a, tx, nt, pa) == NN_OK && nn_model_predict_rows(b, &test, pb) == NN_OK,
         "%s: predict: %s", what, nn_last_error(ctx));
    t_ok(!memcmp(pa, pb, sizeof(float) * (size_t)outputs * (size_t)nt), "%s: predictions differ", what);
    printf("  %s: test loss %.4f, accuracy %.3f, r2 %.3f\n", what, eb.loss, eb.accuracy, eb.r2);
    free(x), free(y), free(tx), free(ty), free(pa), free(pb);
    nn_model_free(a), nn_model_free(b);
}

/* MNIST's pixels are bytes: the rows gathered for training are scaled by 1/255 exactly as
 * nn_dataset_read scales them, or the parameters would part after the first step. */
static void test_mnist_bytes(void) {
    unsigned char *buf = NULL;
    nn_dataset *ds = open_set("mnist", &buf);
    if (ds) {
        /* A slice that does not start at row 0, 1001 rows: batches of 50 leave a last one of 1. */
        nn_rows rows = {ds, NN_SPLIT_TRAIN, 3000, 1001, 0};
        same_as_arrays("mnist", ds, rows, 2, 50,
                       (const char *const[]){"inputs", "784", "layers", "16,10", "activations", "relu,softmax",
                                             "loss", "softmax_ce", "optimizer", "adam", "lr", "0.005",
                                             "dropout", "0.1", "seed", "11", NULL});
        float x[784], ref[784];
        nn_dataset_read(ds, NN_SPLIT_TEST, 9, 1, 0, ref, NULL);
        unsigned char b[784];
        nn_dataset_read_u8(ds, NN_SPLIT_TEST, 9, 1, b);
        for (int j = 0; j < 784; j++) x[j] = b[j] / 255.0f;
        t_ok(!memcmp(x, ref, sizeof x), "nn_dataset_read gives byte/255");
    }
    nn_dataset_free(ds);
    free(buf);
}

static void test_floats(void) {
    unsigned char *buf = NULL;
    nn_dataset *ds = open_set("iris", &buf);
    if (ds)
        same_as_arrays("iris, batch norm", ds, (nn_rows){ds, NN_SPLIT_TRAIN, 0, 120, 0}, 20, 16,
                       (const char *const[]){"inputs", "4", "layers", "8,3", "activations", "tanh,softmax",
                                             "loss", "softmax_ce", "batchnorm", "1", "optimizer", "momentum",
                                             "lr", "0.05", "seed", "2", NULL});
    nn_dataset_free(ds);
    free(buf);
    /* Ames's second target column, ln price, by regression. */
    ds = open_set("ames", &buf);
    if (ds)
        same_as_arrays("ames ln price", ds, (nn_rows){ds, NN_SPLIT_TRAIN, 100, 2000, 1}, 3, 64,
                       (const char *const[]){"inputs", "314", "layers", "16,1", "activations", "relu,linear",
                                             "loss", "mse", "optimizer", "adam", "lr", "0.003", "l2", "0.001",
                                             "seed", "3", NULL});
    nn_dataset_free(ds);
    free(buf);
}

/* The circle set built in memory trains from its rows as from the arrays it was built from. */
static void test_in_memory(void) {
    enum { N = 200 };
    float x[2 * N], y[N];
    nn_toy_generate(ctx, NN_TOY_CIRCLE, N, 0.1f, 2, 4, x, y);
    nn_dataset_desc d = {.n_train = 150, .n_test = 50, .features = 2, .classes = 2, .targets = 1, .x = x, .y = y};
    nn_dataset *ds;
    t_ok(nn_dataset_create(ctx, &d, &ds) == NN_OK, "create: %s", nn_last_error(ctx));
    same_as_arrays("circle", ds, (nn_rows){ds, NN_SPLIT_TRAIN, 0, 150, 0}, 30, 10,
                   (const char *const[]){"layers", "6,1", "activations", "tanh,sigmoid", "lr", "0.3", NULL});
    nn_dataset_free(ds);
}

/* An epoch run in calls of 3 steps is the epoch in one call; rows other than the epoch's start
 * a new one (a whole epoch of steps), where continuing would have run only what was left. */
static void test_pieces(void) {
    enum { N = 95 };
    float x[2 * N], y[N];
    nn_toy_generate(ctx, NN_TOY_XOR, N, 0.1f, 2, 5, x, y);
    nn_dataset_desc d = {.n_train = N, .features = 2, .classes = 2, .targets = 1, .x = x, .y = y};
    nn_dataset *ds;
    nn_dataset_create(ctx, &d, &ds);
    nn_model *a = MODEL("layers", "5,1", "activations", "tanh,sigmoid", "dropout", "0.1");
    nn_model *b = MODEL("layers", "5,1", "activations", "tanh,sigmoid", "dropout", "0.1");
    nn_rows rows = {ds, NN_SPLIT_TRAIN, 0, N, 0};
    for (int e = 0; e < 2; e++) nn_model_train_rows(a, &rows, 10, INT_MAX, NULL, NULL);
    int done = 0, calls = 0, epochs = 0;
    while (epochs < 2 && calls < 20) {
        t_ok(nn_model_train_rows(b, &rows, 10, 3, NULL, &done) == NN_OK, "%s", nn_last_error(ctx));
        epochs += done, calls++;
    }
    t_ok(calls == 8, "10 batches per epoch in calls of 3: 4 calls an epoch (%d)", calls);
    t_ok(same_params(a, b), "pieces train exactly as whole epochs");

    long before = nn_model_steps(b);
    nn_model_train_rows(b, &rows, 10, 3, NULL, &done);   /* 3 of the epoch's 10 steps */
    nn_rows other = {ds, NN_SPLIT_TRAIN, 5, N - 5, 0};   /* 90 rows: 9 batches */
    t_ok(nn_model_train_rows(b, &other, 10, INT_MAX, NULL, &done) == NN_OK && done, "%s", nn_last_error(ctx));
    t_ok(nn_model_steps(b) - before == 3 + 9, "other rows: a new epoch of 9 steps (%ld)", nn_model_steps(b) - before);
    before = nn_model_steps(b);
    nn_model_train_rows(b, &rows, 10, 3, NULL, &done);
    t_ok(nn_model_train_rows(b, &rows, 20, INT_MAX, NULL, &done) == NN_OK && nn_model_steps(b) - before == 3 + 5,
         "another batch size: a new epoch of 5 steps (%ld)", nn_model_steps(b) - before - 3);
    before = nn_model_steps(b);
    nn_model_train_rows(b, &rows, 10, 3, NULL, &done);
    t_ok(nn_model_train_steps(b, x, y, N, 10, INT_MAX, NULL, &done) == NN_OK && nn_model_steps(b) - before == 3 + 10,
         "the same rows as arrays: a new epoch (%ld)", nn_model_steps(b) - before - 3);
    nn_model_free(a), nn_model_free(b);
    nn_dataset_free(ds);
}

static void test_refused(void) {
    unsigned char *buf = NULL, *abuf = NULL;
    nn_dataset *iris = open_set("iris", &buf), *ames = open_set("ames", &abuf);
    if (!iris || !ames) {
        nn_dataset_free(iris), nn_dataset_free(ames), free(buf), free(abuf);
        return;
    }
    nn_model *m = MODEL("inputs", "4", "layers", "5,3", "activations", "relu,softmax", "loss", "softmax_ce");
    size_t P = nn_params_count(m);
    float before[64], after[64], out[4 * 30];
    nn_params_read(m, before, P);
    nn_eval ev;
    nn_rows r = {iris, NN_SPLIT_TRAIN, 0, 120, 0};
    t_expect_err(nn_model_train_rows(m, NULL, 10, 1, NULL, NULL), NN_ERR_ARG, ctx, "rows is NULL");
    r.ds = NULL;
    t_expect_err(nn_model_evaluate_rows(m, &r, &ev), NN_ERR_ARG, ctx, "rows: ds is NULL");
    r.ds = iris, r.split = (nn_split)2;
    t_expect_err(nn_model_train_rows(m, &r, 10, 1, NULL, NULL), NN_ERR_ARG, ctx, "split: expected 0 (train) or 1 (test), got 2");
    r.split = NN_SPLIT_TEST;
    t_expect_err(nn_model_predict_rows(m, &r, out), NN_ERR_ARG, ctx, "rows: [0, 0+120) is outside the test split's 30 rows");
    r.split = NN_SPLIT_TRAIN, r.first = -1, r.n = 10;
    t_expect_err(nn_model_train_rows(m, &r, 10, 1, NULL, NULL), NN_ERR_ARG, ctx, "rows: [-1, -1+10)");
    r.first = 115;
    t_expect_err(nn_model_evaluate_rows(m, &r, &ev), NN_ERR_ARG, ctx, "outside the train split's 120 rows");
    r.first = 120, r.n = 0;
    t_expect_err(nn_model_train_rows(m, &r, 10, 1, NULL, NULL), NN_ERR_ARG, ctx, "n: need at least 1 sample (got 0)");
    r.first = 0, r.n = 120, r.target = 1;
    t_expect_err(nn_model_train_rows(m, &r, 10, 1, NULL, NULL), NN_ERR_ARG, ctx, "target: expected 0..0, got 1");
    r.target = 0;
    t_expect_err(nn_model_train_rows(m, &r, 10, 0, NULL, NULL), NN_ERR_ARG, ctx, "max_steps: must be >= 1 (got 0)");
    t_expect_err(nn_model_evaluate_rows(m, &r, NULL), NN_ERR_ARG, ctx, "ev is NULL");
    t_expect_err(nn_model_predict_rows(m, &r, NULL), NN_ERR_ARG, ctx, "out is NULL");
    nn_rows a = {ames, NN_SPLIT_TRAIN, 0, 100, 0};
    t_expect_err(nn_model_train_rows(m, &a, 10, 1, NULL, NULL), NN_ERR_ARG, ctx, "rows: ames has 314 features, the model 4 inputs");
    nn_params_read(m, after, P);
    t_ok(memcmp(before, after, P * sizeof *before) == 0, "refusals change nothing");
    nn_model_free(m);

    /* Targets the loss cannot take: iris's class 2 for a 2-way softmax or for BCE. */
    m = MODEL("inputs", "4", "layers", "5,2", "activations", "relu,softmax", "loss", "softmax_ce");
    r = (nn_rows){iris, NN_SPLIT_TEST, 0, 30, 0};
    t_expect_err(nn_model_evaluate_rows(m, &r, &ev), NN_ERR_ARG, ctx, "softmax_ce targets are class indices 0..1 (got 2)");
    nn_model_free(m);
    m = MODEL("inputs", "4", "layers", "5,1", "activations", "relu,sigmoid");
    nn_params_read(m, before, nn_params_count(m));
    float y[30];
    nn_dataset_read(iris, NN_SPLIT_TEST, 0, 30, 0, NULL, y);
    int first2 = 0;
    while (y[first2] != 2) first2++;
    char want[64];
    snprintf(want, sizeof want, "y[%d]: bce targets must be in [0, 1] (got 2)", first2);
    t_expect_err(nn_model_evaluate_rows(m, &r, &ev), NN_ERR_ARG, ctx, want);
    r.first = 10, r.n = 20;   /* counted in the split, not in the range */
    nn_dataset_read(iris, NN_SPLIT_TEST, 10, 20, 0, NULL, y);
    first2 = 0;
    while (y[first2] != 2) first2++;
    snprintf(want, sizeof want, "y[%d]: bce targets must be in [0, 1] (got 2)", 10 + first2);
    t_expect_err(nn_model_evaluate_rows(m, &r, &ev), NN_ERR_ARG, ctx, want);
    /* Training meets the rows shuffled: the first bad one drawn is named, by its row in the split. */
    t_expect_err(nn_model_train_rows(m, &r, 20, 1, NULL, NULL), NN_ERR_ARG, ctx, "bce targets must be in [0, 1] (got 2)");
    int row = -1;
    float label = -1;
    t_ok(sscanf(nn_last_error(ctx), "y[%d]", &row) == 1 && row >= 10 && row < 30 &&
             nn_dataset_read(iris, NN_SPLIT_TEST, row, 1, 0, NULL, &label) == NN_OK && label == 2,
         "the named row %d has label %g", row, label);
    nn_params_read(m, after, nn_params_count(m));
    t_ok(memcmp(before, after, nn_params_count(m) * sizeof *before) == 0, "a refused full batch changes nothing");
    nn_model_free(m);

    /* A model with two targets per row: data set rows give one. */
    m = MODEL("inputs", "314", "layers", "4,2", "activations", "relu,linear", "loss", "mse");
    t_expect_err(nn_model_train_rows(m, &a, 10, 1, NULL, NULL), NN_ERR_ARG, ctx,
                 "rows: a data set gives 1 target per row, the model takes 2");
    t_ok(nn_model_predict_rows(m, &a, (float[200]){0}) == NN_OK, "predicting needs no targets: %s", nn_last_error(ctx));
    nn_model_free(m);
    nn_dataset_free(iris), nn_dataset_free(ames);
    free(buf), free(abuf);
}

int main(void) {
    ctx = nn_ctx_create();
    t_run(test_mnist_bytes);
    t_run(test_floats);
    t_run(test_in_memory);
    t_run(test_pieces);
    t_run(test_refused);
    nn_ctx_free(ctx);
    return t_results();
}
