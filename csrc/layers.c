/* layers.c — dense, batch norm and dropout, each forward beside its backward. Shapes are in
 * the comments of layers.h; backward accumulates parameter gradients with +=, so one zeroing
 * of the gradient block per step serves every layer. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "layers.h"
#include "matmul.h"
#include "tanh.h"

/* Every row of y (B, out) set to b (0 without one). A loop per row pays its setup per row, so
 * many narrow rows are copied after themselves instead, log2(B) bulk copies. For a few rows
 * those calls cost more than the loop, and wide rows make the copies read back what they
 * wrote, so the loop stays for both (measurements in docs/performance.md). */
static void bias_rows(float *y, const float *b, int B, int out) {
    enum { FEW = 256, NARROW = 32 };  /* floats in all, floats per row */
    size_t total = (size_t)B * out;
    if (!b) {
        memset(y, 0, total * sizeof *y);
    } else if (total <= FEW || out >= NARROW) {
        for (int r = 0; r < B; r++)
            for (int j = 0; j < out; j++) y[(size_t)r * out + j] = b[j];
    } else {
        memcpy(y, b, (size_t)out * sizeof *y);
        for (size_t done = out; done < total; done *= 2)
            memcpy(y + done, y, (done < total - done ? done : total - done) * sizeof *y);
    }
}

void dense_forward(float *y, const float *x, const float *w, const float *b, int B, int in, int out) {
    bias_rows(y, b, B, out);
    mat_mul_abt(y, x, w, B, out, in);  /* y (B,OUT) += x (B,IN) · wᵀ */
}

void dense_forward_packed(float *y, const float *x, const float *wp, const float *b, int B, int in,
                          int out) {
    bias_rows(y, b, B, out);
    mat_mul_ab_packed(y, x, wp, B, out, in);  /* y (B,OUT) += x (B,IN) · wᵀ, wᵀ packed */
}

void dense_backward(float *dx, float *dw, float *db, const float *dy, const float *x, const float *w,
                    int B, int in, int out) {
    mat_mul_atb(dw, dy, x, out, in, B);  /* dw (OUT,IN) += dyᵀ (OUT,B) · x (B,IN) */
    for (int r = 0; db && r < B; r++)
        for (int j = 0; j < out; j++) db[j] += dy[(size_t)r * out + j];
    if (dx) {
        memset(dx, 0, (size_t)B * in * sizeof *dx);
        mat_mul_ab(dx, dy, w, B, in, out);  /* dx (B,IN) = dy (B,OUT) · w (OUT,IN) */
    }
}

/* The tile is two units by the block's four vectors, eight accumulators, enough to hide the
 * add's latency, with each x vector loaded once for both units. */
enum { CV = COLS_ROWS / 4 };
#if defined(__clang__)
#define UNROLL_CV _Pragma("clang loop unroll(full)")
#else
#define UNROLL_CV _Pragma("GCC unroll 4")
#endif

/* What dense_forward_cols does with the sums as it stores them: nothing, relu, leaky relu,
 * tanh or sigmoid, each one pmax or the rational where it can be. A lane of relu greater than
 * 0 keeps its bits, any other (NaN, -0) becomes +0, as relu_fwd gives; the others are
 * leaky_fwd's, tanh_fwd's and sigmoid_fwd's operations. */
enum { SUMS, RELU, LEAKY, TANH, SIGMOID };

__attribute__((always_inline)) static inline f4 finish(f4 a, int fn, float slope) {
    switch (fn) {
    case RELU: return f4_pmax((f4){0}, a);
    case LEAKY: return f4_pmax(a, slope * a);
    case TANH: return tanh4(a, 1.f);
    case SIGMOID: return .5f + tanh4(a, .5f);
    default: return a;
    }
}

/* Units j .. j+U-1 of dense_forward_cols, U = 1 or 2 (inlined with U constant). */
__attribute__((always_inline)) static inline void cols_units(float *y, const float *x, const float *w,
                                                             const float *b, int in, int j, int U, int fn, float slope) {
    f4 acc[2][CV];
    for (int u = 0; u < U; u++) {
        float b0 = b ? b[j + u] : 0.f;
        UNROLL_CV
        for (int v = 0; v < CV; v++) acc[u][v] = (f4){b0, b0, b0, b0};
    }
    const float *w0 = w + (size_t)j * in;
    for (int i = 0; i < in; i++) {
        const f4 *xi = (const f4 *)(x + (size_t)i * COLS_ROWS);
        float s0 = w0[i], s1 = U > 1 ? w0[in + i] : 0.f;
        UNROLL_CV
        for (int v = 0; v < CV; v++) {
            acc[0][v] += s0 * xi[v];
            if (U > 1) acc[1][v] += s1 * xi[v];
        }
    }
    /* The rational's temporaries beside eight live sums spill them from the registers (one
     * unit's four fit): a two-unit tile stores its sums and the rational reads them back from
     * L1, which ran faster (docs/performance.md). */
    int later = U > 1 && (fn == TANH || fn == SIGMOID);
    for (int u = 0; u < U; u++) {
        f4 *yj = (f4 *)(y + (size_t)(j + u) * COLS_ROWS);
        UNROLL_CV
        for (int v = 0; v < CV; v++) yj[v] = later ? acc[u][v] : finish(acc[u][v], fn, slope);
    }
    for (int u = 0; later && u < U; u++) {
        f4 *yj = (f4 *)(y + (size_t)(j + u) * COLS_ROWS);
        UNROLL_CV
        for (int v = 0; v < CV; v++) yj[v] = finish(yj[v], fn, slope);
    }
}

__attribute__((always_inline)) static inline void cols_all(float *y, const float *x, const float *w,
                                                           const float *b, int in, int out, int blocks, int fn,
                                                           float slope) {
    for (int t = 0; t < blocks; t++, x += (size_t)in * COLS_ROWS, y += (size_t)out * COLS_ROWS) {
        int j = 0;
        for (; j + 2 <= out; j += 2) cols_units(y, x, w, b, in, j, 2, fn, slope);
        if (j < out) cols_units(y, x, w, b, in, j, 1, fn, slope);
    }
}

_Static_assert(NN_ACT_COUNT == 6, "dense_forward_cols and finish have a case for each activation");
void dense_forward_cols(float *y, const float *x, const float *w, const float *b, int in, int out,
                        int blocks, nn_act a, float slope) {
    switch (a) {
    case NN_ACT_TANH: cols_all(y, x, w, b, in, out, blocks, TANH, slope); break;
    case NN_ACT_SIGMOID: cols_all(y, x, w, b, in, out, blocks, SIGMOID, slope); break;
    case NN_ACT_RELU: cols_all(y, x, w, b, in, out, blocks, RELU, slope); break;
    case NN_ACT_LEAKY_RELU: cols_all(y, x, w, b, in, out, blocks, LEAKY, slope); break;
    default: cols_all(y, x, w, b, in, out, blocks, SUMS, slope); break;  /* linear; softmax follows */
    }
}

/* The sum of v's lanes, in the same order in every build. */
static inline float lanes_sum(f4 v) { return (v[0] + v[1]) + (v[2] + v[3]); }

void dense_backward_cols(float *dx, float *dw, float *db, const float *d, const float *x, const float *w,
                         int in, int out) {
    for (int o = 0; o < out; o++) {
        const f4 *dj = (const f4 *)(d + (size_t)o * COLS_ROWS);
        float *dwo = dw + (size_t)o * in;
        f4 sum = {0};
        UNROLL_CV
        for (int v = 0; v < CV; v++) sum += dj[v];
        if (db) db[o] += lanes_sum(sum);
        for (int i = 0; i < in; i++) {
            const f4 *xi = (const f4 *)(x + (size_t)i * COLS_ROWS);
            f4 dot = {0};
            UNROLL_CV
            for (int v = 0; v < CV; v++) dot += dj[v] * xi[v];
            dwo[i] += lanes_sum(dot);
        }
    }
    for (int i = 0; dx && i < in; i++) {
        f4 acc[CV] = {0};
        for (int o = 0; o < out; o++) {
            const f4 *dj = (const f4 *)(d + (size_t)o * COLS_ROWS);
            float s = w[(size_t)o * in + i];
            UNROLL_CV
            for (int v = 0; v < CV; v++) acc[v] += s * dj[v];
        }
        f4 *dxi = (f4 *)(dx + (size_t)i * COLS_ROWS);
        UNROLL_CV
        for (int v = 0; v < CV; v++) dxi[v] = acc[v];
    }
}

/* Batch norm's per-column sums run over rows in double, as before, but BN_COLS columns at a time
 * with the rows outer: the loads go along rows and the columns' sums vectorize, where a column
 * at a time strided through memory one value per row. Each column's sums keep their order, so
 * the results are the same to the bit. w <= BN_COLS columns from j; inlined with w constant. */
enum { BN_COLS = 4 };

__attribute__((always_inline)) static inline void bn_forward_cols(float *y, float *xhat, float *mean,
                                                                   float *var, const float *x,
                                                                   const float *gamma,
                                                                   const float *beta, int B, int C,
                                                                   int j, int w) {
    double s[BN_COLS] = {0}, ss[BN_COLS] = {0}, mu[BN_COLS];
    float inv[BN_COLS];
    for (int r = 0; r < B; r++)
        for (int u = 0; u < w; u++) s[u] += x[(size_t)r * C + j + u];
    for (int u = 0; u < w; u++) mu[u] = s[u] / B;
    for (int r = 0; r < B; r++)
        for (int u = 0; u < w; u++) {
            double d = x[(size_t)r * C + j + u] - mu[u];
            ss[u] += d * d;
        }
    for (int u = 0; u < w; u++) {
        mean[j + u] = (float)mu[u];
        var[j + u] = (float)(ss[u] / B);
        inv[u] = 1.f / sqrtf(var[j + u] + BN_EPS);
    }
    for (int r = 0; r < B; r++)
        for (int u = 0; u < w; u++) {
            size_t i = (size_t)r * C + j + u;
            xhat[i] = (x[i] - mean[j + u]) * inv[u];
            y[i] = gamma[j + u] * xhat[i] + beta[j + u];
        }
}

void batchnorm_forward_train(float *y, float *xhat, float *mean, float *var, const float *x,
                             const float *gamma, const float *beta, int B, int C) {
    int j = 0;
    for (; j + BN_COLS <= C; j += BN_COLS) bn_forward_cols(y, xhat, mean, var, x, gamma, beta, B, C, j, BN_COLS);
    if (j < C) bn_forward_cols(y, xhat, mean, var, x, gamma, beta, B, C, j, C - j);
}

void batchnorm_forward_infer(float *y, const float *x, const float *gamma, const float *beta,
                             const float *run_mean, const float *run_var, int B, int C) {
    for (int j = 0; j < C; j++) {
        float scale = gamma[j] / sqrtf(run_var[j] + BN_EPS);
        for (int r = 0; r < B; r++) {
            size_t i = (size_t)r * C + j;
            y[i] = (x[i] - run_mean[j]) * scale + beta[j];
        }
    }
}

__attribute__((always_inline)) static inline void bn_backward_cols(float *dx, float *dgamma,
                                                                    float *dbeta, const float *dy,
                                                                    const float *xhat,
                                                                    const float *gamma,
                                                                    const float *var, int B, int C,
                                                                    int j, int w) {
    double sdy[BN_COLS] = {0}, sdyx[BN_COLS] = {0};
    float k[BN_COLS], mdy[BN_COLS], mdyx[BN_COLS];
    for (int r = 0; r < B; r++)
        for (int u = 0; u < w; u++) {
            size_t i = (size_t)r * C + j + u;
            sdy[u] += dy[i];
            sdyx[u] += (double)dy[i] * xhat[i];
        }
    for (int u = 0; u < w; u++) {
        dgamma[j + u] += (float)sdyx[u];
        dbeta[j + u] += (float)sdy[u];
        k[u] = gamma[j + u] / sqrtf(var[j + u] + BN_EPS);
        mdy[u] = (float)(sdy[u] / B), mdyx[u] = (float)(sdyx[u] / B);
    }
    for (int r = 0; r < B; r++)
        for (int u = 0; u < w; u++) {
            size_t i = (size_t)r * C + j + u;
            dx[i] = k[u] * (dy[i] - mdy[u] - xhat[i] * mdyx[u]);
        }
}

void batchnorm_backward(float *dx, float *dgamma, float *dbeta, const float *dy, const float *xhat,
                        const float *gamma, const float *var, int B, int C) {
    int j = 0;
    for (; j + BN_COLS <= C; j += BN_COLS)
        bn_backward_cols(dx, dgamma, dbeta, dy, xhat, gamma, var, B, C, j, BN_COLS);
    if (j < C) bn_backward_cols(dx, dgamma, dbeta, dy, xhat, gamma, var, B, C, j, C - j);
}

/* Chris Wellons' lowbias32: a 32-bit integer hash whose output bits each flip with nearly half
 * of the input bits. */
static uint32_t lowbias32(uint32_t x) {
    x ^= x >> 16;
    x *= 0x7feb352du;
    x ^= x >> 15;
    x *= 0x846ca68bu;
    return x ^ (x >> 16);
}

/* Value i's draw is a hash of i and two keys taken from the model's generator once per mask, not
 * a generator step per value: a chain of steps cannot vectorize, this loop of integer operations
 * does, and it gives the same masks in every build. Two rounds, so that two masks whose first
 * keys happen to be close do not repeat each other shifted. Dropped when the draw's top 24 bits
 * fall below p·2^24, as nn_rng_uniform() < p would. */
void dropout_mask(float *mask, nn_rng *rng, int n, float p) {
    float keep = 1.f / (1.f - p);
    uint32_t k1 = nn_rng_u32(rng), k2 = nn_rng_u32(rng), below = (uint32_t)(p * 16777216.f);
    for (int i = 0; i < n; i++) mask[i] = lowbias32(lowbias32(k1 ^ (uint32_t)i) ^ k2) >> 8 < below ? 0.f : keep;
}

void dropout_apply(float *y, const float *x, const float *mask, int n) {
    ELEMENTWISE for (int i = 0; i < n; i++) y[i] = x[i] * mask[i];
}
