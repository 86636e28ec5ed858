/* layers.c — dense, batch norm and dropout, each forward beside its backward. Shapes are in
 * the comments of layers.h; backward accumulates parameter gradients with +=, so one zeroing
 * of the gradient block per step serves every layer. */
#include <math.h>
#include <string.h>

#include "layers.h"
#include "matmul.h"

void dense_forward(float *y, const float *x, const float *w, const float *b, int B, int in, int out) {
    /* Every row starts as b. A loop per row pays its setup per row: for the 100×100 grid through
     * 8-unit layers that was a sixth of the time. Many narrow rows are copied after themselves
     * instead, log2(B) bulk copies. For a few rows those calls cost more than the loop, and
     * wide rows make the copies read back what they wrote (natively, 1024×512: 28 against
     * 20 µs), so the loop stays for both. */
    enum { FEW = 256, NARROW = 32 };  /* floats in all, floats per row */
    size_t total = (size_t)B * out;
    if (total <= FEW || out >= NARROW) {
        for (int r = 0; r < B; r++)
            for (int j = 0; j < out; j++) y[(size_t)r * out + j] = b[j];
    } else {
        memcpy(y, b, (size_t)out * sizeof *y);
        for (size_t done = out; done < total; done *= 2)
            memcpy(y + done, y, (done < total - done ? done : total - done) * sizeof *y);
    }
    mat_mul_abt(y, x, w, B, out, in);  /* y (B,OUT) += x (B,IN) · wᵀ */
}

void dense_backward(float *dx, float *dw, float *db, const float *dy, const float *x, const float *w,
                    int B, int in, int out) {
    mat_mul_atb(dw, dy, x, out, in, B);  /* dw (OUT,IN) += dyᵀ (OUT,B) · x (B,IN) */
    for (int r = 0; r < B; r++)
        for (int j = 0; j < out; j++) db[j] += dy[(size_t)r * out + j];
    if (dx) {
        memset(dx, 0, (size_t)B * in * sizeof *dx);
        mat_mul_ab(dx, dy, w, B, in, out);  /* dx (B,IN) = dy (B,OUT) · w (OUT,IN) */
    }
}

void batchnorm_forward_train(float *y, float *xhat, float *mean, float *var, const float *x,
                             const float *gamma, const float *beta, int B, int C) {
    for (int j = 0; j < C; j++) {
        double s = 0, ss = 0;
        for (int r = 0; r < B; r++) s += x[(size_t)r * C + j];
        double mu = s / B;
        for (int r = 0; r < B; r++) {
            double d = x[(size_t)r * C + j] - mu;
            ss += d * d;
        }
        mean[j] = (float)mu;
        var[j] = (float)(ss / B);
        float inv = 1.f / sqrtf(var[j] + BN_EPS);
        for (int r = 0; r < B; r++) {
            size_t i = (size_t)r * C + j;
            xhat[i] = (x[i] - mean[j]) * inv;
            y[i] = gamma[j] * xhat[i] + beta[j];
        }
    }
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

void batchnorm_backward(float *dx, float *dgamma, float *dbeta, const float *dy, const float *xhat,
                        const float *gamma, const float *var, int B, int C) {
    for (int j = 0; j < C; j++) {
        double sdy = 0, sdyx = 0;
        for (int r = 0; r < B; r++) {
            size_t i = (size_t)r * C + j;
            sdy += dy[i];
            sdyx += (double)dy[i] * xhat[i];
        }
        dgamma[j] += (float)sdyx;
        dbeta[j] += (float)sdy;
        float k = gamma[j] / sqrtf(var[j] + BN_EPS);
        float mdy = (float)(sdy / B), mdyx = (float)(sdyx / B);
        for (int r = 0; r < B; r++) {
            size_t i = (size_t)r * C + j;
            dx[i] = k * (dy[i] - mdy - xhat[i] * mdyx);
        }
    }
}

void dropout_mask(float *mask, nn_rng *rng, int n, float p) {
    float keep = 1.f / (1.f - p);
    for (int i = 0; i < n; i++) mask[i] = nn_rng_uniform(rng) < p ? 0.f : keep;
}

void dropout_apply(float *y, const float *x, const float *mask, int n) {
    ELEMENTWISE for (int i = 0; i < n; i++) y[i] = x[i] * mask[i];
}
