/* native.c — the `nnplay native` contestant of `make bench`: the workloads of bench/run.js run
 * on build/native/libnn.a (the native build as shipped, its flags in mk/native.mk), timed the
 * same way as bench/timing.js (warm-up, then the median of repeated runs). Prints one JSON
 * object, {metrics, losses}, that bench/run.js merges into its table. Not a test. */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "matmul.h"
#include "nn.h"
#include "../bench/workloads.h"

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The work being timed: one call does `units` units of whatever the metric counts. */
typedef struct {
    void (*fn)(void *);
    void *arg;
} job;

/* Units per second, median of RUNS runs of at least MIN_MS each, after WARMUP_MS of calls. */
static double rate(job j, double units) {
    enum { RUNS = 7 };
    const double WARMUP_MS = 300, MIN_MS = 60;
    double end = now_ms() + WARMUP_MS;
    int calls = 0;
    do j.fn(j.arg), calls++;
    while (now_ms() < end || calls < 3);
    double r[RUNS];
    for (int i = 0; i < RUNS; i++) {
        long n = 0;
        double t0 = now_ms(), t;
        do j.fn(j.arg), n++, t = now_ms();
        while (t - t0 < MIN_MS);
        r[i] = n * units / ((t - t0) / 1e3);
    }
    qsort(r, RUNS, sizeof *r, cmp_double);
    return r[RUNS / 2];
}

/* One "name": value line of a JSON object; *first tells whether a comma goes before it. */
static void json_item(const char *name, const char *value, int *first) {
    printf("%s\n    \"%s\": %s", *first ? "" : ",", name, value);
    *first = 0;
    fflush(stdout);
}

static void metric(const char *name, double v, int *first) {
    char text[32];
    snprintf(text, sizeof text, "%.6g", v);
    json_item(name, text, first);
}

/* ---- W3: the three products ------------------------------------------------------------ */

typedef struct {
    void (*mm)(float *, const float *, const float *, int, int, int);
    float *a, *b, *c;
    int m, n, k;
} mm_arg;

static void run_mm(void *p) {
    mm_arg *q = p;
    q->mm(q->c, q->a, q->b, q->m, q->n, q->k);
}

static void w3(int *first) {
    static const struct { const char *name; void (*mm)(float *, const float *, const float *, int, int, int); } prods[] = {
        {"ab", mat_mul_ab}, {"atb", mat_mul_atb}, {"abt", mat_mul_abt}};
    for (int s = 0; s < W3_SHAPES; s++) {
        int m = w3_shapes[s][0], n = w3_shapes[s][1], k = w3_shapes[s][2];
        float *a = malloc(sizeof(float) * m * k), *b = malloc(sizeof(float) * k * n),
              *c = calloc((size_t)m * n, sizeof(float));
        uint32_t seed = 1;
        lcg_fill(&seed, a, m * k), lcg_fill(&seed, b, k * n);
        for (int p = 0; p < 3; p++) {
            mm_arg q = {prods[p].mm, a, b, c, m, n, k};
            char name[64];
            snprintf(name, sizeof name, "W3 %dx%dx%d %s GFLOP/s", m, n, k, prods[p].name);
            metric(name, rate((job){run_mm, &q}, 2.0 * m * n * k / 1e9), first);
        }
        free(a), free(b), free(c);
    }
}

/* ---- W1 and W2: the models ---------------------------------------------------------------- */

typedef struct {
    nn_model *m;
    const float *x, *y;
    int n, batch;
} train_arg;

static void run_epoch(void *p) {
    train_arg *t = p;
    if (nn_model_train_epoch(t->m, t->x, t->y, t->n, t->batch, NULL) != NN_OK) abort();
}

static void run_step(void *p) {
    train_arg *t = p;
    if (nn_model_train_step(t->m, t->x, t->y, t->batch, NULL) != NN_OK) abort();
}

typedef struct {
    nn_model *m;
    const float *x;
    int n;
    float *out;
} predict_arg;

static void run_predict(void *p) {
    predict_arg *q = p;
    if (nn_model_predict(q->m, q->x, q->n, q->out) != NN_OK) abort();
}

static nn_model *model(nn_ctx *ctx, const char *const kv[][2], int nkv) {
    nn_spec s;
    nn_spec_default(&s);
    for (int i = 0; i < nkv; i++)
        if (nn_spec_set(ctx, &s, kv[i][0], kv[i][1]) != NN_OK) goto fail;
    nn_model *m;
    if (nn_model_create(ctx, &s, &m) != NN_OK) goto fail;
    return m;
fail:
    fprintf(stderr, "native bench: %s\n", nn_last_error(ctx));
    exit(1);
}

/* The training-set loss, for the before/after check that each run learns. */
static float train_loss(nn_model *m, const float *x, const float *y, int n) {
    nn_eval ev;
    if (nn_model_evaluate(m, x, y, n, &ev) != NN_OK) abort();
    return ev.loss;
}

static void loss_pair(const char *name, float before, float after, int *first) {
    char text[48];
    snprintf(text, sizeof text, "[%.6g, %.6g]", before, after);
    json_item(name, text, first);
}

int main(void) {
    nn_ctx *ctx = nn_ctx_create();
    int first = 1;
    printf("{\n  \"metrics\": {");
    w3(&first);

    /* W1 */
    float *x = malloc(sizeof(float) * W1_N * 784), *y = malloc(sizeof(float) * W1_N);
    w1_data(x, y);
    static const char *const w1_spec[][2] = {
        {"inputs", "784"}, {"layers", "128,64,10"}, {"activations", "relu,relu,softmax"},
        {"loss", "softmax_ce"}, {"optimizer", "adam"}, {"lr", "0.001"}, {"init", "he"}, {"seed", "1"}};
    nn_model *m1 = model(ctx, w1_spec, 8);
    train_arg t1 = {m1, x, y, W1_N, 64};
    float w1_before = train_loss(m1, x, y, W1_N);
    metric("W1 train samples/s", rate((job){run_epoch, &t1}, W1_N), &first);
    float w1_after = train_loss(m1, x, y, W1_N);
    float *out = malloc(sizeof(float) * 1000 * 10);
    predict_arg p1 = {m1, x, 1000, out};
    metric("W1 infer samples/s", rate((job){run_predict, &p1}, 1000), &first);

    /* W2 */
    float *cx = malloc(sizeof(float) * W2_N * 2), *cy = malloc(sizeof(float) * W2_N);
    if (nn_toy_generate(ctx, NN_TOY_CIRCLE, W2_N, W2_NOISE, 2, W2_SEED, cx, cy) != NN_OK) {
        fprintf(stderr, "native bench: %s\n", nn_last_error(ctx));
        return 1;
    }
    static const char *const w2_spec[][2] = {
        {"inputs", "2"}, {"layers", "8,8,1"}, {"activations", "tanh,tanh,sigmoid"},
        {"loss", "bce"}, {"optimizer", "sgd"}, {"lr", "0.03"}, {"seed", "1"}};
    nn_model *m2 = model(ctx, w2_spec, 7);
    train_arg t2 = {m2, cx, cy, W2_N, 10};
    float w2_before = train_loss(m2, cx, cy, W2_N);
    metric("W2 train steps/s (one call)", rate((job){run_epoch, &t2}, W2_N / 10), &first);
    train_arg s2 = {m2, cx, cy, 10, 10};
    metric("W2 train steps/s (call per step)", rate((job){run_step, &s2}, 1), &first);
    float w2_after = train_loss(m2, cx, cy, W2_N);
    float *grid = malloc(sizeof(float) * 100 * 100 * 2), *gout = malloc(sizeof(float) * 100 * 100);
    w2_grid(grid);
    predict_arg g2 = {m2, grid, 100 * 100, gout};
    metric("W2 grid ms", 1e3 / rate((job){run_predict, &g2}, 1), &first);

    /* W4 */
    nn_model *m4 = model(ctx, w4_spec, W4_FIELDS);
    train_arg t4 = {m4, x, y, W1_N, W4_BATCH};
    float w4_before = train_loss(m4, x, y, W1_N);
    metric("W4 CNN train samples/s", rate((job){run_epoch, &t4}, W1_N), &first);
    float w4_after = train_loss(m4, x, y, W1_N);
    printf("\n  },\n  \"losses\": {");
    first = 1;
    loss_pair("W1", w1_before, w1_after, &first);
    loss_pair("W2", w2_before, w2_after, &first);
    loss_pair("W4", w4_before, w4_after, &first);
    printf("\n  }\n}\n");

    nn_model_free(m1), nn_model_free(m2), nn_model_free(m4), nn_ctx_free(ctx);
    free(x), free(y), free(out), free(cx), free(cy), free(grid), free(gout);
    return 0;
}
