/* io.c — save and load a model: a versioned little-endian binary format, built on the public
 * API (the spec as text, parameters and state through their accessors) and needing no model
 * internals but the context its errors go to (model_ctx). Every multi-byte value is written and read byte by byte, so the file is
 * the same on every host. docs/model-format.md has the same layout with an example.
 *
 *   offset  size  field
 *   0       4     magic "NNPL"
 *   4       4     u32 version = 3 (1 and 2 are read too, below)
 *   8       4     u32 byte-order mark 0x0A0B0C0D (bytes 0D 0C 0B 0A: little-endian)
 *   then four sections, in this order, each a 4-byte ASCII tag, a u32 payload size, the payload:
 *   "SPEC"  the spec as nn_spec_format writes it: "key=value\n" for every field, no NUL
 *   "PARM"  u32 count, then count f32: the parameter block (layout in nn.h)
 *   "BNST"  u32 count, then count f32: batch norm's running mean and variance (count may be 0)
 *   "CRC "  u32 CRC-32 (IEEE 802.3, reflected, as zlib's crc32) of every byte before this tag
 *   and nothing after it.
 *
 * Loading checks, in this order, and refuses with NN_ERR_FORMAT and a message naming the field:
 * magic, version (1 to 3, else a HINT), byte-order mark, each section's tag and that its size
 * fits in the bytes left, the CRC, trailing bytes, the spec text (every field of the file's
 * version exactly once, none of a later one, each value
 * accepted by nn_spec_set, the whole by nn_spec_validate), counts against the model the spec
 * builds, sizes against counts, and that every float is finite (variances >= 0). On failure
 * nothing stays allocated and *out is NULL. Out of memory is NN_ERR_NOMEM.
 *
 * Version 1 gave a dense layer followed by batch norm a bias (W, b, gamma, beta), which batch
 * norm subtracts again with the batch mean. Loading one drops the bias and subtracts it from
 * the layer's running mean: gamma*(z + b - mean)/sd + beta = gamma*(z - (mean - b))/sd + beta,
 * so every output stays the same (up to float round-off).
 *
 * Version 3 added the spec field input_shape and the conv and pooling layers of "layers"; a file
 * of version 1 or 2 has neither, and loads with input_shape empty (a flat input). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MAGIC "NNPL"
#define VERSION 3u
#define OLDEST_VERSION 1u   /* 1: biases ahead of batch norm */
#define BYTE_ORDER_MARK 0x0A0B0C0Du
#define HEADER_BYTES 12u
#define SECTION_HEAD 8u   /* tag + size */

uint32_t crc32_ieee(const uint8_t *p, size_t n) {
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return c ^ 0xFFFFFFFFu;
}

/* ---- writing ------------------------------------------------------------------------------ */

static void put_u32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16), p[3] = (uint8_t)(v >> 24);
}

static uint32_t f32_bits(float f) {
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

/* Writes the section head and returns where its payload starts. */
static uint8_t *put_section(uint8_t *p, const char tag[4], size_t size) {
    memcpy(p, tag, 4);
    put_u32(p + 4, (uint32_t)size);
    return p + SECTION_HEAD;
}

static size_t floats_section(size_t count) {
    return SECTION_HEAD + 4 + 4 * count;
}

size_t nn_model_save_size(const nn_model *m) {
    if (!m) return 0;
    return HEADER_BYTES + SECTION_HEAD + nn_spec_format(nn_model_spec(m), NULL, 0) +
           floats_section(nn_params_count(m)) + floats_section(nn_state_count(m)) +
           SECTION_HEAD + 4;
}

/* A u32 count and the floats, from `read` (nn_params_read or nn_state_read) via scratch. */
static nn_status put_floats(nn_model *m, uint8_t **p, const char tag[4], size_t count,
                            nn_status (*read)(nn_model *, float *, size_t), float *scratch) {
    nn_status st = read(m, scratch, count);
    if (st != NN_OK) return st;
    uint8_t *q = put_section(*p, tag, 4 + 4 * count);
    put_u32(q, (uint32_t)count);
    for (size_t i = 0; i < count; i++) put_u32(q + 4 + 4 * i, f32_bits(scratch[i]));
    *p = q + 4 + 4 * count;
    return NN_OK;
}

nn_status nn_model_save(nn_model *m, void *buf, size_t cap) {
    nn_ctx *ctx = m ? model_ctx(m) : NULL;
    if (!m || !buf) return ctx_fail(ctx, NN_ERR_ARG, "nn_model_save: %s is NULL", !m ? "model" : "buf");
    size_t need = nn_model_save_size(m);
    if (cap < need)
        return ctx_fail(ctx, NN_ERR_ARG, "nn_model_save: cap is %zu bytes, the model needs %zu "
                        "(see nn_model_save_size)", cap, need);
    size_t np = nn_params_count(m), ns = nn_state_count(m);
    float *scratch = malloc(sizeof(float) * (np > ns ? np : ns) + 1);
    if (!scratch) return ctx_fail(ctx, NN_ERR_NOMEM, "nn_model_save: out of memory");

    uint8_t *start = buf, *p = start;
    memcpy(p, MAGIC, 4);
    put_u32(p + 4, VERSION);
    put_u32(p + 8, BYTE_ORDER_MARK);
    p += HEADER_BYTES;
    size_t spec_len = nn_spec_format(nn_model_spec(m), NULL, 0);
    p = put_section(p, "SPEC", spec_len);
    /* The terminating NUL lands on the next section's tag, which overwrites it. */
    nn_spec_format(nn_model_spec(m), (char *)p, spec_len + 1);
    p += spec_len;
    nn_status st = put_floats(m, &p, "PARM", np, nn_params_read, scratch);
    if (st == NN_OK) st = put_floats(m, &p, "BNST", ns, nn_state_read, scratch);
    free(scratch);
    if (st != NN_OK) return st;
    uint32_t crc = crc32_ieee(start, (size_t)(p - start));
    put_u32(put_section(p, "CRC ", 4), crc);
    ctx_clear(ctx);
    return NN_OK;
}

/* ---- reading ------------------------------------------------------------------------------ */

typedef struct {
    nn_ctx *ctx;
    const uint8_t *p;
    size_t len, at;
    uint32_t version;
} reader;

static nn_status need(reader *r, size_t n, const char *field) {
    if (r->len - r->at >= n) return NN_OK;
    return ctx_fail(r->ctx, NN_ERR_FORMAT,
                    "model file truncated: %s needs %zu bytes at offset %zu, only %zu left",
                    field, n, r->at, r->len - r->at);
}

/* Reads the head of the section `tag` and checks its payload fits; *payload, *size describe it. */
static nn_status get_section(reader *r, const char tag[4], const uint8_t **payload, size_t *size) {
    char field[32];
    snprintf(field, sizeof field, "section \"%.4s\" head", tag);
    nn_status st = need(r, SECTION_HEAD, field);
    if (st != NN_OK) return st;
    const uint8_t *h = r->p + r->at;
    if (memcmp(h, tag, 4) != 0)
        return ctx_fail(r->ctx, NN_ERR_FORMAT,
                        "model file: expected section \"%.4s\" at offset %zu, found bytes "
                        "%02x %02x %02x %02x", tag, r->at, h[0], h[1], h[2], h[3]);
    *size = le32(h + 4);
    r->at += SECTION_HEAD;
    snprintf(field, sizeof field, "section \"%.4s\"", tag);
    if ((st = need(r, *size, field)) != NN_OK) return st;
    *payload = r->p + r->at;
    r->at += *size;
    return NN_OK;
}

static nn_status check_header(reader *r) {
    nn_status st = need(r, HEADER_BYTES, "the header");
    if (st != NN_OK) return st;
    const uint8_t *h = r->p;
    if (memcmp(h, MAGIC, 4) != 0)
        return ctx_fail(r->ctx, NN_ERR_FORMAT,
                        "model file: magic is %02x %02x %02x %02x, expected \"NNPL\"; HINT: this "
                        "is not an nnplay model file (nn_model_save writes one)",
                        h[0], h[1], h[2], h[3]);
    uint32_t version = le32(h + 4);
    if (version > VERSION)
        return ctx_fail(r->ctx, NN_ERR_FORMAT,
                        "model file: version is %u, expected %u to %u; HINT: the file was written "
                        "by a newer nnplay; load it there, or re-train and save with this one",
                        version, OLDEST_VERSION, VERSION);
    if (version < OLDEST_VERSION)
        return ctx_fail(r->ctx, NN_ERR_FORMAT,
                        "model file: version is %u, expected %u to %u; HINT: no nnplay writes "
                        "version %u; the file is corrupt", version, OLDEST_VERSION, VERSION, version);
    r->version = version;
    uint32_t bom = le32(h + 8);
    if (bom != BYTE_ORDER_MARK)
        return ctx_fail(r->ctx, NN_ERR_FORMAT,
                        "model file: byte-order mark is 0x%08x, expected 0x%08x (little-endian)",
                        bom, BYTE_ORDER_MARK);
    r->at = HEADER_BYTES;
    return NN_OK;
}

/* A value the API refused is, in a file, a corrupt file: same message, NN_ERR_FORMAT. */
static nn_status refuse_as_format(nn_ctx *ctx, const char *where) {
    char why[256];
    snprintf(why, sizeof why, "%s", nn_last_error(ctx));
    return ctx_fail(ctx, NN_ERR_FORMAT, "model file: %s: %s", where, why);
}

/* Applies "key=value\n" lines to a default spec: every field of the table exactly once. */
/* The spec fields added after version 1, with the version that added them. */
static const struct { const char *field; uint32_t since; } added[] = {{"input_shape", 3}};

/* The version that added field f (1 for the first fields). */
static uint32_t field_since(int f) {
    for (size_t i = 0; i < sizeof added / sizeof *added; i++)
        if (strcmp(added[i].field, nn_spec_field_name(f)) == 0) return added[i].since;
    return 1;
}

static nn_status parse_spec(nn_ctx *ctx, uint32_t version, const uint8_t *text, size_t size, nn_spec *s) {
    if (memchr(text, '\0', size))
        return ctx_fail(ctx, NN_ERR_FORMAT, "model file: spec text contains a NUL byte");
    int fields = nn_spec_field_count(), line = 0;
    char *copy = calloc(size + 1 + (size_t)fields, 1), *seen = copy + size + 1;   /* text, NUL, a flag per field */
    if (!copy) return ctx_fail(ctx, NN_ERR_NOMEM, "nn_model_load: out of memory");
    memcpy(copy, text, size);
    nn_spec_default(s);
    nn_status st = NN_OK;
    for (char *l = copy, *next; st == NN_OK && *l; l = next) {
        line++;
        char *nl = strchr(l, '\n');
        if (!nl) {
            st = ctx_fail(ctx, NN_ERR_FORMAT, "model file: spec line %d has no newline", line);
            break;
        }
        *nl = '\0', next = nl + 1;
        char *eq = strchr(l, '=');
        char q[48];
        if (!eq) {
            st = ctx_fail(ctx, NN_ERR_FORMAT, "model file: spec line %d \"%s\" has no '='",
                          line, nn_quote(q, sizeof q, l));
            break;
        }
        *eq = '\0';
        int f = nn_spec_field_index(l);
        if (f < 0 || seen[f]++)
            st = ctx_fail(ctx, NN_ERR_FORMAT, "model file: spec line %d: %s field \"%s\"",
                          line, f < 0 ? "unknown" : "repeated", nn_quote(q, sizeof q, l));
        else if (field_since(f) > version)
            st = ctx_fail(ctx, NN_ERR_FORMAT, "model file: spec line %d: field \"%s\" came with "
                          "version %u, the file is version %u", line, l, field_since(f), version);
        else if (nn_spec_set(ctx, s, l, eq + 1) != NN_OK) {
            char where[32];
            snprintf(where, sizeof where, "spec line %d", line);
            st = refuse_as_format(ctx, where);
        }
    }
    for (int f = 0; st == NN_OK && f < fields; f++)
        if (!seen[f] && field_since(f) <= version)
            st = ctx_fail(ctx, NN_ERR_FORMAT, "model file: spec has no field \"%s\"",
                          nn_spec_field_name(f));
    free(copy);
    if (st == NN_OK && nn_spec_validate(ctx, s) != NN_OK) st = refuse_as_format(ctx, "spec");
    return st;
}

/* Checks a float section's count and size against `want`, then decodes it into dst (if not NULL). */
static nn_status get_floats(nn_ctx *ctx, const char *what, const uint8_t *payload, size_t size,
                            size_t want, float *dst) {
    if (size < 4)
        return ctx_fail(ctx, NN_ERR_FORMAT, "model file: %s section is %zu bytes, too short "
                        "for its count", what, size);
    uint32_t count = le32(payload);
    if (count != want)
        return ctx_fail(ctx, NN_ERR_FORMAT, "model file: %s count is %u, the model its spec "
                        "builds has %zu", what, count, want);
    if (size != 4 + 4 * (size_t)count)
        return ctx_fail(ctx, NN_ERR_FORMAT, "model file: %s section is %zu bytes, expected %zu "
                        "for %u values", what, size, 4 + 4 * (size_t)count, count);
    for (size_t i = 0; dst && i < want; i++) {
        dst[i] = lef32(payload + 4 + 4 * i);
        if (!isfinite(dst[i]))
            return ctx_fail(ctx, NN_ERR_FORMAT, "model file: %s[%zu] is not finite (%g)",
                            what, i, dst[i]);
    }
    return NN_OK;
}

/* Version 1's parameter count: one bias more per unit of every layer with batch norm. */
static size_t version1_params(const nn_spec *s, size_t params) {
    for (int l = 0; s->batchnorm && l + 1 < s->n_layers; l++) params += (size_t)s->sizes[l];
    return params;
}

/* Version 1's parameter block p (W, b, gamma, beta for a layer with batch norm) compacted in
 * place into m's layout, each dropped bias first subtracted from its layer's running mean in
 * state. Every block moves down or stays, so copying in layer order overwrites only what has
 * been read. */
static void from_version1(nn_model *m, float *p, float *state) {
    size_t at = 0, mean = 0;   /* offsets in version 1's block and in the state */
    for (int l = 0; l < nn_model_spec(m)->n_layers; l++) {
        nn_layer_info li;
        nn_layer_info_get(m, l, &li);
        size_t nw = (size_t)li.out * li.in, n = (size_t)li.out;
        memmove(p + li.w, p + at, nw * sizeof *p);
        at += nw;
        if (li.b != SIZE_MAX) {
            memmove(p + li.b, p + at, n * sizeof *p);
            at += n;
            continue;
        }
        for (size_t j = 0; j < n; j++) state[mean + j] -= p[at + j];
        mean += 2 * n;   /* past the layer's running mean and variance */
        memmove(p + li.gamma, p + at + n, n * sizeof *p);
        memmove(p + li.beta, p + at + 2 * n, n * sizeof *p);
        at += 3 * n;
    }
}

/* Builds the model from the checked sections of a file of `version`; on failure frees it. */
static nn_status build(nn_ctx *ctx, uint32_t version, const uint8_t *spec_text, size_t spec_size,
                       const uint8_t *par, size_t par_size, const uint8_t *bn, size_t bn_size,
                       nn_model **out) {
    nn_spec s;
    nn_status st = parse_spec(ctx, version, spec_text, spec_size, &s);
    if (st != NN_OK) return st;
    /* Sections must match the spec before the model is built: a few crafted bytes must not
     * make us allocate a huge model only to refuse it. */
    size_t np, ns;
    if ((st = nn_spec_counts(ctx, &s, &np, &ns)) != NN_OK) return st;
    size_t nfile = version == 1 ? version1_params(&s, np) : np;
    if ((st = get_floats(ctx, "params", par, par_size, nfile, NULL)) != NN_OK) return st;
    if ((st = get_floats(ctx, "state", bn, bn_size, ns, NULL)) != NN_OK) return st;
    nn_model *m;
    if ((st = nn_model_create(ctx, &s, &m)) != NN_OK) return st;
    float *params = malloc(sizeof(float) * (nfile + ns) + 1), *state = NULL;
    if (!params) st = ctx_fail(ctx, NN_ERR_NOMEM, "nn_model_load: out of memory");
    else state = params + nfile;
    if (st == NN_OK) st = get_floats(ctx, "params", par, par_size, nfile, params);
    if (st == NN_OK) st = get_floats(ctx, "state", bn, bn_size, ns, state);
    if (st == NN_OK && nfile != np) from_version1(m, params, state);
    if (st == NN_OK) st = nn_params_write(m, params, np);
    if (st == NN_OK && nn_state_write(m, state, ns) != NN_OK) st = refuse_as_format(ctx, "state");
    free(params);
    if (st != NN_OK) {
        nn_model_free(m);
        return st;
    }
    *out = m;
    return NN_OK;
}

nn_status nn_model_load(nn_ctx *ctx, const void *buf, size_t len, nn_model **out) {
    if (!out) return ctx_fail(ctx, NN_ERR_ARG, "nn_model_load: out is NULL");
    *out = NULL;
    if (!buf) return ctx_fail(ctx, NN_ERR_ARG, "nn_model_load: buf is NULL");
    reader r = {ctx, buf, len, 0, 0};
    const uint8_t *spec, *par, *bn, *crc;
    size_t spec_size, par_size, bn_size, crc_size;
    nn_status st = check_header(&r);
    if (st == NN_OK) st = get_section(&r, "SPEC", &spec, &spec_size);
    if (st == NN_OK) st = get_section(&r, "PARM", &par, &par_size);
    if (st == NN_OK) st = get_section(&r, "BNST", &bn, &bn_size);
    size_t crc_from = r.at;
    if (st == NN_OK) st = get_section(&r, "CRC ", &crc, &crc_size);
    if (st != NN_OK) return st;
    if (crc_size != 4)
        return ctx_fail(ctx, NN_ERR_FORMAT, "model file: CRC section is %zu bytes, expected 4",
                        crc_size);
    uint32_t want = le32(crc), got = crc32_ieee(r.p, crc_from);
    if (want != got)
        return ctx_fail(ctx, NN_ERR_FORMAT, "model file: CRC is 0x%08x, the content's is 0x%08x; "
                        "the file is corrupt", want, got);
    if (r.at != len)
        return ctx_fail(ctx, NN_ERR_FORMAT, "model file: %zu unexpected bytes after the CRC",
                        len - r.at);
    if ((st = build(ctx, r.version, spec, spec_size, par, par_size, bn, bn_size, out)) != NN_OK)
        return st;
    ctx_clear(ctx);
    return NN_OK;
}
