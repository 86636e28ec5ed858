/* train.c — the CLI's training loop: an optional gradient check, then per epoch mini-batch steps
 * (nn_model_train_steps in pieces, so the progress line moves within an epoch and the epoch
 * can be timed alone), a line with loss, accuracy or R², ROC
 * AUC on binary sets, epoch time and samples/s; early stopping on the validation rows; and the
 * final summary. Times are wall clock (CLOCK_MONOTONIC). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

/* Per-epoch training metrics use at most this many training rows (all of them but MNIST's),
 * so evaluating does not cost a third of an epoch; the final line uses every row. */
#define EVAL_TRAIN_ROWS 10000

typedef struct { nn_eval ev; float auc; } score;

typedef struct {
    nn_ctx *ctx;
    nn_model *m;
    const cli_data *d;
    const options *o;
    int batch, tty;
    float *prob;        /* binary sets: the predicted probabilities, for the AUC */
} loop;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static const float *rows_x(const loop *l, int first) { return l->d->x + (size_t)first * (size_t)l->d->features; }

/* Loss and accuracy or R² of rows [first, first+n). */
static int evaluate_rows(loop *l, int first, int n, nn_eval *ev) {
    return nn_model_evaluate(l->m, rows_x(l, first), l->d->y + first, n, ev) != NN_OK;
}

/* evaluate_rows, and the ROC AUC on binary sets. */
static int score_rows(loop *l, int first, int n, score *s) {
    const float *x = rows_x(l, first), *y = l->d->y + first;
    const nn_spec *sp = nn_model_spec(l->m);
    nn_cls_metrics cm;
    s->auc = NAN;
    if (evaluate_rows(l, first, n, &s->ev)) return 1;
    if (l->d->classes != 2) return 0;
    if (nn_model_predict(l->m, x, n, l->prob) != NN_OK ||
        nn_metrics_classify(l->ctx, l->prob, y, n, sp->sizes[sp->n_layers - 1], &cm, NULL) != NN_OK)
        return 1;
    s->auc = cm.auc;
    return 0;
}

static void print_score(const char *what, score s) {
    printf("   %s loss %.4f ", what, s.ev.loss);
    if (isnan(s.ev.r2)) printf("acc %6.2f%%", 100.0 * s.ev.accuracy);
    else printf("r2 %6.3f", s.ev.r2);
    if (!isnan(s.auc)) printf(" auc %.3f", s.auc);
}

/* Training, validation (when carved) and test scores on one line after `head`; *va and *te
 * receive the validation's and the test's. */
static int score_line(loop *l, const char *head, int train_rows, score *va, score *te) {
    const cli_data *d = l->d;
    score tr;
    if (score_rows(l, 0, train_rows, &tr) || (d->n_val && score_rows(l, d->n_train, d->n_val, va)) ||
        score_rows(l, d->n_train + d->n_val, d->n_test, te))
        return 1;
    printf("%s", head);
    print_score("train", tr);
    if (d->n_val) print_score("  val", *va);
    print_score(" test", *te);
    return 0;
}

/* "  epoch 3/15 [####........] 21000/54000  7407 samples/s  ETA 4 s", rewritten in place. */
static void progress(const loop *l, int epoch, int done, double secs) {
    char bar[21];
    int n = l->d->n_train, filled = 20 * done / n;
    for (int i = 0; i < 20; i++) bar[i] = i < filled ? '#' : '.';
    bar[20] = '\0';
    double rate = secs > 0 ? done / secs : 0;
    fprintf(stderr, "\r  epoch %d/%d [%s] %d/%d  %.0f samples/s  ETA %.0f s\033[K", epoch, l->o->epochs, bar,
            done, n, rate, rate > 0 ? (n - done) / rate : 0.0);
}

/* Steps between two looks at the clock for the progress line. */
#define PIECE_STEPS 16

/* One pass over the training rows in shuffled mini-batches. */
static nn_status epoch_steps(loop *l, int epoch, double *secs) {
    int n = l->d->n_train, done = 0, rows = 0;
    double t0 = now(), drawn = t0;
    while (!done) {
        nn_status st = nn_model_train_steps(l->m, l->d->x, l->d->y, n, l->batch, PIECE_STEPS, NULL, &done);
        if (st != NN_OK) return st;
        rows += PIECE_STEPS * l->batch;
        if (l->tty && !done && now() - drawn > 0.25) progress(l, epoch, rows < n ? rows : n, (drawn = now()) - t0);
    }
    *secs = now() - t0;
    return NN_OK;
}

static int gradcheck(loop *l) {
    float err;
    int nb = l->d->n_train < 16 ? l->d->n_train : 16, checked = 2000;
    size_t count = nn_params_count(l->m);
    if (nn_gradcheck(l->m, l->d->x, l->d->y, nb, 1e-3f, checked, &err) != NN_OK) return 1;
    /* float32 forward passes with eps 1e-3 leave about 1e-3 of round-off (nn.h). */
    printf("gradcheck: max relative error %.3g over %zu of %zu parameters on %d samples: %s\n", err,
           count < (size_t)checked ? count : (size_t)checked, count, nb,
           err < 1e-2f ? "ok" : "TOO LARGE, backprop disagrees");
    if (err < 1e-2f) return 0;
    const nn_spec *s = nn_model_spec(l->m);
    int kinks = 0;
    for (int i = 0; i + 1 < nn_spec_act_layers(s); i++)
        kinks |= s->acts[i] == NN_ACT_RELU || s->acts[i] == NN_ACT_LEAKY_RELU;
    if (kinks)   /* measured on breast cancer and sacramento: the ReLU nets fail, their tanh twins pass */
        printf("  with ReLU, a difference quotient whose step crosses a kink disagrees by design; check\n"
               "  backprop on the same layers with smooth activations, e.g. --activations tanh,...\n");
    return 1;
}

/* The last lines: every row scored, then the headline figures. */
static int summary(loop *l, int epochs, double train_secs, double wall) {
    const cli_data *d = l->d;
    score va, te;
    if (score_line(l, "final     ", d->n_train, &va, &te)) return 1;
    printf("\n%s: test ", d->name);
    if (d->classes) {
        int *count = calloc((size_t)d->classes, sizeof *count), most = 0;
        if (!count) return fprintf(stderr, "nnplay: out of memory\n"), 1;
        for (int i = d->n_train + d->n_val; i < d->n_train + d->n_val + d->n_test; i++) count[(int)d->y[i]]++;
        for (int c = 0; c < d->classes; c++) most = count[c] > most ? count[c] : most;
        free(count);
        printf("accuracy %.2f%% (always predicting the commonest class: %.2f%%)", 100.0 * te.ev.accuracy,
               100.0 * most / d->n_test);
        if (!isnan(te.auc)) printf(", ROC AUC %.4f", te.auc);
    } else {
        double rmse = sqrt(te.ev.loss) * d->target_std;   /* the loss is the MSE of standardized targets */
        printf("R² %.4f, RMSE %.*f in units of %s", te.ev.r2, rmse < 100 ? 4 : 0, rmse, d->target);
    }
    if (epochs > 0)
        printf("\n%d epoch%s: %.1f s training (%.2f s/epoch, %.0f samples/s), %.1f s with evaluation",
               epochs, epochs > 1 ? "s" : "", train_secs, train_secs / epochs,
               (double)epochs * d->n_train / train_secs, wall);
    printf("\n");
    return 0;
}

static int epochs_loop(loop *l) {
    const cli_data *d = l->d;
    const options *o = l->o;
    int epoch = 0, stop = 0, eval_rows = d->n_train < EVAL_TRAIN_ROWS ? d->n_train : EVAL_TRAIN_ROWS;
    double t0 = now(), train_secs = 0, secs;
    for (; epoch < o->epochs && !stop; epoch++) {
        if (epoch_steps(l, epoch + 1, &secs) != NN_OK) return 1;
        train_secs += secs;
        if (l->tty && (d->n_val || !o->quiet))
            fprintf(stderr, "\r  epoch %d/%d: evaluating\033[K", epoch + 1, o->epochs);
        /* The epoch's line scores the validation rows; quiet runs score them for early stopping only. */
        char head[32];
        score va, te;
        snprintf(head, sizeof head, "epoch %4d", epoch + 1);
        if (!o->quiet) {
            if (score_line(l, head, eval_rows, &va, &te)) return 1;
        } else if (d->n_val && evaluate_rows(l, d->n_train, d->n_val, &va.ev)) {
            return 1;
        }
        if (d->n_val && nn_model_track_best(l->m, va.ev.loss, o->patience, &stop) != NN_OK) return 1;
        if (o->quiet) continue;
        if (l->tty) fprintf(stderr, "\r\033[K");
        printf("   %.2f s  %.0f samples/s  %.1f s in all\n", secs, d->n_train / secs, now() - t0);
        fflush(stdout);
    }
    if (d->n_val && epoch > 0) {
        if (nn_model_restore_best(l->m) != NN_OK) return 1;
        printf("early stopping: %s after epoch %d, best validation loss at epoch %d (restored)\n",
               stop ? "stopped" : "ran out of epochs", epoch, nn_model_best_epoch(l->m) + 1);
    }
    return summary(l, epoch, train_secs, now() - t0);
}

int train_run(nn_ctx *ctx, nn_model *m, const options *o, const cli_data *d) {
    const nn_spec *s = nn_model_spec(m);
    loop l = {.ctx = ctx, .m = m, .d = d, .o = o, .tty = isatty(fileno(stderr))};
    int rows = d->n_train + d->n_val + d->n_test;
    l.batch = o->batch >= d->n_train ? d->n_train : o->batch;
    size_t outputs = (size_t)s->sizes[s->n_layers - 1];
    l.prob = d->classes == 2 ? malloc(sizeof(float) * (size_t)rows * outputs) : NULL;
    int rc = 1;
    if (d->classes == 2 && !l.prob)
        fprintf(stderr, "nnplay: out of memory\n");
    else if (!o->gradcheck || (rc = gradcheck(&l)) == 0)
        rc = epochs_loop(&l);
    if (l.tty) fprintf(stderr, "\r\033[K");
    if (rc && *nn_last_error(ctx)) fprintf(stderr, "nnplay: %s\n", nn_last_error(ctx));
    free(l.prob);
    return rc;
}
