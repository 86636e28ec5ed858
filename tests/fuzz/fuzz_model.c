/* fuzz_model.c — libFuzzer target for the model file loader. Any bytes must be refused with
 * NN_ERR_FORMAT (or NN_ERR_NOMEM), a message and *out = NULL, or load into a model that
 * predicts, saves, and loads back into one that predicts the same bits and saves the same bytes.
 * The mutator keeps most mutations past the loader's first checks: it mutates one section's
 * payload (the spec text, the parameters, the state) and rewrites that section's size, and it
 * fixes the CRC after the mutation, so they reach the spec parser and the sections; one in
 * eight is a plain mutation of the whole file, CRC and all. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "fuzz.h"

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

enum { HEADER = 12, HEAD = 8, SECTIONS = 4, MAX_FILE = 1 << 16 };   /* docs/model-format.md */

static void put_u32(uint8_t *p, uint32_t v) {
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> 8 * i);
}

/* The payloads (at, len) of the four sections after the header, if the sizes tile the file. */
static int split(const uint8_t *d, size_t n, size_t at[SECTIONS], size_t len[SECTIONS]) {
    size_t p = HEADER;
    for (int i = 0; i < SECTIONS; i++) {
        if (p > n || n - p < HEAD) return 0;
        at[i] = p + HEAD, len[i] = le32(d + p + 4);
        if (len[i] > n - at[i]) return 0;
        p = at[i] + len[i];
    }
    return p == n;
}

/* The last 4 bytes become the CRC of all before the CRC section's head, as io.c writes it. */
static void fix_crc(uint8_t *d, size_t n) {
    if (n >= HEADER + HEAD + 4) put_u32(d + n - 4, crc32_ieee(d, n - HEAD - 4));
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed) {
    static uint8_t payload[MAX_FILE];
    size_t at[SECTIONS], len[SECTIONS];
    int s = (int)(seed >> 3) % 3;   /* SPEC, PARM or BNST */
    if (seed % 8 == 0 || !split(data, size, at, len) || len[s] > sizeof payload) {
        size = LLVMFuzzerMutate(data, size, max_size);
        if (seed % 8) fix_crc(data, size);
        return size;
    }
    size_t room = max_size - (size - len[s]), tail = size - at[s] - len[s];
    memcpy(payload, data + at[s], len[s]);
    size_t n = LLVMFuzzerMutate(payload, len[s], room < sizeof payload ? room : sizeof payload);
    memmove(data + at[s] + n, data + at[s] + len[s], tail);
    memcpy(data + at[s], payload, n);
    put_u32(data + at[s] - 4, (uint32_t)n);
    size = at[s] + n + tail;
    fix_crc(data, size);
    return size;
}

/* Predictions on 3 rows; a loaded model must predict, save and load back identically, and
 * then train a step (or report divergence). */
static void round_trip(nn_ctx *ctx, nn_model *m) {
    enum { N = 3 };
    const nn_spec *s = nn_model_spec(m);
    size_t in = (size_t)s->inputs, out = (size_t)s->sizes[s->n_layers - 1], bytes = nn_model_save_size(m);
    float *x = malloc(sizeof(float) * N * in), *a = malloc(sizeof(float) * N * out),
          *b = malloc(sizeof(float) * N * out);
    uint8_t *file = malloc(bytes), *again = malloc(bytes);
    nn_model *back = NULL;
    if (!x || !a || !b || !file || !again) __builtin_trap();
    fill(x, N * in);
    if (nn_model_predict(m, x, N, a) != NN_OK || nn_model_save(m, file, bytes) != NN_OK) __builtin_trap();
    if (nn_model_load(ctx, file, bytes, &back) != NN_OK) __builtin_trap();
    if (nn_model_predict(back, x, N, b) != NN_OK || memcmp(a, b, sizeof(float) * N * out) != 0)
        __builtin_trap();
    if (nn_model_save_size(back) != bytes || nn_model_save(back, again, bytes) != NN_OK ||
        memcmp(file, again, bytes) != 0)
        __builtin_trap();
    /* Targets the loss accepts: class indices, or values in [0, 1]. */
    int tw = nn_model_target_width(m);
    for (int i = 0; i < N * tw; i++) b[i] = s->loss == NN_LOSS_SOFTMAX_CE ? (float)(i % out) : (float)(i % 2);
    nn_status st = nn_model_train_step(back, x, b, N, NULL);
    if ((st != NN_OK && st != NN_ERR_DIVERGED) || (st != NN_OK && !message_ok(nn_last_error(ctx)))) __builtin_trap();
    nn_model_free(back);
    free(x), free(a), free(b), free(file), free(again);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
    nn_ctx *ctx = nn_ctx_create();
    if (!ctx) return 0;
    nn_model *m = (nn_model *)ctx;   /* a failed load must set it to NULL */
    nn_status st = nn_model_load(ctx, data, size, &m);
    if (st == NN_OK) {
        round_trip(ctx, m);
        nn_model_free(m);
    } else if ((st != NN_ERR_FORMAT && st != NN_ERR_NOMEM) || m != NULL || !message_ok(nn_last_error(ctx))) {
        __builtin_trap();
    }
    nn_ctx_free(ctx);
    return 0;
}
