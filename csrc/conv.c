/* conv.c — the image layers, each forward beside its backward: 2-D convolution (im2col of the
 * batch, then one product through matmul.h per direction), max and average pooling, and batch
 * norm over channels. Images are NCHW: a batch x is (B, C, H, W) row-major, as PyTorch lays it out, so a
 * dense layer after them reads each sample flattened in (C, H, W) order with no copy. Shapes
 * are in layers.h; backward accumulates parameter gradients with +=, as layers.c does. Not
 * here: dilation, groups, padding of pooling windows. */
#include <math.h>
#include <string.h>

#include "layers.h"
#include "matmul.h"

/* The output columns ox whose input column ox·stride + kj - pad lies in [0, w): [*lo, *hi). */
static void valid_cols(const conv_shape *s, int kj, int *lo, int *hi) {
    int first = s->pad - kj, last = s->w - 1 - kj + s->pad;   /* ox·stride must lie in [first, last] */
    *lo = first <= 0 ? 0 : (first + s->stride - 1) / s->stride;
    *hi = last < 0 ? 0 : last / s->stride + 1;
    if (*hi > s->ow) *hi = s->ow;
    if (*lo > *hi) *lo = *hi;
}

/* out[ox] = in[ox·stride] for ox in [lo, hi), 0 elsewhere in [0, ow). Rows are a few dozen
 * floats: loops, not memcpy/memset calls (memory.copy costs more than it moves here), with
 * stride 1 apart so that it vectorizes. */
static inline void copy_row(float *restrict out, const float *restrict in, int ow, int lo, int hi,
                            int stride) {
    for (int ox = 0; ox < lo; ox++) out[ox] = 0.f;
    if (stride == 1)
        for (int ox = lo; ox < hi; ox++) out[ox] = in[ox];
    else
        for (int ox = lo; ox < hi; ox++) out[ox] = in[ox * stride];
    for (int ox = hi; ox < ow; ox++) out[ox] = 0.f;
}

/* Columns [n·P, (n+1)·P) of col (C·K·K, B·P), P = OH·OW, from sample n of x (C, H, W): row
 * (c, ki, kj), column n·P + (oy, ox) holds x[c, oy·stride + ki - pad, ox·stride + kj - pad], 0
 * in the padding. */
static void im2col(float *col, const float *x, int n, int B, const conv_shape *s) {
    size_t P = (size_t)s->oh * s->ow, ld = (size_t)B * P;
    for (int c = 0; c < s->c; c++)
        for (int ki = 0; ki < s->k; ki++)
            for (int kj = 0; kj < s->k; kj++) {
                float *row = col + ((size_t)(c * s->k + ki) * s->k + kj) * ld + (size_t)n * P;
                int lo, hi;
                valid_cols(s, kj, &lo, &hi);
                for (int oy = 0; oy < s->oh; oy++) {
                    float *out = row + (size_t)oy * s->ow;
                    int iy = oy * s->stride + ki - s->pad;
                    if (iy < 0 || iy >= s->h) {
                        copy_row(out, x, s->ow, 0, 0, 1);
                        continue;
                    }
                    copy_row(out, x + ((size_t)c * s->h + iy) * s->w + kj - s->pad, s->ow, lo, hi, s->stride);
                }
            }
}

/* The adjoint of im2col: dx (C, H, W) of sample n += each element of its columns of col at the
 * input position it was read from (padding drops out). */
static void col2im(float *dx, const float *col, int n, int B, const conv_shape *s) {
    size_t P = (size_t)s->oh * s->ow, ld = (size_t)B * P;
    for (int c = 0; c < s->c; c++)
        for (int ki = 0; ki < s->k; ki++)
            for (int kj = 0; kj < s->k; kj++) {
                const float *row = col + ((size_t)(c * s->k + ki) * s->k + kj) * ld + (size_t)n * P;
                int lo, hi;
                valid_cols(s, kj, &lo, &hi);
                for (int oy = 0; oy < s->oh; oy++) {
                    int iy = oy * s->stride + ki - s->pad;
                    if (iy < 0 || iy >= s->h) continue;
                    const float *g = row + (size_t)oy * s->ow;
                    float *out = dx + ((size_t)c * s->h + iy) * s->w + kj - s->pad;
                    for (int ox = lo; ox < hi; ox++) out[ox * s->stride] += g[ox];
                }
            }
}

/* The whole batch is one product per direction: its columns side by side, col (C·K·K, B·P),
 * so the products are as wide as the batch's pixels (64 samples of 24×24: 36,864 columns)
 * rather than one sample's, and dw sums over the batch within one product. The product's
 * (OC, B, P) layout is moved to the batch's (B, OC, P) and back through tmp. */
void conv_forward(float *y, float *tmp, float *col, const float *x, const float *w, const float *b, int B,
                  const conv_shape *s) {
    size_t P = (size_t)s->oh * s->ow, in = (size_t)s->c * s->h * s->w;
    int ckk = s->c * s->k * s->k, N = (int)((size_t)B * P);
    for (int n = 0; n < B; n++) im2col(col, x + (size_t)n * in, n, B, s);
    memset(tmp, 0, (size_t)s->oc * N * sizeof *tmp);
    mat_mul_ab(tmp, w, col, s->oc, N, ckk);   /* tmp (OC,B·P) = w (OC,CKK) · col (CKK,B·P) */
    for (int n = 0; n < B; n++)
        for (int o = 0; o < s->oc; o++) {
            float *yr = y + ((size_t)n * s->oc + o) * P, bo = b ? b[o] : 0.f;
            const float *t = tmp + ((size_t)o * B + n) * P;
            ELEMENTWISE for (size_t j = 0; j < P; j++) yr[j] = t[j] + bo;
        }
}

void conv_backward(float *dx, float *dw, float *db, float *tmp, float *col, const float *dy, const float *w,
                   int B, const conv_shape *s) {
    size_t P = (size_t)s->oh * s->ow, in = (size_t)s->c * s->h * s->w;
    int ckk = s->c * s->k * s->k, N = (int)((size_t)B * P);
    for (int n = 0; n < B; n++)
        for (int o = 0; o < s->oc; o++) {
            const float *g = dy + ((size_t)n * s->oc + o) * P;
            float *t = tmp + ((size_t)o * B + n) * P, sum = 0.f;
            for (size_t j = 0; j < P; j++) t[j] = g[j], sum += g[j];
            if (db) db[o] += sum;
        }
    mat_mul_abt(dw, tmp, col, s->oc, ckk, N);   /* dw (OC,CKK) += dy (OC,B·P) · colᵀ */
    if (!dx) return;
    memset(col, 0, (size_t)ckk * N * sizeof *col);
    mat_mul_atb(col, w, tmp, ckk, N, s->oc);    /* dcol (CKK,B·P) = wᵀ · dy (OC,B·P) */
    memset(dx, 0, (size_t)B * in * sizeof *dx);
    for (int n = 0; n < B; n++) col2im(dx + (size_t)n * in, col, n, B, s);
}

/* Pooling windows lie inside the input (no padding; OH = (H - k)/stride + 1), so every window
 * has k·k values. */
/* The 2×2 windows of stride 2 every LeNet uses, with the comparisons in the general loop's order
 * (so the same index wins a tie): in wasm 8 % of a LeNet step in the general loop, 2.4 % here. */
static void maxpool2_plane(float *y, int *arg, const float *xp, const conv_shape *s) {
    for (int oy = 0; oy < s->oh; oy++) {
        const float *r0 = xp + (size_t)2 * oy * s->w, *r1 = r0 + s->w;
        int at = 2 * oy * s->w;
        for (int ox = 0; ox < s->ow; ox++) {
            float a = r0[2 * ox], b = r0[2 * ox + 1], c = r1[2 * ox], d = r1[2 * ox + 1], best = a;
            int where = at + 2 * ox, i = b > best;   /* selects, not branches: which wins is random */
            best = i ? b : best, where = i ? at + 2 * ox + 1 : where;
            i = c > best;
            best = i ? c : best, where = i ? at + s->w + 2 * ox : where;
            i = d > best;
            best = i ? d : best, where = i ? at + s->w + 2 * ox + 1 : where;
            y[oy * s->ow + ox] = best;
            arg[oy * s->ow + ox] = where;
        }
    }
}

void maxpool_forward(float *y, int *arg, const float *x, int B, const conv_shape *s) {
    size_t plane = (size_t)s->h * s->w, P = (size_t)s->oh * s->ow;
    for (size_t q = 0; q < (size_t)B * s->c; q++) {
        const float *xp = x + q * plane;
        if (s->k == 2 && s->stride == 2) {
            maxpool2_plane(y + q * P, arg + q * P, xp, s);
            continue;
        }
        for (int oy = 0; oy < s->oh; oy++)
            for (int ox = 0; ox < s->ow; ox++) {
                int at = oy * s->stride * s->w + ox * s->stride;
                float best = xp[at];
                int where = at;
                for (int ki = 0; ki < s->k; ki++)
                    for (int kj = 0; kj < s->k; kj++) {
                        int i = at + ki * s->w + kj;
                        if (xp[i] > best) best = xp[i], where = i;
                    }
                y[q * P + (size_t)oy * s->ow + ox] = best;
                arg[q * P + (size_t)oy * s->ow + ox] = where;
            }
    }
}

void maxpool_backward(float *dx, const float *dy, const int *arg, int B, const conv_shape *s) {
    size_t plane = (size_t)s->h * s->w, P = (size_t)s->oh * s->ow;
    memset(dx, 0, (size_t)B * s->c * plane * sizeof *dx);
    for (size_t q = 0; q < (size_t)B * s->c; q++)
        for (size_t j = 0; j < P; j++) dx[q * plane + (size_t)arg[q * P + j]] += dy[q * P + j];
}

void avgpool_forward(float *y, const float *x, int B, const conv_shape *s) {
    size_t plane = (size_t)s->h * s->w, P = (size_t)s->oh * s->ow;
    float scale = 1.f / (float)(s->k * s->k);
    for (size_t q = 0; q < (size_t)B * s->c; q++) {
        const float *xp = x + q * plane;
        for (int oy = 0; oy < s->oh; oy++)
            for (int ox = 0; ox < s->ow; ox++) {
                const float *win = xp + (size_t)oy * s->stride * s->w + (size_t)ox * s->stride;
                float sum = 0.f;
                for (int ki = 0; ki < s->k; ki++)
                    for (int kj = 0; kj < s->k; kj++) sum += win[ki * s->w + kj];
                y[q * P + (size_t)oy * s->ow + ox] = sum * scale;
            }
    }
}

void avgpool_backward(float *dx, const float *dy, int B, const conv_shape *s) {
    size_t plane = (size_t)s->h * s->w, P = (size_t)s->oh * s->ow;
    float scale = 1.f / (float)(s->k * s->k);
    memset(dx, 0, (size_t)B * s->c * plane * sizeof *dx);
    for (size_t q = 0; q < (size_t)B * s->c; q++) {
        float *dp = dx + q * plane;
        for (int oy = 0; oy < s->oh; oy++)
            for (int ox = 0; ox < s->ow; ox++) {
                float g = dy[q * P + (size_t)oy * s->ow + ox] * scale;
                float *win = dp + (size_t)oy * s->stride * s->w + (size_t)ox * s->stride;
                for (int ki = 0; ki < s->k; ki++)
                    for (int kj = 0; kj < s->k; kj++) win[ki * s->w + kj] += g;
            }
    }
}

/* Batch norm over channels (PyTorch's BatchNorm2d): channel c's statistics run over its B·HW
 * values, summed in double as layers.c's are. */
void batchnorm_channels_forward_train(float *y, float *xhat, float *mean, float *var, const float *x,
                                      const float *gamma, const float *beta, int B, int C, int HW) {
    double count = (double)B * HW;
    for (int c = 0; c < C; c++) {
        double s = 0, ss = 0;
        for (int n = 0; n < B; n++) {
            const float *xp = x + ((size_t)n * C + c) * HW;
            for (int j = 0; j < HW; j++) s += xp[j];
        }
        double mu = s / count;
        for (int n = 0; n < B; n++) {
            const float *xp = x + ((size_t)n * C + c) * HW;
            for (int j = 0; j < HW; j++) ss += (xp[j] - mu) * (xp[j] - mu);
        }
        mean[c] = (float)mu;
        var[c] = (float)(ss / count);
        float inv = 1.f / sqrtf(var[c] + BN_EPS);
        for (int n = 0; n < B; n++) {
            size_t at = ((size_t)n * C + c) * HW;
            for (int j = 0; j < HW; j++) {
                xhat[at + j] = (x[at + j] - mean[c]) * inv;
                y[at + j] = gamma[c] * xhat[at + j] + beta[c];
            }
        }
    }
}

void batchnorm_channels_forward_infer(float *y, const float *x, const float *gamma, const float *beta,
                                      const float *run_mean, const float *run_var, int B, int C, int HW) {
    for (int c = 0; c < C; c++) {
        float scale = gamma[c] / sqrtf(run_var[c] + BN_EPS);
        for (int n = 0; n < B; n++) {
            size_t at = ((size_t)n * C + c) * HW;
            for (int j = 0; j < HW; j++) y[at + j] = (x[at + j] - run_mean[c]) * scale + beta[c];
        }
    }
}

void batchnorm_channels_backward(float *dx, float *dgamma, float *dbeta, const float *dy,
                                 const float *xhat, const float *gamma, const float *var, int B, int C,
                                 int HW) {
    double count = (double)B * HW;
    for (int c = 0; c < C; c++) {
        double sdy = 0, sdyx = 0;
        for (int n = 0; n < B; n++) {
            size_t at = ((size_t)n * C + c) * HW;
            for (int j = 0; j < HW; j++) sdy += dy[at + j], sdyx += (double)dy[at + j] * xhat[at + j];
        }
        dgamma[c] += (float)sdyx;
        dbeta[c] += (float)sdy;
        float k = gamma[c] / sqrtf(var[c] + BN_EPS), mdy = (float)(sdy / count), mdyx = (float)(sdyx / count);
        for (int n = 0; n < B; n++) {
            size_t at = ((size_t)n * C + c) * HW;
            ELEMENTWISE for (int j = 0; j < HW; j++) dx[at + j] = k * (dy[at + j] - mdy - xhat[at + j] * mdyx);
        }
    }
}
