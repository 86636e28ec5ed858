/* metrics.c — classification metrics (accuracy, confusion matrix, precision/recall/F1, ROC
 * AUC, the counts behind ROC and precision-recall curves, average precision, the most
 * confident mistakes) and regression metrics (MSE, MAE, R²) from predictions the caller
 * already has. Sums are kept in double; a metric with a zero denominator is NaN, never a
 * made-up 0 or 1. It does not run models: nn_model_evaluate and the page call these with
 * predict's output. */
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

/* The samples sorted by score, ascending; the score of sample i is the probability of class 1,
 * column k-1 of prob (n, k), k = 1 or 2. NULL when out of memory, with the message set. */
static scored *sort_scores(nn_ctx *ctx, const float *prob, const float *y, int n, int k) {
    scored *s = calloc((size_t)n, sizeof *s);
    if (!s) {
        ctx_fail(ctx, NN_ERR_NOMEM, "metrics: out of memory sorting %d scores", n);
        return NULL;
    }
    for (int i = 0; i < n; i++) s[i] = (scored){prob[(size_t)i * k + k - 1], y[i] == 1.f};
    qsort(s, (size_t)n, sizeof *s, scored_cmp);
    return s;
}

/* The areas under the ROC and precision-recall curves of samples sorted ascending, in one pass
 * over the runs of equal scores, so a tie moves as one step:
 * - ROC AUC, the Mann–Whitney statistic: the probability that a random positive scores above a
 *   random negative, ties counting 1/2; each run adds pos_run * (negatives below + neg_run/2).
 * - average precision: each run adds its recall step pos_run/positives times the precision of
 *   the rows scoring at least as high as it.
 * AUC is NaN if a class is absent, average precision without positives. */
static void areas(const scored *s, int n, float *auc, float *ap) {
    double pos_total = 0;
    for (int i = 0; i < n; i++) pos_total += s[i].positive;
    double neg_total = n - pos_total, pos_below = 0, neg_below = 0, pairs = 0, precision_sum = 0;
    for (int i = 0; i < n;) {
        double pos = 0, neg = 0;
        int j = i;
        for (; j < n && s[j].score == s[i].score; j++) *(s[j].positive ? &pos : &neg) += 1;
        pairs += pos * (neg_below + neg / 2);
        double tp = pos_total - pos_below, fp = neg_total - neg_below;
        precision_sum += pos * tp / (tp + fp);
        pos_below += pos, neg_below += neg;
        i = j;
    }
    *auc = (float)ratio(pairs, pos_total * neg_total);
    *ap = (float)ratio(precision_sum, pos_total);
}

static nn_status auc_binary(nn_ctx *ctx, const float *prob, const float *y, int n, int k,
                            float *auc) {
    scored *s = sort_scores(ctx, prob, y, n, k);
    if (!s) return NN_ERR_NOMEM;
    float ap;
    areas(s, n, auc, &ap);
    free(s);
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

nn_status nn_metrics_curve(nn_ctx *ctx, const float *score, const float *y, int n, int points,
                           float *thresholds, int *tp, int *fp, nn_curve *out) {
    if (!score || !y || !thresholds || !tp || !fp || !out)
        return ctx_fail(ctx, NN_ERR_ARG, "%s is NULL", !score ? "score" : !y ? "y" : !thresholds ? "thresholds"
                        : !tp ? "tp" : !fp ? "fp" : "out");
    if (n < 1) return ctx_fail(ctx, NN_ERR_ARG, "n = %d: need at least 1 sample", n);
    if (points < 2) return ctx_fail(ctx, NN_ERR_ARG, "points = %d: need at least 2 thresholds", points);
    nn_status st = check_finite(ctx, "score", score, (size_t)n);
    if (st == NN_OK) st = check_labels(ctx, y, n, 2);
    if (st != NN_OK) return st;
    scored *s = sort_scores(ctx, score, y, n, 1);
    if (!s) return NN_ERR_NOMEM;
    int positives = 0;
    for (int i = 0; i < n; i++) positives += s[i].positive;
    /* Thresholds ascending, so the rows below each one only grow: one pass over the sorted scores. */
    int j = 0, pos_below = 0;
    for (int i = 0; i < points; i++) {
        thresholds[i] = (float)i / (float)(points - 1);
        for (; j < n && s[j].score < thresholds[i]; j++) pos_below += s[j].positive;
        tp[i] = positives - pos_below;
        fp[i] = n - j - tp[i];
    }
    *out = (nn_curve){.positives = positives, .negatives = n - positives};
    areas(s, n, &out->auc, &out->ap);
    free(s);
    ctx_clear(ctx);
    return NN_OK;
}

typedef struct { float conf; int row, pred; } mistake;

/* Most confident first; equal confidence in row order, so the order is the same everywhere. */
static int mistake_cmp(const void *a, const void *b) {
    const mistake *x = a, *y = b;
    if (x->conf != y->conf) return x->conf < y->conf ? 1 : -1;
    return (x->row > y->row) - (x->row < y->row);
}

nn_status nn_metrics_mistakes(nn_ctx *ctx, const float *prob, const float *y, int n, int k, int max,
                              int *rows, int *pred, int *count) {
    if (!prob || !y || !rows || !pred || !count)
        return ctx_fail(ctx, NN_ERR_ARG, "%s is NULL", !prob ? "prob" : !y ? "y" : !rows ? "rows" : !pred ? "pred"
                        : "count");
    if (n < 1) return ctx_fail(ctx, NN_ERR_ARG, "n = %d: need at least 1 sample", n);
    if (k < 1) return ctx_fail(ctx, NN_ERR_ARG, "k = %d: need at least 1 output column", k);
    if (max < 0) return ctx_fail(ctx, NN_ERR_ARG, "max = %d: must be >= 0", max);
    nn_status st = check_finite(ctx, "prob", prob, (size_t)n * (size_t)k);
    if (st == NN_OK) st = check_labels(ctx, y, n, k < 2 ? 2 : k);
    if (st != NN_OK) return st;
    mistake *m = calloc((size_t)n, sizeof *m);
    if (!m) return ctx_fail(ctx, NN_ERR_NOMEM, "metrics: out of memory sorting %d rows", n);
    int found = 0;
    for (int i = 0; i < n; i++) {
        const float *p = prob + (size_t)i * k;
        int c = predicted_class(p, k);
        if (c != (int)y[i]) m[found++] = (mistake){k == 1 ? (c ? p[0] : 1.f - p[0]) : p[c], i, c};
    }
    qsort(m, (size_t)found, sizeof *m, mistake_cmp);
    *count = found < max ? found : max;
    for (int i = 0; i < *count; i++) rows[i] = m[i].row, pred[i] = m[i].pred;
    free(m);
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
