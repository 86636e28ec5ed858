/* wasm_api.c — the WebAssembly boundary: every function the module exports, and nothing else
 * is exported (EMSCRIPTEN_KEEPALIVE appears only here; web/engine.js binds the same names).
 * JS sees only pointers, ints and floats: structs (nn_spec, nn_eval, nn_layer_info,
 * nn_field_info, the metrics) stay in C and their fields travel through caller-owned int/float
 * buffers, and those C takes (nn_rows, nn_dataset_desc) are built here from scalar arguments,
 * so the JS side never depends on a C struct layout. It deliberately adds no logic of its own
 * beyond that translation; validation happens in the core. Built only by mk/wasm.mk. */
#include <emscripten.h>
#include <malloc.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define EXPORT EMSCRIPTEN_KEEPALIVE

/* ---- memory: JS copies its typed arrays into buffers from here ---------------------- */

EXPORT void *nnw_malloc(size_t n) { return malloc(n); }
EXPORT void nnw_free(void *p) { free(p); }

/* Bytes in allocated heap chunks (dlmalloc's mallinfo().uordblks): the leak tests compare it
 * before and after, which a growing-only memory.buffer.byteLength could not show. */
EXPORT size_t nnw_heap_used(void) { return (size_t)mallinfo().uordblks; }

/* ---- context and errors ---------------------------------------------------------------- */

/* One context per instance, living as long as the instance: dropping the instance frees it
 * with the rest of wasm memory, so there is no nnw_ctx_free. */
EXPORT nn_ctx *nnw_ctx_create(void) { return nn_ctx_create(); }
EXPORT const char *nnw_last_error(const nn_ctx *ctx) { return nn_last_error(ctx); }

/* ---- the spec: allocated here, filled field by field from text ------------------------- */

EXPORT nn_spec *nnw_spec_create(void) {
    nn_spec *s = malloc(sizeof *s);
    if (s) nn_spec_default(s);
    return s;
}
EXPORT void nnw_spec_free(nn_spec *s) { free(s); }
EXPORT nn_status nnw_spec_set(nn_ctx *ctx, nn_spec *s, const char *key, const char *value) {
    return nn_spec_set(ctx, s, key, value);
}
EXPORT nn_status nnw_spec_validate(nn_ctx *ctx, const nn_spec *s) { return nn_spec_validate(ctx, s); }
EXPORT size_t nnw_spec_format(const nn_spec *s, char *buf, size_t cap) {
    return nn_spec_format(s, buf, cap);
}
EXPORT int nnw_spec_field_count(void) { return nn_spec_field_count(); }
EXPORT const char *nnw_spec_field_name(int i) { return nn_spec_field_name(i); }
EXPORT const char *nnw_spec_field_help(int i) { return nn_spec_field_help(i); }

/* range (2): min, max; out (6): kind, min_open, n_values, when, when_values, structural. */
EXPORT nn_status nnw_spec_field_info(nn_ctx *ctx, int i, double *range, int *out) {
    nn_field_info f;
    nn_status st = nn_spec_field_info(ctx, i, &f);
    if (st != NN_OK) return st;
    range[0] = f.min;
    range[1] = f.max;
    out[0] = (int)f.kind;
    out[1] = f.min_open;
    out[2] = f.n_values;
    out[3] = f.when;
    out[4] = (int)f.when_values;
    out[5] = f.structural;
    return NN_OK;
}
EXPORT const char *nnw_spec_field_value(int i, int v) { return nn_spec_field_value(i, v); }
EXPORT int nnw_spec_field_applies(const nn_spec *s, int i) { return nn_spec_field_applies(s, i); }
EXPORT float nnw_sched_lr(const nn_spec *s, long t) { return nn_sched_lr(s, t); }
EXPORT int nnw_epoch_steps(const nn_spec *s, int n, int batch) { return nn_epoch_steps(s, n, batch); }

/* ---- model ------------------------------------------------------------------------------ */

EXPORT nn_status nnw_model_create(nn_ctx *ctx, const nn_spec *s, nn_model **out) {
    return nn_model_create(ctx, s, out);
}
EXPORT void nnw_model_free(nn_model *m) { nn_model_free(m); }
EXPORT const nn_spec *nnw_model_spec(const nn_model *m) { return nn_model_spec(m); }
EXPORT int nnw_model_target_width(const nn_model *m) { return nn_model_target_width(m); }
EXPORT long nnw_model_steps(const nn_model *m) { return nn_model_steps(m); }
EXPORT float nnw_model_lr(const nn_model *m) { return nn_model_lr(m); }
EXPORT nn_status nnw_model_set_training(nn_model *m, const nn_spec *s, int *fresh_optimizer) {
    return nn_model_set_training(m, s, fresh_optimizer);
}

/* An offset, or -1 for a block the layer lacks. */
static int offset(size_t at) { return at == SIZE_MAX ? -1 : (int)at; }

/* info (18): in, out, the offsets of W, b, gamma, beta; kind; in (C, H, W), out (C, H, W);
 * kernel, stride, pad; the offsets of the running mean and variance in the state. */
EXPORT nn_status nnw_layer_info(nn_model *m, int layer, int *info) {
    nn_layer_info li;
    nn_status st = nn_layer_info_get(m, layer, &li);
    if (st != NN_OK) return st;
    int v[18] = {li.in, li.out, offset(li.w), offset(li.b), offset(li.gamma), offset(li.beta), (int)li.kind,
                 li.in_shape[0], li.in_shape[1], li.in_shape[2], li.out_shape[0], li.out_shape[1],
                 li.out_shape[2], li.kernel, li.stride, li.pad, offset(li.mean), offset(li.var)};
    memcpy(info, v, sizeof v);
    return NN_OK;
}

/* ---- training, inference, evaluation ----------------------------------------------------- */

EXPORT nn_status nnw_train_step(nn_model *m, const float *x, const float *y, int n, float *loss) {
    return nn_model_train_step(m, x, y, n, loss);
}
EXPORT nn_status nnw_train_epoch(nn_model *m, const float *x, const float *y, int n, int batch,
                                 float *mean_loss) {
    return nn_model_train_epoch(m, x, y, n, batch, mean_loss);
}
EXPORT nn_status nnw_predict(nn_model *m, const float *x, int n, float *out) {
    return nn_model_predict(m, x, n, out);
}
EXPORT nn_status nnw_activations(nn_model *m, const float *x, int n, int layer, float *out) {
    return nn_model_activations(m, x, n, layer, out);
}
EXPORT nn_status nnw_activation_std(nn_model *m, const float *x, int n, float *std_out, int n_layers) {
    return nn_model_activation_std(m, x, n, std_out, n_layers);
}

/* out (3): loss, accuracy, r2, from an evaluation that returned st. */
static nn_status eval_out(nn_status st, const nn_eval *ev, float *out) {
    if (st != NN_OK) return st;
    out[0] = ev->loss;
    out[1] = ev->accuracy;
    out[2] = ev->r2;
    return NN_OK;
}

EXPORT nn_status nnw_evaluate(nn_model *m, const float *x, const float *y, int n, float *out) {
    nn_eval ev;
    return eval_out(nn_model_evaluate(m, x, y, n, &ev), &ev, out);
}

/* ---- data sets, and models on their rows ------------------------------------------------------ */

EXPORT nn_status nnw_dataset_open(nn_ctx *ctx, const void *buf, size_t len, nn_dataset **out) {
    return nn_dataset_open(ctx, buf, len, out);
}

/* The names are arrays of string pointers, or NULL for the defaults. */
EXPORT nn_status nnw_dataset_create(nn_ctx *ctx, const char *name, int n_train, int n_test, int features,
                                    int classes, int targets, const float *x, const float *y,
                                    const char *const *feature_names, const char *const *class_names,
                                    const char *const *target_names, const float *stats, nn_dataset **out) {
    nn_dataset_desc d = {name, n_train, n_test, features, classes, targets, x, y, feature_names,
                         class_names, target_names, stats};
    return nn_dataset_create(ctx, &d, out);
}
EXPORT void nnw_dataset_free(nn_dataset *ds) { nn_dataset_free(ds); }

/* out (7): task, train rows, test rows, features, classes, targets, u8. */
EXPORT void nnw_dataset_info(const nn_dataset *ds, int *out) {
    out[0] = (int)nn_dataset_task(ds);
    out[1] = nn_dataset_rows(ds, NN_SPLIT_TRAIN);
    out[2] = nn_dataset_rows(ds, NN_SPLIT_TEST);
    out[3] = nn_dataset_features(ds);
    out[4] = nn_dataset_classes(ds);
    out[5] = nn_dataset_targets(ds);
    out[6] = nn_dataset_u8(ds);
}
EXPORT const char *nnw_dataset_name(const nn_dataset *ds) { return nn_dataset_name(ds); }
EXPORT const char *nnw_dataset_feature_name(const nn_dataset *ds, int i) { return nn_dataset_feature_name(ds, i); }
EXPORT const char *nnw_dataset_class_name(const nn_dataset *ds, int i) { return nn_dataset_class_name(ds, i); }
EXPORT const char *nnw_dataset_target_name(const nn_dataset *ds, int i) { return nn_dataset_target_name(ds, i); }

/* out (2): mean, std. */
EXPORT nn_status nnw_dataset_feature_stats(const nn_dataset *ds, int i, float *out) {
    return nn_dataset_feature_stats(ds, i, &out[0], &out[1]);
}
EXPORT nn_status nnw_dataset_target_stats(const nn_dataset *ds, int i, float *out) {
    return nn_dataset_target_stats(ds, i, &out[0], &out[1]);
}
EXPORT nn_status nnw_dataset_read(const nn_dataset *ds, int split, int first, int n, int target, float *x,
                                  float *y) {
    return nn_dataset_read(ds, (nn_split)split, first, n, target, x, y);
}
EXPORT nn_status nnw_dataset_read_u8(const nn_dataset *ds, int split, int first, int n, unsigned char *x) {
    return nn_dataset_read_u8(ds, (nn_split)split, first, n, x);
}

/* out (2): mean batch loss, and 1 when the call ended the epoch. */
EXPORT nn_status nnw_train_rows(nn_model *m, const nn_dataset *ds, int split, int first, int n, int target,
                                int batch, int max_steps, float *out) {
    nn_rows rows = {ds, (nn_split)split, first, n, target};
    int done = 0;
    nn_status st = nn_model_train_rows(m, &rows, batch, max_steps, &out[0], &done);
    out[1] = (float)done;
    return st;
}

EXPORT nn_status nnw_evaluate_rows(nn_model *m, const nn_dataset *ds, int split, int first, int n, int target,
                                   float *out) {
    nn_rows rows = {ds, (nn_split)split, first, n, target};
    nn_eval ev;
    return eval_out(nn_model_evaluate_rows(m, &rows, &ev), &ev, out);
}
EXPORT nn_status nnw_predict_rows(nn_model *m, const nn_dataset *ds, int split, int first, int n, float *out) {
    nn_rows rows = {ds, (nn_split)split, first, n, 0};
    return nn_model_predict_rows(m, &rows, out);
}

/* ---- parameters, gradients, batch norm's running statistics ("state" in nn.h) ---------------- */

EXPORT size_t nnw_params_count(const nn_model *m) { return nn_params_count(m); }
EXPORT nn_status nnw_params_read(nn_model *m, float *dst, size_t n) {
    return nn_params_read(m, dst, n);
}
EXPORT nn_status nnw_params_write(nn_model *m, const float *src, size_t n) {
    return nn_params_write(m, src, n);
}
EXPORT nn_status nnw_grads_read(nn_model *m, float *dst, size_t n) {
    return nn_grads_read(m, dst, n);
}
EXPORT size_t nnw_state_count(const nn_model *m) { return nn_state_count(m); }
EXPORT nn_status nnw_state_read(nn_model *m, float *dst, size_t n) {
    return nn_state_read(m, dst, n);
}
EXPORT nn_status nnw_state_write(nn_model *m, const float *src, size_t n) {
    return nn_state_write(m, src, n);
}
EXPORT nn_status nnw_grad_norms(nn_model *m, float *dst, int n_layers) {
    return nn_grad_norms(m, dst, n_layers);
}
EXPORT nn_status nnw_grad_stds(nn_model *m, float *dst, int n_layers) {
    return nn_grad_stds(m, dst, n_layers);
}
EXPORT nn_status nnw_gradcheck(nn_model *m, const float *x, const float *y, int n, float eps,
                               int max_checked, float *max_rel_err) {
    return nn_gradcheck(m, x, y, n, eps, max_checked, max_rel_err);
}
EXPORT nn_status nnw_gradcheck_numeric(nn_model *m, const float *x, const float *y, int n, float eps,
                                       float *numeric, float *rel_err, size_t count) {
    return nn_gradcheck_numeric(m, x, y, n, eps, numeric, rel_err, count);
}
EXPORT nn_status nnw_trace(nn_model *m, int layer, int what, float *dst, size_t count) {
    return nn_model_trace(m, layer, (nn_trace)what, dst, count);
}
EXPORT nn_status nnw_break_gradient(nn_model *m, int layer) { return nn_model_break_gradient(m, layer); }
EXPORT int nnw_broken_gradient(const nn_model *m) { return nn_model_broken_gradient(m); }
EXPORT int nnw_trace_rows(const nn_model *m) { return nn_model_trace_rows(m); }

/* ---- early stopping --------------------------------------------------------------------------- */

EXPORT nn_status nnw_track_best(nn_model *m, float val_loss, int patience, int *stop) {
    return nn_model_track_best(m, val_loss, patience, stop);
}
EXPORT nn_status nnw_restore_best(nn_model *m) { return nn_model_restore_best(m); }
EXPORT int nnw_best_epoch(const nn_model *m) { return nn_model_best_epoch(m); }

/* ---- save and load ------------------------------------------------------------------------------ */

EXPORT size_t nnw_save_size(const nn_model *m) { return nn_model_save_size(m); }
EXPORT nn_status nnw_save(nn_model *m, void *buf, size_t cap) { return nn_model_save(m, buf, cap); }

EXPORT nn_status nnw_load(nn_ctx *ctx, const void *buf, size_t len, nn_model **out) {
    return nn_model_load(ctx, buf, len, out);
}

/* ---- toy data, metrics, perceptron ---------------------------------------------------------------- */

/* JS numbers hold integers exactly up to 2^53, so the seed arrives as a double (a BigInt
 * would need i64 in the signature); anything that is not such an integer is refused. */
EXPORT nn_status nnw_toy(nn_ctx *ctx, const char *name, int n, float noise, int classes,
                         double seed, float *x, float *y) {
    nn_toy t;
    nn_status st = nn_toy_parse(ctx, name, &t);
    if (st != NN_OK) return st;
    if (!(seed >= 0 && seed <= 9007199254740992.0 && seed == floor(seed)))
        return ctx_fail(ctx, NN_ERR_ARG, "seed: must be an integer in [0, 2^53] (got %g)", seed);
    return nn_toy_generate(ctx, t, n, noise, classes, (uint64_t)seed, x, y);
}

/* names: an array of string pointers. */
EXPORT nn_status nnw_toy_features(nn_ctx *ctx, const float *xy, int n, const char *const *names, int d,
                                  float *out) {
    return nn_toy_features(ctx, xy, n, names, d, out);
}

/* out (5): accuracy, precision, recall, f1, auc. */
EXPORT nn_status nnw_metrics_classify(nn_ctx *ctx, const float *prob, const float *y, int n,
                                      int k, float *out, int *confusion) {
    nn_cls_metrics cm;
    nn_status st = nn_metrics_classify(ctx, prob, y, n, k, &cm, confusion);
    if (st != NN_OK) return st;
    out[0] = cm.accuracy;
    out[1] = cm.precision;
    out[2] = cm.recall;
    out[3] = cm.f1;
    out[4] = cm.auc;
    return NN_OK;
}

/* counts (2): positives, negatives; areas (2): auc, ap. */
EXPORT nn_status nnw_metrics_curve(nn_ctx *ctx, const float *score, const float *y, int n, int points,
                                   float *thresholds, int *tp, int *fp, int *counts, float *areas) {
    nn_curve c;
    nn_status st = nn_metrics_curve(ctx, score, y, n, points, thresholds, tp, fp, &c);
    if (st != NN_OK) return st;
    counts[0] = c.positives;
    counts[1] = c.negatives;
    areas[0] = c.auc;
    areas[1] = c.ap;
    return NN_OK;
}
EXPORT nn_status nnw_metrics_mistakes(nn_ctx *ctx, const float *prob, const float *y, int n, int k, int max,
                                      int *rows, int *pred, int *count) {
    return nn_metrics_mistakes(ctx, prob, y, n, k, max, rows, pred, count);
}

/* out (3): mse, mae, r2. */
EXPORT nn_status nnw_metrics_regress(nn_ctx *ctx, const float *pred, const float *y, int n, int d,
                                     float *out) {
    nn_reg_metrics rm;
    nn_status st = nn_metrics_regress(ctx, pred, y, n, d, &rm);
    if (st != NN_OK) return st;
    out[0] = rm.mse;
    out[1] = rm.mae;
    out[2] = rm.r2;
    return NN_OK;
}

/* result (2): epochs run, converged (0/1); updates (1), which can pass 2^31. */
EXPORT nn_status nnw_perceptron_train(nn_ctx *ctx, const float *x, const float *y, int n, int d,
                                      int max_epochs, float lr, float *w, int *result, double *updates) {
    int64_t u = 0;
    nn_status st = nn_perceptron_train(ctx, x, y, n, d, max_epochs, lr, w, &result[0], &result[1], &u);
    *updates = (double)u;
    return st;
}
EXPORT void nnw_perceptron_predict(const float *w, int d, const float *x, int n, float *out) {
    nn_perceptron_predict(w, d, x, n, out);
}
EXPORT nn_status nnw_act_eval(nn_ctx *ctx, int act, float slope, const float *x, int n, float *y, float *dydx) {
    return nn_act_eval(ctx, (nn_act)act, slope, x, n, y, dydx);
}
