/* test_metrics.c — classification and regression metrics on small cases worked out by hand
 * (a 2x2 and a 3x3 confusion matrix, AUC with and without ties, the counts behind ROC and
 * precision-recall curves and average precision, the most confident mistakes, R² of a perfect,
 * a mean and an imperfect predictor), the NaN rules for undefined figures, and refused input.
 * Results are ratios of small integers rounded once to float32, hence the 1e-6 tolerance. */
#include "internal.h"
#include "t.h"

static int same_ints(const int *a, const int *b, int n) {
    for (int i = 0; i < n; i++)
        if (a[i] != b[i]) return 0;
    return 1;
}

/* k = 1, eight samples, threshold 0.5:
 *   prob  0.9 0.8 0.3 0.6 0.2 0.55 0.7 0.1
 *   y     1   1   1   0   0   0    1   0
 *   pred  1   1   0   1   0   1    1   0
 * TN = 2 (0.2, 0.1), FP = 2 (0.6, 0.55), FN = 1 (0.3), TP = 3 (0.9, 0.8, 0.7)
 * confusion (rows true) [[2, 2], [1, 3]]; accuracy 5/8 = 0.625; precision 3/5 = 0.6;
 * recall 3/4 = 0.75; F1 = 2*0.6*0.75/(0.6+0.75) = 0.9/1.35 = 2/3.
 * AUC: positives 0.9, 0.8, 0.7 beat all 4 negatives (12 pairs), 0.3 beats 0.2 and 0.1 (2):
 * 14/16 = 0.875. */
static void test_binary(void) {
    nn_ctx *ctx = nn_ctx_create();
    const float prob[8] = {.9f, .8f, .3f, .6f, .2f, .55f, .7f, .1f};
    const float y[8] = {1, 1, 1, 0, 0, 0, 1, 0};
    int cm[4] = {-1, -1, -1, -1};
    nn_cls_metrics r;
    t_ok(nn_metrics_classify(ctx, prob, y, 8, 1, &r, cm) == NN_OK, "%s", nn_last_error(ctx));
    t_ok(same_ints(cm, (const int[]){2, 2, 1, 3}, 4), "confusion [[%d, %d], [%d, %d]]", cm[0],
         cm[1], cm[2], cm[3]);
    t_near(r.accuracy, .625, 1e-6);
    t_near(r.precision, .6, 1e-6);
    t_near(r.recall, .75, 1e-6);
    t_near(r.f1, 2. / 3, 1e-6);
    t_near(r.auc, .875, 1e-6);

    /* The same problem as a two-column distribution (k = 2, argmax, AUC on column 1) gives
     * the same figures, also without a confusion buffer. */
    float prob2[16];
    for (int i = 0; i < 8; i++) prob2[2 * i] = 1 - prob[i], prob2[2 * i + 1] = prob[i];
    nn_cls_metrics r2;
    t_ok(nn_metrics_classify(ctx, prob2, y, 8, 2, &r2, NULL) == NN_OK, "%s", nn_last_error(ctx));
    t_near(r2.accuracy, .625, 1e-6);
    t_near(r2.precision, .6, 1e-6);
    t_near(r2.recall, .75, 1e-6);
    t_near(r2.f1, 2. / 3, 1e-6);
    t_near(r2.auc, .875, 1e-6);
    nn_ctx_free(ctx);
}

/* Ties count 1/2 (Mann–Whitney). Positives 0.8, 0.5, 0.5; negatives 0.5, 0.2:
 *   0.8 beats both (2); each 0.5 ties 0.5 (1/2) and beats 0.2 (1): 2 + 1.5 + 1.5 = 5 of
 *   3*2 = 6 pairs -> AUC = 5/6 = 0.8333333.
 * All scores equal: every pair ties -> 0.5. Probability exactly 0.5 is predicted class 1. */
static void test_auc_ties(void) {
    nn_ctx *ctx = nn_ctx_create();
    const float prob[5] = {.5f, .8f, .2f, .5f, .5f};
    const float y[5] = {1, 1, 0, 0, 1};
    nn_cls_metrics r;
    int cm[4];
    t_ok(nn_metrics_classify(ctx, prob, y, 5, 1, &r, cm) == NN_OK, "%s", nn_last_error(ctx));
    t_near(r.auc, 5. / 6, 1e-6);
    /* Predicted 0 only for 0.2: TN 1 (0.2), FP 1 (a 0.5), FN 0, TP 3 (0.5, 0.8, 0.5). */
    t_ok(same_ints(cm, (const int[]){1, 1, 0, 3}, 4), "confusion [[%d, %d], [%d, %d]]", cm[0],
         cm[1], cm[2], cm[3]);

    const float flat[4] = {.3f, .3f, .3f, .3f}, yf[4] = {0, 1, 1, 0};
    t_ok(nn_metrics_classify(ctx, flat, yf, 4, 1, &r, NULL) == NN_OK, "%s", nn_last_error(ctx));
    t_near(r.auc, .5, 1e-6);
    nn_ctx_free(ctx);
}

/* k = 3, eight samples (argmax; a tie goes to the first largest):
 *   y = 0: (0.7 0.2 0.1) -> 0, (0.4 0.4 0.2) -> 0 (tie), (0.2 0.5 0.3) -> 1
 *   y = 1: (0.1 0.8 0.1) -> 1, (0.2 0.3 0.5) -> 2, (0.1 0.1 0.8) -> 2
 *   y = 2: (0.3 0.3 0.4) -> 2, (0.6 0.2 0.2) -> 0
 * confusion [[2, 1, 0], [0, 1, 2], [1, 0, 1]]: column sums 3, 2, 3; row sums 3, 3, 2.
 *   class 0: P 2/3, R 2/3, F1 4/6 = 2/3
 *   class 1: P 1/2, R 1/3, F1 2/(2+3) = 0.4
 *   class 2: P 1/3, R 1/2, F1 2/(3+2) = 0.4
 * accuracy 4/8 = 0.5; macro P = (2/3 + 1/2 + 1/3)/3 = 0.5; macro R = (2/3 + 1/3 + 1/2)/3 = 0.5;
 * macro F1 = (2/3 + 0.4 + 0.4)/3 = 0.48888889; AUC undefined for three classes (NaN). */
static void test_multiclass(void) {
    nn_ctx *ctx = nn_ctx_create();
    const float prob[24] = {.7f, .2f, .1f, .4f, .4f, .2f, .2f, .5f, .3f, .1f, .8f, .1f,
                            .2f, .3f, .5f, .1f, .1f, .8f, .3f, .3f, .4f, .6f, .2f, .2f};
    const float y[8] = {0, 0, 0, 1, 1, 1, 2, 2};
    int cm[9];
    nn_cls_metrics r;
    t_ok(nn_metrics_classify(ctx, prob, y, 8, 3, &r, cm) == NN_OK, "%s", nn_last_error(ctx));
    t_ok(same_ints(cm, (const int[]){2, 1, 0, 0, 1, 2, 1, 0, 1}, 9),
         "confusion [[%d %d %d] [%d %d %d] [%d %d %d]]", cm[0], cm[1], cm[2], cm[3], cm[4], cm[5],
         cm[6], cm[7], cm[8]);
    t_near(r.accuracy, .5, 1e-6);
    t_near(r.precision, .5, 1e-6);
    t_near(r.recall, .5, 1e-6);
    t_near(r.f1, .48888889, 1e-6);
    t_ok(isnan(r.auc), "auc = %g, want NaN for 3 classes", r.auc);
    nn_ctx_free(ctx);
}

/* Undefined figures are NaN, and a macro average skips the classes it is undefined for. */
static void test_undefined(void) {
    nn_ctx *ctx = nn_ctx_create();
    nn_cls_metrics r;
    /* Binary, only negatives, all predicted 0: recall of class 1 has no true samples,
     * precision no predictions, F1 = 2TP/(2TP+FP+FN) = 0/0, AUC no positive: all NaN.
     * Accuracy is 1. */
    const float p0[3] = {.1f, .2f, .3f}, y0[3] = {0, 0, 0};
    t_ok(nn_metrics_classify(ctx, p0, y0, 3, 1, &r, NULL) == NN_OK, "%s", nn_last_error(ctx));
    t_near(r.accuracy, 1, 1e-6);
    t_ok(isnan(r.precision) && isnan(r.recall) && isnan(r.f1) && isnan(r.auc),
         "precision %g recall %g f1 %g auc %g, want all NaN", r.precision, r.recall, r.f1, r.auc);

    /* Binary, one positive missed: precision 0/0 is NaN, recall 0/1 = 0, F1 = 0/(0+0+1) = 0. */
    const float p1[2] = {.1f, .2f}, y1[2] = {0, 1};
    t_ok(nn_metrics_classify(ctx, p1, y1, 2, 1, &r, NULL) == NN_OK, "%s", nn_last_error(ctx));
    t_ok(isnan(r.precision), "precision = %g, want NaN", r.precision);
    t_near(r.recall, 0, 1e-6);
    t_near(r.f1, 0, 1e-6);
    t_near(r.auc, 1, 1e-6);   /* 0.2 > 0.1 */

    /* k = 3 with class 2 absent and never predicted, both samples right: classes 0 and 1
     * have P = R = F1 = 1, class 2 none of them, so the macro averages are 1, not NaN. */
    const float p3[6] = {.8f, .1f, .1f, .2f, .7f, .1f}, y3[2] = {0, 1};
    t_ok(nn_metrics_classify(ctx, p3, y3, 2, 3, &r, NULL) == NN_OK, "%s", nn_last_error(ctx));
    t_near(r.precision, 1, 1e-6);
    t_near(r.recall, 1, 1e-6);
    t_near(r.f1, 1, 1e-6);
    nn_ctx_free(ctx);
}

/* y (3, 2) = [[1, 10], [2, 20], [3, 60]], column means 2 and 30; SS_tot = 2 and 1400.
 *   perfect: MSE 0, MAE 0, R² 1.
 *   the mean predictor [2, 30] on every row: R² 0 per column, so 0; errors (-1, -20),
 *     (0, -10), (1, 30): MSE = (1+400+0+100+1+900)/6 = 1402/6 = 233.66667,
 *     MAE = (1+20+0+10+1+30)/6 = 62/6 = 10.333333.
 *   pred [[1.5, 10], [2, 20], [2.5, 60]]: column 0 SS_res = 0.25+0+0.25 = 0.5, R² = 1 - 0.5/2
 *     = 0.75; column 1 R² = 1; mean 0.875. MSE = 0.5/6 = 0.083333333, MAE = 1/6 = 0.16666667. */
static void test_regress(void) {
    nn_ctx *ctx = nn_ctx_create();
    const float y[6] = {1, 10, 2, 20, 3, 60};
    const float mean[6] = {2, 30, 2, 30, 2, 30};
    const float some[6] = {1.5f, 10, 2, 20, 2.5f, 60};
    nn_reg_metrics r;
    t_ok(nn_metrics_regress(ctx, y, y, 3, 2, &r) == NN_OK, "%s", nn_last_error(ctx));
    t_near(r.mse, 0, 1e-6);
    t_near(r.mae, 0, 1e-6);
    t_near(r.r2, 1, 1e-6);
    t_ok(nn_metrics_regress(ctx, mean, y, 3, 2, &r) == NN_OK, "%s", nn_last_error(ctx));
    t_near(r.mse, 1402. / 6, 1e-6);
    t_near(r.mae, 62. / 6, 1e-6);
    t_near(r.r2, 0, 1e-6);
    t_ok(nn_metrics_regress(ctx, some, y, 3, 2, &r) == NN_OK, "%s", nn_last_error(ctx));
    t_near(r.mse, .5 / 6, 1e-6);
    t_near(r.mae, 1. / 6, 1e-6);
    t_near(r.r2, .875, 1e-6);

    /* A constant target has no variance to explain: R² is NaN (one sample is the extreme). */
    const float c[3] = {4, 4, 4}, pc[3] = {4, 5, 3};
    t_ok(nn_metrics_regress(ctx, pc, c, 3, 1, &r) == NN_OK, "%s", nn_last_error(ctx));
    t_ok(isnan(r.r2), "r2 = %g, want NaN for a constant target", r.r2);
    t_near(r.mse, 2. / 3, 1e-6);
    t_ok(nn_metrics_regress(ctx, pc, c, 1, 1, &r) == NN_OK, "%s", nn_last_error(ctx));
    t_ok(isnan(r.r2), "r2 = %g, want NaN for one sample", r.r2);
    nn_ctx_free(ctx);
}

/* The eight samples of test_binary, sorted by score:
 *   score 0.1 0.2 0.3 0.55 0.6 0.7 0.8 0.9
 *   y     0   0   1   0    0   1   1   1        positives 4, negatives 4
 * counts of score >= t at 5 thresholds (0, 0.25, 0.5, 0.75, 1):
 *   t = 0     every row:                    tp 4, fp 4
 *   t = 0.25  0.3 and up:                   tp 4, fp 2 (0.55, 0.6)
 *   t = 0.5   0.55 and up:                  tp 3, fp 2 (TP and FP of test_binary's confusion)
 *   t = 0.75  0.8, 0.9:                     tp 2, fp 0
 *   t = 1     none:                         tp 0, fp 0
 * AUC 14/16 = 0.875 as test_binary found. Average precision, from the top: 0.9, 0.8, 0.7 are
 * positives with precision 1 (recall +1/4 each: 3/4), 0.6 and 0.55 negatives (no recall step),
 * 0.3 the fourth positive at precision 4/6: AP = 3/4 + 1/4 * 2/3 = 11/12 = 0.91666667. */
static void test_curve(void) {
    nn_ctx *ctx = nn_ctx_create();
    const float score[8] = {.9f, .8f, .3f, .6f, .2f, .55f, .7f, .1f};
    const float y[8] = {1, 1, 1, 0, 0, 0, 1, 0};
    float t[5];
    int tp[5], fp[5];
    nn_curve c;
    t_ok(nn_metrics_curve(ctx, score, y, 8, 5, t, tp, fp, &c) == NN_OK, "%s", nn_last_error(ctx));
    t_ok(t[0] == 0 && t[1] == .25f && t[2] == .5f && t[3] == .75f && t[4] == 1, "thresholds %g %g %g %g %g",
         t[0], t[1], t[2], t[3], t[4]);
    t_ok(same_ints(tp, (const int[]){4, 4, 3, 2, 0}, 5), "tp %d %d %d %d %d", tp[0], tp[1], tp[2], tp[3], tp[4]);
    t_ok(same_ints(fp, (const int[]){4, 2, 2, 0, 0}, 5), "fp %d %d %d %d %d", fp[0], fp[1], fp[2], fp[3], fp[4]);
    t_ok(c.positives == 4 && c.negatives == 4, "classes %d %d", c.positives, c.negatives);
    t_near(c.auc, .875, 1e-6);
    t_near(c.ap, 11. / 12, 1e-6);

    /* test_auc_ties' samples: positives 0.8, 0.5, 0.5; negatives 0.5, 0.2. A score equal to a
     * threshold counts (score >= t): at t = 0.5 the three 0.5s and 0.8, tp 3, fp 1. AUC 5/6
     * as found there. AP: 0.8 at precision 1 (recall +1/3), then the run of 0.5s as one step,
     * 2 positives and 1 negative, precision 3/4 (recall +2/3): 1/3 + 2/3 * 3/4 = 5/6. */
    const float ts[5] = {.5f, .8f, .2f, .5f, .5f}, yt[5] = {1, 1, 0, 0, 1};
    t_ok(nn_metrics_curve(ctx, ts, yt, 5, 3, t, tp, fp, &c) == NN_OK, "%s", nn_last_error(ctx));
    t_ok(same_ints(tp, (const int[]){3, 3, 0}, 3) && same_ints(fp, (const int[]){2, 1, 0}, 3),
         "ties: tp %d %d %d, fp %d %d %d", tp[0], tp[1], tp[2], fp[0], fp[1], fp[2]);
    t_near(c.auc, 5. / 6, 1e-6);
    t_near(c.ap, 5. / 6, 1e-6);

    /* Scores outside [0, 1] (logits, say) are counted like any other: -2 below every threshold,
     * 3 above every one. One class only: the counts stand; without negatives AUC is undefined
     * and AP is 1 (every precision is 1); without positives both are undefined. */
    const float wide[3] = {-2, 3, .5f}, ones[3] = {1, 1, 1}, zeros[3] = {0, 0, 0};
    t_ok(nn_metrics_curve(ctx, wide, ones, 3, 2, t, tp, fp, &c) == NN_OK, "%s", nn_last_error(ctx));
    t_ok(tp[0] == 2 && tp[1] == 1 && fp[0] == 0 && c.negatives == 0, "tp %d %d", tp[0], tp[1]);
    t_ok(isnan(c.auc), "auc %g, want NaN without negatives", c.auc);
    t_near(c.ap, 1, 1e-6);
    t_ok(nn_metrics_curve(ctx, wide, zeros, 3, 2, t, tp, fp, &c) == NN_OK, "%s", nn_last_error(ctx));
    t_ok(fp[0] == 2 && fp[1] == 1 && tp[0] == 0 && isnan(c.auc) && isnan(c.ap), "no positives: auc %g ap %g",
         c.auc, c.ap);

    /* 101 thresholds are i/100 as float, the values JS's Math.fround(i / 100) gives. */
    float t101[101];
    int tp101[101], fp101[101];
    t_ok(nn_metrics_curve(ctx, score, y, 8, 101, t101, tp101, fp101, &c) == NN_OK, "101 points");
    t_ok(t101[29] == (float)(29 / 100.0) && t101[100] == 1.f && tp101[55] == 3 && fp101[55] == 2 &&
         fp101[56] == 1, "t[29] %.9g, tp[55] %d, fp[55] %d, fp[56] %d", t101[29], tp101[55], fp101[55], fp101[56]);
    nn_ctx_free(ctx);
}

/* Mistakes of test_binary (k = 1): row 2 (y 1, p 0.3: predicted 0 with 0.7), row 3 (y 0, p 0.6:
 * predicted 1 with 0.6), row 5 (y 0, p 0.55: predicted 1 with 0.55); most confident first.
 * Of test_multiclass (k = 3): row 2 (y 0, predicted 1 with 0.5), row 4 (y 1, predicted 2 with
 * 0.5), row 5 (y 1, predicted 2 with 0.8), row 7 (y 2, predicted 0 with 0.6): 5, 7, then the
 * tie at 0.5 in row order, 2 before 4. */
static void test_mistakes(void) {
    nn_ctx *ctx = nn_ctx_create();
    const float prob[8] = {.9f, .8f, .3f, .6f, .2f, .55f, .7f, .1f};
    const float y[8] = {1, 1, 1, 0, 0, 0, 1, 0};
    int rows[8] = {-1}, pred[8] = {-1}, count = -1;
    t_ok(nn_metrics_mistakes(ctx, prob, y, 8, 1, 8, rows, pred, &count) == NN_OK, "%s", nn_last_error(ctx));
    t_ok(count == 3 && same_ints(rows, (const int[]){2, 3, 5}, 3) && same_ints(pred, (const int[]){0, 1, 1}, 3),
         "k = 1: %d mistakes, rows %d %d %d, pred %d %d %d", count, rows[0], rows[1], rows[2], pred[0], pred[1], pred[2]);
    t_ok(nn_metrics_mistakes(ctx, prob, y, 8, 1, 2, rows, pred, &count) == NN_OK && count == 2 && rows[1] == 3,
         "max 2: %d, rows %d %d", count, rows[0], rows[1]);
    t_ok(nn_metrics_mistakes(ctx, prob, y, 8, 1, 0, rows, pred, &count) == NN_OK && count == 0, "max 0");

    const float p3[24] = {.7f, .2f, .1f, .4f, .4f, .2f, .2f, .5f, .3f, .1f, .8f, .1f,
                          .2f, .3f, .5f, .1f, .1f, .8f, .3f, .3f, .4f, .6f, .2f, .2f};
    const float y3[8] = {0, 0, 0, 1, 1, 1, 2, 2};
    t_ok(nn_metrics_mistakes(ctx, p3, y3, 8, 3, 8, rows, pred, &count) == NN_OK, "%s", nn_last_error(ctx));
    t_ok(count == 4 && same_ints(rows, (const int[]){5, 7, 2, 4}, 4) && same_ints(pred, (const int[]){2, 0, 1, 2}, 4),
         "k = 3: %d, rows %d %d %d %d, pred %d %d %d %d", count, rows[0], rows[1], rows[2], rows[3], pred[0],
         pred[1], pred[2], pred[3]);
    const float right[2] = {.9f, .1f}, yr[2] = {1, 0};
    t_ok(nn_metrics_mistakes(ctx, right, yr, 2, 1, 8, rows, pred, &count) == NN_OK && count == 0, "none wrong");
    nn_ctx_free(ctx);
}

static void test_bad_input(void) {
    nn_ctx *ctx = nn_ctx_create();
    nn_cls_metrics c;
    nn_reg_metrics g;
    const float p[4] = {.1f, .9f, .4f, .6f}, y[4] = {0, 1, 0, 1};
    t_expect_err(nn_metrics_classify(ctx, p, y, 0, 1, &c, NULL), NN_ERR_ARG, ctx, "n = 0");
    t_expect_err(nn_metrics_classify(ctx, p, y, -3, 1, &c, NULL), NN_ERR_ARG, ctx, "n = -3");
    t_expect_err(nn_metrics_classify(ctx, p, y, 4, 0, &c, NULL), NN_ERR_ARG, ctx, "k = 0");
    t_expect_err(nn_metrics_classify(ctx, NULL, y, 4, 1, &c, NULL), NN_ERR_ARG, ctx, "prob is NULL");
    t_expect_err(nn_metrics_classify(ctx, p, NULL, 4, 1, &c, NULL), NN_ERR_ARG, ctx, "y is NULL");
    t_expect_err(nn_metrics_classify(ctx, p, y, 4, 1, NULL, NULL), NN_ERR_ARG, ctx, "out is NULL");
    const float y2[4] = {0, 2, 0, 1}, yh[4] = {0, 1, .5f, 1}, yn[4] = {0, -1, 0, 1};
    t_expect_err(nn_metrics_classify(ctx, p, y2, 4, 1, &c, NULL), NN_ERR_ARG, ctx,
                 "y[1] = 2: must be a class index in 0..1");
    t_expect_err(nn_metrics_classify(ctx, p, yh, 4, 1, &c, NULL), NN_ERR_ARG, ctx, "y[2] = 0.5");
    t_expect_err(nn_metrics_classify(ctx, p, yn, 4, 1, &c, NULL), NN_ERR_ARG, ctx, "y[1] = -1");
    /* 3 classes over two rows of a (2, 2) distribution is out of range for k = 2. */
    const float y3[2] = {0, 2};
    t_expect_err(nn_metrics_classify(ctx, p, y3, 2, 2, &c, NULL), NN_ERR_ARG, ctx, "y[1] = 2");
    const float pnan[4] = {.1f, NAN, .4f, .6f}, ynan[4] = {0, 1, NAN, 1};
    t_expect_err(nn_metrics_classify(ctx, pnan, y, 4, 1, &c, NULL), NN_ERR_ARG, ctx, "prob[1] = ");
    t_expect_err(nn_metrics_classify(ctx, p, ynan, 4, 1, &c, NULL), NN_ERR_ARG, ctx, "y[2] = ");

    t_expect_err(nn_metrics_regress(ctx, p, y, 0, 1, &g), NN_ERR_ARG, ctx, "n = 0");
    t_expect_err(nn_metrics_regress(ctx, p, y, 2, 0, &g), NN_ERR_ARG, ctx, "d = 0");
    t_expect_err(nn_metrics_regress(ctx, NULL, y, 2, 2, &g), NN_ERR_ARG, ctx, "pred is NULL");
    t_expect_err(nn_metrics_regress(ctx, pnan, y, 2, 2, &g), NN_ERR_ARG, ctx, "pred[1] = ");
    t_expect_err(nn_metrics_regress(ctx, p, ynan, 2, 2, &g), NN_ERR_ARG, ctx, "y[2] = ");
    const float pinf[2] = {1, INFINITY};
    t_expect_err(nn_metrics_regress(ctx, pinf, y, 2, 1, &g), NN_ERR_ARG, ctx, "pred[1] = inf");

    float t[3];
    int tp[3], fp[3], rows[4], pred[4], count;
    nn_curve cv;
    t_expect_err(nn_metrics_curve(ctx, p, y, 4, 1, t, tp, fp, &cv), NN_ERR_ARG, ctx, "points = 1: need at least 2");
    t_expect_err(nn_metrics_curve(ctx, p, y, 0, 3, t, tp, fp, &cv), NN_ERR_ARG, ctx, "n = 0");
    t_expect_err(nn_metrics_curve(ctx, pnan, y, 4, 3, t, tp, fp, &cv), NN_ERR_ARG, ctx, "score[1] = ");
    t_expect_err(nn_metrics_curve(ctx, p, y2, 4, 3, t, tp, fp, &cv), NN_ERR_ARG, ctx, "y[1] = 2: must be a class index in 0..1");
    t_expect_err(nn_metrics_curve(ctx, p, y, 4, 3, t, NULL, fp, &cv), NN_ERR_ARG, ctx, "tp is NULL");
    t_expect_err(nn_metrics_mistakes(ctx, p, y, 4, 1, -1, rows, pred, &count), NN_ERR_ARG, ctx, "max = -1");
    t_expect_err(nn_metrics_mistakes(ctx, p, y, 4, 0, 4, rows, pred, &count), NN_ERR_ARG, ctx, "k = 0");
    t_expect_err(nn_metrics_mistakes(ctx, p, y3, 2, 2, 4, rows, pred, &count), NN_ERR_ARG, ctx, "y[1] = 2");
    t_expect_err(nn_metrics_mistakes(ctx, pnan, y, 4, 1, 4, rows, pred, &count), NN_ERR_ARG, ctx, "prob[1] = ");
    t_expect_err(nn_metrics_mistakes(ctx, p, y, 4, 1, 4, rows, NULL, &count), NN_ERR_ARG, ctx, "pred is NULL");

    /* A success clears the message. */
    t_ok(nn_metrics_regress(ctx, p, y, 4, 1, &g) == NN_OK && nn_last_error(ctx)[0] == '\0',
         "message after success: \"%s\"", nn_last_error(ctx));
    nn_ctx_free(ctx);
}

int main(void) {
    t_run(test_binary);
    t_run(test_auc_ties);
    t_run(test_multiclass);
    t_run(test_undefined);
    t_run(test_curve);
    t_run(test_mistakes);
    t_run(test_regress);
    t_run(test_bad_input);
    return t_results();
}
