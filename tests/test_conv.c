/* test_conv.c — the image layers against direct references written another way: convolution as
 * the defining sum per output (no im2col, no product), its backward as the sums that define
 * dw, db and dx, pooling window by window, and batch norm over channels, all in double, on
 * shapes chosen for edges: kernels 1..5, strides 1..3, padding 0..2, sizes that leave the last
 * window short, one and several channels and samples. The products sum in another order than
 * the references, so the tolerance is relative to the sum of |terms|: 1e-5 of it (float32
 * round-off over at most 200 terms is ~2e-5 relative in the worst case, 1e-6 typical). The
 * gradient checks of the layers inside a model are in test_cnn.c. */
#include <stdlib.h>

#include "layers.h"
#include "t.h"

static nn_rng rng;

static void fill(float *v, size_t n) {
    for (size_t i = 0; i < n; i++) v[i] = 2.f * nn_rng_uniform(&rng) - 1.f;
}

static conv_shape shape(int c, int h, int w, int oc, int k, int stride, int pad) {
    conv_shape s = {c, h, w, oc, (h + 2 * pad - k) / stride + 1, (w + 2 * pad - k) / stride + 1, k, stride, pad};
    return s;
}

/* x[n, c, iy, ix], 0 in the padding. */
static double at(const float *x, const conv_shape *s, int n, int c, int iy, int ix) {
    if (iy < 0 || iy >= s->h || ix < 0 || ix >= s->w) return 0;
    return x[(((size_t)n * s->c + c) * s->h + iy) * s->w + ix];
}

/* |got - want| <= 1e-5 * (sum of |terms| + 1e-3), worst over a buffer, as one check. */
typedef struct { double worst; int bad; } tally;
static void seen(tally *t, double got, double want, double mag) {
    double e = fabs(got - want) / (mag + 1e-3);
    if (!(e <= t->worst)) t->worst = e;
    t->bad += !(e <= 1e-5);
}

static void check_conv(int B, int c, int h, int w, int oc, int k, int stride, int pad, int bias) {
    conv_shape s = shape(c, h, w, oc, k, stride, pad);
    size_t nx = (size_t)B * c * h * w, ny = (size_t)B * oc * s.oh * s.ow, nw = (size_t)oc * c * k * k;
    float *x = malloc(nx * 4), *y = malloc(ny * 4), *dy = malloc(ny * 4), *dx = malloc(nx * 4);
    float *wt = malloc(nw * 4), *dw = calloc(nw, 4), b[8], db[8] = {0};
    float *col = malloc((size_t)c * k * k * B * s.oh * s.ow * 4), *tmp = malloc(ny * 4);
    fill(x, nx), fill(dy, ny), fill(wt, nw), fill(b, (size_t)oc);
    conv_forward(y, tmp, col, x, wt, bias ? b : NULL, B, &s);
    conv_backward(dx, dw, bias ? db : NULL, tmp, col, dy, wt, B, &s);
    tally ty = {0, 0}, tw = {0, 0}, tb = {0, 0}, tx = {0, 0};
    for (int n = 0; n < B; n++)
        for (int o = 0; o < oc; o++)
            for (int oy = 0; oy < s.oh; oy++)
                for (int ox = 0; ox < s.ow; ox++) {
                    double sum = bias ? b[o] : 0, mag = fabs(sum);
                    for (int ci = 0; ci < c; ci++)
                        for (int ki = 0; ki < k; ki++)
                            for (int kj = 0; kj < k; kj++) {
                                double t = wt[((o * c + ci) * k + ki) * k + kj] *
                                           at(x, &s, n, ci, oy * stride + ki - pad, ox * stride + kj - pad);
                                sum += t, mag += fabs(t);
                            }
                    seen(&ty, y[(((size_t)n * oc + o) * s.oh + oy) * s.ow + ox], sum, mag);
                }
    /* dw[o,c,ki,kj] = sum over (n, oy, ox) of dy[n,o,oy,ox] * x[n, c, oy*S+ki-P, ox*S+kj-P]. */
    for (int o = 0; o < oc; o++) {
        double sb = 0, mb = 0;
        for (int ci = 0; ci < c; ci++)
            for (int ki = 0; ki < k; ki++)
                for (int kj = 0; kj < k; kj++) {
                    double sum = 0, mag = 0;
                    for (int n = 0; n < B; n++)
                        for (int oy = 0; oy < s.oh; oy++)
                            for (int ox = 0; ox < s.ow; ox++) {
                                double t = dy[(((size_t)n * oc + o) * s.oh + oy) * s.ow + ox] *
                                           at(x, &s, n, ci, oy * stride + ki - pad, ox * stride + kj - pad);
                                sum += t, mag += fabs(t);
                            }
                    seen(&tw, dw[((o * c + ci) * k + ki) * k + kj], sum, mag);
                }
        for (size_t j = 0; j < (size_t)B * s.oh * s.ow; j++) {
            double g = dy[((j / ((size_t)s.oh * s.ow)) * oc + o) * s.oh * s.ow + j % ((size_t)s.oh * s.ow)];
            sb += g, mb += fabs(g);
        }
        if (bias) seen(&tb, db[o], sb, mb);
    }
    /* dx[n,c,iy,ix] = sum over the outputs whose window covers (iy, ix) of dy * w there. */
    for (int n = 0; n < B; n++)
        for (int ci = 0; ci < c; ci++)
            for (int iy = 0; iy < h; iy++)
                for (int ix = 0; ix < w; ix++) {
                    double sum = 0, mag = 0;
                    for (int o = 0; o < oc; o++)
                        for (int ki = 0; ki < k; ki++)
                            for (int kj = 0; kj < k; kj++) {
                                int ty0 = iy + pad - ki, tx0 = ix + pad - kj;
                                if (ty0 < 0 || tx0 < 0 || ty0 % stride || tx0 % stride) continue;
                                int oy = ty0 / stride, ox = tx0 / stride;
                                if (oy >= s.oh || ox >= s.ow) continue;
                                double t = dy[(((size_t)n * oc + o) * s.oh + oy) * s.ow + ox] *
                                           wt[((o * c + ci) * k + ki) * k + kj];
                                sum += t, mag += fabs(t);
                            }
                    seen(&tx, dx[(((size_t)n * c + ci) * h + iy) * w + ix], sum, mag);
                }
    const char *f = "conv B%d %dx%dx%d -> %d k%d s%d p%d%s: %s off by %.2g of the terms' size";
    const char *nb = bias ? "" : " no bias";
    t_ok(!ty.bad, f, B, c, h, w, oc, k, stride, pad, nb, "y", ty.worst);
    t_ok(!tw.bad, f, B, c, h, w, oc, k, stride, pad, nb, "dw", tw.worst);
    t_ok(!tb.bad, f, B, c, h, w, oc, k, stride, pad, nb, "db", tb.worst);
    t_ok(!tx.bad, f, B, c, h, w, oc, k, stride, pad, nb, "dx", tx.worst);
    free(x), free(y), free(dy), free(dx), free(wt), free(dw), free(col), free(tmp);
}

static void test_conv(void) {
    /* B, C, H, W, OC, K, stride, pad */
    static const int cases[][8] = {
        {1, 1, 1, 1, 1, 1, 1, 0}, {2, 3, 5, 4, 2, 1, 1, 0}, {2, 1, 6, 6, 3, 3, 1, 0},
        {3, 2, 7, 5, 4, 3, 1, 1}, {2, 2, 8, 9, 3, 3, 2, 1}, {1, 3, 9, 7, 2, 5, 1, 2},
        {2, 1, 10, 10, 8, 5, 1, 0}, {2, 4, 11, 6, 5, 2, 3, 0}, {1, 2, 5, 5, 2, 5, 1, 0},
        {2, 1, 7, 7, 1, 3, 3, 1}, {1, 8, 6, 6, 6, 3, 2, 0}, {2, 2, 4, 4, 3, 1, 2, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const int *c = cases[i];
        check_conv(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], 1);
        check_conv(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], 0);
    }
}

/* Both poolings on windows of k 1..3, stride 1..3 (overlapping, touching and gapped), sizes
 * whose last window is cut off. Max pooling's input has a tie in each window's first two
 * values, to check that the first wins (as PyTorch's index does). */
static void test_pool(void) {
    static const int cases[][5] = {{1, 1, 1, 1, 1}, {2, 3, 4, 4, 2}, {1, 2, 5, 7, 2}, {2, 1, 7, 5, 3},
                                   {1, 2, 6, 6, 3}, {2, 2, 5, 5, 1}, {1, 1, 9, 8, 2}};
    static const int strides[] = {1, 2, 3};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        for (int si = 0; si < 3; si++) {
            int B = cases[i][0], c = cases[i][1], h = cases[i][2], w = cases[i][3], k = cases[i][4];
            int stride = strides[si];
            if (k > h || k > w) continue;
            conv_shape s = shape(c, h, w, c, k, stride, 0);
            size_t nx = (size_t)B * c * h * w, ny = (size_t)B * c * s.oh * s.ow;
            float *x = malloc(nx * 4), *y = malloc(ny * 4), *ya = malloc(ny * 4), *dy = malloc(ny * 4);
            float *dx = malloc(nx * 4), *dxa = malloc(nx * 4);
            double *rdx = calloc(nx, sizeof *rdx), *rdxa = calloc(nx, sizeof *rdxa);
            int *arg = malloc(ny * sizeof *arg);
            fill(x, nx), fill(dy, ny);
            for (size_t j = 1; j < nx; j += 7) x[j] = x[j - 1];
            maxpool_forward(y, arg, x, B, &s);
            maxpool_backward(dx, dy, arg, B, &s);
            avgpool_forward(ya, x, B, &s);
            avgpool_backward(dxa, dy, B, &s);
            int bad_max = 0, bad_avg = 0, bad_dx = 0;
            for (int q = 0; q < B * c; q++)
                for (int oy = 0; oy < s.oh; oy++)
                    for (int ox = 0; ox < s.ow; ox++) {
                        size_t o = ((size_t)q * s.oh + oy) * s.ow + ox;
                        double best = -INFINITY, sum = 0;
                        size_t where = 0;
                        for (int ki = 0; ki < k; ki++)
                            for (int kj = 0; kj < k; kj++) {
                                size_t idx = ((size_t)q * h + oy * stride + ki) * w + ox * stride + kj;
                                if (x[idx] > best) best = x[idx], where = idx;
                                sum += x[idx];
                            }
                        for (int ki = 0; ki < k; ki++)
                            for (int kj = 0; kj < k; kj++)
                                rdxa[((size_t)q * h + oy * stride + ki) * w + ox * stride + kj] +=
                                    dy[o] / (double)(k * k);
                        rdx[where] += dy[o];
                        bad_max += y[o] != (float)best;
                        bad_avg += fabs(ya[o] - sum / (k * k)) > 1e-6;
                    }
            for (size_t j = 0; j < nx; j++)
                bad_dx += fabs(dx[j] - rdx[j]) > 1e-6 || fabs(dxa[j] - rdxa[j]) > 1e-6;
            t_ok(!bad_max && !bad_avg && !bad_dx, "pool B%d %dx%dx%d k%d s%d: %d max, %d mean, %d dx wrong", B,
                 c, h, w, k, stride, bad_max, bad_avg, bad_dx);
            free(x), free(y), free(ya), free(dy), free(dx), free(dxa), free(rdx), free(rdxa), free(arg);
        }
}

/* Batch norm over channels against its definition per channel, in double; the error measures
 * as test_layers.c's do, in units of the channel's 1/sqrt(var + eps). */
static void test_batchnorm_channels(void) {
    static const int cases[][3] = {{2, 1, 1}, {3, 2, 5}, {2, 5, 9}, {4, 3, 16}};
    for (int i = 0; i < 4; i++) {
        int B = cases[i][0], C = cases[i][1], HW = cases[i][2];
        size_t n = (size_t)B * C * HW;
        float *x = malloc(n * 4), *y = malloc(n * 4), *xhat = malloc(n * 4), *dy = malloc(n * 4), *dx = malloc(n * 4);
        float gamma[8], beta[8], mean[8], var[8], dgamma[8] = {0}, dbeta[8] = {0}, yi[64 * 4];
        fill(x, n), fill(dy, n), fill(beta, 8);
        for (int c = 0; c < C; c++) gamma[c] = 0.5f + nn_rng_uniform(&rng), x[c * HW] += 3.f * c;
        batchnorm_channels_forward_train(y, xhat, mean, var, x, gamma, beta, B, C, HW);
        batchnorm_channels_backward(dx, dgamma, dbeta, dy, xhat, gamma, var, B, C, HW);
        batchnorm_channels_forward_infer(yi, x, gamma, beta, mean, var, B, C, HW);
        double worst_y = 0, worst_dx = 0, worst_p = 0, worst_i = 0;
        for (int c = 0; c < C; c++) {
            double mu = 0, v = 0, sdy = 0, sdyx = 0, cnt = (double)B * HW;
            for (int b = 0; b < B; b++)
                for (int j = 0; j < HW; j++) mu += x[((size_t)b * C + c) * HW + j] / cnt;
            for (int b = 0; b < B; b++)
                for (int j = 0; j < HW; j++) {
                    double d = x[((size_t)b * C + c) * HW + j] - mu;
                    v += d * d / cnt;
                }
            double inv = 1 / sqrt(v + BN_EPS), scale = 1 + inv;
            for (int b = 0; b < B; b++)
                for (int j = 0; j < HW; j++) {
                    size_t at = ((size_t)b * C + c) * HW + j;
                    double hx = (x[at] - mu) * inv;
                    worst_y = fmax(worst_y, fabs(y[at] - (gamma[c] * hx + beta[c])) / scale);
                    worst_i = fmax(worst_i, fabs(yi[at] - (gamma[c] * hx + beta[c])) / scale);
                    sdy += dy[at], sdyx += dy[at] * hx;
                }
            worst_p = fmax(worst_p, fmax(fabs(dgamma[c] - sdyx), fabs(dbeta[c] - sdy)));
            for (int b = 0; b < B; b++)
                for (int j = 0; j < HW; j++) {
                    size_t at = ((size_t)b * C + c) * HW + j;
                    double hx = (x[at] - mu) * inv;
                    double want = gamma[c] * inv * (dy[at] - sdy / cnt - hx * sdyx / cnt);
                    worst_dx = fmax(worst_dx, fabs(dx[at] - want) / (scale * scale));
                }
        }
        t_ok(worst_y <= 1e-6 && worst_i <= 1e-5, "bn %dx%dx%d: outputs off by %g (inference %g) per 1/sd",
             B, C, HW, worst_y, worst_i);
        t_ok(worst_p <= 1e-5, "bn %dx%dx%d: dgamma/dbeta off by %g", B, C, HW, worst_p);
        t_ok(worst_dx <= 1e-6, "bn %dx%dx%d: dx off by %g per 1/sd²", B, C, HW, worst_dx);
        free(x), free(y), free(xhat), free(dy), free(dx);
    }
}

int main(void) {
    nn_rng_seed(&rng, 11);
    t_run(test_conv);
    t_run(test_pool);
    t_run(test_batchnorm_channels);
    return t_results();
}
