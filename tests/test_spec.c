/* test_spec.c — the spec parser's refusals say what is wrong with the value as it was given:
 * values are quoted with nothing invisible (nn_quote), a number float32 cannot hold is refused
 * with the reason, layers and activations may come in either order, and a refusal leaves the
 * spec as it was. */
#include <stdlib.h>

#include "nn.h"
#include "t.h"

static nn_ctx *ctx;

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
    expect_refused("lr", "1e-400", "lr: '1e-400' is too small for a number: it would be 0");
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
    t_expect_err(nn_spec_validate(ctx, &a), NN_ERR_ARG, ctx, "activations: 3 names for 2 layers");
    nn_spec_set(ctx, &b, "activations", "relu,sigmoid");
    t_expect_err(nn_spec_validate(ctx, &b), NN_ERR_ARG, ctx, "activations: 2 names for 3 layers");
    nn_model *m = NULL;
    t_expect_err(nn_model_create(ctx, &b, &m), NN_ERR_ARG, ctx, "activations: 2 names for 3 layers");
    t_ok(m == NULL, "no model");
    /* Set directly in C, without a name, the activations follow n_layers as before. */
    nn_spec_default(&a);
    a.n_layers = 3, a.sizes[1] = 4, a.sizes[2] = 1, a.acts[1] = NN_ACT_RELU, a.acts[2] = NN_ACT_SIGMOID;
    t_ok(nn_spec_validate(ctx, &a) == NN_OK, "direct fields: %s", nn_last_error(ctx));
}

int main(void) {
    ctx = nn_ctx_create();
    t_run(quote_names_invisible_bytes);
    t_run(values_quoted_as_given);
    t_run(floats_must_fit_float32);
    t_run(validate_shows_float_values_exactly);
    t_run(layers_and_activations_in_either_order);
    nn_ctx_free(ctx);
    return t_results();
}
