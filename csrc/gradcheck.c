/* gradcheck.c — backpropagation checked against central differences, parameter by parameter,
 * through the same training-mode objective the optimizer sees. The page shows its result; the
 * tests run it on every layer, activation and loss. */
#include <math.h>

#include "internal.h"

/* Checks `checked` parameters spread evenly over the block (all when checked = P): the worst
 * relative error, and per parameter (when numeric is not NULL, indexed as the block) the central
 * difference and its error. */
static nn_status check(nn_model *m, const float *x, const float *y, int n, float eps, size_t checked,
                       float *numeric, float *rel_err, float *max_rel_err) {
    nn_ctx *ctx = model_ctx(m);
    if (!(eps > 0.f && eps < 1.f)) return ctx_fail(ctx, NN_ERR_ARG, "eps: must be in (0, 1) (got %g)", eps);
    /* Dropout draws from the model's generator; put it back so checking leaves the run as it was. */
    nn_rng saved = *model_rng(m);
    double f;
    nn_status st = model_objective(m, x, y, n, 1, 1, &f);
    size_t P = nn_params_count(m);
    float *p = model_params(m);
    const float *ana = model_grads(m);
    double worst = 0;
    for (size_t c = 0; st == NN_OK && c < checked; c++) {
        size_t i = checked == P ? c : (size_t)((double)c * (double)P / (double)checked);
        float orig = p[i], up = orig + eps, down = orig - eps;
        double fp = 0, fm = 0;
        p[i] = up;
        st = model_objective(m, x, y, n, 0, 0, &fp);
        p[i] = down;
        if (st == NN_OK) st = model_objective(m, x, y, n, 0, 0, &fm);
        p[i] = orig;
        /* Divide by the step float arithmetic actually took, not the nominal 2*eps. */
        double num = (fp - fm) / ((double)up - (double)down);
        double err = fabs(num - ana[i]) / fmax(fabs(num) + fabs(ana[i]), 1e-2);
        if (numeric) numeric[i] = (float)num;
        if (rel_err) rel_err[i] = (float)err;
        if (!(err <= worst)) worst = err;  /* NaN wins: a NaN gradient is the worst error */
    }
    *model_rng(m) = saved;
    if (st == NN_OK) *max_rel_err = (float)worst;
    return st;
}

nn_status nn_gradcheck(nn_model *m, const float *x, const float *y, int n, float eps,
                       int max_checked, float *max_rel_err) {
    nn_ctx *ctx = model_ctx(m);
    if (max_checked < 0)
        return ctx_fail(ctx, NN_ERR_ARG, "max_checked: must be >= 0 (got %d)", max_checked);
    if (!max_rel_err) return ctx_fail(ctx, NN_ERR_ARG, "max_rel_err is NULL");
    size_t P = nn_params_count(m);
    size_t checked = max_checked == 0 || (size_t)max_checked > P ? P : (size_t)max_checked;
    return check(m, x, y, n, eps, checked, NULL, NULL, max_rel_err);
}

nn_status nn_gradcheck_numeric(nn_model *m, const float *x, const float *y, int n, float eps,
                               float *numeric, float *rel_err, size_t count) {
    nn_ctx *ctx = model_ctx(m);
    size_t P = nn_params_count(m);
    if (!numeric) return ctx_fail(ctx, NN_ERR_ARG, "numeric is NULL");
    if (count != P)
        return ctx_fail(ctx, NN_ERR_ARG, "numeric: buffer holds %zu values, the model has %zu", count, P);
    float worst;
    return check(m, x, y, n, eps, P, numeric, rel_err, &worst);
}
