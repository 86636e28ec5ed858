/* main.c — nnplay, the command-line trainer: reads the flags and builds the spec (args.c),
 * loads or creates the model, and hands it and the data (data.c) to the training loop
 * (train.c); saves it at the end (file.c writes the file atomically).
 * Exit codes: 0 done; 1 the run failed (divergence, a file that cannot be read, written or
 * loaded); 2 a bad command line. docs/cli.md has examples. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Room for a file name quoted in a message (nn_quote). */
#define PATH_QUOTED 1024

int usage_error(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "nnplay: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n(nnplay --help lists every flag)\n");
    va_end(ap);
    return 2;
}

static int load_model(nn_ctx *ctx, const char *path, nn_model **m) {
    size_t len;
    char q[PATH_QUOTED];
    unsigned char *buf = read_file(path, &len);
    nn_quote(q, sizeof q, path);
    if (!buf) return fprintf(stderr, "nnplay: cannot read %s: %s\n", q, strerror(errno)), 1;
    nn_status st = nn_model_load(ctx, buf, len, m);
    free(buf);
    if (st != NN_OK) fprintf(stderr, "nnplay: cannot load %s: %s\n", q, nn_last_error(ctx));
    return st != NN_OK;
}

/* Through write_file, so a failure (a full disk, a file-size limit) leaves the old file whole. */
static int save_model(nn_model *m, const char *path) {
    size_t len = nn_model_save_size(m);
    unsigned char *buf = malloc(len);
    char q[PATH_QUOTED];
    int ok = buf && nn_model_save(m, buf, len) == NN_OK;
    if (!ok) fprintf(stderr, "nnplay: cannot save: out of memory\n");
    if (ok && write_file(path, buf, len) != 0) {
        nn_quote(q, sizeof q, path);
        fprintf(stderr, "nnplay: cannot save to %s: %s (%s was left as it was)\n", q, strerror(errno), q);
        ok = 0;
    }
    free(buf);
    return ok ? 0 : 1;
}

static void print_setup(const cli_data *d, const options *o, const nn_spec *s, const nn_model *m) {
    printf("data %s: %d training, %d validation and %d test rows, %d features, ", d->name, d->n_train,
           d->n_val, d->n_test, d->features);
    if (d->classes) printf("%d classes", d->classes);
    else printf("regression of %s", d->target);
    if (!d->real) printf(", noise %g", o->noise);
    const int *shape = s->input_shape;
    if (shape[0]) printf("\nmodel %dx%dx%d", shape[0], shape[1], shape[2]);
    else printf("\nmodel %d", s->inputs);
    static const char *const pools[] = {"", "", "pool", "avgpool"};
    for (int l = 0, a = 0; l < s->n_layers; l++) {
        if (s->kinds[l] == NN_LAYER_MAXPOOL || s->kinds[l] == NN_LAYER_AVGPOOL) {
            printf("-%s%d", pools[s->kinds[l]], s->kernel[l]);
            continue;
        }
        if (s->kinds[l] == NN_LAYER_CONV) printf("-conv%dk%d", s->sizes[l], s->kernel[l]);
        else printf("-%d", s->sizes[l]);
        printf(" %s", nn_act_name(s->acts[a++]));
    }
    printf(", loss %s, %s lr %g", nn_loss_name(s->loss), nn_optim_name(s->optim), s->lr);
    if (s->sched != NN_SCHED_CONSTANT) printf(" %s over %d steps", nn_sched_name(s->sched), s->decay_steps);
    printf(", batch %d, %zu parameters\n", o->batch, nn_params_count(m));
}

/* ---- main ----------------------------------------------------------------------------------- */

static int run(nn_ctx *ctx, options o, const char **spec_val) {
    cli_data d;
    nn_model *m = NULL;
    nn_spec s;
    int rc;
    if ((rc = data_load(ctx, &o, &d)) != 0) return rc;
    rc = args_check_model(&o, &d);
    if (!rc) args_data_defaults(&o, &d);
    if (!rc && (rc = args_check_scope(&o, &d)) == 0) {
        if (o.load) rc = load_model(ctx, o.load, &m);
        else rc = args_build_spec(ctx, &d, &o, spec_val, &s);
    }
    if (!rc && m) s = *nn_model_spec(m);
    if (!rc && (rc = args_check_fits(&s, &d)) == 0 && !m && nn_model_create(ctx, &s, &m) != NN_OK) {
        fprintf(stderr, "nnplay: %s\n", nn_last_error(ctx));
        rc = 1;
    }
    if (!rc && !o.quiet) print_setup(&d, &o, &s, m);
    if (!rc) rc = train_run(ctx, m, &o, &d);
    if (!rc && o.save && (rc = save_model(m, o.save)) == 0 && !o.quiet)
        printf("saved %s (%zu bytes)\n", o.save, nn_model_save_size(m));
    data_free(&d);
    nn_model_free(m);
    return rc;
}

int main(int argc, char **argv) {
    options o;
    /* A write past the file-size limit (ulimit -f) then fails with EFBIG, which --save reports,
     * instead of killing the process with a half-written temporary file left behind. */
    signal(SIGXFSZ, SIG_IGN);
    const char **spec_val = calloc((size_t)nn_spec_field_count(), sizeof *spec_val);
    nn_ctx *ctx = nn_ctx_create();
    int rc = spec_val && ctx ? args_parse(argc, argv, &o, spec_val) : 1;
    if (!rc && o.help) args_help();
    else if (!rc) rc = run(ctx, o, spec_val);
    free(spec_val);
    nn_ctx_free(ctx);
    return rc;
}
