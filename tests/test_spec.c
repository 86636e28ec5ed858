/* test_spec.c — the spec table as data: each field's kind, range and names agree with what
 * nn_spec_set accepts and refuses at and just past its bounds, and nn_spec_field_applies says
 * which fields matter for a spec, case by case against nn.h's list. A list of sizes is tried
 * as a list of one. Numbers are read as strtod reads them. */
#include <stdlib.h>

#include "nn.h"
#include "t.h"

static nn_ctx *ctx;

static int field(const char *name) {
    int i = nn_spec_field_index(name);
    t_ok(i >= 0, "no field %s", name);
    return i;
}

/* The names of the fields that matter for s, space-separated, in table order; with
 * conditional = 1 only those that depend on another field. */
static void applying(const nn_spec *s, int conditional, char *out, size_t cap) {
    out[0] = '\0';
    for (int i = 0; i < nn_spec_field_count(); i++) {
        nn_field_info f;
        nn_spec_field_info(ctx, i, &f);
        if (nn_spec_field_applies(s, i) && (!conditional || f.when >= 0)) {
            strncat(out, f.name, cap - strlen(out) - 1);
            strncat(out, " ", cap - strlen(out) - 1);
        }
    }
}

/* The conditional fields that matter once `key` is set to `value` on the default spec. */
static void check_applies(const char *key, const char *value, const char *want) {
    nn_spec s;
    nn_spec_default(&s);
    t_ok(nn_spec_set(ctx, &s, key, value) == NN_OK, "%s=%s: %s", key, value, nn_last_error(ctx));
    char got[1024];
    applying(&s, 1, got, sizeof got);
    t_ok(strcmp(got, want) == 0, "%s=%s: got \"%s\", want \"%s\"", key, value, got, want);
}

/* nn.h's list: momentum with momentum and nesterov; beta1, beta2 with adam, adamw; eps with
 * adagrad, rmsprop, adam, adamw; rho with rmsprop; weight_decay with adamw; init_scale with
 * uniform and normal init; decay_steps with every schedule but constant; gamma with step, exp,
 * inv_time; lr_min with cosine; leaky_slope when a layer is leaky_relu; bn_momentum with batch
 * norm. The default spec (sgd, xavier_uniform, constant, tanh and sigmoid, no batch norm)
 * brings in none of them. */
static void test_applies(void) {
    nn_spec s;
    nn_spec_default(&s);
    char got[1024];
    applying(&s, 0, got, sizeof got);
    const char *always = "inputs input_shape layers activations batchnorm dropout loss optimizer lr l1 l2 "
                         "clip_norm init schedule warmup seed ";
    t_ok(strcmp(got, always) == 0, "default spec: \"%s\"", got);
    check_applies("optimizer", "sgd", "");
    check_applies("optimizer", "momentum", "momentum ");
    check_applies("optimizer", "nesterov", "momentum ");
    check_applies("optimizer", "adagrad", "eps ");
    check_applies("optimizer", "rmsprop", "eps rho ");
    check_applies("optimizer", "adam", "beta1 beta2 eps ");
    check_applies("optimizer", "adamw", "beta1 beta2 eps weight_decay ");
    check_applies("init", "uniform", "init_scale ");
    check_applies("init", "normal", "init_scale ");
    check_applies("init", "he", "");
    check_applies("schedule", "step", "decay_steps gamma ");
    check_applies("schedule", "exp", "decay_steps gamma ");
    check_applies("schedule", "inv_time", "decay_steps gamma ");
    check_applies("schedule", "cosine", "decay_steps lr_min ");
    check_applies("batchnorm", "1", "bn_momentum ");
    check_applies("activations", "leaky_relu,sigmoid", "leaky_slope ");   /* any layer: the first */
    check_applies("activations", "relu,sigmoid", "");
    t_ok(!nn_spec_field_applies(&s, -1) && !nn_spec_field_applies(&s, nn_spec_field_count()) &&
         !nn_spec_field_applies(NULL, 0), "out of range is 0");
}

/* The rows that depend on another name it and the right values. */
static void test_info(void) {
    nn_field_info f;
    t_ok(nn_spec_field_info(ctx, field("momentum"), &f) == NN_OK, "%s", nn_last_error(ctx));
    t_ok(f.kind == NN_FIELD_FLOAT && f.min == 0 && f.max == 0.9999 && !f.min_open, "momentum range");
    t_ok(f.when == field("optimizer") && f.when_values == (1u << NN_OPT_MOMENTUM | 1u << NN_OPT_NESTEROV),
         "momentum: when %d, values %#x", f.when, f.when_values);
    t_ok(nn_spec_field_info(ctx, field("lr"), &f) == NN_OK && f.min_open && f.when == -1, "lr");
    t_ok(nn_spec_field_info(ctx, field("bn_momentum"), &f) == NN_OK && f.when == field("batchnorm") &&
         f.when_values == 2u, "bn_momentum: batchnorm is 1");
    t_ok(nn_spec_field_info(ctx, field("leaky_slope"), &f) == NN_OK && f.when == field("activations") &&
         f.when_values == 1u << NN_ACT_LEAKY_RELU, "leaky_slope");
    t_ok(nn_spec_field_info(ctx, field("optimizer"), &f) == NN_OK && f.kind == NN_FIELD_ENUM &&
         f.n_values == NN_OPT_COUNT, "optimizer: %d names", f.n_values);
    for (int v = 0; v < NN_OPT_COUNT; v++)
        t_ok(strcmp(nn_spec_field_value(field("optimizer"), v), nn_optim_name((nn_optim)v)) == 0,
             "optimizer value %d", v);
    t_ok(nn_spec_field_value(field("optimizer"), NN_OPT_COUNT) == NULL, "past the last name");
    t_ok(nn_spec_field_info(ctx, field("activations"), &f) == NN_OK && f.kind == NN_FIELD_ACTS &&
         f.n_values == NN_ACT_COUNT, "activations");
    t_ok(strcmp(nn_spec_field_value(field("activations"), NN_ACT_SOFTMAX), "softmax") == 0, "softmax");
    t_ok(nn_spec_field_value(field("lr"), 0) == NULL, "a number has no names");
    t_ok(nn_spec_field_info(ctx, field("layers"), &f) == NN_OK && f.kind == NN_FIELD_SIZES &&
         f.min == 1 && f.max == 1e5, "layers");
    t_expect_err(nn_spec_field_info(ctx, nn_spec_field_count(), &f), NN_ERR_ARG, ctx, "field: must be in [0, 27]");
    t_expect_err(nn_spec_field_info(ctx, 0, NULL), NN_ERR_ARG, ctx, "info is NULL");
}

/* Sets field i to text on a default spec; NN_OK or the refusal. */
static nn_status try_set(int i, const char *text) {
    nn_spec s;
    nn_spec_default(&s);
    return nn_spec_set(ctx, &s, nn_spec_field_name(i), text);
}

/* Every numeric field accepts its bounds and refuses what lies just past them: the table the
 * page reads is the one nn_spec_set checks. */
static void test_ranges(void) {
    int checked = 0;
    for (int i = 0; i < nn_spec_field_count(); i++) {
        nn_field_info f;
        nn_spec_field_info(ctx, i, &f);
        if (f.kind != NN_FIELD_INT && f.kind != NN_FIELD_FLOAT && f.kind != NN_FIELD_SIZES) continue;
        double step = f.kind == NN_FIELD_FLOAT ? 1e-6 * fmax(1, fabs(f.max)) : 1;
        char lo[64], hi[64], below[64], above[64];
        snprintf(lo, sizeof lo, "%.17g", f.min_open ? f.min + step : f.min);
        snprintf(below, sizeof below, "%.17g", f.min_open ? f.min : f.min - step);
        snprintf(hi, sizeof hi, "%.17g", f.max);
        snprintf(above, sizeof above, "%.17g", f.max + step);
        t_ok(try_set(i, lo) == NN_OK, "%s=%s refused: %s", f.name, lo, nn_last_error(ctx));
        t_ok(try_set(i, hi) == NN_OK, "%s=%s refused: %s", f.name, hi, nn_last_error(ctx));
        t_ok(try_set(i, below) == NN_ERR_ARG, "%s=%s accepted", f.name, below);
        t_ok(try_set(i, above) == NN_ERR_ARG, "%s=%s accepted", f.name, above);
        checked++;
    }
    t_ok(checked == 21, "%d numeric fields", checked);
    int seed = field("seed");
    t_ok(try_set(seed, "18446744073709551615") == NN_OK, "seed 2^64 - 1");
    t_ok(try_set(seed, "18446744073709551616") == NN_ERR_ARG, "seed 2^64");
    t_ok(try_set(seed, "0") == NN_OK && try_set(seed, "-1") == NN_ERR_ARG, "seed 0 and -1");
}

/* lr set from text, or NAN when nn_spec_set refuses it. */
static float lr_of(const char *text) {
    nn_spec s;
    nn_spec_default(&s);
    return nn_spec_set(ctx, &s, "lr", text) == NN_OK ? s.lr : NAN;
}

/* nn_spec_set reads numbers without the C library's strtod; what it reads is what strtod
 * reads. 30,000 floats, log-uniform over the lr's range [1e-6, 100], each written with 1 to 9
 * significant digits in %g, %e and %f forms: every one gives (float)strtod's value, bit for bit
 * (all lie on the fast path). Then the forms strtod takes and refuses, one by one. */
static void test_numbers(void) {
    nn_rng r;
    nn_rng_seed(&r, 5);
    int tried = 0, differ = 0;
    for (int i = 0; i < 10000; i++) {
        float v = powf(10.f, -6.f + 8.f * nn_rng_uniform(&r));
        char text[64];
        static const char *const forms[] = {"%.*g", "%.*e", "%.*f"};
        for (int f = 0; f < 3; f++) {
            snprintf(text, sizeof text, forms[f], 1 + (int)nn_rng_below(&r, 9), (double)v);
            float want = (float)strtod(text, NULL), got = lr_of(text);
            tried++;
            if (want > 0 && memcmp(&got, &want, sizeof got) != 0 && differ++ < 5)
                printf("  '%s': %.9g, strtod %.9g\n", text, got, want);
        }
    }
    t_ok(differ == 0, "%d of %d numbers read otherwise than strtod", differ, tried);
    static const char *const same[] = {".5", "5.", "-.25e1", " \t1e-3", "+7", "1E+2", "0.000000000000000000000001e24",
                                       "12345678901234567890123e-21", "99.99999999999999999999", "1e-30",
                                       "3.4028234663852886e+38", "4.9e-324", "7e22", "0", "-0"};
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
        nn_spec s;
        nn_spec_default(&s);
        double want = strtod(same[i], NULL);
        /* clip_norm's range [0, 1e6] takes the small ones, lr's (0, 100] the rest. */
        const char *key = want >= 0 && want <= 1e6 && want != 0 && want < 100 ? "lr" : "clip_norm";
        nn_status st = nn_spec_set(ctx, &s, key, same[i]);
        float got = key[0] == 'l' ? s.lr : s.clip_norm;
        int in_range = key[0] == 'l' ? want > 0 && want <= 100 : want >= 0 && want <= 1e6;
        t_ok(in_range ? st == NN_OK && got == (float)want : st == NN_ERR_ARG && strstr(nn_last_error(ctx), "must be in"),
             "'%s': status %d, %.9g, strtod %.9g (%s)", same[i], st, got, want, nn_last_error(ctx));
    }
    static const char *const refused[] = {"", " ", ".", "e5", "1e", "1e+", "0x10", "1.2.3", "5 ", "--1", "1,5",
                                          "1e999", "-1e999", "1e-999", "nan(1)", "infx", "i"};
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        nn_spec s;
        nn_spec_default(&s);
        char want[64];
        snprintf(want, sizeof want, "lr: not a number: '%s'", refused[i]);
        t_expect_err(nn_spec_set(ctx, &s, "lr", refused[i]), NN_ERR_ARG, ctx, want);
    }
    static const char *const non_finite[] = {"nan", "NaN", "-nan", "inf", "-Infinity", "INF"};
    for (size_t i = 0; i < sizeof non_finite / sizeof *non_finite; i++) {
        nn_spec s;
        nn_spec_default(&s);
        t_expect_err(nn_spec_set(ctx, &s, "lr", non_finite[i]), NN_ERR_ARG, ctx, "lr: must be a finite number");
    }
    t_expect_err(nn_spec_set(ctx, &(nn_spec){0}, "inputs", "1e3.5"), NN_ERR_ARG, ctx, "not a number");
    t_ok(lr_of("2.5e-1") == 0.25f && isnan(lr_of("0")), "0.25 taken, 0 refused for lr");
}

int main(void) {
    ctx = nn_ctx_create();
    t_run(test_applies);
    t_run(test_info);
    t_run(test_ranges);
    t_run(test_numbers);
    nn_ctx_free(ctx);
    return t_results();
}
