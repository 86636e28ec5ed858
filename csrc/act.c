/* act.c — activations as table rows pairing the function with its derivative, indexed by
 * nn_act; the names for parsing come from the same rows. Derivatives are written from the
 * output y, which the model keeps anyway. */
#include <math.h>
#include <string.h>

#include "internal.h"
#include "layers.h"
#include "tanh.h"

typedef void (*act_fwd)(float *y, const float *x, int n, float slope);
typedef void (*act_bwd)(float *dx, const float *dy, const float *y, int n, float slope);

static void linear_fwd(float *y, const float *x, int n, float slope) {
    (void)slope;
    if (y != x) memmove(y, x, (size_t)n * sizeof *y);
}
static void linear_bwd(float *dx, const float *dy, const float *y, int n, float slope) {
    (void)y, (void)slope;
    if (dx != dy) memmove(dx, dy, (size_t)n * sizeof *dx);
}

/* y = o + s·tanh(s·x): tanh is s = 1, o = -0 (-0 + t is exact, so the compiler drops it),
 * sigmoid s = o = 1/2. Inlined, so each caller's constants fold. */
__attribute__((always_inline)) static inline void tanh_map(float *y, const float *x, int n, float s,
                                                          float o) {
    int i = 0;
    for (; i + 4 <= n; i += 4) f4_store(y + i, o + tanh4(f4_load(x + i, 4), s), 4);
    if (i < n) f4_store(y + i, o + tanh4(f4_load(x + i, n - i), s), n - i);
}

static void tanh_fwd(float *y, const float *x, int n, float slope) {
    (void)slope;
    tanh_map(y, x, n, 1.f, -0.f);
}
static void tanh_bwd(float *dx, const float *dy, const float *y, int n, float slope) {
    (void)slope;
    ELEMENTWISE for (int i = 0; i < n; i++) dx[i] = dy[i] * (1.f - y[i] * y[i]);
}

/* sigmoid(x) = (1 + tanh(x/2))/2: the same rational, vectorizable where libm's expf is a call
 * per value. Within 2.3e-7 of the true value, so far in the tails it gives 0 or 1 rather than
 * e^x. BCE takes the log of the larger of a and 1 - a only (loss.c), never of a tail value,
 * so that costs it at most 2.3e-7 of loss. */
static void sigmoid_fwd(float *y, const float *x, int n, float slope) {
    (void)slope;
    tanh_map(y, x, n, .5f, .5f);
}
static void sigmoid_bwd(float *dx, const float *dy, const float *y, int n, float slope) {
    (void)slope;
    ELEMENTWISE for (int i = 0; i < n; i++) dx[i] = dy[i] * y[i] * (1.f - y[i]);
}

/* x > 0 ? x : 0 maps NaN and -0 to +0, as the SIMD pmax form does. */
static void relu_fwd(float *y, const float *x, int n, float slope) {
    (void)slope;
    for (int i = 0; i < n; i++) y[i] = x[i] > 0.f ? x[i] : 0.f;
}
/* dy[i] is read whatever the sign: read only where y > 0, it was a conditional load, which
 * clang does not vectorize, and a branch per value that random signs mispredict. */
static void relu_bwd(float *dx, const float *dy, const float *y, int n, float slope) {
    (void)slope;
    ELEMENTWISE for (int i = 0; i < n; i++) {
        float g = dy[i];
        dx[i] = y[i] > 0.f ? g : 0.f;
    }
}

/* The greater of x and slope·x, in pmax's form as the narrow layers compute it: for slopes in
 * [0, 1], x where x > 0 and slope·x elsewhere, except -inf at slope 0, which stays -inf. */
static void leaky_fwd(float *y, const float *x, int n, float slope) {
    for (int i = 0; i < n; i++) {
        float s = slope * x[i];
        y[i] = x[i] < s ? s : x[i];
    }
}
/* y > 0 exactly when x > 0, for any slope >= 0. */
static void leaky_bwd(float *dx, const float *dy, const float *y, int n, float slope) {
    ELEMENTWISE for (int i = 0; i < n; i++) {
        float g = dy[i];
        dx[i] = y[i] > 0.f ? g : slope * g;
    }
}

static const struct act_def {
    const char *name;
    act_fwd fwd;  /* elementwise; softmax has none and is handled per row */
    act_bwd bwd;
} acts[NN_ACT_COUNT] = {
    [NN_ACT_LINEAR] = {"linear", linear_fwd, linear_bwd},
    [NN_ACT_SIGMOID] = {"sigmoid", sigmoid_fwd, sigmoid_bwd},
    [NN_ACT_TANH] = {"tanh", tanh_fwd, tanh_bwd},
    [NN_ACT_RELU] = {"relu", relu_fwd, relu_bwd},
    [NN_ACT_LEAKY_RELU] = {"leaky_relu", leaky_fwd, leaky_bwd},
    [NN_ACT_SOFTMAX] = {"softmax", NULL, NULL},
};

const char *nn_act_name(nn_act a) { return (unsigned)a < NN_ACT_COUNT ? acts[a].name : "?"; }

int nn_act_parse(const char *name) {
    for (int i = 0; i < NN_ACT_COUNT; i++)
        if (strcmp(acts[i].name, name) == 0) return i;
    return -1;
}

/* e^x for x <= 0 (softmax's x minus its row maximum), within 1 ulp (Cephes' expf; measured
 * over every float of [-86, 0]), four lanes at a time in every build:
 * x = n·ln 2 + r with |r| <= ln(2)/2, a degree-7 polynomial in r, times 2^n built in the
 * exponent bits. Arithmetic rather than a libm call, so it vectorizes and gives the same bits
 * in every build. Below EXP_MIN (e^x < 2^-124) it gives e^EXP_MIN, which keeps 2^n a normal
 * float; a softmax output of 4e-38 instead of 0. NaN stays NaN: the scale multiplies instead
 * of being added into the bits. */
#define EXP_MIN -86.f
#define EXP_LOG2E 1.44269504088896341f
#define EXP_LN2_HI 0.693359375f
#define EXP_LN2_LO -2.12194440e-4f
#define EXP_ROUND 12582912.f /* 1.5·2^23: adding it rounds to an integer, held in the low bits */
/* The bits of EXP_ROUND less the exponent bias: t's bits minus this are n + 127, the exponent
 * field of 2^n. */
#define EXP_SCALE_BITS (0x4b400000u - 127u)
static const float EXP_P[] = {1.9875691500e-4f, 1.3981999507e-3f, 8.3334519073e-3f,
                              4.1665795894e-2f, 1.6666665459e-1f, 5.0000001201e-1f};
enum { EXP_NP = sizeof EXP_P / sizeof *EXP_P };

static inline f4 exp4_nonpositive(f4 x) {
    x = f4_pmax(x, (f4){EXP_MIN, EXP_MIN, EXP_MIN, EXP_MIN});
    f4 t = x * EXP_LOG2E + EXP_ROUND, n = t - EXP_ROUND;
    f4 r = (x - n * EXP_LN2_HI) - n * EXP_LN2_LO, p = {EXP_P[0], EXP_P[0], EXP_P[0], EXP_P[0]};
    for (int i = 1; i < EXP_NP; i++) p = p * r + EXP_P[i];
    u4 bits = ((u4)t - EXP_SCALE_BITS) << 23;  /* unsigned: wrapping, for a NaN's bits too */
    return ((p * r * r + r) + 1.f) * (f4)bits;
}

/* y = e^y in place over n values. */
static void exp_nonpositive_map(float *y, int n) {
    int i = 0;
    for (; i + 4 <= n; i += 4) f4_store(y + i, exp4_nonpositive(f4_load(y + i, 4)), 4);
    if (i < n) f4_store(y + i, exp4_nonpositive(f4_load(y + i, n - i)), n - i);
}

/* Subtracting the row maximum keeps exp in range without changing the result. The whole block
 * goes through exp in one pass, so short rows do not leave a scalar tail each. */
static void softmax_rows(float *y, const float *x, int B, int C) {
    for (int r = 0; r < B; r++) {
        const float *xr = x + (size_t)r * C;
        float *yr = y + (size_t)r * C, mx = xr[0];
        for (int j = 1; j < C; j++) mx = mx < xr[j] ? xr[j] : mx;  /* f4_pmax's form */
        for (int j = 0; j < C; j++) yr[j] = xr[j] - mx;
    }
    exp_nonpositive_map(y, B * C);
    for (int r = 0; r < B; r++) {
        float *yr = y + (size_t)r * C, sum = 0.f;
        for (int j = 0; j < C; j++) sum += yr[j];
        for (int j = 0; j < C; j++) yr[j] /= sum;
    }
}

/* softmax_rows on blocks held feature-major, the same operations in the same order per row
 * (so the same results), each loop across a block's rows, where rows of a few classes left
 * softmax_rows a loop setup per row and value. */
void softmax_cols(float *y, const float *x, int C, int blocks) {
    enum { V = COLS_ROWS / 4 };
    for (int t = 0; t < blocks; t++, x += (size_t)C * COLS_ROWS, y += (size_t)C * COLS_ROWS) {
        const f4 *xv = (const f4 *)x;
        f4 *yv = (f4 *)y, mx[V], sum[V] = {{0}};
        for (int v = 0; v < V; v++) mx[v] = xv[v];
        for (int j = 1; j < C; j++)
            for (int v = 0; v < V; v++) mx[v] = f4_pmax(mx[v], xv[j * V + v]);
        for (int j = 0; j < C; j++)
            for (int v = 0; v < V; v++) yv[j * V + v] = xv[j * V + v] - mx[v];
        exp_nonpositive_map(y, C * COLS_ROWS);
        for (int j = 0; j < C; j++)
            for (int v = 0; v < V; v++) sum[v] += yv[j * V + v];
        for (int j = 0; j < C; j++)
            for (int v = 0; v < V; v++) yv[j * V + v] /= sum[v];
    }
}

/* dx_i = y_i * (dy_i - sum_j dy_j y_j): the softmax Jacobian applied to dy. */
static void softmax_rows_bwd(float *dx, const float *dy, const float *y, int B, int C) {
    for (int r = 0; r < B; r++) {
        const float *dyr = dy + (size_t)r * C, *yr = y + (size_t)r * C;
        float *dxr = dx + (size_t)r * C, dot = 0.f;
        for (int j = 0; j < C; j++) dot += dyr[j] * yr[j];
        for (int j = 0; j < C; j++) dxr[j] = yr[j] * (dyr[j] - dot);
    }
}

void act_forward(nn_act a, float *y, const float *x, int B, int C, float slope) {
    if (a == NN_ACT_SOFTMAX) softmax_rows(y, x, B, C);
    else acts[a].fwd(y, x, B * C, slope);
}

void act_backward(nn_act a, float *dx, const float *dy, const float *y, int B, int C, float slope) {
    if (a == NN_ACT_SOFTMAX) softmax_rows_bwd(dx, dy, y, B, C);
    else acts[a].bwd(dx, dy, y, B * C, slope);
}

/* The derivative is the backward pass of an upstream gradient of 1, in place in dydx: each
 * bwd reads dy[i] before it writes dx[i]. */
nn_status nn_act_eval(nn_ctx *ctx, nn_act a, float slope, const float *x, int n, float *y, float *dydx) {
    if ((unsigned)a >= NN_ACT_COUNT || a == NN_ACT_SOFTMAX)
        return ctx_fail(ctx, NN_ERR_ARG, "act_eval: activation %d is not an elementwise one", (int)a);
    if (!(slope >= 0.f && slope <= 1.f))
        return ctx_fail(ctx, NN_ERR_ARG, "act_eval: slope = %g: must be in [0, 1]", (double)slope);
    if (n < 0) return ctx_fail(ctx, NN_ERR_ARG, "act_eval: n = %d: must be >= 0", n);
    if (n > 0 && (!x || !y || !dydx)) return ctx_fail(ctx, NN_ERR_ARG, "act_eval: NULL buffer");
    acts[a].fwd(y, x, n, slope);
    for (int i = 0; i < n; i++) dydx[i] = 1.f;
    acts[a].bwd(dydx, dydx, y, n, slope);
    return NN_OK;
}
