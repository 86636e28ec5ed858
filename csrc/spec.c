/* spec.c — the model spec as a table: one row per field gives its name, kind, place, range and
 * the field it depends on. Setting by name, validating, formatting, the CLI's help and the
 * page's settings (nn_spec_field_info) all walk the same rows, so the CLI, the page and a saved
 * model refuse a bad value with the same message and show the same choices. */
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

static const char *loss_names[] = {"mse", "bce", "softmax_ce"};
static const char *optim_names[] = {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"};
static const char *init_names[] = {"zeros", "uniform", "normal", "xavier_uniform", "xavier_normal", "he"};
static const char *sched_names[] = {"constant", "step", "exp", "inv_time", "cosine"};

#define NAMES(a) a, (int)(sizeof a / sizeof *a)
#define BIT(v) (1u << (v))
#define ADAMS (BIT(NN_OPT_ADAM) | BIT(NN_OPT_ADAMW))
#define DECAYS (BIT(NN_SCHED_STEP) | BIT(NN_SCHED_EXP) | BIT(NN_SCHED_INV_TIME))

static const struct field {
    const char *name;
    nn_field_kind k;
    size_t off;
    double lo, hi;      /* numeric range, inclusive unless lo_open */
    int lo_open;
    const char **names; /* NN_FIELD_ENUM: the accepted names, indexed by value */
    int n_names;
    const char *when;   /* NULL, or the field whose value decides whether this one matters: */
    uint32_t values;    /* it does when that field's value v (any layer's) has BIT(v) set here */
    const char *help;
    int structural;     /* the model's layout or initial weights follow from it (FS, ES, WS rows) */
} fields[] = {
/* F: a number; W: one that matters only when the field `when` has one of `values`; E: an enum.
 * FS, WS, ES: the same, structural. */
#define ROW(name, k, member, lo, hi, open, when, values, help, structural) \
    {name, k, offsetof(nn_spec, member), lo, hi, open, NULL, 0, when, values, help, structural}
#define ENUM(name, member, names, help, structural) \
    {name, NN_FIELD_ENUM, offsetof(nn_spec, member), 0, 0, 0, NAMES(names), NULL, 0, help, structural}
#define F(name, k, member, lo, hi, open, help) ROW(name, k, member, lo, hi, open, NULL, 0, help, 0)
#define FS(name, k, member, lo, hi, open, help) ROW(name, k, member, lo, hi, open, NULL, 0, help, 1)
#define W(name, k, member, lo, hi, open, when, values, help) ROW(name, k, member, lo, hi, open, when, values, help, 0)
#define WS(name, k, member, lo, hi, open, when, values, help) ROW(name, k, member, lo, hi, open, when, values, help, 1)
#define E(name, member, names, help) ENUM(name, member, names, help, 0)
#define ES(name, member, names, help) ENUM(name, member, names, help, 1)
    FS("inputs", NN_FIELD_INT, inputs, 1, 1e6, 0, "features per sample"),
    FS("input_shape", NN_FIELD_SHAPE, input_shape, 1, 1e5, 0,
      "CxHxW of a sample for conv and pooling layers, e.g. 1x28x28 (empty: a flat vector)"),
    FS("layers", NN_FIELD_SIZES, sizes, 1, 1e5, 0,
      "the layers, output last: dense units, conv<C>k<K>[s<S>][p<P>], pool<K>[s<S>], avgpool<K>[s<S>], "
      "e.g. 8,8,1 or conv8k5,pool2,conv16k5,pool2,64,10"),
    FS("activations", NN_FIELD_ACTS, acts, 0, 0, 0,
      "one per dense and conv layer: linear sigmoid tanh relu leaky_relu softmax, e.g. tanh,tanh,sigmoid"),
    W("leaky_slope", NN_FIELD_FLOAT, leaky_slope, 0, 1, 0, "activations",
      BIT(NN_ACT_LEAKY_RELU), "slope of leaky_relu below 0"),
    FS("batchnorm", NN_FIELD_INT, batchnorm, 0, 1, 0, "1: batch norm before every hidden activation"),
    W("bn_momentum", NN_FIELD_FLOAT, bn_momentum, 0, 1, 1, "batchnorm", BIT(1),
      "weight of the batch in batch norm's running statistics"),
    F("dropout", NN_FIELD_FLOAT, dropout, 0, 0.95, 0,
      "probability of dropping a hidden unit while training"),
    E("loss", loss, loss_names, "mse, bce (sigmoid output) or softmax_ce (softmax output, class-index targets)"),
    E("optimizer", optim, optim_names, "sgd momentum nesterov adagrad rmsprop adam adamw"),
    F("lr", NN_FIELD_FLOAT, lr, 0, 100, 1, "learning rate"),
    W("momentum", NN_FIELD_FLOAT, momentum, 0, 0.9999, 0, "optimizer",
      BIT(NN_OPT_MOMENTUM) | BIT(NN_OPT_NESTEROV), "momentum of momentum and nesterov"),
    W("beta1", NN_FIELD_FLOAT, beta1, 0, 0.9999, 0, "optimizer", ADAMS, "Adam's first-moment decay"),
    W("beta2", NN_FIELD_FLOAT, beta2, 0, 0.99999, 0, "optimizer", ADAMS, "Adam's second-moment decay"),
    W("eps", NN_FIELD_FLOAT, eps, 0, 1, 1, "optimizer", BIT(NN_OPT_ADAGRAD) | BIT(NN_OPT_RMSPROP) | ADAMS,
      "denominator guard of adagrad, rmsprop, adam"),
    W("rho", NN_FIELD_FLOAT, rho, 0, 0.99999, 0, "optimizer", BIT(NN_OPT_RMSPROP), "RMSprop's decay"),
    W("weight_decay", NN_FIELD_FLOAT, weight_decay, 0, 1, 0, "optimizer", BIT(NN_OPT_ADAMW),
      "AdamW's decoupled weight decay"),
    F("l1", NN_FIELD_FLOAT, l1, 0, 10, 0, "L1 penalty on weights"),
    F("l2", NN_FIELD_FLOAT, l2, 0, 10, 0, "L2 penalty on weights"),
    F("clip_norm", NN_FIELD_FLOAT, clip_norm, 0, 1e6, 0, "clip the gradient's global norm to this (0: off)"),
    ES("init", init, init_names, "zeros uniform normal xavier_uniform xavier_normal he"),
    WS("init_scale", NN_FIELD_FLOAT, init_scale, 0, 10, 1, "init", BIT(NN_INIT_UNIFORM) | BIT(NN_INIT_NORMAL),
      "range of uniform and std of normal init"),
    E("schedule", sched, sched_names, "learning-rate schedule: constant step exp inv_time cosine"),
    W("decay_steps", NN_FIELD_INT, decay_steps, 1, 1e9, 0, "schedule", DECAYS | BIT(NN_SCHED_COSINE),
      "steps T of the schedule"),
    W("gamma", NN_FIELD_FLOAT, gamma, 0, 10, 0, "schedule", DECAYS, "decay factor of step, exp and inv_time"),
    W("lr_min", NN_FIELD_FLOAT, lr_min, 0, 100, 0, "schedule", BIT(NN_SCHED_COSINE),
      "lowest learning rate of cosine"),
    F("warmup", NN_FIELD_INT, warmup, 0, 1e9, 0, "linear warm-up steps"),
    /* 2^64 - 1, which a double rounds to 2^64: nn_spec_set refuses anything past it. */
    FS("seed", NN_FIELD_SEED, seed, 0, 18446744073709551615.0, 0, "seed of init, shuffling and dropout"),
#undef F
#undef W
#undef E
#undef FS
#undef WS
#undef ES
#undef ROW
#undef ENUM
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

nn_status nn_spec_field_info(nn_ctx *ctx, int i, nn_field_info *info) {
    if (i < 0 || i >= N_FIELDS)
        return ctx_fail(ctx, NN_ERR_ARG, "field: must be in [0, %d] (got %d)", N_FIELDS - 1, i);
    if (!info) return ctx_fail(ctx, NN_ERR_ARG, "info is NULL");
    const struct field *f = &fields[i];
    *info = (nn_field_info){
        .name = f->name, .help = f->help, .kind = f->k, .min = f->lo, .max = f->hi,
        .min_open = f->lo_open, .n_values = f->k == NN_FIELD_ACTS ? NN_ACT_COUNT : f->n_names,
        .when = f->when ? nn_spec_field_index(f->when) : -1, .when_values = f->values,
        .structural = f->structural,
    };
    ctx_clear(ctx);
    return NN_OK;
}

const char *nn_spec_field_value(int i, int v) {
    if (i < 0 || i >= N_FIELDS) return NULL;
    if (fields[i].k == NN_FIELD_ACTS) return v >= 0 && v < NN_ACT_COUNT ? nn_act_name((nn_act)v) : NULL;
    return v >= 0 && v < fields[i].n_names ? fields[i].names[v] : NULL;
}

int nn_spec_field_applies(const nn_spec *s, int i) {
    if (!s || i < 0 || i >= N_FIELDS) return 0;
    const struct field *f = &fields[i], *on = f->when ? find(f->when) : NULL;
    if (!on) return 1;
    if (on->k == NN_FIELD_ACTS) {
        for (int l = 0; l < nn_spec_act_layers(s); l++)
            if ((unsigned)s->acts[l] < 32 && f->values & BIT(s->acts[l])) return 1;
        return 0;
    }
    int v = *(const int *)((const char *)s + on->off);   /* an int or an enum field */
    return v >= 0 && v < 32 && (f->values & BIT(v)) != 0;
}

/* The bytes of field f's value in a spec of n_layers layers. */
static size_t value_size(const struct field *f, int n_layers) {
    switch (f->k) {
    case NN_FIELD_SEED: return sizeof(uint64_t);
    case NN_FIELD_FLOAT: return sizeof(float);
    case NN_FIELD_SIZES: return (size_t)n_layers * sizeof(int);
    case NN_FIELD_ACTS: return (size_t)n_layers * sizeof(nn_act);
    default: return sizeof(int);   /* int and enum fields */
    }
}

int spec_structural_change(const nn_spec *a, const nn_spec *b) {
    for (int i = 0; i < N_FIELDS; i++) {
        const struct field *f = &fields[i];
        int list = f->k == NN_FIELD_SIZES || f->k == NN_FIELD_ACTS;
        if (f->structural && ((list && a->n_layers != b->n_layers) ||
                              memcmp((const char *)a + f->off, (const char *)b + f->off, value_size(f, a->n_layers))))
            return i;
    }
    return -1;
}

/* Powers of ten that a double holds exactly. */
static const double POW10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                               1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* The length of w if s starts with it, letters in either case; else 0. */
static size_t starts_with(const char *s, const char *w) {
    size_t i = 0;
    for (; w[i]; i++)
        if (tolower((unsigned char)s[i]) != w[i]) return 0;
    return i;
}

/* A decimal number as strtod reads one (leading white space, a sign, digits with or without a
 * point, an exponent; inf, infinity, nan), all of the text and nothing else: 1; 0 if the text
 * is not one; -1 (and *out infinite or 0) if it is finite and overflows or underflows a double.
 * Not the C library's strtod, whose long-double arithmetic is a tenth of the wasm module. The
 * result is strtod's, correctly rounded, when the significant digits fit 2^53 and the exponent
 * is within ±22 (Clinger's fast path: one exact product or quotient), as with every setting and
 * every number nn_spec_format writes; past 19 significant digits the rest are dropped, and past
 * ±22 the exponent is applied in steps, each rounded. */
static int decimal(const char *s, double *out) {
    while (isspace((unsigned char)*s)) s++;
    double sign = *s == '-' ? -1 : 1;
    if (*s == '-' || *s == '+') s++;
    size_t n;
    if ((n = starts_with(s, "infinity")) || (n = starts_with(s, "inf")) || (n = starts_with(s, "nan"))) {
        *out = tolower((unsigned char)s[0]) == 'n' ? NAN : sign * INFINITY;
        return s[n] == '\0';
    }
    uint64_t m = 0;
    int exp10 = 0, point = 0, digits = 0;
    for (;; s++) {
        if (*s == '.' && !point) {
            point = 1;
            continue;
        }
        if (!isdigit((unsigned char)*s)) break;
        digits++;
        if (m < 1000000000000000000ull) m = m * 10 + (uint64_t)(*s - '0'), exp10 -= point;
        else exp10 += !point;
    }
    if (!digits) return 0;
    if (*s == 'e' || *s == 'E') {
        s++;
        int esign = *s == '-' ? -1 : 1, e = 0;
        if (*s == '-' || *s == '+') s++;
        if (!isdigit((unsigned char)*s)) return 0;
        for (; isdigit((unsigned char)*s); s++)
            if (e < 100000) e = e * 10 + (*s - '0');
        exp10 += esign * e;
    }
    if (*s != '\0') return 0;
    double v = (double)m;
    if (m > (1ull << 53) || exp10 > 22 || exp10 < -22) {
        for (; exp10 > 22; exp10 -= 22) v *= 1e22;
        for (; exp10 < -22; exp10 += 22) v /= 1e22;
    }
    v = exp10 < 0 ? v / POW10[-exp10] : v * POW10[exp10];
    *out = sign * v;
    return m == 0 || (v != 0 && !isinf(v)) ? 1 : -1;
}

/* Room for a value quoted in a message (nn_quote). */
#define QUOTED 80

/* The shortest decimal that reads back as the float32 v: 0.1, not 0.100000001. */
static const char *float_text(char *buf, size_t cap, float v) {
    for (int digits = 1; digits <= 9; digits++) {
        double back;
        snprintf(buf, cap, "%.*g", digits, v);
        if (decimal(buf, &back) == 1 && (float)back == v) break;
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
    else if (f->k == NN_FIELD_FLOAT) float_text(got, sizeof got, (float)v);
    else snprintf(got, sizeof got, "%.10g", v);
    if (!finite) return ctx_fail(ctx, NN_ERR_ARG, "%s: must be a finite number (got %s)", what, got);
    return ctx_fail(ctx, NN_ERR_ARG, "%s: must be in %c%.10g, %.10g] (got %s)", what,
                    f->lo_open ? '(' : '[', f->lo, f->hi, got);
}

/* A number, all of the text, and nothing else. */
static nn_status parse_number(nn_ctx *ctx, const char *what, const char *text, double *out) {
    char q[QUOTED];
    int read = decimal(text, out);
    if (read == 0)
        return ctx_fail(ctx, NN_ERR_ARG, "%s: not a number: '%s'", what, nn_quote(q, sizeof q, text));
    if (read < 0)
        return ctx_fail(ctx, NN_ERR_ARG, "%s: '%s' is too %s for a number%s", what,
                        nn_quote(q, sizeof q, text), *out != 0 ? "large" : "small",
                        *out != 0 ? "" : ": it would be 0");
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

/* ---- layers and shapes as text ---- */

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


/* What a layer token starts with, by kind; a dense layer is a bare number. */
static const char *const layer_prefix[NN_LAYER_COUNT] = {"", "conv", "pool", "avgpool"};
#define WINDOW_MAX 64   /* kernel, stride and padding */
#define LAYER_VALUES_MAX 16777216.0   /* values a layer may write per sample (2^24) */

/* The decimal digits at *p (at most 9), advancing *p past them; -1 if there are none. */
static int digits(const char **p) {
    int v = 0, n = 0;
    for (; isdigit((unsigned char)**p) && n < 9; n++) v = v * 10 + (*(*p)++ - '0');
    return n && !isdigit((unsigned char)**p) ? v : -1;
}

/* An optional `letter` and the number after it at *p into *out; 0 if the letter has no number. */
static int option(const char **p, char letter, int *out) {
    if (**p != letter) return 1;
    (*p)++;
    return (*out = digits(p)) >= 0;
}

/* Layer l of s from one token of the layers list: "64", "conv8k5", "conv16k3s2p1", "pool2",
 * "pool3s2", "avgpool2". */
static nn_status parse_layer(nn_ctx *ctx, const struct field *f, const char *what, const char *tok,
                             nn_spec *s, int l) {
    nn_layer_kind kind = NN_LAYER_DENSE;
    for (int k = NN_LAYER_CONV; k < NN_LAYER_COUNT; k++)
        if (strncmp(tok, layer_prefix[k], strlen(layer_prefix[k])) == 0) kind = (nn_layer_kind)k;
    s->kinds[l] = kind;
    s->kernel[l] = s->stride[l] = s->pad[l] = 0;
    if (kind == NN_LAYER_DENSE) return parse_int(ctx, f, what, tok, &s->sizes[l]);
    const char *p = tok + strlen(layer_prefix[kind]);
    int ch = 0, k = -1, stride = 1, pad = 0, ok = 1;
    if (kind == NN_LAYER_CONV) ok = (ch = digits(&p)) >= 0 && *p++ == 'k';
    if (ok && (k = digits(&p)) >= 0 && kind != NN_LAYER_CONV) stride = k;
    ok = ok && k >= 0 && option(&p, 's', &stride) && (kind != NN_LAYER_CONV || option(&p, 'p', &pad)) &&
         *p == '\0';
    char q[QUOTED];
    if (!ok)
        return ctx_fail(ctx, NN_ERR_ARG, "%s: not a layer: '%s' (units, conv<C>k<K>[s<S>][p<P>], "
                        "pool<K>[s<S>] or avgpool<K>[s<S>])", what, nn_quote(q, sizeof q, tok));
    nn_status st = kind == NN_LAYER_CONV ? check_range(ctx, f, what, ch, NULL) : NN_OK;
    if (st == NN_OK && (k < 1 || k > WINDOW_MAX || stride < 1 || stride > WINDOW_MAX || pad > WINDOW_MAX))
        st = ctx_fail(ctx, NN_ERR_ARG, "%s: %s: kernel and stride must be in [1, %d], padding in [0, %d]",
                      what, tok, WINDOW_MAX, WINDOW_MAX);
    if (st != NN_OK) return st;
    s->sizes[l] = ch, s->kernel[l] = k, s->stride[l] = stride, s->pad[l] = pad;
    return NN_OK;
}

/* "CxHxW", or "" for none (0, 0, 0). */
static nn_status parse_shape(nn_ctx *ctx, const struct field *f, const char *text, int *dims) {
    int d[3] = {0, 0, 0}, ok = 1;
    const char *p = text;
    for (int i = 0; ok && *text && i < 3; i++) ok = (!i || *p++ == 'x') && (d[i] = digits(&p)) >= 0;
    if (*text && (!ok || *p))
    {
        char q[QUOTED];
        return ctx_fail(ctx, NN_ERR_ARG, "%s: not CxHxW: '%s' (e.g. 1x28x28, or empty for none)",
                        f->name, nn_quote(q, sizeof q, text));
    }
    for (int i = 0; *text && i < 3; i++) {
        nn_status st = check_range(ctx, f, f->name, d[i], NULL);
        if (st != NN_OK) return st;
    }
    memcpy(dims, d, sizeof d);
    return NN_OK;
}

/* Appends layer l as parse_layer reads it, the defaults (stride 1 or K, padding 0) left out. */
static void put_layer(char *buf, size_t cap, size_t *len, const nn_spec *s, int l) {
    nn_layer_kind k = s->kinds[l];
    if ((unsigned)k >= NN_LAYER_COUNT || k == NN_LAYER_DENSE) {
        put(buf, cap, len, k == NN_LAYER_DENSE ? "%d" : "?%d", s->sizes[l]);
        return;
    }
    put(buf, cap, len, "%s", layer_prefix[k]);
    if (k == NN_LAYER_CONV) put(buf, cap, len, "%dk", s->sizes[l]);
    put(buf, cap, len, "%d", s->kernel[l]);
    if (s->stride[l] != (k == NN_LAYER_CONV ? 1 : s->kernel[l])) put(buf, cap, len, "s%d", s->stride[l]);
    if (s->pad[l]) put(buf, cap, len, "p%d", s->pad[l]);
}

/* Layer l's text for messages. */
static const char *layer_name(const nn_spec *s, int l, char *buf, size_t cap) {
    size_t len = 0;
    buf[0] = '\0';
    put_layer(buf, cap, &len, s, l);
    return buf;
}

int nn_spec_act_layers(const nn_spec *s) {
    int n = 0;
    for (int l = 0; l < s->n_layers && l < NN_MAX_LAYERS; l++)
        n += s->kinds[l] == NN_LAYER_DENSE || s->kinds[l] == NN_LAYER_CONV;
    return n;
}

nn_status spec_shapes(nn_ctx *ctx, const nn_spec *s, sample_shape *in, sample_shape *out) {
    const int *d = s->input_shape;
    int image = d[0] || d[1] || d[2];
    sample_shape at = image ? (sample_shape){d[0], d[1], d[2], 1} : (sample_shape){s->inputs, 1, 1, 0};
    if (image && (double)d[0] * d[1] * d[2] != s->inputs)
        return ctx_fail(ctx, NN_ERR_ARG, "input_shape: %dx%dx%d is %.0f values, but inputs is %d", d[0],
                        d[1], d[2], (double)d[0] * d[1] * d[2], s->inputs);
    for (int l = 0; l < s->n_layers; l++) {
        char name[48];
        layer_name(s, l, name, sizeof name);
        nn_layer_kind kind = s->kinds[l];
        in[l] = at;
        if (kind == NN_LAYER_DENSE) {
            at = (sample_shape){s->sizes[l], 1, 1, 0};
            out[l] = at;
            continue;
        }
        if (!at.image && l == 0)
            return ctx_fail(ctx, NN_ERR_ARG, "layers[0]: %s needs an image input: set input_shape "
                            "(CxHxW, e.g. 1x28x28)", name);
        if (!at.image)
            return ctx_fail(ctx, NN_ERR_ARG, "layers[%d]: %s needs an image input, but layers[%d] is "
                            "dense", l, name, l - 1);
        int k = s->kernel[l], pad = kind == NN_LAYER_CONV ? s->pad[l] : 0;
        if (kind != NN_LAYER_CONV && s->pad[l])
            return ctx_fail(ctx, NN_ERR_ARG, "layers[%d]: pooling takes no padding (got %d)", l, s->pad[l]);
        if (pad >= k)
            return ctx_fail(ctx, NN_ERR_ARG, "layers[%d]: %s: padding must be less than the kernel", l, name);
        if (at.h + 2 * pad < k || at.w + 2 * pad < k) {
            if (pad)
                return ctx_fail(ctx, NN_ERR_ARG, "layers[%d]: %s needs an input of at least %dx%d (with "
                                "padding %d), got %dx%d", l, name, k - 2 * pad, k - 2 * pad, pad, at.h, at.w);
            return ctx_fail(ctx, NN_ERR_ARG, "layers[%d]: %s needs an input of at least %dx%d, got %dx%d",
                            l, name, k, k, at.h, at.w);
        }
        at.c = kind == NN_LAYER_CONV ? s->sizes[l] : at.c;
        at.h = (at.h + 2 * pad - k) / s->stride[l] + 1;
        at.w = (at.w + 2 * pad - k) / s->stride[l] + 1;
        if ((double)at.c * at.h * at.w > LAYER_VALUES_MAX)
            return ctx_fail(ctx, NN_ERR_ARG, "layers[%d]: %s writes %.0f values per sample (max %.0f)", l,
                            name, (double)at.c * at.h * at.w, LAYER_VALUES_MAX);
        out[l] = at;
    }
    return NN_OK;
}

/* Splits a comma list of layers or activation names into at most NN_MAX_LAYERS items. */
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
        if (f->k == NN_FIELD_SIZES) {
            nn_status st = parse_layer(ctx, f, what, tok, s, n);
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
    case NN_FIELD_INT: return parse_int(ctx, f, f->name, value, p);
    case NN_FIELD_FLOAT:
        if ((st = parse_number(ctx, f->name, value, &v)) == NN_OK &&
            (st = check_range(ctx, f, f->name, v, value)) == NN_OK &&
            (st = check_float(ctx, f->name, value, v)) == NN_OK)
            *(float *)p = (float)v;
        return st;
    case NN_FIELD_SEED: {
        char *end;
        errno = 0;
        unsigned long long u = strtoull(value, &end, 10);
        if (!isdigit((unsigned char)value[0]) || *end != '\0' || errno == ERANGE)
            return ctx_fail(ctx, NN_ERR_ARG, "%s: must be a whole number in [0, 2^64) (got '%s')",
                            f->name, nn_quote(q, sizeof q, value));
        *(uint64_t *)p = u;
        return NN_OK;
    }
    case NN_FIELD_SIZES:
    case NN_FIELD_ACTS: {   /* in either order: nn_spec_validate checks that the counts agree */
        nn_spec t = *s;
        if ((st = parse_list(ctx, &t, f, value, f->k == NN_FIELD_SIZES ? &t.n_layers : &t.n_acts)) != NN_OK)
            return st;
        *s = t;
        return NN_OK;
    }
    case NN_FIELD_SHAPE: return parse_shape(ctx, f, value, p);
    case NN_FIELD_ENUM: {
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
    if (s->n_acts && s->n_acts != nn_spec_act_layers(s))
        return ctx_fail(ctx, NN_ERR_ARG, "activations: %d names for %d dense and conv layers", s->n_acts,
                        nn_spec_act_layers(s));
    /* Fields set directly in C skip nn_spec_set, so every number is checked again here. */
    for (int i = 0; i < N_FIELDS; i++) {
        const struct field *f = &fields[i];
        const void *p = (const char *)s + f->off;
        nn_status st = NN_OK;
        if (f->k == NN_FIELD_INT) st = check_range(ctx, f, f->name, *(const int *)p, NULL);
        if (f->k == NN_FIELD_FLOAT) st = check_range(ctx, f, f->name, *(const float *)p, NULL);
        if (f->k == NN_FIELD_ENUM && (*(const int *)p < 0 || *(const int *)p >= f->n_names))
            st = ctx_fail(ctx, NN_ERR_ARG, "%s: invalid value %d", f->name, *(const int *)p);
        if (st != NN_OK) return st;
    }
    const struct field *sizes = find("layers"), *shape = find("input_shape");
    int image = s->input_shape[0] || s->input_shape[1] || s->input_shape[2];
    for (int i = 0; image && i < 3; i++) {
        char what[32];
        snprintf(what, sizeof what, "input_shape[%d]", i);
        nn_status st = check_range(ctx, shape, what, s->input_shape[i], NULL);
        if (st != NN_OK) return st;
    }
    for (int l = 0; l < s->n_layers; l++) {
        char what[32];
        snprintf(what, sizeof what, "layers[%d]", l);
        nn_layer_kind k = s->kinds[l];
        if ((unsigned)k >= NN_LAYER_COUNT)
            return ctx_fail(ctx, NN_ERR_ARG, "%s: invalid kind %d", what, (int)k);
        nn_status st = k == NN_LAYER_DENSE || k == NN_LAYER_CONV ? check_range(ctx, sizes, what, s->sizes[l], NULL) : NN_OK;
        if (st == NN_OK && k != NN_LAYER_DENSE &&
            (s->kernel[l] < 1 || s->kernel[l] > WINDOW_MAX || s->stride[l] < 1 || s->stride[l] > WINDOW_MAX ||
             s->pad[l] < 0 || s->pad[l] > WINDOW_MAX))
            st = ctx_fail(ctx, NN_ERR_ARG, "%s: kernel and stride must be in [1, %d], padding in [0, %d] "
                          "(got %d, %d, %d)", what, WINDOW_MAX, WINDOW_MAX, s->kernel[l], s->stride[l], s->pad[l]);
        if (st != NN_OK) return st;
    }
    int out = s->n_layers - 1, acts = nn_spec_act_layers(s);
    if (s->kinds[out] != NN_LAYER_DENSE) {
        char name[48];
        return ctx_fail(ctx, NN_ERR_ARG, "layers[%d]: the output layer must be dense (got %s)", out,
                        layer_name(s, out, name, sizeof name));
    }
    for (int l = 0; l < acts; l++) {
        if ((unsigned)s->acts[l] >= NN_ACT_COUNT)
            return ctx_fail(ctx, NN_ERR_ARG, "activations[%d]: invalid value %d", l, (int)s->acts[l]);
        if (s->acts[l] == NN_ACT_SOFTMAX && l != acts - 1)
            return ctx_fail(ctx, NN_ERR_ARG,
                            "activations[%d]: softmax is only allowed on the output layer", l);
    }
    sample_shape in[NN_MAX_LAYERS], outs[NN_MAX_LAYERS];
    nn_status st = spec_shapes(ctx, s, in, outs);
    if (st != NN_OK) return st;
    double params = 0;
    for (int l = 0; l < s->n_layers; l++) {
        double fan = s->kinds[l] == NN_LAYER_CONV ? (double)in[l].c * s->kernel[l] * s->kernel[l]
                                                  : (double)in[l].c * in[l].h * in[l].w;
        if (s->kinds[l] == NN_LAYER_DENSE || s->kinds[l] == NN_LAYER_CONV) params += (double)s->sizes[l] * (fan + 3);
    }
    if (params > 5e7)
        return ctx_fail(ctx, NN_ERR_ARG, "layers: model too large (%.0f parameters, max 50000000)",
                        params);
    nn_act oa = s->acts[acts - 1];
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

size_t nn_spec_format(const nn_spec *s, char *buf, size_t cap) {
    size_t len = 0;
    if (cap) buf[0] = '\0';
    for (int i = 0; i < N_FIELDS; i++) {
        const struct field *f = &fields[i];
        const void *p = (const char *)s + f->off;
        put(buf, cap, &len, "%s=", f->name);
        switch (f->k) {
        case NN_FIELD_INT: put(buf, cap, &len, "%d", *(const int *)p); break;
        case NN_FIELD_FLOAT: put(buf, cap, &len, "%.9g", *(const float *)p); break;
        case NN_FIELD_SEED: put(buf, cap, &len, "%llu", (unsigned long long)*(const uint64_t *)p); break;
        case NN_FIELD_ENUM: put(buf, cap, &len, "%s", name_of(f->names, f->n_names, *(const int *)p)); break;
        case NN_FIELD_SIZES:
            for (int l = 0; l < s->n_layers; l++) {
                put(buf, cap, &len, "%s", l ? "," : "");
                put_layer(buf, cap, &len, s, l);
            }
            break;
        case NN_FIELD_ACTS:
            for (int l = 0; l < nn_spec_act_layers(s); l++)
                put(buf, cap, &len, "%s%s", l ? "," : "", nn_act_name(s->acts[l]));
            break;
        case NN_FIELD_SHAPE: {
            const int *d = p;
            if (d[0] || d[1] || d[2]) put(buf, cap, &len, "%dx%dx%d", d[0], d[1], d[2]);
            break;
        }
        }
        put(buf, cap, &len, "\n");
    }
    return len;
}
