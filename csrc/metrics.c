/* metrics.c — classification metrics (accuracy, confusion matrix, precision/recall/F1, ROC
 * AUC) and regression metrics (MSE, MAE, R²) from predictions the caller already has. Sums are
 * kept in double; a metric with a zero denominator is NaN, never a made-up 0 or 1. It does
 * not run models: nn_model_evaluate and the page call these with predict's output. */
#include <math.h>
#include <stdlib.h>

#include "internal.h"

/* Refuses NaN and ±Inf in a (n) with a message naming the array, the index and the value. */
static nn_status check_finite(nn_ctx *ctx, const char *name, const float *a, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!isfinite(a[i]))
            return ctx_fail(ctx, NN_ERR_ARG, "%s[%zu] = %g: must be finite", name, i, (double)a[i]);
    return NN_OK;
}

/* y (n) must hold class indices in [0, K). */
static nn_status check_labels(nn_ctx *ctx, const float *y, int n, int K) {
    for (int i = 0; i < n; i++)
        if (!(y[i] >= 0.f && y[i] < (float)K && y[i] == floorf(y[i])))
            return ctx_fail(ctx, NN_ERR_ARG, "y[%d] = %g: must be a class index in 0..%d",
                            i, (double)y[i], K - 1);
    return NN_OK;
}

/* The predicted class of row p (k): k = 1 thresholds the probability of class 1, 0.5 itself
 * counting as class 1 as in nn_model_evaluate's accuracy; k >= 2 takes the first largest
 * entry. */
static int predicted_class(const float *p, int k) {
    if (k == 1) return p[0] >= 0.5f;
    int best = 0;
    for (int c = 1; c < k; c++)
        if (p[c] > p[best]) best = c;
    return best;
}

static double ratio(double num, double den) { return den > 0 ? num / den : NAN; }

/* Running mean of the defined (non-NaN) values; NaN if none is. Macro averages skip the
 * classes a metric is undefined for (no true samples for recall, no predictions for
 * precision) rather than letting one absent class blank out the whole figure. */
typedef struct { double sum; int used; } mean_acc;

static void mean_add(mean_acc *a, double v) {
    if (!isnan(v)) a->sum += v, a->used++;
}

static float mean_get(const mean_acc *a) { return a->used ? (float)(a->sum / a->used) : NAN; }

typedef struct { float score; int positive; } scored;

static int scored_cmp(const void *a, const void *b) {
    float x = ((const scored *)a)->score, y = ((const scored *)b)->score;
    return (x > y) - (x < y);
}

/* ROC AUC as the Mann–Whitney statistic: the probability that a random positive scores above
 * a random negative, ties counting 1/2. Sorted ascending, each run of equal scores adds
 * pos_run * (negatives below the run + neg_run/2). NaN if a class is absent. The score of
 * sample i is the probability of class 1: column k-1 of prob (n, k), k = 1 or 2. */
static nn_status auc_binary(nn_ctx *ctx, const float *prob, const float *y, int n, int k,
                            float *auc) {
    scored *s = calloc((size_t)n, sizeof *s);
    if (!s) return ctx_fail(ctx, NN_ERR_NOMEM, "metrics: out of memory sorting %d scores for AUC", n);
    for (int i = 0; i < n; i++) s[i] = (scored){prob[(size_t)i * k + k - 1], y[i] == 1.f};
    qsort(s, (size_t)n, sizeof *s, scored_cmp);
    double neg_below = 0, pairs = 0, pos_total = 0;
    for (int i = 0; i < n;) {
        double pos = 0, neg = 0;
        int j = i;
        for (; j < n && s[j].score == s[i].score; j++) {
            if (s[j].positive) pos++;
            else neg++;
        }
        pairs += pos * (neg_below + neg / 2);
        neg_below += neg;
        pos_total += pos;
        i = j;
    }
    free(s);
    *auc = (float)ratio(pairs, pos_total * neg_below);
    return NN_OK;
}

/* Precision, recall and F1 of class c from the confusion matrix cm (K, K). F1 is
 * 2TP/(2TP+FP+FN): the harmonic mean of precision and recall wherever both exist, and 0
 * rather than undefined when the class was never predicted (or never present) yet missed
 * (or wrongly predicted). */
static void class_prf(const int *cm, int K, int c, double *prec, double *rec, double *f1) {
    double tp = cm[c * K + c], pred = 0, truth = 0;
    for (int j = 0; j < K; j++) {
        pred += cm[j * K + c];
        truth += cm[c * K + j];
    }
    *prec = ratio(tp, pred);
    *rec = ratio(tp, truth);
    *f1 = ratio(2 * tp, pred + truth);
}

nn_status nn_metrics_classify(nn_ctx *ctx, const float *prob, const float *y, int n, int k,
                              nn_cls_metrics *out, int *confusion) {
    if (!prob || !y || !out)
        return ctx_fail(ctx, NN_ERR_ARG, "%s is NULL", !prob ? "prob" : !y ? "y" : "out");
    if (n < 1) return ctx_fail(ctx, NN_ERR_ARG, "n = %d: need at least 1 sample", n);
    if (k < 1) return ctx_fail(ctx, NN_ERR_ARG, "k = %d: need at least 1 output column", k);
    int K = k < 2 ? 2 : k;
    nn_status st = check_finite(ctx, "prob", prob, (size_t)n * (size_t)k);
    if (st == NN_OK) st = check_labels(ctx, y, n, K);
    if (st != NN_OK) return st;

    nn_cls_metrics r = {.auc = NAN};
    if (K == 2 && (st = auc_binary(ctx, prob, y, n, k, &r.auc)) != NN_OK) return st;
    /* calloc checks K*K for overflow, which matters where size_t is 32 bits (wasm). */
    int *cm = confusion ? confusion : calloc((size_t)K, (size_t)K * sizeof(int));
    if (!cm) return ctx_fail(ctx, NN_ERR_NOMEM, "metrics: out of memory for a %dx%d confusion matrix", K, K);
    if (confusion)
        for (size_t i = 0; i < (size_t)K * K; i++) cm[i] = 0;

    int correct = 0;
    for (int i = 0; i < n; i++) {
        int truth = (int)y[i], pred = predicted_class(prob + (size_t)i * k, k);
        cm[truth * K + pred]++;
        correct += truth == pred;
    }
    r.accuracy = (float)correct / (float)n;
    mean_acc prec = {0}, rec = {0}, f1 = {0};
    /* Binary problems report class 1 alone; multiclass ones the macro average over classes. */
    for (int c = K == 2 ? 1 : 0; c < K; c++) {
        double p, q, f;
        class_prf(cm, K, c, &p, &q, &f);
        mean_add(&prec, p);
        mean_add(&rec, q);
        mean_add(&f1, f);
    }
    r.precision = mean_get(&prec);
    r.recall = mean_get(&rec);
    r.f1 = mean_get(&f1);
    if (!confusion) free(cm);
    *out = r;
    ctx_clear(ctx);
    return NN_OK;
}

nn_status nn_metrics_regress(nn_ctx *ctx, const float *pred, const float *y, int n, int d,
                             nn_reg_metrics *out) {
    if (!pred || !y || !out)
        return ctx_fail(ctx, NN_ERR_ARG, "%s is NULL", !pred ? "pred" : !y ? "y" : "out");
    if (n < 1) return ctx_fail(ctx, NN_ERR_ARG, "n = %d: need at least 1 sample", n);
    if (d < 1) return ctx_fail(ctx, NN_ERR_ARG, "d = %d: need at least 1 output column", d);
    size_t count = (size_t)n * (size_t)d;
    nn_status st = check_finite(ctx, "pred", pred, count);
    if (st == NN_OK) st = check_finite(ctx, "y", y, count);
    if (st != NN_OK) return st;

    double se = 0, ae = 0, r2_sum = 0;
    int r2_used = 0;
    for (int j = 0; j < d; j++) {
        /* Two passes per output column: its mean, then the residual and total sums of
         * squares (SS_tot about the mean, which one pass would lose to cancellation). */
        double mean = 0, ss_res = 0, ss_tot = 0;
        for (int i = 0; i < n; i++) mean += y[(size_t)i * d + j];
        mean /= n;
        for (int i = 0; i < n; i++) {
            double t = y[(size_t)i * d + j], e = pred[(size_t)i * d + j] - t;
            ss_res += e * e;
            ss_tot += (t - mean) * (t - mean);
            ae += fabs(e);
        }
        se += ss_res;
        /* A constant target leaves R² undefined; such outputs are left out of the average. */
        if (ss_tot > 0) r2_sum += 1 - ss_res / ss_tot, r2_used++;
    }
    out->mse = (float)(se / (double)count);
    out->mae = (float)(ae / (double)count);
    out->r2 = r2_used ? (float)(r2_sum / r2_used) : NAN;
    ctx_clear(ctx);
    return NN_OK;
}
