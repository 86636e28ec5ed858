/* test_io.c — save and load: the bytes follow docs/model-format.md (the test builds files
 * itself from that description, with its own CRC-32), a round trip predicts identically, and
 * every truncation, flipped byte, wrong magic or version, count mismatch, bad spec and
 * non-finite value is refused with NN_ERR_FORMAT and a message naming what is wrong. Under
 * ASan the refusals also show that nothing stays allocated. */
#include <stdint.h>
#include <stdlib.h>

#include "nn.h"
#include "t.h"

static nn_ctx *ctx;

#define VERSION 3   /* what nn_model_save writes; versions 1 and 2 are read, 1 converted */

/* ---- an independent writer of the documented format ------------------------------------- */

typedef struct {
    uint8_t b[1 << 16];
    size_t n;
} file;

static void put_bytes(file *f, const void *p, size_t n) {
    memcpy(f->b + f->n, p, n);
    f->n += n;
}

static void put_u32(file *f, uint32_t v) {
    uint8_t le[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    put_bytes(f, le, 4);
}

static void put_floats(file *f, const char *tag, const float *v, size_t n) {
    put_bytes(f, tag, 4);
    put_u32(f, (uint32_t)(4 + 4 * n));
    put_u32(f, (uint32_t)n);
    for (size_t i = 0; i < n; i++) {
        uint32_t u;
        memcpy(&u, &v[i], 4);
        put_u32(f, u);
    }
}

/* zlib's crc32, bit by bit: check value crc("123456789") = 0xCBF43926. */
static uint32_t crc32(const uint8_t *p, size_t n) {
    uint32_t c = ~0u;
    while (n--) {
        c ^= *p++;
        for (int k = 0; k < 8; k++) c = c & 1 ? (c >> 1) ^ 0xEDB88320u : c >> 1;
    }
    return ~c;
}

static void put_crc(file *f) {
    uint32_t c = crc32(f->b, f->n);
    put_bytes(f, "CRC ", 4);
    put_u32(f, 4);
    put_u32(f, c);
}

/* A file of `version` with spec text as nn_spec_format writes it now: before version 3 the
 * line of input_shape, a field that came with it, is left out, as nnplay of those versions did. */
static void make_file(file *f, uint32_t version, const char *text, const float *par, size_t np,
                      const float *st, size_t ns) {
    static char spec[4096];
    snprintf(spec, sizeof spec, "%s", text);
    char *line = version < 3 ? strstr(spec, "input_shape=") : NULL;
    if (line) memmove(line, strchr(line, '\n') + 1, strlen(strchr(line, '\n') + 1) + 1);
    f->n = 0;
    put_bytes(f, "NNPL", 4);
    put_u32(f, version);
    put_u32(f, 0x0A0B0C0Du);
    put_bytes(f, "SPEC", 4);
    put_u32(f, (uint32_t)strlen(spec));
    put_bytes(f, spec, strlen(spec));
    put_floats(f, "PARM", par, np);
    put_floats(f, "BNST", st, ns);
    put_crc(f);
}

/* ---- a trained model with batch norm, so params and state are both non-trivial ----------- */

#define NX 64
static float x[2 * NX], y[NX];

static nn_model *trained(const char *layers, const char *acts, int batchnorm) {
    nn_spec s;
    nn_model *m = NULL;
    nn_spec_default(&s);
    nn_spec_set(ctx, &s, "layers", layers);
    nn_spec_set(ctx, &s, "activations", acts);
    s.batchnorm = batchnorm;
    s.optim = NN_OPT_ADAM;
    s.seed = 11;
    t_ok(nn_model_create(ctx, &s, &m) == NN_OK, "create: %s", nn_last_error(ctx));
    nn_toy_generate(ctx, NN_TOY_XOR, NX, 0.1f, 0, 5, x, y);
    for (int e = 0; m && e < 5; e++) nn_model_train_epoch(m, x, y, NX, 8, NULL);
    return m;
}

typedef struct {
    char spec[4096];
    float par[4096], st[256];
    size_t np, ns;
} contents;

static void read_contents(nn_model *m, contents *c) {
    nn_spec_format(nn_model_spec(m), c->spec, sizeof c->spec);
    c->np = nn_params_count(m), c->ns = nn_state_count(m);
    nn_params_read(m, c->par, c->np);
    nn_state_read(m, c->st, c->ns);
}

static nn_model *model;
static contents good;
static file saved;

/* ---- tests ------------------------------------------------------------------------------- */

/* The load fails with NN_ERR_FORMAT and a message containing substr; a model wrongly loaded
 * is freed so the failure shows instead of a leak report. */
#define expect_refused(buf, len, substr)                                              \
    do {                                                                              \
        nn_model *m_ = NULL;                                                          \
        t_expect_err(nn_model_load(ctx, buf, len, &m_), NN_ERR_FORMAT, ctx, substr);  \
        nn_model_free(m_);                                                            \
    } while (0)

static void crc_check_value(void) {
    t_ok(crc32((const uint8_t *)"123456789", 9) == 0xCBF43926u, "the test's own CRC-32");
}

static void bytes_follow_the_documented_format(void) {
    size_t size = nn_model_save_size(model);
    t_ok(size == saved.n, "save size %zu, the documented layout gives %zu", size, saved.n);
    static uint8_t buf[1 << 16];
    t_ok(nn_model_save(model, buf, sizeof buf) == NN_OK, "save: %s", nn_last_error(ctx));
    t_ok(memcmp(buf, saved.b, saved.n) == 0, "saved bytes differ from the documented layout");
    t_ok(memcmp(buf, "NNPL\x03\0\0\0\x0D\x0C\x0B\x0ASPEC", 16) == 0, "header bytes");
}

static void round_trip_predicts_identically(void) {
    nn_model *back = NULL;
    t_ok(nn_model_load(ctx, saved.b, saved.n, &back) == NN_OK, "load: %s", nn_last_error(ctx));
    if (!back) return;
    t_ok(strcmp(nn_last_error(ctx), "") == 0, "success clears the message");
    contents c;
    read_contents(back, &c);
    t_ok(strcmp(c.spec, good.spec) == 0, "spec text differs after the round trip:\n%s", c.spec);
    t_ok(c.np == good.np && memcmp(c.par, good.par, 4 * c.np) == 0, "parameters differ");
    t_ok(c.ns == good.ns && memcmp(c.st, good.st, 4 * c.ns) == 0, "batch-norm state differs");
    float a[NX], b[NX];
    nn_model_predict(model, x, NX, a);
    nn_model_predict(back, x, NX, b);
    t_ok(memcmp(a, b, sizeof a) == 0, "predictions differ after the round trip");
    /* Saving the loaded model gives the same bytes again. */
    static uint8_t again[1 << 16];
    t_ok(nn_model_save(back, again, sizeof again) == NN_OK && memcmp(again, saved.b, saved.n) == 0,
         "re-saved bytes differ");
    nn_model_free(back);
}

static void multiclass_without_batchnorm_round_trips(void) {
    nn_spec s;
    nn_model *m = NULL, *back = NULL;
    nn_spec_default(&s);
    nn_spec_set(ctx, &s, "layers", "6,3");
    nn_spec_set(ctx, &s, "activations", "relu,softmax");
    nn_spec_set(ctx, &s, "loss", "softmax_ce");
    nn_spec_set(ctx, &s, "lr", "0.123456789");
    nn_spec_set(ctx, &s, "seed", "18446744073709551615");
    t_ok(nn_model_create(ctx, &s, &m) == NN_OK, "create: %s", nn_last_error(ctx));
    if (!m) return;
    static uint8_t buf[1 << 16];
    size_t n = nn_model_save_size(m);
    t_ok(nn_model_save(m, buf, n) == NN_OK, "save with cap == size: %s", nn_last_error(ctx));
    t_ok(nn_model_load(ctx, buf, n, &back) == NN_OK, "load: %s", nn_last_error(ctx));
    if (back) {
        char a[4096], b[4096];
        nn_spec_format(nn_model_spec(m), a, sizeof a);
        nn_spec_format(nn_model_spec(back), b, sizeof b);
        t_ok(strcmp(a, b) == 0 && nn_model_spec(back)->lr == s.lr, "spec differs:\n%s\n%s", a, b);
        t_ok(nn_model_spec(back)->seed == UINT64_MAX, "seed 2^64-1 survives");
        t_ok(nn_state_count(back) == 0, "no batch norm, no state");
    }
    nn_model_free(back);
    nn_model_free(m);
}

static void save_refuses_small_buffers(void) {
    static uint8_t buf[1 << 16];
    nn_status st = nn_model_save(model, buf, saved.n - 1);
    t_ok(st == NN_ERR_ARG, "cap one short: status %d", st);
    t_ok(nn_model_save(model, NULL, sizeof buf) == NN_ERR_ARG, "NULL buffer refused");
    t_ok(nn_model_save_size(NULL) == 0, "size of no model is 0");
}

static void every_truncation_refused(void) {
    int wrong = 0;
    for (size_t len = 0; len < saved.n; len++) {
        nn_model *m = (nn_model *)&wrong;   /* must come back NULL */
        nn_status st = nn_model_load(ctx, saved.b, len, &m);
        if (st != NN_ERR_FORMAT || m != NULL || !strstr(nn_last_error(ctx), "model file"))
            if (!wrong++) printf("  first: length %zu: status %d, \"%s\"\n", len, st, nn_last_error(ctx));
        if (st == NN_OK) nn_model_free(m);
    }
    t_ok(wrong == 0, "%d of %zu truncations not refused as NN_ERR_FORMAT", wrong, saved.n);
    expect_refused(saved.b, 30, "model file truncated: section \"SPEC\"");
    expect_refused(saved.b, 5, "truncated: the header");
}

static void every_flipped_byte_refused(void) {
    static file f;
    int wrong = 0;
    for (size_t i = 0; i < saved.n; i++) {
        f = saved;
        f.b[i] ^= 0x10;
        nn_model *m = NULL;
        if (nn_model_load(ctx, f.b, f.n, &m) != NN_ERR_FORMAT || m) wrong++;
        nn_model_free(m);
    }
    t_ok(wrong == 0, "%d of %zu flipped bytes not refused", wrong, saved.n);
    f = saved;
    f.b[saved.n - 20] ^= 1;   /* inside the last state values: only the CRC can tell */
    expect_refused(f.b, f.n, "the file is corrupt");
}

static void wrong_magic_and_version_explained(void) {
    static file f;
    f = saved;
    memcpy(f.b, "GGUF", 4);
    expect_refused(f.b, f.n, "magic is 47 47 55 46, expected \"NNPL\"; HINT");
    make_file(&f, 4, good.spec, good.par, good.np, good.st, good.ns);
    expect_refused(f.b, f.n, "version is 4, expected 1 to 3; HINT");
    expect_refused(f.b, f.n, "written by a newer nnplay");
    make_file(&f, 0, good.spec, good.par, good.np, good.st, good.ns);
    expect_refused(f.b, f.n, "version is 0, expected 1 to 3; HINT: no nnplay writes version 0");
    f = saved;
    f.b[8] = 0x0A, f.b[11] = 0x0D;   /* a big-endian writer */
    expect_refused(f.b, f.n, "byte-order mark is 0x0d0b0c0a");
}

/* Well-formed files (right CRC) whose content disagrees with itself. */
static void inconsistent_content_refused(void) {
    static file f;
    static char spec[4096];
    /* The spec of a bigger model with the parameters of this one. */
    snprintf(spec, sizeof spec, "%s", good.spec);
    char *layers = strstr(spec, "layers=5,4,1");
    t_ok(layers != NULL, "the spec text names the layers: %s", spec);
    if (!layers) return;
    layers[7] = '6';
    make_file(&f, VERSION, spec, good.par, good.np, good.st, good.ns);
    expect_refused(f.b, f.n, "params count is");
    make_file(&f, VERSION, good.spec, good.par, good.np, good.st, good.ns - 1);
    expect_refused(f.b, f.n, "state count is");

    float bad[4096];
    memcpy(bad, good.par, sizeof bad);
    bad[3] = NAN;
    make_file(&f, VERSION, good.spec, bad, good.np, good.st, good.ns);
    expect_refused(f.b, f.n, "params[3] is not finite");
    memcpy(bad, good.st, sizeof good.st);
    bad[good.ns - 1] = -1.0f;   /* the last variance */
    make_file(&f, VERSION, good.spec, good.par, good.np, bad, good.ns);
    expect_refused(f.b, f.n, "is negative");
    bad[good.ns - 1] = INFINITY;
    make_file(&f, VERSION, good.spec, good.par, good.np, bad, good.ns);
    expect_refused(f.b, f.n, "not finite");

    make_file(&f, VERSION, good.spec, good.par, good.np, good.st, good.ns);
    f.n -= 12;   /* drop the CRC section, append rubbish after a fresh one */
    put_crc(&f);
    put_u32(&f, 0);
    expect_refused(f.b, f.n, "4 unexpected bytes after the CRC");
}

static void bad_spec_text_refused(void) {
    static file f;
    static char spec[4096];
    nn_model *m;
    struct { const char *from, *to, *msg; } cases[] = {
        {"lr=", "lr=-", "spec line"},            /* a value nn_spec_set refuses */
        {"lr=", "learning_rate=", "unknown field \"learning_rate\""},
        {"lr=", "l\tr=", "unknown field \"l\\tr\""},
        {"lr=", "lr", "has no '='"},
        {"optimizer=", "lr=1\noptimizer=", "repeated field \"lr\""},
        {"loss=bce", "loss=mse", ""},            /* fine: mse with a sigmoid output is valid */
        {"loss=bce", "loss=softmax_ce", "model file: spec: loss softmax_ce"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *at = strstr(good.spec, cases[i].from);
        t_ok(at != NULL, "no '%s' in the spec", cases[i].from);
        if (!at) continue;
        snprintf(spec, sizeof spec, "%.*s%s%s", (int)(at - good.spec), good.spec, cases[i].to,
                 at + strlen(cases[i].from));
        make_file(&f, VERSION, spec, good.par, good.np, good.st, good.ns);
        m = NULL;
        if (!*cases[i].msg) {
            t_ok(nn_model_load(ctx, f.b, f.n, &m) == NN_OK, "case %zu: %s", i, nn_last_error(ctx));
            nn_model_free(m);
        } else {
            expect_refused(f.b, f.n, cases[i].msg);
        }
    }
    /* Lines ending in CR LF: the value is shown with its CR. */
    size_t k = 0;
    for (const char *c = good.spec; *c && k + 2 < sizeof spec; c++) {
        if (*c == '\n') spec[k++] = '\r';
        spec[k++] = *c;
    }
    spec[k] = '\0';
    make_file(&f, VERSION, spec, good.par, good.np, good.st, good.ns);
    expect_refused(f.b, f.n, "model file: spec line 1: inputs: not a number: '2\\r'");
    /* A field missing; a last line without its newline; a NUL inside. */
    char *seed = strstr(good.spec, "seed=");
    snprintf(spec, sizeof spec, "%.*s", (int)(seed - good.spec), good.spec);
    make_file(&f, VERSION, spec, good.par, good.np, good.st, good.ns);
    expect_refused(f.b, f.n, "spec has no field \"seed\"");
    snprintf(spec, sizeof spec, "%.*s", (int)strlen(good.spec) - 1, good.spec);
    make_file(&f, VERSION, spec, good.par, good.np, good.st, good.ns);
    expect_refused(f.b, f.n, "has no newline");
    make_file(&f, VERSION, good.spec, good.par, good.np, good.st, good.ns);
    f.b[20] = '\0';
    f.n -= 12;
    put_crc(&f);
    expect_refused(f.b, f.n, "NUL byte");
}

/* ---- version 1: a bias ahead of each batch norm ------------------------------------------ */

static const int v1_sizes[] = {5, 4, 1};   /* the model of main: 2 inputs, tanh, relu, sigmoid */

/* The model's output for the row xr as version 1 defined it, in double: per layer W, b, then
 * for the hidden layers gamma, beta, with the running mean and variance from st. */
static double v1_predict(const float *p, const float *st, const float *xr) {
    double a[8] = {xr[0], xr[1]}, z[8];
    int in = 2;
    for (int l = 0; l < 3; l++) {
        int out = v1_sizes[l];
        const float *w = p, *b = p + out * in;
        for (int j = 0; j < out; j++) {
            z[j] = b[j];
            for (int k = 0; k < in; k++) z[j] += (double)w[j * in + k] * a[k];
        }
        p = b + out;
        if (l < 2) {   /* batch norm, then tanh or relu */
            for (int j = 0; j < out; j++) {
                z[j] = p[j] * (z[j] - st[j]) / sqrt(st[out + j] + 1e-5) + p[out + j];
                a[j] = l == 0 ? tanh(z[j]) : fmax(z[j], 0);
            }
            p += 2 * out, st += 2 * out;
        } else {
            a[0] = 1 / (1 + exp(-z[0]));
        }
        in = out;
    }
    return a[0];
}

/* A version 1 file of main's batch-norm model, with biases ahead of its batch norms, loads
 * into a model without them that predicts what version 1 meant: the biases are dropped and
 * subtracted from the running means, and nothing else changes. */
static void version1_converts_keeping_outputs(void) {
    static file f;
    static float par[4096], bias[16];
    size_t at = 0, from = 0, nb = 0;
    int in = 2;
    for (int l = 0; l < 3; l++) {   /* version 2's block with the biases put back */
        int out = v1_sizes[l], hidden = l < 2;
        memcpy(par + at, good.par + from, sizeof(float) * (size_t)(out * in));
        at += (size_t)(out * in), from += (size_t)(out * in);
        for (int j = 0; j < out; j++)
            par[at + j] = hidden ? bias[nb++] = 0.5f * sinf(1.7f * (float)(j + 5 * l) + 1) : good.par[from + j];
        at += (size_t)out;
        memcpy(par + at, good.par + from, sizeof(float) * (size_t)(hidden ? 2 * out : out));
        at += hidden ? 2 * (size_t)out : 0, from += hidden ? 2 * (size_t)out : (size_t)out;
        in = out;
    }
    t_ok(from == good.np && at == good.np + 9, "version 1 has the 5 + 4 biases more: %zu, %zu", from, at);
    make_file(&f, 1, good.spec, par, at, good.st, good.ns);
    nn_model *m = NULL;
    t_ok(nn_model_load(ctx, f.b, f.n, &m) == NN_OK, "load version 1: %s", nn_last_error(ctx));
    if (!m) return;
    float got[NX], without[NX];
    nn_model_predict(m, x, NX, got);
    nn_model_predict(model, x, NX, without);
    double worst = 0, moved = 0;
    for (int i = 0; i < NX; i++) {
        worst = fmax(worst, fabs(got[i] - v1_predict(par, good.st, x + 2 * i)));
        moved = fmax(moved, fabs((double)got[i] - without[i]));
    }
    /* float32 passes against double: measured 1.2e-7 */
    t_ok(worst <= 1e-6, "predictions differ from version 1's by %g", worst);
    t_ok(moved > 1e-2, "the biases matter (dropping them alone would move the outputs by %g)", moved);
    contents c;
    read_contents(m, &c);
    t_ok(c.np == good.np && memcmp(c.par, good.par, 4 * c.np) == 0, "W, gamma, beta and the output bias kept");
    int wrong = 0;
    for (int l = 0, k = 0, s = 0; l < 2; s += 2 * v1_sizes[l], l++)
        for (int j = 0; j < v1_sizes[l]; j++, k++) {
            wrong += c.st[s + j] != good.st[s + j] - bias[k];
            wrong += c.st[s + v1_sizes[l] + j] != good.st[s + v1_sizes[l] + j];
        }
    t_ok(wrong == 0, "%d running statistics are not version 1's less the bias", wrong);
    /* Saving writes version 2, which loads back to the same outputs. */
    static uint8_t buf[1 << 16];
    nn_model *back = NULL;
    t_ok(nn_model_save(m, buf, sizeof buf) == NN_OK && buf[4] == VERSION, "saved as version %d", buf[4]);
    t_ok(nn_model_load(ctx, buf, nn_model_save_size(m), &back) == NN_OK, "reload: %s", nn_last_error(ctx));
    if (back) {
        float again[NX];
        nn_model_predict(back, x, NX, again);
        t_ok(memcmp(again, got, sizeof got) == 0, "version 2 of the converted model predicts the same");
    }
    nn_model_free(back);
    nn_model_free(m);
    /* Without batch norm the two versions are the same bytes but the number. */
    nn_model *plain = trained("6,1", "tanh,sigmoid", 0);
    contents p;
    read_contents(plain, &p);
    make_file(&f, 1, p.spec, p.par, p.np, p.st, p.ns);
    t_ok(nn_model_load(ctx, f.b, f.n, &m) == NN_OK, "load version 1 without batch norm: %s", nn_last_error(ctx));
    if (m) {
        nn_model_predict(m, x, NX, got);
        nn_model_predict(plain, x, NX, without);
        t_ok(memcmp(got, without, sizeof got) == 0, "version 1 without batch norm predicts the same");
    }
    nn_model_free(m);
    nn_model_free(plain);
    /* A version 1 file of the batch-norm model without the biases is refused by its count. */
    make_file(&f, 1, good.spec, good.par, good.np, good.st, good.ns);
    expect_refused(f.b, f.n, "params count is 53, the model its spec builds has 62");
}

static void bad_arguments_refused(void) {
    nn_model *m = (nn_model *)&m;
    t_expect_err(nn_model_load(ctx, NULL, 10, &m), NN_ERR_ARG, ctx, "buf is NULL");
    t_ok(m == NULL, "*out is NULL after a failed load");
    t_expect_err(nn_model_load(ctx, saved.b, saved.n, NULL), NN_ERR_ARG, ctx, "out is NULL");
}


/* ---- version 3: input_shape and image layers -------------------------------------------- */

/* A CNN's file loads back to the same layers and predictions. A version 2 file (no input_shape
 * line) loads as a flat input; one that carries input_shape, which came with version 3, is
 * refused, and so is a version 3 file with a field this nnplay does not know, as an older
 * nnplay refuses a newer file's new field: by its name. */
static void version3_fields(void) {
    nn_spec s;
    nn_model *cnn = NULL, *back = NULL, *m = NULL;
    nn_spec_default(&s);
    int ok = nn_spec_set(ctx, &s, "inputs", "36") == NN_OK && nn_spec_set(ctx, &s, "input_shape", "1x6x6") == NN_OK &&
             nn_spec_set(ctx, &s, "layers", "conv3k3p1,pool2,avgpool3,2") == NN_OK &&
             nn_spec_set(ctx, &s, "activations", "relu,softmax") == NN_OK &&
             nn_spec_set(ctx, &s, "loss", "softmax_ce") == NN_OK && nn_spec_set(ctx, &s, "batchnorm", "1") == NN_OK &&
             nn_model_create(ctx, &s, &cnn) == NN_OK;
    t_ok(ok, "cnn: %s", nn_last_error(ctx));
    if (!cnn) return;
    static float img[4 * 36], lab[4] = {0, 1, 1, 0}, a[8], b[8];
    for (int i = 0; i < 4 * 36; i++) img[i] = sinf(0.37f * (float)i);
    for (int e = 0; e < 3; e++) nn_model_train_epoch(cnn, img, lab, 4, 2, NULL);
    static uint8_t buf[1 << 14];
    size_t n = nn_model_save_size(cnn);
    t_ok(nn_model_save(cnn, buf, sizeof buf) == NN_OK && nn_model_load(ctx, buf, n, &back) == NN_OK,
         "cnn round trip: %s", nn_last_error(ctx));
    if (back) {
        nn_model_predict(cnn, img, 4, a);
        nn_model_predict(back, img, 4, b);
        t_ok(memcmp(a, b, sizeof a) == 0, "the loaded CNN predicts the same");
        t_ok(nn_model_spec(back)->kinds[1] == NN_LAYER_MAXPOOL && nn_model_spec(back)->input_shape[2] == 6,
             "the loaded CNN has its layers and input shape");
    }
    contents c;
    read_contents(cnn, &c);
    static file f;
    make_file(&f, 2, c.spec, c.par, c.np, c.st, c.ns);   /* conv layers without input_shape */
    expect_refused(f.b, f.n, "model file: spec: layers[0]: conv3k3p1 needs an image input");
    make_file(&f, 2, good.spec, good.par, good.np, good.st, good.ns);
    t_ok(nn_model_load(ctx, f.b, f.n, &m) == NN_OK && nn_model_spec(m)->input_shape[0] == 0,
         "version 2 loads with a flat input: %s", nn_last_error(ctx));
    nn_model_free(m);
    /* make_file drops the first input_shape line before version 3: a second one stays. */
    static char spec[sizeof good.spec + 32];
    snprintf(spec, sizeof spec, "input_shape=\n%s", good.spec);
    make_file(&f, 2, spec, good.par, good.np, good.st, good.ns);
    expect_refused(f.b, f.n, "spec line 2: field \"input_shape\" came with version 3, the file is version 2");
    snprintf(spec, sizeof spec, "%sdilation=1\n", good.spec);
    make_file(&f, 3, spec, good.par, good.np, good.st, good.ns);
    expect_refused(f.b, f.n, "unknown field \"dilation\"");
    nn_model_free(back);
    nn_model_free(cnn);
}

int main(void) {
    ctx = nn_ctx_create();
    model = trained("5,4,1", "tanh,relu,sigmoid", 1);
    if (!model) return t_results();
    read_contents(model, &good);
    make_file(&saved, VERSION, good.spec, good.par, good.np, good.st, good.ns);
    t_run(crc_check_value);
    t_run(bytes_follow_the_documented_format);
    t_run(round_trip_predicts_identically);
    t_run(multiclass_without_batchnorm_round_trips);
    t_run(save_refuses_small_buffers);
    t_run(every_truncation_refused);
    t_run(every_flipped_byte_refused);
    t_run(wrong_magic_and_version_explained);
    t_run(inconsistent_content_refused);
    t_run(bad_spec_text_refused);
    t_run(version1_converts_keeping_outputs);
    t_run(version3_fields);
    t_run(bad_arguments_refused);
    nn_model_free(model);
    nn_ctx_free(ctx);
    return t_results();
}
