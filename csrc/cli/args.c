/* args.c — the nnplay CLI's command line: the flags (every spec field is a flag of the same
 * name, taken from the spec's own table), the help, and the spec they make with the data set's
 * default network for what they leave open, checked against the data. Nothing here reads a
 * file, trains or exits: a bad command line is usage_error's message and 2, so
 * tests/fuzz/fuzz_cli.c can run it on any arguments. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef enum { T_INT, T_FLOAT, T_SEED, T_TEXT, T_BOOL } flag_type;
typedef enum { FOR_ANY, FOR_TOY, FOR_REAL } flag_scope;

static const options defaults = {
    .data = "xor", .data_dir = "datasets/out", .model = "mlp", .n = 500, .classes = 3, .epochs = -1, .batch = -1,
    .test_ratio = 0.5f, .val_ratio = 0.1f, .data_seed = 1,
};

/* The trainer's own flags; the spec's flags come from nn_spec_field_*. */
#define OPT(member) offsetof(options, member)
static const struct flag {
    const char *name, *arg, *help;
    flag_type type;
    size_t off;
    double lo, hi;
    flag_scope scope;
} flags[] = {
    {"data", "NAME", "a toy set (circle xor gauss spiral moons multiclass plane multigauss curve) or a real one", T_TEXT, OPT(data), 0, 0, FOR_ANY},
    {"data-dir", "DIR", "where the real sets' NAME.nnds files are (`make datasets` builds them)", T_TEXT, OPT(data_dir), 0, 0, FOR_REAL},
    {"target", "NAME", "regression target of a real set, by name or index; none: the set's first", T_TEXT, OPT(target), 0, 0, FOR_REAL},
    {"n", "N", "samples, training and test together", T_INT, OPT(n), 2, 1e7, FOR_TOY},
    {"noise", "F", "noise of the data set, 0..1 (the playground's slider is 0..0.5)", T_FLOAT, OPT(noise), 0, 1, FOR_TOY},
    {"classes", "K", "classes of the multiclass set, 3..5", T_INT, OPT(classes), 3, 5, FOR_TOY},
    {"test-ratio", "F", "fraction of the samples held out as the test set, 0.01..0.99", T_FLOAT, OPT(test_ratio), 0.01, 0.99, FOR_TOY},
    {"data-seed", "S", "seed of the toy set and of the validation split (the model's is --seed)", T_SEED, OPT(data_seed), 0, 0, FOR_ANY},
    {"model", "NAME", "the default network: mlp (dense) or cnn (convolutional, for mnist); layer flags override it", T_TEXT, OPT(model), 0, 0, FOR_ANY},
    {"epochs", "N", "training epochs (0 with --load: only evaluate)", T_INT, OPT(epochs), 0, 1e7, FOR_ANY},
    {"batch", "N", "mini-batch size: 1 stochastic, >= training set full batch", T_INT, OPT(batch), 1, 1e7, FOR_ANY},
    {"patience", "N", "early stopping: stop after N epochs without a better validation loss, keep the best (0: off)", T_INT, OPT(patience), 0, 1e7, FOR_ANY},
    {"val-ratio", "F", "with --patience: fraction of the training rows held out for validation, 0.01..0.5", T_FLOAT, OPT(val_ratio), 0.01, 0.5, FOR_ANY},
    {"save", "FILE", "save the trained model (docs/model-format.md)", T_TEXT, OPT(save), 0, 0, FOR_ANY},
    {"load", "FILE", "start from a saved model; it brings its own spec", T_TEXT, OPT(load), 0, 0, FOR_ANY},
    {"gradcheck", NULL, "check backprop against finite differences before training", T_BOOL, OPT(gradcheck), 0, 0, FOR_ANY},
    {"quiet", NULL, "print only the final result", T_BOOL, OPT(quiet), 0, 0, FOR_ANY},
    {"help", NULL, "this help (also -h)", T_BOOL, OPT(help), 0, 0, FOR_ANY},
};
#define N_FLAGS (int)(sizeof flags / sizeof *flags)
_Static_assert(sizeof flags / sizeof *flags <= 32, "options.given has a bit per flag");

/* Each data set's network and training where the flags say nothing; the output layer follows
 * the task (1 sigmoid + bce for 2 classes, K softmax + softmax_ce for K, 1 linear + mse for
 * regression). The toys keep the playground's small tanh nets; the real sets get ReLU with He
 * initialization and Adam; "" hidden is no hidden layer (churn: logistic regression, which
 * no hidden layer beat on its split, test ROC AUC 0.831-0.832 over seeds). MNIST's row
 * reaches 98 % test accuracy at epoch 5 (docs/cli.md). */
static const struct net {
    const char *data, *hidden, *act, *init, *optimizer, *lr, *schedule;
    int batch, epochs;
} nets[] = {
    {"spiral", "16,16", "tanh", "xavier_uniform", "adam", "0.01", "constant", 10, 100},
    {"multigauss", "16,16", "tanh", "xavier_uniform", "adam", "0.01", "constant", 10, 100},
    {"other toys", "8,8", "tanh", "xavier_uniform", "sgd", "0.03", "constant", 10, 100},
    {"mnist", "256,128", "relu", "he", "adam", "0.001", "cosine", 64, 10},
    {"ames", "64", "relu", "he", "adam", "0.001", "constant", 32, 100},
    {"sacramento", "32", "relu", "he", "adam", "0.001", "constant", 32, 100},
    {"churn", "", "relu", "xavier_uniform", "adam", "0.003", "constant", 64, 40},
    {"iris", "16", "relu", "he", "adam", "0.01", "constant", 16, 100},
    {"wine", "16", "relu", "he", "adam", "0.01", "constant", 16, 100},
    {"breast_cancer", "16", "relu", "he", "adam", "0.001", "constant", 16, 100},
    {"other real sets", "64", "relu", "he", "adam", "0.001", "constant", 32, 50},
};
#define N_NETS (int)(sizeof nets / sizeof *nets)

/* --model cnn: the image sets' convolutional networks. MNIST's is LeNet-like, two 5x5
 * convolutions of 16 and 32 channels, each with 2x2 max pooling, then 128 units: 99.2 % test
 * accuracy in 3 epochs (docs/cli.md). */
static const struct cnn {
    const char *input_shape;
    struct net net;
} cnns[] = {
    {"1x28x28", {"mnist", "conv16k5,pool2,conv32k5,pool2,128", "relu", "he", "adam", "0.002", "cosine", 64, 3}},
};
#define N_CNNS (int)(sizeof cnns / sizeof *cnns)

static const struct cnn *cnn_for(const cli_data *d) {
    for (int i = 0; i < N_CNNS; i++)
        if (strcmp(cnns[i].net.data, d->name) == 0) return &cnns[i];
    return NULL;
}

/* The set's network for --model (args_check_model has refused a cnn the set lacks). */
static const struct net *net_for(const cli_data *d, const options *o) {
    if (strcmp(o->model, "cnn") == 0 && cnn_for(d)) return &cnn_for(d)->net;
    for (int i = 0; i < N_NETS; i++)
        if (strcmp(nets[i].data, d->name) == 0) return &nets[i];
    return &nets[d->real ? N_NETS - 1 : 2];
}

int args_check_model(const options *o, const cli_data *d) {
    if (strcmp(o->model, "mlp") != 0 && strcmp(o->model, "cnn") != 0)
        return usage_error("--model: unknown model '%s' (mlp or cnn)", o->model);
    if (strcmp(o->model, "cnn") == 0 && !cnn_for(d))
        return usage_error("--model cnn: %s is not a set of images (cnn: mnist)", d->name);
    return 0;
}

/* ---- flags ---------------------------------------------------------------------------------- */

static void flag_default(const struct flag *f, char *buf, size_t cap) {
    const char *p = (const char *)&defaults + f->off;
    switch (f->type) {
    case T_INT:
        if (*(const int *)p < 0) snprintf(buf, cap, "by data set");
        else snprintf(buf, cap, "%d", *(const int *)p);
        break;
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

static void print_net(const struct net *n, const char *input_shape) {
    printf("  %-16s ", n->data);
    if (*input_shape) printf("input_shape %s ", input_shape);
    printf("hidden %-8s %-5s init %-15s %s lr %-6s %-8s batch %-3d epochs %d\n", *n->hidden ? n->hidden : "none",
           *n->hidden ? n->act : "-", n->init, n->optimizer, n->lr, n->schedule, n->batch, n->epochs);
}

void args_help(void) {
    static const char *scope[] = {"", " [toy sets]", " [real sets]"};
    printf("usage: nnplay [--flag VALUE | --flag=VALUE]...\n\n"
           "Trains a neural network on a 2D toy data set or a real one, built by `make datasets`:\n"
           "  %s\n"
           "and prints, per epoch, loss and accuracy (R² for regression, ROC AUC for two classes) on\n"
           "the training, validation (with --patience) and test rows, the epoch's time and samples/s.\n\n"
           "Training and data:\n", real_sets);
    for (int i = 0; i < N_FLAGS; i++) {
        char lhs[32], def[64];
        flag_default(&flags[i], def, sizeof def);
        snprintf(lhs, sizeof lhs, "--%s %s", flags[i].name, flags[i].arg ? flags[i].arg : "");
        printf("  %-18s %s%s (default %s)\n", lhs, flags[i].help, scope[flags[i].scope], def);
    }
    printf("\nModel, every field of the spec. Layers, activations, loss, init, optimizer, lr and schedule\n"
           "not given follow the data set; the output layer follows its task (1 sigmoid bce for two\n"
           "classes, K softmax softmax_ce for K, 1 linear mse for regression); --inputs is its feature\n"
           "count; --schedule cosine without --decay_steps decays over the whole run:\n");
    for (int i = 0; i < N_NETS; i++) print_net(&nets[i], "");
    printf("With --model cnn:\n");
    for (int i = 0; i < N_CNNS; i++) print_net(&cnns[i].net, cnns[i].input_shape);
    printf("\n");
    char text[4096];
    nn_spec s;
    nn_spec_default(&s);
    nn_spec_format(&s, text, sizeof text);
    for (int i = 0; i < nn_spec_field_count(); i++) {
        const char *name = nn_spec_field_name(i);
        const char *by_data = "inputs input_shape layers activations loss init optimizer lr schedule";
        int len;
        const char *val = spec_value(text, name, &len);
        char def[64], *end;
        snprintf(def, sizeof def, "%.*s", len, val);
        double v = strtod(def, &end);
        if (*def && !*end) snprintf(def, sizeof def, "%g", v);   /* 0.03, not 0.0299999993 */
        printf("  --%-16s %s (default %s)\n", name, nn_spec_field_help(i),
               is_word_of(by_data, name) ? "by data set" : *def ? def : "none");
    }
    printf("\nExamples:\n"
           "  nnplay --data spiral --layers 16,16,1 --optimizer adam --lr 0.01 --epochs 300\n"
           "  nnplay --data mnist --save mnist.nnpl\n"
           "  nnplay --data ames --target log_Sale_Price --patience 20\n"
           "  nnplay --data multiclass --classes 4 --load model.nnpl --epochs 0\n"
           "Exit status: 0 done, 1 the run failed, 2 a bad command line.\n");
}

static int set_flag(const struct flag *f, const char *text, options *o) {
    char *p = (char *)o + f->off, *end, q[QUOTED];
    nn_quote(q, sizeof q, text);
    errno = 0;
    if (f->type == T_TEXT) {
        *(const char **)p = text;
    } else if (f->type == T_SEED) {
        unsigned long long v = strtoull(text, &end, 10);
        if (end == text || *end || errno || text[0] == '-')
            return usage_error("--%s: must be a whole number >= 0 (got '%s')", f->name, q);
        *(unsigned long long *)p = v;
    } else {
        double v = strtod(text, &end);
        if (end == text || *end || isnan(v))
            return usage_error("--%s: not a number: '%s'", f->name, q);
        if (errno == ERANGE)
            return usage_error("--%s: '%s' is too %s for a number", f->name, q, fabs(v) > 1 ? "large" : "small");
        if (f->type == T_INT && v != floor(v))
            return usage_error("--%s: must be a whole number (got '%s')", f->name, q);
        if (v < f->lo || v > f->hi)
            return usage_error("--%s: must be in [%.10g, %.10g] (got %s)", f->name, f->lo, f->hi, q);
        if (f->type == T_INT) *(int *)p = (int)v;
        else *(float *)p = (float)v;
    }
    return 0;
}

int args_parse(int argc, char **argv, options *o, const char **spec_val) {
    *o = defaults;
    for (int i = 0; i < nn_spec_field_count(); i++) spec_val[i] = NULL;
    for (int i = 1; i < argc; i++) {
        const char *arg = strcmp(argv[i], "-h") == 0 ? "--help" : argv[i], *eq = strchr(arg, '='), *value;
        char name[64], q[QUOTED];
        if (strncmp(arg, "--", 2) != 0) return usage_error("unexpected argument '%s'", nn_quote(q, sizeof q, arg));
        size_t len = eq ? (size_t)(eq - arg) - 2 : strlen(arg) - 2;
        if (len >= sizeof name) return usage_error("unknown flag '%s'", nn_quote(q, sizeof q, arg));
        memcpy(name, arg + 2, len);
        name[len] = '\0';
        int k = 0;
        while (k < N_FLAGS && strcmp(flags[k].name, name) != 0) k++;
        const struct flag *f = k < N_FLAGS ? &flags[k] : NULL;
        int field = f ? -1 : nn_spec_field_index(name);
        if (!f && field < 0) return usage_error("unknown flag '--%s'", nn_quote(q, sizeof q, name));
        if (f) o->given |= 1u << k;
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
    for (int i = 0; o->load && i < nn_spec_field_count(); i++)
        if (spec_val[i])
            return usage_error("--load takes the spec from the file; drop the spec flags (--%s)",
                               nn_spec_field_name(i));
    return 0;
}

void args_data_defaults(options *o, const cli_data *d) {
    const struct net *net = net_for(d, o);
    if (o->epochs < 0) o->epochs = net->epochs;
    if (o->batch < 0) o->batch = net->batch;
}

int args_check_scope(const options *o, const cli_data *d) {
    for (int k = 0; k < N_FLAGS; k++)
        if ((o->given >> k & 1) && flags[k].scope == (d->real ? FOR_TOY : FOR_REAL))
            return usage_error("--%s applies to the %s sets only; %s is a %s one", flags[k].name,
                               d->real ? "toy" : "real", d->name, d->real ? "real" : "toy");
    return 0;
}

/* ---- model ---------------------------------------------------------------------------------- */

/* The data set's default network, then the spec flags in table order (layers first, so the
 * default activations follow the given --layers). */
int args_build_spec(nn_ctx *ctx, const cli_data *d, const options *o, const char **spec_val, nn_spec *s) {
    const struct net *net = net_for(d, o);
    int k = d->classes, layers_i = nn_spec_field_index("layers"), steps_i = nn_spec_field_index("decay_steps");
    const char *out_act = k == 0 ? "linear" : k == 2 ? "sigmoid" : "softmax";
    char layers[128], acts[NN_MAX_LAYERS * 12] = "", inputs[16];
    snprintf(layers, sizeof layers, "%s%s%d", net->hidden, *net->hidden ? "," : "", k > 2 ? k : 1);
    snprintf(inputs, sizeof inputs, "%d", d->features);
    nn_spec_default(s);
    if (nn_spec_set(ctx, s, "layers", spec_val[layers_i] ? spec_val[layers_i] : layers) != NN_OK)
        return usage_error("--%s", nn_last_error(ctx));
    for (int l = 0, n = nn_spec_act_layers(s); l < n; l++)
        strcat(strcat(acts, l ? "," : ""), l + 1 < n ? net->act : out_act);
    const char *set[][2] = {{"inputs", inputs}, {"input_shape", strcmp(o->model, "cnn") == 0 ? cnn_for(d)->input_shape : ""}, {"activations", acts}, {"init", net->init},
                            {"loss", k == 0 ? "mse" : k == 2 ? "bce" : "softmax_ce"},
                            {"optimizer", net->optimizer}, {"lr", net->lr}, {"schedule", net->schedule}};
    for (size_t i = 0; i < sizeof set / sizeof *set; i++)
        if (nn_spec_set(ctx, s, set[i][0], set[i][1]) != NN_OK)
            return usage_error("data set %s: %s", d->name, nn_last_error(ctx));
    for (int i = 0; i < nn_spec_field_count(); i++)
        if (i != layers_i && spec_val[i] && nn_spec_set(ctx, s, nn_spec_field_name(i), spec_val[i]) != NN_OK)
            return usage_error("--%s", nn_last_error(ctx));
    if (s->sched == NN_SCHED_COSINE && !spec_val[steps_i]) {   /* decay over the whole run */
        long steps = (long)o->epochs * ((d->n_train + o->batch - 1) / o->batch) - s->warmup;
        s->decay_steps = steps < 1 ? 1 : steps > 1000000000 ? 1000000000 : (int)steps;
    }
    if (nn_spec_validate(ctx, s) != NN_OK) return usage_error("bad model: %s", nn_last_error(ctx));
    return 0;
}

int args_check_fits(const nn_spec *s, const cli_data *d) {
    int outs = s->sizes[s->n_layers - 1], k = d->classes;
    int ok = s->inputs == d->features && (k == 0   ? s->loss == NN_LOSS_MSE && outs == 1
                                          : k == 2 ? outs == 1 || (s->loss == NN_LOSS_SOFTMAX_CE && outs == 2)
                                                   : s->loss == NN_LOSS_SOFTMAX_CE && outs == k);
    if (ok) return 0;
    char want[64];
    snprintf(want, sizeof want, k == 0 ? "1 output and loss mse" : k == 2 ? "1 output"
                                                                   : "%d outputs and loss softmax_ce", k);
    return usage_error("a model with %d inputs, %d outputs and loss %s does not fit data set %s "
                       "(it needs %d inputs, %s)", s->inputs, outs, nn_loss_name(s->loss),
                       d->name, d->features, want);
}

