/* test_oom.c — every allocation the library makes is made to fail in turn (the linker's
 * --wrap redirects malloc, calloc and realloc here; see mk/native.mk): each call must answer
 * NN_OK or NN_ERR_NOMEM with a message, leave the model usable or nothing allocated, and leak
 * nothing (LeakSanitizer checks in the sanitizer build). */
#include <stdlib.h>

#include "nn.h"
#include "t.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);

static long calls, fail_at = -1;

static int fail_now(void) { return calls++ == fail_at; }
void *__wrap_malloc(size_t n) { return fail_now() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t size) { return fail_now() ? NULL : __real_calloc(n, size); }
void *__wrap_realloc(void *p, size_t n) { return fail_now() ? NULL : __real_realloc(p, n); }

static int nomem_seen;

/* OK, or out of memory said as such. */
static int acceptable(nn_status st, nn_ctx *ctx) {
    if (st == NN_ERR_NOMEM) {
        nomem_seen++;
        t_ok(strstr(nn_last_error(ctx), "memory") != NULL, "NOMEM message: %s", nn_last_error(ctx));
    }
    t_ok(st == NN_OK || st == NN_ERR_NOMEM, "status %d: %s", st, nn_last_error(ctx));
    return st == NN_OK;
}

/* One pass through create, train, predict, evaluate, a data set and its rows, metrics, save and
 * load. */
static void scenario(void) {
    nn_ctx *ctx = nn_ctx_create();
    if (!ctx) return;
    nn_spec s;
    nn_spec_default(&s);
    nn_spec_set(ctx, &s, "layers", "6,4,3");
    nn_spec_set(ctx, &s, "activations", "relu,tanh,softmax");
    nn_spec_set(ctx, &s, "loss", "softmax_ce");
    nn_spec_set(ctx, &s, "optimizer", "adam");
    nn_spec_set(ctx, &s, "batchnorm", "1");
    nn_spec_set(ctx, &s, "dropout", "0.1");
    float x[60], y[30], out[90], cm_prob[30];
    nn_toy_generate(ctx, NN_TOY_MULTICLASS, 30, 0.1f, 3, 1, x, y);
    nn_model *m = NULL, *back = NULL;
    if (acceptable(nn_model_create(ctx, &s, &m), ctx)) {
        long before = fail_at;
        nn_status st = nn_model_train_epoch(m, x, y, 30, 8, NULL);
        acceptable(st, ctx);
        if (st != NN_OK) {  /* the model stays usable: the same call works once memory is back */
            fail_at = -1;
            t_ok(nn_model_train_epoch(m, x, y, 30, 8, NULL) == NN_OK, "retry: %s", nn_last_error(ctx));
            fail_at = before;
        }
        acceptable(nn_model_predict(m, x, 30, out), ctx);
        nn_eval ev;
        acceptable(nn_model_evaluate(m, x, y, 30, &ev), ctx);
        for (int i = 0; i < 30; i++) cm_prob[i] = out[3 * i];
        nn_cls_metrics cls;
        acceptable(nn_metrics_classify(ctx, out, y, 30, 3, &cls, NULL), ctx);
        nn_dataset_desc desc = {.n_train = 20, .n_test = 10, .features = 2, .classes = 3, .targets = 1,
                                .x = x, .y = y};
        nn_dataset *ds = NULL;
        if (acceptable(nn_dataset_create(ctx, &desc, &ds), ctx)) {
            nn_rows rows = {ds, NN_SPLIT_TRAIN, 0, 20, 0};
            acceptable(nn_model_train_rows(m, &rows, 8, 2, NULL, NULL), ctx);
            rows.split = NN_SPLIT_TEST, rows.n = 10;
            acceptable(nn_model_evaluate_rows(m, &rows, &ev), ctx);
            acceptable(nn_model_predict_rows(m, &rows, out), ctx);
        } else {
            t_ok(ds == NULL, "no data set after a failed create");
        }
        nn_dataset_free(ds);
        for (int i = 0; i < 30; i++) y[i] = y[i] > 0;
        acceptable(nn_metrics_classify(ctx, cm_prob, y, 30, 1, &cls, NULL), ctx);
        float t[11];
        int tp[11], fp[11], rows[30], pred[30], count;
        nn_curve curve;
        acceptable(nn_metrics_curve(ctx, cm_prob, y, 30, 11, t, tp, fp, &curve), ctx);
        acceptable(nn_metrics_mistakes(ctx, cm_prob, y, 30, 1, 30, rows, pred, &count), ctx);
        size_t len = nn_model_save_size(m);
        void *buf = malloc(len);
        if (buf && acceptable(nn_model_save(m, buf, len), ctx) &&
            acceptable(nn_model_load(ctx, buf, len, &back), ctx))
            t_ok(back != NULL, "loaded model");
        if (!back) t_ok(1, "nothing loaded");
        free(buf);
    } else {
        t_ok(m == NULL, "no model after a failed create");
    }
    nn_model_free(back);
    nn_model_free(m);
    nn_ctx_free(ctx);
}

static void test_every_allocation_fails_once(void) {
    calls = 0, fail_at = -1;
    scenario();
    long total = calls;
    t_ok(total > 5, "the scenario allocates (%ld calls)", total);
    for (fail_at = 0; fail_at < total; fail_at++) {
        calls = 0;
        scenario();
    }
    fail_at = -1;
    t_ok(nomem_seen > 5, "out of memory reported %d times over %ld allocations", nomem_seen, total);
}

int main(void) {
    t_run(test_every_allocation_fails_once);
    return t_results();
}
