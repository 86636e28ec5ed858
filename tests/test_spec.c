/* test_spec.c — the spec table as data: each field's kind, range and names agree with what
 * nn_spec_set accepts and refuses at and just past its bounds, and nn_spec_field_applies says
 * which fields matter for a spec, case by case against nn.h's list. A list of sizes is tried
 * as a list of one. Numbers are read as strtod reads them. And the refusals say what is wrong
 * with the value as it was given: values are quoted with nothing invisible (nn_quote), a number
 * float32 cannot hold is refused with the reason, layers and activations may come in either
 * order, and a refusal leaves the spec as it was. */
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
                                       "3.4028234663852886e+38", "7e22", "0", "-0"};
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
                                          "nan(1)", "infx", "i"};
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

/* nn_spec_set(key, value) is refused with a message containing want, and changes nothing. */
static void expect_refused(const char *key, const char *value, const char *want) {
    nn_spec s, before;
    nn_spec_default(&s);
    before = s;
    t_expect_err(nn_spec_set(ctx, &s, key, value), NN_ERR_ARG, ctx, want);
    t_ok(memcmp(&s, &before, sizeof s) == 0, "%s=%s: a refusal changed the spec", key, value);
}

static void quote_names_invisible_bytes(void) {
    char q[64];
    t_ok(strcmp(nn_quote(q, sizeof q, "2\r"), "2\\r") == 0, "CR: %s", q);
    t_ok(strcmp(nn_quote(q, sizeof q, "a\tb\nc\\d"), "a\\tb\\nc\\\\d") == 0, "tab, LF, backslash: %s", q);
    t_ok(strcmp(nn_quote(q, sizeof q, "\x01x\x7f\x1b"), "\\x01x\\x7f\\x1b") == 0, "control bytes: %s", q);
    t_ok(strcmp(nn_quote(q, sizeof q, "caf\xc3\xa9 8,8 \xcf\x89"), "caf\xc3\xa9 8,8 \xcf\x89") == 0,
         "UTF-8 and spaces kept: %s", q);
    /* A byte-order mark (a file saved by Notepad), a no-break and a zero-width space, a C1
     * control, bytes that are not UTF-8 (Latin-1, a cut sequence, an overlong form). */
    t_ok(strcmp(nn_quote(q, sizeof q, "\xef\xbb\xbfinputs"), "\\xef\\xbb\\xbfinputs") == 0, "BOM: %s", q);
    t_ok(strcmp(nn_quote(q, sizeof q, "8\xc2\xa0,\xe2\x80\x8b" "1"), "8\\xc2\\xa0,\\xe2\\x80\\x8b1") == 0, "spaces: %s", q);
    t_ok(strcmp(nn_quote(q, sizeof q, "\xc2\x85"), "\\xc2\\x85") == 0, "C1: %s", q);
    t_ok(strcmp(nn_quote(q, sizeof q, "caf\xe9|\xe2\x82|\xc0\xaf"), "caf\\xe9|\\xe2\\x82|\\xc0\\xaf") == 0,
         "not UTF-8: %s", q);
    t_ok(strcmp(nn_quote(q, sizeof q, NULL), "(null)") == 0, "NULL: %s", q);
    /* Cut to fit, never inside an escape: 8 bytes hold two \r, the dots and the NUL. */
    t_ok(strcmp(nn_quote(q, 8, "\r\r\r\r\r"), "\\r\\r...") == 0, "cut: %s", q);
    t_ok(strcmp(nn_quote(q, 8, "1234567"), "1234567") == 0, "exactly fits: %s", q);
    t_ok(strcmp(nn_quote(q, 8, "12345678"), "1234...") == 0, "one too many: %s", q);
    t_ok(strcmp(nn_quote(q, 4, "abcdef"), "...") == 0, "the smallest cap: %s", q);
    t_ok(strcmp(nn_quote(q, 8, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"), "\xc3\xa9\xc3\xa9...") == 0, "a character is not cut: %s", q);
}

static void values_quoted_as_given(void) {
    expect_refused("inputs", "2\r", "inputs: not a number: '2\\r'");
    expect_refused("layers", "8,1\r", "layers[1]: not a number: '1\\r'");
    expect_refused("activations", "tanh,sigmoid\r", "activations[1]: unknown name 'sigmoid\\r'");
    expect_refused("loss", "bce\r", "loss: unknown name 'bce\\r'");
    expect_refused("seed", "12\r", "seed: must be a whole number in [0, 2^64) (got '12\\r')");
    expect_refused("lr\t", "1", "unknown spec field 'lr\\t'");
    expect_refused("\xef\xbb\xbfinputs", "2", "unknown spec field '\\xef\\xbb\\xbfinputs'");
    expect_refused("inputs", "2.5\x01", "inputs: not a number: '2.5\\x01'");
    expect_refused("lr", "\t-1", "lr: must be in (0, 100] (got \\t-1)");
    expect_refused("inputs", "2.5", "inputs: must be a whole number (got 2.5)");
    expect_refused("inputs", "nan", "inputs: must be a finite number (got nan)");
    expect_refused("inputs", "0", "inputs: must be in [1, 1000000] (got 0)");
    expect_refused("decay_steps", "2e9", "decay_steps: must be in [1, 1000000000] (got 2e9)");
}

/* The spec holds float32: what it cannot hold as a normal number is refused with the text. */
static void floats_must_fit_float32(void) {
    expect_refused("lr", "1e-46", "lr: '1e-46' is too small for float32: it would be 0 (the smallest "
                   "normal float32 is 1.17549435e-38)");
    expect_refused("lr", "1e-40", "lr: '1e-40' is too small for float32: only a denormal holds it");
    expect_refused("l2", "1e-46", "l2: '1e-46' is too small for float32: it would be 0");
    expect_refused("lr", "1e400", "lr: '1e400' is too large for a number");
    expect_refused("lr", "-1e999", "lr: '-1e999' is too large for a number");
    expect_refused("lr", "1e-400", "lr: '1e-400' is too small for a number: it would be 0");
    expect_refused("clip_norm", "4.9e-324", "clip_norm: '4.9e-324' is too small for float32: it would be 0");
    expect_refused("lr", "1e40", "lr: must be in (0, 100] (got 1e40)");
    nn_spec s;
    nn_spec_default(&s);
    t_ok(nn_spec_set(ctx, &s, "lr", "1.2e-38") == NN_OK && s.lr > 0, "the smallest normal floats pass");
    t_ok(nn_spec_set(ctx, &s, "l2", "0") == NN_OK && s.l2 == 0, "0 is 0");
    t_ok(nn_spec_set(ctx, &s, "lr", "0.1") == NN_OK && s.lr == 0.1f, "0.1 rounds to the float 0.1");
}

/* Values set directly in C are shown as the spec holds them, to the last digit that counts. */
static void validate_shows_float_values_exactly(void) {
    nn_spec s;
    nn_spec_default(&s);
    s.beta2 = 0.9999901f;
    t_expect_err(nn_spec_validate(ctx, &s), NN_ERR_ARG, ctx, "beta2: must be in [0, 0.99999] (got 0.9999901)");
    nn_spec_default(&s);
    nn_spec_set(ctx, &s, "lr", "0.1");
    nn_spec_set(ctx, &s, "lr_min", "0.1000001");
    t_expect_err(nn_spec_validate(ctx, &s), NN_ERR_ARG, ctx, "lr_min: must not exceed lr (0.1000001 > 0.1)");
}

static void layers_and_activations_in_either_order(void) {
    nn_spec a, b;
    nn_spec_default(&a);
    nn_spec_default(&b);
    t_ok(nn_spec_set(ctx, &a, "activations", "relu,relu,sigmoid") == NN_OK, "activations first: %s",
         nn_last_error(ctx));
    t_ok(nn_spec_set(ctx, &a, "layers", "8,4,1") == NN_OK, "then layers: %s", nn_last_error(ctx));
    nn_spec_set(ctx, &b, "layers", "8,4,1");
    nn_spec_set(ctx, &b, "activations", "relu,relu,sigmoid");
    t_ok(nn_spec_validate(ctx, &a) == NN_OK, "activations before layers is valid: %s", nn_last_error(ctx));
    char ta[4096], tb[4096];
    nn_spec_format(&a, ta, sizeof ta);
    nn_spec_format(&b, tb, sizeof tb);
    t_ok(strcmp(ta, tb) == 0, "both orders give the same spec:\n%s\n%s", ta, tb);
    /* A count that disagrees is the validator's to name, in either order. */
    nn_spec_set(ctx, &a, "layers", "8,1");
    t_expect_err(nn_spec_validate(ctx, &a), NN_ERR_ARG, ctx, "activations: 3 names for 2 dense and conv layers");
    nn_spec_set(ctx, &b, "activations", "relu,sigmoid");
    t_expect_err(nn_spec_validate(ctx, &b), NN_ERR_ARG, ctx, "activations: 2 names for 3 dense and conv layers");
    nn_model *m = NULL;
    t_expect_err(nn_model_create(ctx, &b, &m), NN_ERR_ARG, ctx, "activations: 2 names for 3 dense and conv layers");
    t_ok(m == NULL, "no model");
    /* Set directly in C, without a name, the activations follow n_layers as before. */
    nn_spec_default(&a);
    a.n_layers = 3, a.sizes[1] = 4, a.sizes[2] = 1, a.acts[1] = NN_ACT_RELU, a.acts[2] = NN_ACT_SIGMOID;
    t_ok(nn_spec_validate(ctx, &a) == NN_OK, "direct fields: %s", nn_last_error(ctx));
}

int main(void) {
    ctx = nn_ctx_create();
    t_run(test_applies);
    t_run(test_info);
    t_run(test_ranges);
    t_run(test_numbers);
    t_run(quote_names_invisible_bytes);
    t_run(values_quoted_as_given);
    t_run(floats_must_fit_float32);
    t_run(validate_shows_float_values_exactly);
    t_run(layers_and_activations_in_either_order);
    nn_ctx_free(ctx);
    return t_results();
}
