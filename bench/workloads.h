/* workloads.h — the benchmark's fixed workloads for the native contestant; bench/workloads.js
 * is the same recipe for the JavaScript ones (keep the two in step). Synthetic data from a
 * 32-bit LCG, so every contestant trains on identical numbers without a data file. */
#ifndef BENCH_WORKLOADS_H
#define BENCH_WORKLOADS_H

#include <stdint.h>

/* W3: (m, n, k) of C (m,n) += op(A) (m,k) · op(B) (k,n). */
enum { W3_SHAPES = 3 };
static const int w3_shapes[W3_SHAPES][3] = {{64, 128, 784}, {256, 256, 256}, {1024, 1024, 1024}};

enum { W1_N = 2048, W1_CLASSES = 10, W1_FEATURES = 784 };
enum { W2_N = 2000, W2_SEED = 1 };
#define W2_NOISE 0.0f

/* W4: a LeNet-like CNN on W1's samples as 1x28x28 images, batch 64, Adam (bench/workloads.js:
 * W4_SPEC). */
static const char *const w4_spec[][2] = {
    {"inputs", "784"}, {"input_shape", "1x28x28"}, {"layers", "conv8k5,pool2,conv16k5,pool2,64,10"},
    {"activations", "relu,relu,relu,softmax"}, {"loss", "softmax_ce"}, {"optimizer", "adam"},
    {"lr", "0.001"}, {"init", "he"}, {"seed", "1"}};
enum { W4_FIELDS = sizeof w4_spec / sizeof *w4_spec, W4_BATCH = 64 };

/* Uniform in [-1, 1). */
static inline float lcg_next(uint32_t *s) {
    *s = *s * 1664525u + 1013904223u;
    return (float)(*s / 2147483648.0 - 1.0);
}

static inline void lcg_fill(uint32_t *s, float *x, int n) {
    for (int i = 0; i < n; i++) x[i] = lcg_next(s);
}

/* W1: an MNIST-shaped task that can be learnt: sample i is class i % 10, its prototype (a
 * fixed random vector in [0, 1)) plus uniform noise of the same size. */
static inline void w1_data(float *x, float *y) {
    float proto[W1_CLASSES][W1_FEATURES];  /* 31 KiB */
    uint32_t s = 42;
    for (int c = 0; c < W1_CLASSES; c++)
        for (int f = 0; f < W1_FEATURES; f++) proto[c][f] = 0.5f * (lcg_next(&s) + 1.f);
    for (int i = 0; i < W1_N; i++) {
        y[i] = (float)(i % W1_CLASSES);
        for (int f = 0; f < W1_FEATURES; f++)
            x[i * W1_FEATURES + f] = proto[i % W1_CLASSES][f] + 0.5f * lcg_next(&s);
    }
}

/* W2: the 100×100 boundary grid over the playground's [-6, 6]², row by row. */
static inline void w2_grid(float *g) {
    for (int r = 0; r < 100; r++)
        for (int c = 0; c < 100; c++) {
            g[(r * 100 + c) * 2] = -6.f + 12.f * (c + 0.5f) / 100.f;
            g[(r * 100 + c) * 2 + 1] = 6.f - 12.f * (r + 0.5f) / 100.f;
        }
}

#endif
