/* test_packed.c — inference on the weights packed once (model.c's pack_weights, matmul.h's
 * mat_pack_b): predictions equal those of the unpacked forward product, dense_forward from the
 * parameters as read out, and follow every write of the parameters (a training step,
 * nn_params_write, nn_model_restore_best, a model loaded), never an older packing. The
 * network is wider than the narrow chains (test_narrow.c), so inference goes layer by layer. */
#include <stdlib.h>
#include <string.h>

#include "layers.h"
#include "t_model.h"

static nn_ctx *ctx;

/* Widths whose last panel holds at least 4 columns whatever the panel width (8, 16, 32): the
 * packed product then runs only panels, as gemm() does. */
enum { IN = 100, ROWS = 37, OUTS = 13 };
static const int SIZES[] = {70, 36, OUTS};
static const nn_act ACTS[] = {NN_ACT_TANH, NN_ACT_RELU, NN_ACT_SOFTMAX};

static nn_model *model(const char *seed) {
    return MODEL("inputs", "100", "layers", "70,36,13", "activations", "tanh,relu,softmax", "loss",
                 "softmax_ce", "optimizer", "adam", "lr", "0.01", "seed", seed);
}

/* The outputs of m on x (n rows) by dense_forward (mat_mul_abt on the weights where they lie)
 * and act_forward, layer by layer, from the parameters as nn_params_read gives them. */
static void unpacked(nn_model *m, const float *x, int n, float *out) {
    size_t P = nn_params_count(m);
    float *p = malloc(P * sizeof *p), *buf[2];
    nn_params_read(m, p, P);
    buf[0] = malloc(sizeof(float) * n * SIZES[0]), buf[1] = malloc(sizeof(float) * n * SIZES[0]);
    const float *in = x;
    for (int l = 0; l < 3; l++) {
        nn_layer_info li;
        nn_layer_info_get(m, l, &li);
        float *z = buf[l % 2];
        dense_forward(z, in, p + li.w, p + li.b, n, li.in, li.out);
        act_forward(ACTS[l], z, z, n, li.out, 0.f);
        in = z;
    }
    memcpy(out, in, sizeof(float) * n * OUTS);
    free(p), free(buf[0]), free(buf[1]);
}

/* The largest |a - b| over n values. */
static float max_diff(const float *a, const float *b, int n) {
    float d = 0.f;
    for (int i = 0; i < n; i++) d = fmaxf(d, fabsf(a[i] - b[i]));
    return d;
}

/* From 4 rows on (PACKED_ROWS in model.c) every layer's mat_mul_abt packs wᵀ in gemm()
 * (matmul_simd.c) into the same panels mat_pack_b makes and runs the same tiles over them, the
 * last rows through the same few-row kernels (4 rows: the packed product's tile of 4 rows over
 * A in place, summing the terms in the same order into a zeroed tile, then adding it to the
 * bias as gemm() does), and the scalar build's packed product is mat_mul_abt_ref itself: equal
 * to the bit. (A width one past a panel, 33 = 32 + 1, would put
 * its last column through dot products on one side only: then to the products' reordering
 * bound.) Below 4 rows inference reads the weights in place, the unpacked path itself. */
static void test_equal_unpacked(void) {
    nn_model *m = model("3");
    t_ok(m != NULL, "model");
    if (!m) return;
    /* non-zero biases, which the products add to: C does not start at zero */
    size_t P = nn_params_count(m);
    float *p = malloc(P * sizeof *p);
    nn_params_read(m, p, P);
    for (size_t i = 0; i < P; i++) p[i] += 0.05f * (float)(i % 7) - 0.15f;
    t_ok(nn_params_write(m, p, P) == NN_OK, "params write");
    free(p);
    float x[ROWS * IN], got[ROWS * OUTS], want[ROWS * OUTS];
    fill(x, ROWS * IN, 1.f);
    static const int rows[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, ROWS};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int n = rows[i];
        t_ok(nn_model_predict(m, x, n, got) == NN_OK, "predict %d: %s", n, nn_last_error(ctx));
        unpacked(m, x, n, want);
        t_ok(memcmp(got, want, sizeof(float) * n * OUTS) == 0, "%d rows: packed differs from unpacked by %g",
             n, max_diff(got, want, n * OUTS));
    }
    nn_model_free(m);
}

/* After each write of m's parameters its predictions equal a fresh model's given the same
 * parameters (packed from them at its first call), and differ from the ones before the write,
 * so a packing kept from before the write would fail the first check. */
static void expect_fresh(nn_model *m, const float *x, float *before, const char *what) {
    size_t P = nn_params_count(m);
    float *p = malloc(P * sizeof *p), got[ROWS * OUTS], want[ROWS * OUTS];
    nn_params_read(m, p, P);
    nn_model *fresh = model("99");
    t_ok(fresh && nn_params_write(fresh, p, P) == NN_OK, "%s: fresh model", what);
    t_ok(nn_model_predict(m, x, ROWS, got) == NN_OK, "%s: predict: %s", what, nn_last_error(ctx));
    t_ok(fresh && nn_model_predict(fresh, x, ROWS, want) == NN_OK, "%s: fresh predict", what);
    t_ok(max_diff(got, before, ROWS * OUTS) > 1e-4f, "%s: the write changed no prediction", what);
    t_ok(memcmp(got, want, sizeof got) == 0, "%s: predictions differ from a fresh model's by %g "
         "(weights packed before the write?)", what, max_diff(got, want, ROWS * OUTS));
    memcpy(before, got, sizeof got);
    nn_model_free(fresh);
    free(p);
}

static void test_follows_writes(void) {
    nn_model *m = model("5"), *other = model("6");
    t_ok(m && other, "models");
    if (!m || !other) return;
    float x[ROWS * IN], y[ROWS], before[ROWS * OUTS];
    fill(x, ROWS * IN, 1.f);
    for (int r = 0; r < ROWS; r++) y[r] = (float)(r % OUTS);
    t_ok(nn_model_predict(m, x, ROWS, before) == NN_OK, "first predict");  /* packs */
    int stop;
    t_ok(nn_model_track_best(m, 1.f, 5, &stop) == NN_OK, "track best");  /* keeps these weights */
    t_ok(nn_model_train_step(m, x, y, ROWS, NULL) == NN_OK, "train step: %s", nn_last_error(ctx));
    expect_fresh(m, x, before, "train step");
    t_ok(nn_model_train_steps(m, x, y, ROWS, 8, 3, NULL, NULL) == NN_OK, "train steps");
    expect_fresh(m, x, before, "train steps");
    size_t P = nn_params_count(m);
    float *p = malloc(P * sizeof *p);
    nn_params_read(other, p, P);
    t_ok(nn_params_write(m, p, P) == NN_OK, "params write");
    expect_fresh(m, x, before, "nn_params_write");
    t_ok(nn_model_restore_best(m) == NN_OK, "restore best: %s", nn_last_error(ctx));
    expect_fresh(m, x, before, "nn_model_restore_best");
    /* a model file of `other` loaded into m's place: a new model, its own packing */
    size_t size = nn_model_save_size(other);
    unsigned char *file = malloc(size);
    nn_model *loaded = NULL;
    t_ok(nn_model_save(other, file, size) == NN_OK && nn_model_load(ctx, file, size, &loaded) == NN_OK,
         "save and load: %s", nn_last_error(ctx));
    float a[ROWS * OUTS], b[ROWS * OUTS];
    t_ok(loaded && nn_model_predict(loaded, x, ROWS, a) == NN_OK && nn_model_predict(other, x, ROWS, b) == NN_OK,
         "loaded predicts");
    t_ok(loaded && memcmp(a, b, sizeof a) == 0, "loaded model: predictions differ by %g", max_diff(a, b, ROWS * OUTS));
    nn_model_free(loaded);
    free(file), free(p);
    nn_model_free(m), nn_model_free(other);
}

int main(void) {
    ctx = nn_ctx_create();
    t_run(test_equal_unpacked);
    t_run(test_follows_writes);
    nn_ctx_free(ctx);
    return t_results();
}
