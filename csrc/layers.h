/* layers.h — the building blocks the model chains: activations, dense, batch norm, dropout and
 * the losses (layers.c, act.c, loss.c), convolution and pooling (conv.c), each forward beside
 * its backward. Buffers are row-major (B rows of C columns; images (B, C, H, W)); outputs come
 * first in every signature. Tests may include this header. */
#ifndef NN_LAYERS_H
#define NN_LAYERS_H

#include "f4.h"
#include "nn.h"

/* Marks an elementwise loop whose output may be its input: element i reads only index i, so
 * vectorizing is safe. Without it clang guards the vector loop with an overlap check, which an
 * in-place call fails, and runs the scalar loop instead (backward runs in place: a W2 step is
 * about 5 % faster with it). */
#if defined(__clang__)
#define ELEMENTWISE _Pragma("clang loop vectorize(assume_safety)")
#elif defined(__GNUC__)
#define ELEMENTWISE _Pragma("GCC ivdep")
#else
#define ELEMENTWISE
#endif

/* y = f(x) over B rows of C; softmax works per row. y may alias x. */
void act_forward(nn_act a, float *y, const float *x, int B, int C, float slope);
/* dx = dy * f'(x), written from y = f(x); dx may alias dy. Softmax uses its Jacobian per row. */
void act_backward(nn_act a, float *dx, const float *dy, const float *y, int B, int C, float slope);

/* x (B, IN), w (OUT, IN), b (OUT), y (B, OUT): y = x·wᵀ + b; b NULL: no bias, y = x·wᵀ */
void dense_forward(float *y, const float *x, const float *w, const float *b, int B, int in, int out);
/* The same with wᵀ packed once (mat_pack_b(wp, w, out, in, 1), matmul.h), for weights used
 * many times between writes: the sums run in the packed kernel's order, which is mat_mul_abt's
 * wherever that one packs (matmul_simd.c), so the two agree exactly there and otherwise to the
 * reordering bound of the product tests. */
void dense_forward_packed(float *y, const float *x, const float *wp, const float *b, int B, int in,
                          int out);
/* Inference through narrow dense layers a block of COLS_ROWS rows at a time, the block held
 * feature-major: value i of the block's row r at x[i·COLS_ROWS + r]. A vector then holds one
 * unit of four rows, so every lane works whatever the layer's width, and the weights are
 * splats. y (out, COLS_ROWS) = a(w·x + b) with act_forward's results (slope: leaky relu's),
 * applied as the sums are stored, x (in, COLS_ROWS); b NULL: no bias. Softmax, which works
 * across a row's units, is left to softmax_cols: y = w·x + b then. Both 16-byte aligned, y not
 * aliasing x. Each sum is b plus the terms added in the order of i. A call computes `blocks`
 * such blocks, one after the other: block t of x at x + t·in·COLS_ROWS, of y at
 * y + t·out·COLS_ROWS. */
enum { COLS_ROWS = 16 };
void dense_forward_cols(float *y, const float *x, const float *w, const float *b, int in, int out,
                        int blocks, nn_act a, float slope);
/* Softmax across the C units of each row of `blocks` such blocks (block t at t·C·COLS_ROWS),
 * with act_forward's results. y must not alias x (it reads x after writing y). */
void softmax_cols(float *y, const float *x, int C, int blocks);
/* Backward of dense_forward_cols on a block whose rows past the batch have d = 0: dw (out, in)
 * += d·xᵀ over the block's rows, db += the sums of d over them (if db is not NULL), and, if dx
 * is not NULL, dx (in, COLS_ROWS) = wᵀ·d. d (out, COLS_ROWS), x (in, COLS_ROWS), dx 16-byte
 * aligned. */
void dense_backward_cols(float *dx, float *dw, float *db, const float *d, const float *x, const float *w,
                         int in, int out);
/* dw += dyᵀ·x, db += column sums of dy (if db is not NULL), and, if dx is not NULL, dx = dy·w (B, IN). */
void dense_backward(float *dx, float *dw, float *db, const float *dy, const float *x, const float *w,
                    int B, int in, int out);

#define BN_EPS 1e-5f

/* Training: normalize x (B, C) by the batch's mean and variance (biased), y = gamma*xhat + beta.
 * Keeps xhat (B, C) and the batch mean, var (C) for backward and the running statistics. */
void batchnorm_forward_train(float *y, float *xhat, float *mean, float *var, const float *x,
                             const float *gamma, const float *beta, int B, int C);
/* Inference: the same with the running mean and variance. */
void batchnorm_forward_infer(float *y, const float *x, const float *gamma, const float *beta,
                             const float *run_mean, const float *run_var, int B, int C);
/* dx = (gamma/sqrt(var+eps)) * (dy - mean(dy) - xhat*mean(dy*xhat)) per column;
 * dgamma += sum(dy*xhat), dbeta += sum(dy). dx may alias dy. */
void batchnorm_backward(float *dx, float *dgamma, float *dbeta, const float *dy, const float *xhat,
                        const float *gamma, const float *var, int B, int C);

/* Inverted dropout: mask[i] = 0 with probability p, else 1/(1-p), so inference needs no scaling. */
void dropout_mask(float *mask, nn_rng *rng, int n, float p);
/* y = x * mask elementwise (y may alias x): the forward and, on the gradient, the backward. */
void dropout_apply(float *y, const float *x, const float *mask, int n);

/* ---- image layers (conv.c): x is (B, C, H, W), y (B, OC, OH, OW), both row-major ---- */

/* A K×K window over an input (C, H, W): OH = (H + 2·pad - k)/stride + 1, and the same for OW. */
typedef struct {
    int c, h, w;        /* input (C, H, W) */
    int oc, oh, ow;     /* output (OC, OH, OW); pooling keeps the channels: oc = c */
    int k, stride, pad; /* window, step, zeros around the input (convolution only) */
} conv_shape;

/* w (OC, C, K, K) as PyTorch's Conv2d, b (OC) or NULL: y[n,o] = b[o] + sum over (c, ki, kj) of
 * w[o,c,ki,kj] · x[n, c, oy·stride + ki - pad, ox·stride + kj - pad] (0 outside x). Scratch:
 * tmp (B·OC·OH·OW), and col (C·K·K, B·OH·OW), the batch's im2col, which backward reads. */
void conv_forward(float *y, float *tmp, float *col, const float *x, const float *w, const float *b, int B,
                  const conv_shape *s);
/* After conv_forward on the same batch, its col unchanged: dw += the correlation of dy with x,
 * db += dy summed over (n, oy, ox) (db may be NULL), and, if dx is not NULL, dx = the
 * transposed convolution of dy with w (B, C, H, W); col is overwritten. */
void conv_backward(float *dx, float *dw, float *db, float *tmp, float *col, const float *dy, const float *w,
                   int B, const conv_shape *s);

/* y = the largest value of each window (no padding), arg (B, C, OH, OW) its index in the
 * input plane (the first of equal ones); backward routes dy there: dx = 0 but at arg. */
void maxpool_forward(float *y, int *arg, const float *x, int B, const conv_shape *s);
void maxpool_backward(float *dx, const float *dy, const int *arg, int B, const conv_shape *s);
/* y = the mean of each window; backward spreads dy/(k·k) over it. */
void avgpool_forward(float *y, const float *x, int B, const conv_shape *s);
void avgpool_backward(float *dx, const float *dy, int B, const conv_shape *s);

/* Batch norm over the channels of x (B, C, HW) (PyTorch's BatchNorm2d): the same as the dense
 * batch norm above, with channel c's statistics over its B·HW values. */
void batchnorm_channels_forward_train(float *y, float *xhat, float *mean, float *var, const float *x,
                                      const float *gamma, const float *beta, int B, int C, int HW);
void batchnorm_channels_forward_infer(float *y, const float *x, const float *gamma, const float *beta,
                                      const float *run_mean, const float *run_var, int B, int C, int HW);
void batchnorm_channels_backward(float *dx, float *dgamma, float *dbeta, const float *dy,
                                 const float *xhat, const float *gamma, const float *var, int B, int C,
                                 int HW);

/* Every target valid for the loss: finite; in [0, 1] for bce; a class index < k for softmax_ce.
 * Messages number y as the caller's array in which these n rows start at row `first`. */
nn_status loss_check_targets(nn_ctx *ctx, nn_loss l, const float *y, int n, int k, long first);
/* The mean loss over a batch of n rows with k outputs, from the output layer's pre-activation
 * z and activation a. If grad is not NULL it receives, (n, k): for bce and softmax_ce the
 * gradient with respect to z (the sigmoid/softmax is folded in), for mse the gradient with
 * respect to a. */
double loss_forward(nn_loss l, float *grad, const float *z, const float *a, const float *y, int n,
                    int k);

#endif
