/* spec.c — the model spec as a table: one row per field gives its name, kind, place and range.
 * Setting by name, validating, formatting and the CLI's help all walk the same rows, so the
 * CLI, the page and a saved model refuse a bad value with the same message. */
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <stddef.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef enum { K_INT, K_FLOAT, K_SEED, K_SIZES, K_ACTS, K_ENUM } kind;

static const char *loss_names[] = {"mse", "bce", "softmax_ce"};
static const char *optim_names[] = {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"};
static const char *init_names[] = {"zeros", "uniform", "normal", "xavier_uniform", "xavier_normal", "he"};
static const char *sched_names[] = {"constant", "step", "exp", "inv_time", "cosine"};

#define NAMES(a) a, (int)(sizeof a / sizeof *a)

static const struct field {
    const char *name;
    kind k;
    size_t off;
    double lo, hi;      /* numeric range, inclusive unless lo_open */
    int lo_open;
    const char **names; /* K_ENUM: the accepted names, indexed by value */
    int n_names;
    const char *help;
} fields[] = {
#define F(name, k, member, lo, hi, open, help) \
    {name, k, offsetof(nn_spec, member), lo, hi, open, NULL, 0, help}
#define E(name, member, names, help) \
    {name, K_ENUM, offsetof(nn_spec, member), 0, 0, 0, NAMES(names), help}
    F("inputs", K_INT, inputs, 1, 1e6, 0, "features per sample"),
    F("layers", K_SIZES, sizes, 1, 1e5, 0, "units per dense layer, output last, e.g. 8,8,1"),
    F("activations", K_ACTS, acts, 0, 0, 0,
      "one per layer: linear sigmoid tanh relu leaky_relu softmax, e.g. tanh,tanh,sigmoid"),
    F("leaky_slope", K_FLOAT, leaky_slope, 0, 1, 0, "slope of leaky_relu below 0"),
    F("batchnorm", K_INT, batchnorm, 0, 1, 0, "1: batch norm before every hidden activation"),
    F("bn_momentum", K_FLOAT, bn_momentum, 0, 1, 1, "weight of the batch in batch norm's running statistics"),
    F("dropout", K_FLOAT, dropout, 0, 0.95, 0, "probability of dropping a hidden unit while training"),
    E("loss", loss, loss_names, "mse, bce (sigmoid output) or softmax_ce (softmax output, class-index targets)"),
    E("optimizer", optim, optim_names, "sgd momentum nesterov adagrad rmsprop adam adamw"),
    F("lr", K_FLOAT, lr, 0, 100, 1, "learning rate"),
    F("momentum", K_FLOAT, momentum, 0, 0.9999, 0, "momentum of momentum and nesterov"),
    F("beta1", K_FLOAT, beta1, 0, 0.9999, 0, "Adam's first-moment decay"),
    F("beta2", K_FLOAT, beta2, 0, 0.99999, 0, "Adam's second-moment decay"),
    F("eps", K_FLOAT, eps, 0, 1, 1, "denominator guard of adagrad, rmsprop, adam"),
    F("rho", K_FLOAT, rho, 0, 0.99999, 0, "RMSprop's decay"),
    F("weight_decay", K_FLOAT, weight_decay, 0, 1, 0, "AdamW's decoupled weight decay"),
    F("l1", K_FLOAT, l1, 0, 10, 0, "L1 penalty on weights"),
    F("l2", K_FLOAT, l2, 0, 10, 0, "L2 penalty on weights"),
    F("clip_norm", K_FLOAT, clip_norm, 0, 1e6, 0, "clip the gradient's global norm to this (0: off)"),
    E("init", init, init_names, "zeros uniform normal xavier_uniform xavier_normal he"),
    F("init_scale", K_FLOAT, init_scale, 0, 10, 1, "range of uniform and std of normal init"),
    E("schedule", sched, sched_names, "learning-rate schedule: constant step exp inv_time cosine"),
    F("decay_steps", K_INT, decay_steps, 1, 1e9, 0, "steps T of the schedule"),
    F("gamma", K_FLOAT, gamma, 0, 10, 0, "decay factor of step, exp and inv_time"),
    F("lr_min", K_FLOAT, lr_min, 0, 100, 0, "lowest learning rate of cosine"),
    F("warmup", K_INT, warmup, 0, 1e9, 0, "linear warm-up steps"),
    F("seed", K_SEED, seed, 0, 0, 0, "seed of init, shuffling and dropout"),
#undef F
#undef E
};

#define N_FIELDS (int)(sizeof fields / sizeof *fields)

int nn_spec_field_count(void) { return N_FIELDS; }
const char *nn_spec_field_name(int i) { return i >= 0 && i < N_FIELDS ? fields[i].name : NULL; }
const char *nn_spec_field_help(int i) { return i >= 0 && i < N_FIELDS ? fields[i].help : NULL; }

static const char *name_of(const char **names, int n, int v) { return v >= 0 && v < n ? names[v] : "?"; }
const char *nn_loss_name(nn_loss l) { return name_of(NAMES(loss_names), (int)l); }
const char *nn_optim_name(nn_optim o) { return name_of(NAMES(optim_names), (int)o); }
const char *nn_init_name(nn_init i) { return name_of(NAMES(init_names), (int)i); }
const char *nn_sched_name(nn_sched s) { return name_of(NAMES(sched_names), (int)s); }

void nn_spec_default(nn_spec *s) {
    *s = (nn_spec){
        .inputs = 2, .n_layers = 2, .sizes = {8, 1}, .acts = {NN_ACT_TANH, NN_ACT_SIGMOID},
        .leaky_slope = 0.01f, .bn_momentum = 0.1f, .loss = NN_LOSS_BCE, .optim = NN_OPT_SGD,
        .lr = 0.03f, .momentum = 0.9f, .beta1 = 0.9f, .beta2 = 0.999f, .eps = 1e-8f, .rho = 0.9f,
        .weight_decay = 0.01f, .init = NN_INIT_XAVIER_UNIFORM, .init_scale = 0.1f,
        .sched = NN_SCHED_CONSTANT, .decay_steps = 1000, .gamma = 0.5f, .seed = 1,
    };
}

int nn_spec_field_index(const char *name) {
    for (int i = 0; i < N_FIELDS; i++)
        if (strcmp(fields[i].name, name) == 0) return i;
    return -1;
}

static const struct field *find(const char *key) {
    int i = nn_spec_field_index(key);
    return i < 0 ? NULL : &fields[i];
}

/* Room for a value quoted in a message (nn_quote). */
#define QUOTED 80

/* The shortest decimal that reads back as the float32 v: 0.1, not 0.100000001. */
static const char *float_text(char *buf, size_t cap, float v) {
    for (int digits = 1; digits <= 9; digits++) {
        snprintf(buf, cap, "%.*g", digits, v);
        if (strtof(buf, NULL) == v) break;
    }
    return buf;
}

/* Messages show the value as given (text), quoted by nn_quote; a value set directly in C
 * (text NULL) as the shortest decimal of what the spec holds. */
static nn_status check_range(nn_ctx *ctx, const struct field *f, const char *what, double v,
                             const char *text) {
    int finite = isfinite(v);
    if (finite && v >= f->lo && v <= f->hi && !(f->lo_open && v == f->lo)) return NN_OK;
    char got[QUOTED];
    if (text) nn_quote(got, sizeof got, text);
    else if (f->k == K_FLOAT) float_text(got, sizeof got, (float)v);
    else snprintf(got, sizeof got, "%.10g", v);
    if (!finite) return ctx_fail(ctx, NN_ERR_ARG, "%s: must be a finite number (got %s)", what, got);
    return ctx_fail(ctx, NN_ERR_ARG, "%s: must be in %c%.10g, %.10g] (got %s)", what,
                    f->lo_open ? '(' : '[', f->lo, f->hi, got);
}

/* A number, all of the text, and nothing else. */
static nn_status parse_number(nn_ctx *ctx, const char *what, const char *text, double *out) {
    char *end, q[QUOTED];
    errno = 0;
    *out = strtod(text, &end);
    if (end == text || *end != '\0')
        return ctx_fail(ctx, NN_ERR_ARG, "%s: not a number: '%s'", what, nn_quote(q, sizeof q, text));
    if (errno == ERANGE)
        return ctx_fail(ctx, NN_ERR_ARG, "%s: '%s' is too %s for a number%s", what,
                        nn_quote(q, sizeof q, text), fabs(*out) > 1 ? "large" : "small",
                        fabs(*out) > 1 ? "" : ": it would be 0");
    return NN_OK;
}

/* The spec keeps floats: a value float32 holds only as 0, a denormal or infinity is refused
 * rather than changed (1e-46 would become 0, refused later as "(got 0)"). */
static nn_status check_float(nn_ctx *ctx, const char *what, const char *text, double v) {
    float x = (float)v;
    if (v == 0 || isnormal(x)) return NN_OK;
    char q[QUOTED];
    nn_quote(q, sizeof q, text);
    if (isinf(x))
        return ctx_fail(ctx, NN_ERR_ARG, "%s: '%s' is too large for float32 (the largest is %.9g)",
                        what, q, FLT_MAX);
    return ctx_fail(ctx, NN_ERR_ARG, "%s: '%s' is too small for float32: %s (the smallest normal "
                    "float32 is %.9g)", what, q, x == 0 ? "it would be 0" : "only a denormal holds it",
                    FLT_MIN);
}

static nn_status parse_int(nn_ctx *ctx, const struct field *f, const char *what, const char *text,
                           int *out) {
    double v;
    char q[QUOTED];
    nn_status st = parse_number(ctx, what, text, &v);
    if (st == NN_OK) st = check_range(ctx, f, what, v, text);
    if (st == NN_OK && v != floor(v))
        st = ctx_fail(ctx, NN_ERR_ARG, "%s: must be a whole number (got %s)", what,
                      nn_quote(q, sizeof q, text));
    if (st == NN_OK) *out = (int)v;
    return st;
}

static int parse_name(const char **names, int n, const char *text) {
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], text) == 0) return i;
    return -1;
}

static nn_status unknown_name(nn_ctx *ctx, const char *what, const char *text, const char **names,
                              int n) {
    char list[256] = "";
    for (int i = 0; i < n; i++) {
        strncat(list, names[i], sizeof list - strlen(list) - 1);
        if (i + 1 < n) strncat(list, ", ", sizeof list - strlen(list) - 1);
    }
    char q[QUOTED];
    return ctx_fail(ctx, NN_ERR_ARG, "%s: unknown name '%s' (one of %s)", what,
                    nn_quote(q, sizeof q, text), list);
}

/* Splits a comma list of sizes or activation names into at most NN_MAX_LAYERS items. */
static nn_status parse_list(nn_ctx *ctx, nn_spec *s, const struct field *f, const char *text,
                            int *count) {
    char buf[1024];
    if (strlen(text) >= sizeof buf) return ctx_fail(ctx, NN_ERR_ARG, "%s: value too long", f->name);
    strcpy(buf, text);
    int n = 0;
    for (char *tok = buf, *next; tok; tok = next) {
        next = strchr(tok, ',');
        if (next) *next++ = '\0';
        while (*tok == ' ') tok++;
        if (n == NN_MAX_LAYERS)
            return ctx_fail(ctx, NN_ERR_ARG, "%s: more than %d layers", f->name, NN_MAX_LAYERS);
        char what[64];
        snprintf(what, sizeof what, "%s[%d]", f->name, n);
        if (f->k == K_SIZES) {
            nn_status st = parse_int(ctx, f, what, tok, &s->sizes[n]);
            if (st != NN_OK) return st;
        } else {
            int a = nn_act_parse(tok);
            if (a < 0) {
                const char *names[NN_ACT_COUNT];
                for (int i = 0; i < NN_ACT_COUNT; i++) names[i] = nn_act_name((nn_act)i);
                return unknown_name(ctx, what, tok, names, NN_ACT_COUNT);
            }
            s->acts[n] = (nn_act)a;
        }
        n++;
    }
    *count = n;
    return NN_OK;
}

nn_status nn_spec_set(nn_ctx *ctx, nn_spec *s, const char *key, const char *value) {
    if (!s || !key || !value) return ctx_fail(ctx, NN_ERR_ARG, "nn_spec_set: NULL argument");
    const struct field *f = find(key);
    char q[QUOTED];
    if (!f) return ctx_fail(ctx, NN_ERR_ARG, "unknown spec field '%s'", nn_quote(q, sizeof q, key));
    void *p = (char *)s + f->off;
    double v;
    nn_status st;
    switch (f->k) {
    case K_INT: return parse_int(ctx, f, f->name, value, p);
    case K_FLOAT:
        if ((st = parse_number(ctx, f->name, value, &v)) == NN_OK &&
            (st = check_range(ctx, f, f->name, v, value)) == NN_OK &&
            (st = check_float(ctx, f->name, value, v)) == NN_OK)
            *(float *)p = (float)v;
        return st;
    case K_SEED: {
        char *end;
        errno = 0;
        unsigned long long u = strtoull(value, &end, 10);
        if (!isdigit((unsigned char)value[0]) || *end != '\0' || errno == ERANGE)
            return ctx_fail(ctx, NN_ERR_ARG, "%s: must be a whole number in [0, 2^64) (got '%s')",
                            f->name, nn_quote(q, sizeof q, value));
        *(uint64_t *)p = u;
        return NN_OK;
    }
    case K_SIZES:
    case K_ACTS: {   /* in either order: nn_spec_validate checks that the counts agree */
        nn_spec t = *s;
        if ((st = parse_list(ctx, &t, f, value, f->k == K_SIZES ? &t.n_layers : &t.n_acts)) != NN_OK)
            return st;
        *s = t;
        return NN_OK;
    }
    case K_ENUM: {
        int e = parse_name(f->names, f->n_names, value);
        if (e < 0) return unknown_name(ctx, f->name, value, f->names, f->n_names);
        *(int *)p = e;
        return NN_OK;
    }
    }
    return ctx_fail(ctx, NN_ERR_ARG, "%s: unhandled field kind", key);
}

nn_status nn_spec_validate(nn_ctx *ctx, const nn_spec *s) {
    if (!s) return ctx_fail(ctx, NN_ERR_ARG, "spec is NULL");
    if (s->n_layers < 1 || s->n_layers > NN_MAX_LAYERS)
        return ctx_fail(ctx, NN_ERR_ARG, "layers: need 1 to %d layers (got %d)", NN_MAX_LAYERS,
                        s->n_layers);
    if (s->n_acts && s->n_acts != s->n_layers)
        return ctx_fail(ctx, NN_ERR_ARG, "activations: %d names for %d layers", s->n_acts,
                        s->n_layers);
    /* Fields set directly in C skip nn_spec_set, so every number is checked again here. */
    for (int i = 0; i < N_FIELDS; i++) {
        const struct field *f = &fields[i];
        const void *p = (const char *)s + f->off;
        nn_status st = NN_OK;
        if (f->k == K_INT) st = check_range(ctx, f, f->name, *(const int *)p, NULL);
        if (f->k == K_FLOAT) st = check_range(ctx, f, f->name, *(const float *)p, NULL);
        if (f->k == K_ENUM && (*(const int *)p < 0 || *(const int *)p >= f->n_names))
            st = ctx_fail(ctx, NN_ERR_ARG, "%s: invalid value %d", f->name, *(const int *)p);
        if (st != NN_OK) return st;
    }
    const struct field *sizes = find("layers");
    double params = 0;
    for (int l = 0; l < s->n_layers; l++) {
        char what[32];
        snprintf(what, sizeof what, "layers[%d]", l);
        nn_status st = check_range(ctx, sizes, what, s->sizes[l], NULL);
        if (st != NN_OK) return st;
        if ((unsigned)s->acts[l] >= NN_ACT_COUNT)
            return ctx_fail(ctx, NN_ERR_ARG, "activations[%d]: invalid value %d", l, (int)s->acts[l]);
        if (s->acts[l] == NN_ACT_SOFTMAX && l != s->n_layers - 1)
            return ctx_fail(ctx, NN_ERR_ARG,
                            "activations[%d]: softmax is only allowed on the output layer", l);
        params += (double)s->sizes[l] * ((l ? s->sizes[l - 1] : s->inputs) + 3);
    }
    if (params > 5e7)
        return ctx_fail(ctx, NN_ERR_ARG, "layers: model too large (%.0f parameters, max 50000000)",
                        params);
    int out = s->n_layers - 1;
    nn_act oa = s->acts[out];
    if (s->loss == NN_LOSS_BCE && oa != NN_ACT_SIGMOID)
        return ctx_fail(ctx, NN_ERR_ARG, "loss bce needs a sigmoid output layer (got %s)",
                        nn_act_name(oa));
    if (s->loss == NN_LOSS_SOFTMAX_CE && (oa != NN_ACT_SOFTMAX || s->sizes[out] < 2))
        return ctx_fail(ctx, NN_ERR_ARG,
                        "loss softmax_ce needs a softmax output layer of 2 or more units (got %s, %d)",
                        nn_act_name(oa), s->sizes[out]);
    if (s->lr_min > s->lr) {
        char lo[32], hi[32];
        return ctx_fail(ctx, NN_ERR_ARG, "lr_min: must not exceed lr (%s > %s)",
                        float_text(lo, sizeof lo, s->lr_min), float_text(hi, sizeof hi, s->lr));
    }
    return NN_OK;
}

/* Appends to buf like snprintf, tracking the length needed even past cap. */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void put(char *buf, size_t cap, size_t *len, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(*len < cap ? buf + *len : NULL, *len < cap ? cap - *len : 0, fmt, ap);
    va_end(ap);
    if (n > 0) *len += (size_t)n;
}

size_t nn_spec_format(const nn_spec *s, char *buf, size_t cap) {
    size_t len = 0;
    if (cap) buf[0] = '\0';
    for (int i = 0; i < N_FIELDS; i++) {
        const struct field *f = &fields[i];
        const void *p = (const char *)s + f->off;
        put(buf, cap, &len, "%s=", f->name);
        switch (f->k) {
        case K_INT: put(buf, cap, &len, "%d", *(const int *)p); break;
        case K_FLOAT: put(buf, cap, &len, "%.9g", *(const float *)p); break;
        case K_SEED: put(buf, cap, &len, "%llu", (unsigned long long)*(const uint64_t *)p); break;
        case K_ENUM: put(buf, cap, &len, "%s", name_of(f->names, f->n_names, *(const int *)p)); break;
        case K_SIZES:
        case K_ACTS:
            for (int l = 0; l < s->n_layers; l++) {
                if (f->k == K_SIZES) put(buf, cap, &len, "%s%d", l ? "," : "", s->sizes[l]);
                else put(buf, cap, &len, "%s%s", l ? "," : "", nn_act_name(s->acts[l]));
            }
            break;
        }
        put(buf, cap, &len, "\n");
    }
    return len;
}
