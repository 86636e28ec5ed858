/* main.c — nnplay, the command-line trainer: builds a model from flags (every spec field is a
 * flag of the same name, taken from the spec's own table), trains it on a built-in 2D toy set
 * and prints per-epoch loss and accuracy (R² for regression), with a progress line on stderr
 * when that is a terminal. Exit codes: 0 done; 1 the run failed (divergence, a file that cannot
 * be read, written or loaded); 2 a bad command line. docs/cli.md has examples. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nn.h"

typedef enum { T_INT, T_FLOAT, T_SEED, T_TEXT, T_BOOL } flag_type;

typedef struct {
    const char *data, *save, *load;
    int n, classes, epochs, batch, patience, gradcheck, quiet, help;
    float noise, test_ratio;
    unsigned long long data_seed;
} options;

static const options defaults = {
    .data = "xor", .n = 500, .classes = 3, .epochs = 100, .batch = 10, .test_ratio = 0.5f,
    .data_seed = 1,
};

/* The trainer's own flags; the spec's flags come from nn_spec_field_*. */
#define OPT(member) offsetof(options, member)
static const struct flag {
    const char *name, *arg, *help;
    flag_type type;
    size_t off;
    double lo, hi;
} flags[] = {
    {"data", "NAME", "circle xor gauss spiral moons multiclass plane multigauss", T_TEXT, OPT(data), 0, 0},
    {"n", "N", "samples, training and test together", T_INT, OPT(n), 2, 1e7},
    {"noise", "F", "noise of the data set, 0..1 (the playground's slider is 0..0.5)", T_FLOAT, OPT(noise), 0, 1},
    {"classes", "K", "classes of the multiclass set, 3..5", T_INT, OPT(classes), 3, 5},
    {"test-ratio", "F", "fraction of the samples held out as the test set, 0.01..0.99", T_FLOAT, OPT(test_ratio), 0.01, 0.99},
    {"data-seed", "S", "seed of the data set (the model's is --seed)", T_SEED, OPT(data_seed), 0, 0},
    {"epochs", "N", "training epochs (0 with --load: only evaluate)", T_INT, OPT(epochs), 0, 1e7},
    {"batch", "N", "mini-batch size: 1 stochastic, >= training set full batch", T_INT, OPT(batch), 1, 1e7},
    {"patience", "N", "early stopping: stop after N epochs without a better test loss, keep the best (0: off)", T_INT, OPT(patience), 0, 1e7},
    {"save", "FILE", "save the trained model (docs/model-format.md)", T_TEXT, OPT(save), 0, 0},
    {"load", "FILE", "start from a saved model; it brings its own spec", T_TEXT, OPT(load), 0, 0},
    {"gradcheck", NULL, "check backprop against finite differences before training", T_BOOL, OPT(gradcheck), 0, 0},
    {"quiet", NULL, "print only the final result", T_BOOL, OPT(quiet), 0, 0},
    {"help", NULL, "this help", T_BOOL, OPT(help), 0, 0},
};
#define N_FLAGS (int)(sizeof flags / sizeof *flags)

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static int usage_error(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "nnplay: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n(nnplay --help lists every flag)\n");
    va_end(ap);
    return 2;
}

/* ---- flags ---------------------------------------------------------------------------------- */

static void flag_default(const struct flag *f, char *buf, size_t cap) {
    const char *p = (const char *)&defaults + f->off;
    switch (f->type) {
    case T_INT: snprintf(buf, cap, "%d", *(const int *)p); break;
    case T_FLOAT: snprintf(buf, cap, "%g", *(const float *)p); break;
    case T_SEED: snprintf(buf, cap, "%llu", *(const unsigned long long *)p); break;
    case T_TEXT: snprintf(buf, cap, "%s", *(const char *const *)p ? *(const char *const *)p : "none"); break;
    case T_BOOL: snprintf(buf, cap, "off"); break;
    }
}

/* The value nn_spec_format gives `name` in `text`, as (start, length). */
static const char *spec_value(const char *text, const char *name, int *len) {
    size_t n = strlen(name);
    for (const char *l = text; l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
        if (strncmp(l, name, n) == 0 && l[n] == '=') {
            *len = (int)strcspn(l + n + 1, "\n");
            return l + n + 1;
        }
    *len = 0;
    return "";
}

static void print_help(void) {
    printf("usage: nnplay [--flag VALUE | --flag=VALUE]...\n\n"
           "Trains a neural network on a 2D toy data set and prints, per epoch, loss and accuracy\n"
           "(R² for plane and multigauss) on the training and the test set.\n\nTraining and data:\n");
    for (int i = 0; i < N_FLAGS; i++) {
        char lhs[32], def[64];
        flag_default(&flags[i], def, sizeof def);
        snprintf(lhs, sizeof lhs, "--%s %s", flags[i].name, flags[i].arg ? flags[i].arg : "");
        printf("  %-18s %s (default %s)\n", lhs, flags[i].help, def);
    }
    printf("\nModel, every field of the spec. Layers, activations and loss not given follow the data\n"
           "set: 8,8,1 tanh,tanh,sigmoid bce for the binary sets, 8,8,K tanh,tanh,softmax softmax_ce\n"
           "for multiclass, 8,8,1 tanh,tanh,linear mse for plane and multigauss; spiral and\n"
           "multigauss get 16,16 hidden units and, unless given, optimizer adam and lr 0.01.\n"
           "--layers alone keeps tanh hidden layers and the data set's output activation.\n");
    char text[4096];
    nn_spec s;
    nn_spec_default(&s);
    nn_spec_format(&s, text, sizeof text);
    for (int i = 0; i < nn_spec_field_count(); i++) {
        const char *name = nn_spec_field_name(i);
        int len, by_data = !strcmp(name, "layers") || !strcmp(name, "activations") || !strcmp(name, "loss");
        const char *val = spec_value(text, name, &len);
        char def[64], *end;
        snprintf(def, sizeof def, "%.*s", len, val);
        double v = strtod(def, &end);
        if (*def && !*end) snprintf(def, sizeof def, "%g", v);   /* 0.03, not 0.0299999993 */
        printf("  --%-16s %s (default %s)\n", name, nn_spec_field_help(i), by_data ? "by data set" : def);
    }
    printf("\nExamples:\n"
           "  nnplay --data spiral --layers 16,16,1 --optimizer adam --lr 0.01 --epochs 300\n"
           "  nnplay --data multiclass --classes 4 --patience 20 --save model.nnpl\n"
           "  nnplay --data multiclass --classes 4 --load model.nnpl --epochs 0\n"
           "Exit status: 0 done, 1 the run failed, 2 a bad command line.\n");
}

static int set_flag(const struct flag *f, const char *text, options *o) {
    char *p = (char *)o + f->off, *end;
    errno = 0;
    if (f->type == T_TEXT) {
        *(const char **)p = text;
    } else if (f->type == T_SEED) {
        unsigned long long v = strtoull(text, &end, 10);
        if (end == text || *end || errno || text[0] == '-')
            return usage_error("--%s: must be a whole number >= 0 (got '%s')", f->name, text);
        *(unsigned long long *)p = v;
    } else {
        double v = strtod(text, &end);
        if (end == text || *end || errno || !isfinite(v))
            return usage_error("--%s: not a number: '%s'", f->name, text);
        if (f->type == T_INT && v != floor(v))
            return usage_error("--%s: must be a whole number (got '%s')", f->name, text);
        if (v < f->lo || v > f->hi)
            return usage_error("--%s: must be in [%.10g, %.10g] (got %s)", f->name, f->lo, f->hi, text);
        if (f->type == T_INT) *(int *)p = (int)v;
        else *(float *)p = (float)v;
    }
    return 0;
}

static int spec_field_index(const char *name) {
    for (int i = 0; i < nn_spec_field_count(); i++)
        if (strcmp(nn_spec_field_name(i), name) == 0) return i;
    return -1;
}

/* Fills o from argv; a spec flag's text goes to spec_val[its field index]. */
static int parse_args(int argc, char **argv, options *o, const char **spec_val) {
    *o = defaults;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *eq = strchr(arg, '='), *value;
        if (strncmp(arg, "--", 2) != 0) return usage_error("unexpected argument '%s'", arg);
        char name[64];
        size_t len = eq ? (size_t)(eq - arg) - 2 : strlen(arg) - 2;
        if (len >= sizeof name) return usage_error("unknown flag '%s'", arg);
        memcpy(name, arg + 2, len);
        name[len] = '\0';
        const struct flag *f = NULL;
        for (int k = 0; k < N_FLAGS; k++)
            if (strcmp(flags[k].name, name) == 0) f = &flags[k];
        int field = f ? -1 : spec_field_index(name);
        if (!f && field < 0) return usage_error("unknown flag '--%s'", name);
        if (f && f->type == T_BOOL) {
            if (eq) return usage_error("--%s takes no value", name);
            *(int *)((char *)o + f->off) = 1;
            continue;
        }
        if (eq) value = eq + 1;
        else if (i + 1 < argc) value = argv[++i];
        else return usage_error("--%s needs a value", name);
        if (f && set_flag(f, value, o)) return 2;
        if (!f) spec_val[field] = value;
    }
    return 0;
}

/* ---- model ---------------------------------------------------------------------------------- */

/* The hidden layers each set gets without --layers, and its optimizer without --optimizer and
 * --lr: the playground's 8,8 and SGD learn most sets in the default 100 epochs; the spiral and
 * the multigauss bumps need a wider network and Adam for that. */
static const struct toy_net {
    const char *hidden, *optimizer, *lr;
} toy_nets[NN_TOY_COUNT] = {
    [NN_TOY_SPIRAL] = {"16,16", "adam", "0.01"},
    [NN_TOY_MULTIGAUSS] = {"16,16", "adam", "0.01"},
};

/* The data set's default network, then the spec flags in table order (layers first, so a
 * given --activations is checked against the given --layers). */
static int build_spec(nn_ctx *ctx, nn_toy toy, int k, const char **spec_val, nn_spec *s) {
    const struct toy_net *net = &toy_nets[toy];
    const char *out_act = k == 0 ? "linear" : k == 2 ? "sigmoid" : "softmax";
    char layers[32], acts[NN_MAX_LAYERS * 8] = "";
    int layers_i = spec_field_index("layers");
    snprintf(layers, sizeof layers, "%s,%d", net->hidden ? net->hidden : "8,8", k > 2 ? k : 1);
    nn_spec_default(s);
    if (nn_spec_set(ctx, s, "layers", spec_val[layers_i] ? spec_val[layers_i] : layers) != NN_OK)
        return usage_error("--%s", nn_last_error(ctx));
    for (int l = 0; l < s->n_layers; l++)
        strcat(strcat(acts, l ? "," : ""), l + 1 < s->n_layers ? "tanh" : out_act);
    nn_spec_set(ctx, s, "activations", acts);
    nn_spec_set(ctx, s, "loss", k == 0 ? "mse" : k == 2 ? "bce" : "softmax_ce");
    if (net->optimizer) nn_spec_set(ctx, s, "optimizer", net->optimizer);
    if (net->lr) nn_spec_set(ctx, s, "lr", net->lr);
    for (int i = 0; i < nn_spec_field_count(); i++)
        if (i != layers_i && spec_val[i] && nn_spec_set(ctx, s, nn_spec_field_name(i), spec_val[i]) != NN_OK)
            return usage_error("--%s", nn_last_error(ctx));
    if (nn_spec_validate(ctx, s) != NN_OK) return usage_error("bad model: %s", nn_last_error(ctx));
    return 0;
}

/* The model must take 2 inputs and give what the data set's labels need. */
static int check_fits(const nn_spec *s, nn_toy toy, int k) {
    int outs = s->sizes[s->n_layers - 1];
    int ok = s->inputs == 2 && (k == 0   ? s->loss == NN_LOSS_MSE && outs == 1
                                : k == 2 ? outs == 1 || (s->loss == NN_LOSS_SOFTMAX_CE && outs == 2)
                                         : s->loss == NN_LOSS_SOFTMAX_CE && outs == k);
    if (ok) return 0;
    char want[64];
    snprintf(want, sizeof want, k == 0 ? "1 output and loss mse" : k == 2 ? "1 output"
                                                                   : "%d outputs and loss softmax_ce", k);
    return usage_error("a model with %d inputs, %d outputs and loss %s does not fit data set %s "
                       "(it needs 2 inputs, %s)", s->inputs, outs, nn_loss_name(s->loss),
                       nn_toy_name(toy), want);
}

static unsigned char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    long size = -1;
    if (f && fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)size + 1)) && fread(buf, 1, (size_t)size, f) == (size_t)size) {
        fclose(f);
        *len = (size_t)size;
        return buf;
    }
    fprintf(stderr, "nnplay: cannot read %s: %s\n", path, strerror(errno));
    free(buf);
    if (f) fclose(f);
    return NULL;
}

static int save_model(nn_model *m, const char *path) {
    size_t len = nn_model_save_size(m);
    unsigned char *buf = malloc(len);
    FILE *f = NULL;
    int ok = buf && nn_model_save(m, buf, len) == NN_OK && (f = fopen(path, "wb")) &&
             fwrite(buf, 1, len, f) == len;
    if (f && fclose(f) != 0) ok = 0;
    if (!ok) fprintf(stderr, "nnplay: cannot save to %s: %s\n", path, errno ? strerror(errno) : "out of memory");
    free(buf);
    return ok ? 0 : 1;
}

/* ---- training ------------------------------------------------------------------------------- */

static void print_eval(const char *what, nn_eval e) {
    printf("  %s loss %.4f ", what, e.loss);
    if (isnan(e.r2)) printf("acc %5.1f%%", 100.0 * e.accuracy);
    else printf("r2 %6.3f", e.r2);
}

static void print_line(const char *head, nn_eval tr, nn_eval te) {
    printf("%s", head);
    print_eval("train", tr);
    print_eval(" test", te);
    printf("\n");
    fflush(stdout);
}

/* "epoch 37/100 [#####.....] test loss 0.1234", rewritten in place. */
static void progress(int epoch, int epochs, float loss) {
    char bar[21];
    int filled = epochs ? 20 * epoch / epochs : 20;
    for (int i = 0; i < 20; i++) bar[i] = i < filled ? '#' : '.';
    bar[20] = '\0';
    fprintf(stderr, "\r  epoch %d/%d [%s] test loss %.4f\033[K", epoch, epochs, bar, loss);
}

static int train(nn_model *m, const options *o, const float *x, const float *y, int n_train, int n) {
    const float *xt = x + 2 * (size_t)n_train, *yt = y + (size_t)n_train * nn_model_target_width(m);
    int n_test = n - n_train, tty = isatty(fileno(stderr)), epoch = 0, stop = 0;
    nn_eval tr, te;
    if (o->gradcheck) {
        float err;
        int nb = n_train < 16 ? n_train : 16;
        if (nn_gradcheck(m, x, y, nb, 1e-3f, 0, &err) != NN_OK) return 1;
        /* float32 forward passes with eps 1e-3 leave about 1e-3 of round-off (nn.h). */
        printf("gradcheck: max relative error %.3g over %zu parameters on %d samples: %s\n", err,
               nn_params_count(m), nb, err < 1e-2f ? "ok" : "TOO LARGE, backprop disagrees");
        if (!(err < 1e-2f)) return 1;
    }
    nn_status st = NN_OK;
    for (; st == NN_OK && epoch < o->epochs && !stop; epoch++) {
        if ((st = nn_model_train_epoch(m, x, y, n_train, o->batch, NULL)) != NN_OK ||
            (st = nn_model_evaluate(m, x, y, n_train, &tr)) != NN_OK ||
            (st = nn_model_evaluate(m, xt, yt, n_test, &te)) != NN_OK ||
            (o->patience && (st = nn_model_track_best(m, te.loss, o->patience, &stop)) != NN_OK))
            break;
        if (tty) fprintf(stderr, "\r\033[K");
        if (!o->quiet) {
            char head[32];
            snprintf(head, sizeof head, "epoch %4d", epoch + 1);
            print_line(head, tr, te);
        }
        if (tty) progress(epoch + 1, o->epochs, te.loss);
    }
    if (tty) fprintf(stderr, "\r\033[K");
    if (st != NN_OK) return 1;
    if (o->patience && epoch > 0) {
        if (nn_model_restore_best(m) != NN_OK) return 1;
        printf("early stopping: %s after epoch %d, best test loss at epoch %d (restored)\n",
               stop ? "stopped" : "ran out of epochs", epoch, nn_model_best_epoch(m) + 1);
    }
    if (nn_model_evaluate(m, x, y, n_train, &tr) != NN_OK ||
        nn_model_evaluate(m, xt, yt, n_test, &te) != NN_OK)
        return 1;
    print_line("final     ", tr, te);
    return 0;
}

/* ---- main ----------------------------------------------------------------------------------- */

static int run(nn_ctx *ctx, const options *o, const char **spec_val, int spec_flags) {
    nn_toy toy;
    if (nn_toy_parse(ctx, o->data, &toy) != NN_OK) return usage_error("--data: %s", nn_last_error(ctx));
    int k = nn_toy_classes(toy, o->classes), rc = 0;
    nn_model *m = NULL;
    nn_spec s;
    if (o->load && spec_flags) return usage_error("--load takes the spec from the file; drop the spec flags");
    if (o->load) {
        size_t len;
        unsigned char *buf = read_file(o->load, &len);
        if (!buf) return 1;
        nn_status st = nn_model_load(ctx, buf, len, &m);
        free(buf);
        if (st != NN_OK) {
            fprintf(stderr, "nnplay: cannot load %s: %s\n", o->load, nn_last_error(ctx));
            return 1;
        }
        s = *nn_model_spec(m);
    } else if ((rc = build_spec(ctx, toy, k, spec_val, &s)) != 0) {
        return rc;
    }
    if ((rc = check_fits(&s, toy, k)) != 0 || (!m && nn_model_create(ctx, &s, &m) != NN_OK)) {
        if (!rc) fprintf(stderr, "nnplay: %s\n", nn_last_error(ctx));
        nn_model_free(m);
        return rc ? rc : 1;
    }
    int n_test = (int)lroundf(o->test_ratio * (float)o->n);
    n_test = n_test < 1 ? 1 : n_test > o->n - 1 ? o->n - 1 : n_test;
    float *x = malloc(sizeof(float) * 2 * (size_t)o->n), *y = malloc(sizeof(float) * (size_t)o->n);
    if (!x || !y || nn_toy_generate(ctx, toy, o->n, o->noise, o->classes, o->data_seed, x, y) != NN_OK) {
        fprintf(stderr, "nnplay: %s\n", x && y ? nn_last_error(ctx) : "out of memory");
        rc = 1;
    }
    if (!rc && !o->quiet) {
        printf("data %s: %d training and %d test samples, noise %g\nmodel %d", nn_toy_name(toy),
               o->n - n_test, n_test, o->noise, s.inputs);
        for (int l = 0; l < s.n_layers; l++) printf("-%d %s", s.sizes[l], nn_act_name(s.acts[l]));
        printf(", loss %s, %s lr %g, %zu parameters\n", nn_loss_name(s.loss), nn_optim_name(s.optim),
               s.lr, nn_params_count(m));
    }
    if (!rc && (rc = train(m, o, x, y, o->n - n_test, o->n)) != 0 && *nn_last_error(ctx))
        fprintf(stderr, "nnplay: %s\n", nn_last_error(ctx));
    if (!rc && o->save && (rc = save_model(m, o->save)) == 0 && !o->quiet)
        printf("saved %s (%zu bytes)\n", o->save, nn_model_save_size(m));
    free(x);
    free(y);
    nn_model_free(m);
    return rc;
}

int main(int argc, char **argv) {
    options o;
    const char **spec_val = calloc((size_t)nn_spec_field_count(), sizeof *spec_val);
    nn_ctx *ctx = nn_ctx_create();
    int rc = spec_val && ctx ? parse_args(argc, argv, &o, spec_val) : 1, spec_flags = 0;
    for (int i = 0; !rc && i < nn_spec_field_count(); i++) spec_flags += spec_val[i] != NULL;
    if (!rc && o.help) print_help();
    else if (!rc) rc = run(ctx, &o, spec_val, spec_flags);
    free(spec_val);
    nn_ctx_free(ctx);
    return rc;
}
