/* model.c — the network, a chain of dense, convolution and pooling layers: layout, init,
 * forward, backward, the training step and epoch, inference, parameter access and early
 * stopping. Epochs, evaluation and prediction run
 * on a source of rows, the caller's float arrays or a data set's, through one implementation
 * (gathered and decoded into the batch buffers). Parameters, gradients, optimizer
 * moments and the best copy are blocks of one allocation with one layout (nn.h), so the
 * optimizer is one loop and save/load one copy. Per-batch buffers live in a scratch block that
 * grows to the largest batch seen and is never freed on the training path. Inference multiplies
 * by each dense layer's weights packed once (mat_pack_b), remade after any write of the
 * parameters (see params_written). */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "layers.h"
#include "matmul.h"

#define INFER_CHUNK 1024  /* rows per inference pass at most: bounds scratch for big predictions */
#define INFER_FLOATS (1 << 22)    /* and scratch floats per pass (16 MiB), for wide image layers */
/* Inference passes of fewer rows multiply by the weights where they lie: mat_mul_abt takes dot
 * products along k there, faster than the packed panels' 1- to 3-row tiles (sweep, GFLOP/s:
 * 1×128×784 23.8 against 20.1, 2×61×384 30.9 against 14.2, 3×17×1024 27.2 against 9.4;
 * the digit pad's one row through 784-128-64-10 even to 7 % slower packed, interleaved). So a
 * call of fewer rows does not pack, and the digit pad predicting while a model trains does not
 * repack 100 k weights per stroke. */
#define PACKED_ROWS 4

_Static_assert(sizeof(int) == sizeof(float), "max pooling's indices share the float scratch");

struct layer {
    nn_layer_kind kind;
    int in, out;                    /* values per sample read and written */
    int ch;                         /* what batch norm normalizes: units, or conv channels */
    conv_shape cs;                  /* conv and pooling: the window over the input image */
    size_t nw;                      /* weights: out·in dense, out_c·in_c·k·k conv, 0 pooling */
    int fan_in, fan_out;            /* for the initializers: inputs and outputs a weight touches */
    nn_act act;
    int bn, drop;                   /* batch norm, dropout after the activation */
    size_t w, b, gamma, beta;       /* offsets in the parameter block */
    size_t wp;                      /* dense: offset of its packed wᵀ in the model's `packed` */
    size_t mean, var;               /* offsets in the state block (running statistics) */
    /* scratch, (cap, out) unless noted */
    float *z;                       /* dense or conv output; pooling: the same as a */
    float *xhat, *h;                /* batch norm: normalized z, and its output */
    float *bmean, *bvar;            /* batch norm: the batch's statistics, (ch) */
    float *a;                       /* activation output (pooling: its output) */
    float *delta;                   /* dense and conv: d loss / d z of the last backward pass */
    float *mask, *d;                /* dropout mask and the dropped output */
    int *arg;                       /* max pooling: where each maximum came from */
    float *col;                     /* conv: the batch's im2col, (C·K·K, cap·OH·OW) */
};

/* The rows a call trains, scores or predicts on, so one implementation serves both kinds:
 * the caller's float arrays, or rows [first, first+n) of a data set's split, target column
 * `target`, decoded as they are gathered. */
struct source {
    const float *x, *y;             /* arrays: x (n, inputs), y (n, target width) or NULL */
    const nn_dataset *ds;           /* or, when not NULL, the data set's rows */
    nn_split split;
    int first, target;
    int n;
};

struct nn_model {
    nn_ctx *ctx;
    nn_spec spec;
    nn_rng rng;
    int L;
    struct layer ly[NN_MAX_LAYERS];
    size_t P, S;                    /* parameter and state counts */
    float *block;                   /* the one allocation below */
    float *params, *grads, *m1, *m2, *state, *best; /* best holds P params then S state */
    /* Inference's copy of every dense layer's wᵀ, packed for mat_mul_ab_packed (its own
     * allocation, made at the first inference call), made from the parameters as they were at
     * version packed_version. version counts the writes of the parameters (params_written), so
     * pack_weights() sees a packing older than them, and it runs before any inference. */
    float *packed;
    unsigned long version, packed_version;
    float gnorm[NN_MAX_LAYERS];     /* per layer, the last step's weight gradient: L2 norm */
    float gstd[NN_MAX_LAYERS];      /* and its entries' population standard deviation */
    int broken;                     /* layer whose weight gradient backward negates; -1: none */
    int trace_rows;                 /* rows of the training pass the scratch holds; 0: none */
    long t;                         /* optimizer steps taken: the schedule's clock */
    long opt_t;                     /* steps of the optimizer's state (Adam's bias correction) */
    int best_epoch, epochs_seen, since_best;
    float best_loss;
    float *scratch;                 /* per-batch buffers for `cap` rows */
    int cap;
    float *gA, *gB;                 /* backward ping-pong buffers, (cap, widest) */
    float *xc;                      /* a feature-major training pass's input, (cap, inputs) */
    int trace_cols;                 /* its hidden layers' scratch is feature-major (forward_cols) */
    int chunk;                      /* rows per inference pass */
    float *xb, *yb;                 /* a gathered mini-batch */
    int *perm;                      /* shuffled sample order, perm_cap long */
    int perm_cap;
    int cursor, epoch_batch;        /* the epoch under way: next row of perm, its batch size */
    struct source epoch;            /* and its rows */
};

static int target_width(const nn_model *m) {
    return m->spec.loss == NN_LOSS_SOFTMAX_CE ? 1 : m->ly[m->L - 1].out;
}

/* Shapes and offsets of every layer's parameters and state, from a valid spec. */
static void layout(const nn_spec *s, struct layer *layers, size_t *params, size_t *state) {
    sample_shape in[NN_MAX_LAYERS], out[NN_MAX_LAYERS];
    spec_shapes(NULL, s, in, out);
    size_t p = 0, st = 0;
    for (int l = 0, act = 0; l < s->n_layers; l++) {
        struct layer *ly = &layers[l];
        nn_layer_kind kind = s->kinds[l];
        int hidden = l < s->n_layers - 1, weighted = kind == NN_LAYER_DENSE || kind == NN_LAYER_CONV;
        ly->kind = kind;
        ly->in = in[l].c * in[l].h * in[l].w;
        ly->out = out[l].c * out[l].h * out[l].w;
        ly->cs = (conv_shape){in[l].c, in[l].h, in[l].w, out[l].c, out[l].h, out[l].w, s->kernel[l],
                              s->stride[l], s->pad[l]};
        ly->ch = out[l].c;
        int window = kind == NN_LAYER_CONV ? s->kernel[l] * s->kernel[l] : 1;
        ly->fan_in = kind == NN_LAYER_CONV ? in[l].c * window : ly->in;
        ly->fan_out = kind == NN_LAYER_CONV ? out[l].c * window : ly->out;
        ly->nw = weighted ? (size_t)ly->ch * ly->fan_in : 0;
        ly->act = weighted ? s->acts[act++] : NN_ACT_LINEAR;
        ly->bn = hidden && weighted && s->batchnorm;
        ly->drop = hidden && weighted && s->dropout > 0.f;
        ly->w = ly->b = ly->gamma = ly->beta = ly->mean = ly->var = SIZE_MAX;
        if (!weighted) continue;
        ly->w = p, p += ly->nw;
        /* Batch norm subtracts the batch mean, so a bias ahead of it gets no gradient, only
         * round-off, which Adam scales up into full steps: such a layer has no bias, as
         * PyTorch's Linear(bias=False) before BatchNorm1d and Conv2d(bias=False) before
         * BatchNorm2d. */
        if (!ly->bn) ly->b = p, p += ly->ch;
        if (ly->bn) {
            ly->gamma = p, p += ly->ch;
            ly->beta = p, p += ly->ch;
            ly->mean = st, st += ly->ch;
            ly->var = st, st += ly->ch;
        }
    }
    *params = p, *state = st;
}

nn_status nn_spec_counts(nn_ctx *ctx, const nn_spec *spec, size_t *params, size_t *state) {
    nn_status st = nn_spec_validate(ctx, spec);
    if (st != NN_OK) return st;
    if (!params || !state) return ctx_fail(ctx, NN_ERR_ARG, "nn_spec_counts: NULL argument");
    struct layer layers[NN_MAX_LAYERS];
    layout(spec, layers, params, state);
    return NN_OK;
}

/* Called after every write of the parameters, wherever it happens: inference then packs the
 * weights anew before it reads them (pack_weights). */
static void params_written(nn_model *m) { m->version++; }

static float init_value(nn_rng *r, nn_init init, float scale, int in, int out) {
    switch (init) {
    case NN_INIT_ZEROS: return 0.f;
    case NN_INIT_UNIFORM: return scale * (2.f * nn_rng_uniform(r) - 1.f);
    case NN_INIT_NORMAL: return scale * nn_rng_normal(r);
    case NN_INIT_XAVIER_UNIFORM: return sqrtf(6.f / (float)(in + out)) * (2.f * nn_rng_uniform(r) - 1.f);
    case NN_INIT_XAVIER_NORMAL: return sqrtf(2.f / (float)(in + out)) * nn_rng_normal(r);
    case NN_INIT_HE: default: return sqrtf(2.f / (float)in) * nn_rng_normal(r);
    }
}

static void init_params(nn_model *m) {
    memset(m->params, 0, m->P * sizeof(float));
    for (int l = 0; l < m->L; l++) {
        struct layer *ly = &m->ly[l];
        for (size_t i = 0; i < ly->nw; i++)
            m->params[ly->w + i] = init_value(&m->rng, m->spec.init, m->spec.init_scale, ly->fan_in,
                                              ly->fan_out);
        if (ly->bn)
            for (int j = 0; j < ly->ch; j++) {
                m->params[ly->gamma + j] = 1.f;
                m->state[ly->var + j] = 1.f;
            }
    }
    params_written(m);
}

/* The one block holds, in this order: params, grads, state, best (params then state), then the
 * optimizer's moments, last so that another optimizer only resizes its end. */
static size_t block_floats(const nn_model *m, int moments) {
    return (3 + (size_t)moments) * m->P + 2 * m->S;
}

/* Points params ... m2 into the block. */
static void carve(nn_model *m, int moments) {
    size_t P = m->P;
    float *p = m->block;
    m->params = p, p += P;
    m->grads = p, p += P;
    m->state = p, p += m->S;
    m->best = p, p += P + m->S;
    m->m1 = moments >= 1 ? p : NULL;
    m->m2 = moments >= 2 ? p + P : NULL;
}

/* Floats of a conv layer's im2col per row. */
static size_t col_size(const struct layer *ly) {
    return ly->kind == NN_LAYER_CONV ? (size_t)ly->fan_in * ly->cs.oh * ly->cs.ow : 0;
}

/* The scratch a batch needs: per_row floats a row, fixed floats whatever the batch (batch
 * norm's statistics); widest is the widest layer input or output. */
static void scratch_size(const nn_model *m, size_t *per_row, size_t *fixed, int *widest) {
    *per_row = *fixed = 0;
    *widest = m->spec.inputs;
    for (int l = 0; l < m->L; l++) {
        const struct layer *ly = &m->ly[l];
        int weighted = ly->kind == NN_LAYER_DENSE || ly->kind == NN_LAYER_CONV;
        /* pooling: a and arg; a weighted layer: z, a, delta */
        *per_row += (size_t)ly->out * (2 + weighted + 2 * ly->bn + 2 * ly->drop) + col_size(ly);
        *fixed += 2 * (size_t)ly->ch * ly->bn;
        if (ly->out > *widest) *widest = ly->out;
    }
    *per_row += 2 * (size_t)*widest + 2 * (size_t)m->spec.inputs + (size_t)target_width(m);
}

nn_status nn_model_create(nn_ctx *ctx, const nn_spec *spec, nn_model **out) {
    if (!out) return ctx_fail(ctx, NN_ERR_ARG, "nn_model_create: out is NULL");
    *out = NULL;
    nn_status st = nn_spec_validate(ctx, spec);
    if (st != NN_OK) return st;
    nn_model *m = calloc(1, sizeof *m);
    if (!m) return ctx_fail(ctx, NN_ERR_NOMEM, "out of memory creating the model");
    m->ctx = ctx;
    m->spec = *spec;
    m->L = spec->n_layers;
    layout(spec, m->ly, &m->P, &m->S);
    int moments = optim_moments(spec->optim);
    m->block = calloc(block_floats(m, moments), sizeof(float));
    if (!m->block) {
        size_t P = m->P;
        free(m);
        return ctx_fail(ctx, NN_ERR_NOMEM, "out of memory for %zu parameters", P);
    }
    carve(m, moments);
    size_t per_row, fixed;
    int widest;
    scratch_size(m, &per_row, &fixed, &widest);
    m->chunk = INFER_FLOATS / per_row < 1 ? 1 : INFER_FLOATS / per_row > INFER_CHUNK ? INFER_CHUNK
                                                                                  : (int)(INFER_FLOATS / per_row);
    nn_rng_seed(&m->rng, spec->seed);
    init_params(m);
    m->best_epoch = -1;
    m->broken = -1;
    ctx_clear(ctx);
    *out = m;
    return NN_OK;
}

void nn_model_free(nn_model *m) {
    if (!m) return;
    free(m->block);
    free(m->packed);
    free(m->scratch);
    free(m->perm);
    free(m);
}

const nn_spec *nn_model_spec(const nn_model *m) { return &m->spec; }
int nn_model_target_width(const nn_model *m) { return target_width(m); }
long nn_model_steps(const nn_model *m) { return m->t; }
float nn_model_lr(const nn_model *m) { return nn_sched_lr(&m->spec, m->t); }
float *model_params(nn_model *m) {
    params_written(m);  /* the caller writes through it (internal.h) */
    return m->params;
}
nn_ctx *model_ctx(nn_model *m) { return m->ctx; }
nn_rng *model_rng(nn_model *m) { return &m->rng; }
const float *model_grads(const nn_model *m) { return m->grads; }

/* Whether layers 0..last are a chain that forward_narrow() runs: dense, without batch norm, at
 * most NARROW values in and out, softmax only at the end (it works across a row). */
enum { NARROW = 64 };
static int narrow(const nn_model *m, int last) {
    for (int l = 0; l <= last; l++) {
        const struct layer *ly = &m->ly[l];
        if (ly->kind != NN_LAYER_DENSE || ly->bn || ly->in > NARROW || ly->out > NARROW ||
            (l < last && ly->act == NN_ACT_SOFTMAX))
            return 0;
    }
    return 1;
}

/* Whether training passes run feature-major (forward_cols): a narrow chain without dropout. */
static int trains_cols(const nn_model *m) {
    for (int l = 0; l < m->L; l++)
        if (m->ly[l].drop) return 0;
    return narrow(m, m->L - 1);
}

static int round_rows(int n) { return (n + COLS_ROWS - 1) / COLS_ROWS * COLS_ROWS; }

/* Grows the scratch to hold batches of n rows and points every buffer into it. The buffers
 * start 16-byte aligned; for a model that trains_cols() every one is a multiple of COLS_ROWS
 * rows, so they all stay aligned for the block functions. */
static nn_status reserve(nn_model *m, int n) {
    if (trains_cols(m) && n <= INT_MAX - COLS_ROWS) n = round_rows(n);
    if (n <= m->cap) return NN_OK;
    size_t per_row, fixed;
    int widest;
    scratch_size(m, &per_row, &fixed, &widest);
    /* Layers index a batch with int (n * width), and on wasm32 the byte count must fit size_t. */
    if ((size_t)n * widest > INT_MAX || (size_t)n > (SIZE_MAX / sizeof(float) - fixed - 3) / per_row)
        return ctx_fail(m->ctx, NN_ERR_NOMEM, "out of memory for a batch of %d rows of %zu floats",
                        n, per_row);
    float *s = realloc(m->scratch, (per_row * (size_t)n + fixed + 3) * sizeof(float));
    if (!s) return ctx_fail(m->ctx, NN_ERR_NOMEM, "out of memory for a batch of %d rows", n);
    m->scratch = s, m->cap = n;
    s += (16 - (uintptr_t)s % 16) % 16 / sizeof *s;
    m->trace_rows = 0;
    for (int l = 0; l < m->L; l++) {
        struct layer *ly = &m->ly[l];
        size_t rows = (size_t)n * ly->out;
        ly->xhat = ly->h = ly->bmean = ly->bvar = ly->mask = ly->d = NULL;
        ly->arg = NULL;
        ly->col = ly->delta = NULL;
        ly->a = s, s += rows;
        if (ly->kind == NN_LAYER_MAXPOOL || ly->kind == NN_LAYER_AVGPOOL) {
            ly->z = ly->a;
            ly->arg = (int *)s, s += rows;
            continue;
        }
        ly->z = s, s += rows;
        ly->delta = s, s += rows;
        if (ly->kind == NN_LAYER_CONV) ly->col = s, s += col_size(ly) * (size_t)n;
        if (ly->bn) {
            ly->xhat = s, s += rows;
            ly->h = s, s += rows;
            ly->bmean = s, s += ly->ch;
            ly->bvar = s, s += ly->ch;
        }
        if (ly->drop) {
            ly->mask = s, s += rows;
            ly->d = s, s += rows;
        }
    }
    m->gA = s, s += (size_t)n * widest;
    m->gB = s, s += (size_t)n * widest;
    m->xc = s, s += (size_t)n * m->spec.inputs;
    m->xb = s, s += (size_t)n * m->spec.inputs;
    m->yb = s;
    return NN_OK;
}

/* The layer's bias in a block shaped like the parameters, or NULL before batch norm. */
static float *bias(float *block, const struct layer *ly) {
    return ly->b == SIZE_MAX ? NULL : block + ly->b;
}

/* The input the layer after l reads: its dropped output while training with dropout. */
static const float *layer_output(const struct layer *ly, int train) {
    return train && ly->drop ? ly->d : ly->a;
}

/* Batch norm of a dense layer's units or a convolution's channels. */
static void norm_forward(nn_model *m, struct layer *ly, int n, int train) {
    const float *P = m->params;
    int hw = ly->out / ly->ch;
    if (train && hw == 1)
        batchnorm_forward_train(ly->h, ly->xhat, ly->bmean, ly->bvar, ly->z, P + ly->gamma, P + ly->beta, n, ly->ch);
    else if (train)
        batchnorm_channels_forward_train(ly->h, ly->xhat, ly->bmean, ly->bvar, ly->z, P + ly->gamma,
                                         P + ly->beta, n, ly->ch, hw);
    else
        batchnorm_channels_forward_infer(ly->h, ly->z, P + ly->gamma, P + ly->beta, m->state + ly->mean,
                                         m->state + ly->var, n, ly->ch, hw);
}

static void norm_backward(nn_model *m, struct layer *ly, float *g, int n) {
    float *dgamma = m->grads + ly->gamma, *dbeta = m->grads + ly->beta;
    const float *gamma = m->params + ly->gamma;
    int hw = ly->out / ly->ch;
    if (hw == 1) batchnorm_backward(g, dgamma, dbeta, g, ly->xhat, gamma, ly->bvar, n, ly->ch);
    else batchnorm_channels_backward(g, dgamma, dbeta, g, ly->xhat, gamma, ly->bvar, n, ly->ch, hw);
}

/* A block of COLS_ROWS rows of x (row-major, `in` values a row) into feature-major cols, and
 * back: k values a row of cols into out. The playground's case, two inputs and one output, is
 * moved a vector at a time: the inputs deinterleaved four rows at a time by two shuffles, the
 * one output a straight copy. Four inputs or more go by 4×4 transposes, the last four inputs
 * overlapping the four before when `in` is not a multiple of 4, so no load reads past a row.
 * A value at a time, those moves cost a tiny network's grid more than its layers
 * (docs/performance.md). */
static inline void block_in(float *cols, const float *x, int in) {
    if (in == 2) {
        for (int r = 0; r < COLS_ROWS; r += 4) {
            f4 a, b, even, odd;
            memcpy(&a, x + 2 * r, sizeof a);
            memcpy(&b, x + 2 * r + 4, sizeof b);
            even = __builtin_shufflevector(a, b, 0, 2, 4, 6);
            odd = __builtin_shufflevector(a, b, 1, 3, 5, 7);
            memcpy(cols + r, &even, sizeof even);
            memcpy(cols + COLS_ROWS + r, &odd, sizeof odd);
        }
        return;
    }
    for (int i = 0; in >= 4 && i < in; i += 4) {
        int f = i + 4 <= in ? i : in - 4;
        for (int r = 0; r < COLS_ROWS; r += 4) {
            i4 t[4];
            for (int q = 0; q < 4; q++) memcpy(&t[q], x + (r + q) * in + f, sizeof *t);
            transpose4(t);
            for (int q = 0; q < 4; q++) memcpy(cols + (f + q) * COLS_ROWS + r, &t[q], sizeof *t);
        }
    }
    for (int i = 0; in < 4 && i < in; i++)
        for (int r = 0; r < COLS_ROWS; r++) cols[i * COLS_ROWS + r] = x[r * in + i];
}

static inline void block_out(float *out, const float *cols, int k) {
    if (k == 1) {
        memcpy(out, cols, COLS_ROWS * sizeof *out);
        return;
    }
    for (int j = 0; j < k; j++)
        for (int r = 0; r < COLS_ROWS; r++) out[r * k + j] = cols[j * COLS_ROWS + r];
}

/* The block at x into cols, and cols into the block at out, where `left` rows are left from x
 * (or out) on: a block is COLS_ROWS of them, or all when fewer. Such a short block goes through
 * `edge` (COLS_ROWS rows), zero past its rows, so that every block is moved by the same loops
 * of COLS_ROWS, which clang unrolls (a loop per row over a few features cost more than the
 * layers of a tiny network). */
static void rows_in(float *cols, const float *x, int left, int in, float *edge) {
    if (left < COLS_ROWS) {
        memset(edge, 0, (size_t)COLS_ROWS * in * sizeof *edge);
        memcpy(edge, x, (size_t)left * in * sizeof *edge);
        x = edge;
    }
    block_in(cols, x, in);
}

static void rows_out(float *out, const float *cols, int left, int k, float *edge) {
    float *o = left < COLS_ROWS ? edge : out;
    block_out(o, cols, k);
    if (o == edge) memcpy(out, edge, (size_t)left * k * sizeof *edge);
}

/* Runs layers 0..last on x (n <= cap rows). Training uses batch statistics and dropout
 * (drawing new masks when draw_mask); inference the running statistics. */
static void forward(nn_model *m, const float *x, int n, int train, int draw_mask, int last) {
    const float *in = x;
    for (int l = 0; l <= last; l++) {
        struct layer *ly = &m->ly[l];
        const float *P = m->params;
        switch (ly->kind) {
        case NN_LAYER_MAXPOOL: maxpool_forward(ly->a, ly->arg, in, n, &ly->cs); break;
        case NN_LAYER_AVGPOOL: avgpool_forward(ly->a, in, n, &ly->cs); break;
        /* a is free until the activation: the product's scratch */
        case NN_LAYER_CONV: conv_forward(ly->z, ly->a, ly->col, in, P + ly->w, bias(m->params, ly), n, &ly->cs); break;
        /* inference of PACKED_ROWS rows or more: the packed weights, current since pack_weights()
         * ran on the way in (prepare) */
        default:
            if (train || n < PACKED_ROWS) dense_forward(ly->z, in, P + ly->w, bias(m->params, ly), n, ly->in, ly->out);
            else dense_forward_packed(ly->z, in, m->packed + ly->wp, bias(m->params, ly), n, ly->in, ly->out);
        }
        in = ly->a;
        if (ly->kind == NN_LAYER_MAXPOOL || ly->kind == NN_LAYER_AVGPOOL) continue;
        if (ly->bn) norm_forward(m, ly, n, train);
        act_forward(ly->act, ly->a, ly->bn ? ly->h : ly->z, n, ly->out, m->spec.leaky_slope);
        if (train && ly->drop) {
            if (draw_mask) dropout_mask(ly->mask, &m->rng, n * ly->out, m->spec.dropout);
            dropout_apply(ly->d, ly->a, ly->mask, n * ly->out);
        }
        in = layer_output(ly, train);
    }
}

/* The teaching fault of nn_model_break_gradient: the layer's weight and bias gradients negated,
 * after the layers below it took the true delta. */
static void break_gradient(nn_model *m, const struct layer *ly) {
    for (size_t i = 0; i < ly->nw; i++) m->grads[ly->w + i] = -m->grads[ly->w + i];
    float *gb = bias(m->grads, ly);
    for (int j = 0; gb && j < ly->ch; j++) gb[j] = -gb[j];
}

/* Backpropagates the loss gradient in m->gA (n, outputs) through every layer, accumulating
 * into m->grads. For bce and softmax_ce the seed is already d loss / d z of the output layer
 * (the loss folds in the sigmoid/softmax); for mse it is d loss / d a. Nothing reads the
 * gradient of the input, so the first layer does not compute it. */
static void backward(nn_model *m, const float *x, int n) {
    float *g = m->gA, *next = m->gB;
    int fused = m->spec.loss != NN_LOSS_MSE;
    for (int l = m->L - 1; l >= 0; l--) {
        struct layer *ly = &m->ly[l];
        float *dx = l ? next : NULL;
        const float *in = l ? layer_output(&m->ly[l - 1], 1) : x;
        if (ly->kind == NN_LAYER_MAXPOOL && dx) maxpool_backward(dx, g, ly->arg, n, &ly->cs);
        if (ly->kind == NN_LAYER_AVGPOOL && dx) avgpool_backward(dx, g, n, &ly->cs);
        if (ly->kind == NN_LAYER_DENSE || ly->kind == NN_LAYER_CONV) {
            /* delta = d loss / d z, kept for nn_model_trace: the fused losses seed it directly. */
            float *d = ly->delta;
            if (!(fused && l == m->L - 1)) {
                if (ly->drop) dropout_apply(g, g, ly->mask, n * ly->out);
                act_backward(ly->act, d, g, ly->a, n, ly->out, m->spec.leaky_slope);
                if (ly->bn) norm_backward(m, ly, d, n);
            } else {
                memcpy(d, g, (size_t)n * ly->out * sizeof *d);
            }
            if (ly->kind == NN_LAYER_CONV)   /* a: read by the layer after, which is done */
                conv_backward(dx, m->grads + ly->w, bias(m->grads, ly), ly->a, ly->col, d, m->params + ly->w, n,
                              &ly->cs);
            else
                dense_backward(dx, m->grads + ly->w, bias(m->grads, ly), d, in, m->params + ly->w, n, ly->in,
                               ly->out);
            if (l == m->broken) break_gradient(m, ly);
        }
        float *t = g;
        g = next, next = t;
    }
}

/* A training pass of a model that trains_cols(), feature-major as forward_narrow() but over
 * the whole batch: its block b of COLS_ROWS rows at b·COLS_ROWS·width in xc (the input, zero
 * past row n) and in each hidden layer's z, a and delta. The products of a few units by a few
 * rows then use every lane, where forward() and backward() run a general product per layer
 * and step, whose setup and edges cost a tiny network more than its sums (docs/performance.md).
 * The output layer's sums come through gB into its z and a, row-major, as the loss reads them. */
static void forward_cols(nn_model *m, const float *x, int n) {
    float edge[NARROW * COLS_ROWS];
    int in = m->spec.inputs, top = m->L - 1, B = round_rows(n);
    for (int r0 = 0; r0 < n; r0 += COLS_ROWS)
        rows_in(m->xc + (size_t)r0 * in, x + (size_t)r0 * in, n - r0, in, edge);
    const float *cur = m->xc;
    for (int l = 0; l <= top; l++) {
        struct layer *ly = &m->ly[l];
        float *z = l < top ? ly->z : m->gB;
        dense_forward_cols(z, cur, m->params + ly->w, bias(m->params, ly), ly->in, ly->out, B / COLS_ROWS,
                           NN_ACT_LINEAR, 0.f);
        if (l < top) {
            act_forward(ly->act, ly->a, ly->z, B, ly->out, m->spec.leaky_slope);  /* elementwise */
            cur = ly->a;
            continue;
        }
        for (int r0 = 0; r0 < n; r0 += COLS_ROWS)
            rows_out(ly->z + (size_t)r0 * ly->out, z + (size_t)r0 * ly->out, n - r0, ly->out, edge);
        act_forward(ly->act, ly->a, ly->z, n, ly->out, m->spec.leaky_slope);
    }
}

/* backward() after forward_cols(): the output layer's delta, row-major, goes into gB
 * feature-major and zero past row n, so every block's rows past the batch add nothing. */
static void backward_cols(nn_model *m, int n) {
    float edge[NARROW * COLS_ROWS];
    int top = m->L - 1, B = round_rows(n);
    struct layer *out = &m->ly[top];
    if (m->spec.loss == NN_LOSS_MSE)
        act_backward(out->act, out->delta, m->gA, out->a, n, out->out, m->spec.leaky_slope);
    else
        memcpy(out->delta, m->gA, (size_t)n * out->out * sizeof *out->delta);  /* see backward() */
    for (int r0 = 0; r0 < n; r0 += COLS_ROWS)
        rows_in(m->gB + (size_t)r0 * out->out, out->delta + (size_t)r0 * out->out, n - r0, out->out, edge);
    for (int l = top; l >= 0; l--) {
        struct layer *ly = &m->ly[l];
        const float *d = l < top ? ly->delta : m->gB, *x = l ? m->ly[l - 1].a : m->xc;
        float *dx = l ? m->ly[l - 1].delta : NULL;
        for (int r0 = 0; r0 < B; r0 += COLS_ROWS)
            dense_backward_cols(dx ? dx + (size_t)r0 * ly->in : NULL, m->grads + ly->w, bias(m->grads, ly),
                                d + (size_t)r0 * ly->out, x + (size_t)r0 * ly->in, m->params + ly->w, ly->in,
                                ly->out);
        if (l == m->broken) break_gradient(m, ly);
        if (dx) act_backward(m->ly[l - 1].act, dx, dx, m->ly[l - 1].a, B, ly->in, m->spec.leaky_slope);
    }
}

/* Adds the L1/L2 penalty's gradient to the weights' and returns the penalty. */
static double penalty(nn_model *m, int with_grad) {
    float l1 = m->spec.l1, l2 = m->spec.l2;
    if (l1 == 0.f && l2 == 0.f) return 0;
    double sum = 0;
    for (int l = 0; l < m->L; l++) {
        const struct layer *ly = &m->ly[l];
        for (size_t i = ly->w; ly->nw && i < ly->w + ly->nw; i++) {
            float w = m->params[i];
            sum += l1 * fabs(w) + 0.5 * l2 * (double)w * w;
            if (with_grad) m->grads[i] += l1 * (float)((w > 0) - (w < 0)) + l2 * w;
        }
    }
    return sum;
}

/* Forward in training mode, the loss, and (with_grad) backward plus penalty gradients. */
static double loss_and_grad(nn_model *m, const float *x, const float *y, int n, int draw_mask,
                            int with_grad) {
    struct layer *out = &m->ly[m->L - 1];
    int cols = trains_cols(m);
    if (cols) forward_cols(m, x, n);
    else forward(m, x, n, 1, draw_mask, m->L - 1);
    if (with_grad) memset(m->grads, 0, m->P * sizeof(float));
    double loss = loss_forward(m->spec.loss, with_grad ? m->gA : NULL, out->z, out->a, y, n, out->out);
    if (with_grad && cols) backward_cols(m, n);
    else if (with_grad) backward(m, x, n);
    m->trace_rows = with_grad ? n : 0;
    m->trace_cols = cols;
    return loss;
}

/* The index of x's first value that is not finite, or n. Such a value has every exponent bit
 * set; a stretch's test ORs over it, which vectorizes where a scalar loop's early return does
 * not (a 10,000-row grid checked in a fifth of the time), and a failing stretch is scanned. */
static long first_nonfinite(const float *x, long n) {
    enum { STRETCH = 64 };
    for (long i0 = 0; i0 < n; i0 += STRETCH) {
        long e = n - i0 < STRETCH ? n - i0 : STRETCH;
        uint32_t bad = 0;
        for (long i = 0; i < e; i++) {
            uint32_t u;
            memcpy(&u, x + i0 + i, sizeof u);
            bad |= (u & 0x7f800000u) == 0x7f800000u;
        }
        for (long i = i0; bad; i++)
            if (!isfinite(x[i])) return i;
    }
    return n;
}

/* Checks a batch's pointers, size and values before any work is done on it. */
static nn_status check_rows(nn_model *m, const float *x, const float *y, int n, long first) {
    long in = m->spec.inputs, i = first_nonfinite(x, n * in);
    if (i < n * in) return ctx_fail(m->ctx, NN_ERR_ARG, "x[%ld] is not finite (%g)", first * in + i, x[i]);
    return y ? loss_check_targets(m->ctx, m->spec.loss, y, n, m->ly[m->L - 1].out, first) : NN_OK;
}

static struct source arrays(const float *x, const float *y, int n) {
    return (struct source){.x = x, .y = y, .n = n};
}

static nn_status rows_source(nn_model *m, const nn_rows *rows, struct source *s) {
    *s = (struct source){0};
    if (!rows) return ctx_fail(m->ctx, NN_ERR_ARG, "rows is NULL");
    if (!rows->ds) return ctx_fail(m->ctx, NN_ERR_ARG, "rows: ds is NULL");
    *s = (struct source){.ds = rows->ds, .split = rows->split, .first = rows->first,
                         .target = rows->target, .n = rows->n};
    return NN_OK;
}

/* The arguments of a call on s: pointers and counts, and a data set's range, width and its one
 * target per row. need_y: the call trains or scores, so targets must be there. */
static nn_status check_source(nn_model *m, const struct source *s, int need_y) {
    if (s->ds) {
        nn_status st = dataset_check_rows(m->ctx, s->ds, s->split, s->first, s->n, s->target);
        if (st != NN_OK) return st;
        if (nn_dataset_features(s->ds) != m->spec.inputs)
            return ctx_fail(m->ctx, NN_ERR_ARG, "rows: %s has %d features, the model %d inputs",
                            nn_dataset_name(s->ds), nn_dataset_features(s->ds), m->spec.inputs);
        if (need_y && target_width(m) != 1)
            return ctx_fail(m->ctx, NN_ERR_ARG, "rows: a data set gives 1 target per row, the model "
                            "takes %d (one per output of %s)", target_width(m), nn_loss_name(m->spec.loss));
    } else {
        if (!s->x) return ctx_fail(m->ctx, NN_ERR_ARG, "x is NULL");
        if (need_y && !s->y) return ctx_fail(m->ctx, NN_ERR_ARG, "y is NULL");
    }
    if (s->n < 1) return ctx_fail(m->ctx, NN_ERR_ARG, "n: need at least 1 sample (got %d)", s->n);
    return NN_OK;
}

/* Where messages start counting a source's rows: at 0 in the caller's arrays, at the first row
 * of a data set's split. */
static long row0(const struct source *s) { return s->ds ? s->first : 0; }

/* Rows idx[r .. r+nb) of s (r .. r+nb when idx is NULL) into xb (nb, inputs) and yb (nb,
 * target width), either of which may be NULL. */
static void fetch(nn_model *m, const struct source *s, const int *idx, int r, int nb, float *xb,
                  float *yb) {
    if (s->ds) {
        dataset_rows(s->ds, s->split, s->first + (idx ? 0 : r), idx ? idx + r : NULL, nb, s->target, xb, yb);
        return;
    }
    int in = m->spec.inputs, tw = target_width(m);
    /* Loops, not memcpy: rows are a few floats and a call per row cost more than the copy. */
    for (int i = 0; i < nb; i++) {
        size_t k = (size_t)(idx ? idx[r + i] : r + i);
        for (int j = 0; xb && j < in; j++) xb[(size_t)i * in + j] = s->x[k * in + j];
        for (int j = 0; yb && j < tw; j++) yb[(size_t)i * tw + j] = s->y[k * tw + j];
    }
}

/* Rows [r, r+nb) of s in order, nb <= cap: views of the caller's arrays, or a data set's rows
 * decoded into the batch buffers. x or y may be NULL when the call does not need it. */
static void rows_at(nn_model *m, const struct source *s, int r, int nb, const float **x, const float **y) {
    if (s->ds) {
        fetch(m, s, NULL, r, nb, x ? m->xb : NULL, y ? m->yb : NULL);
        if (x) *x = m->xb;
        if (y) *y = m->yb;
        return;
    }
    if (x) *x = s->x + (size_t)r * m->spec.inputs;
    if (y) *y = s->y + (size_t)r * target_width(m);
}

static nn_status check_batch(nn_model *m, const float *x, const float *y, int n, int need_y) {
    struct source s = arrays(x, y, n);
    nn_status st = check_source(m, &s, need_y);
    return st == NN_OK ? check_rows(m, x, y, n, 0) : st;
}

nn_status model_objective(nn_model *m, const float *x, const float *y, int n, int draw_mask,
                          int with_grad, double *objective) {
    nn_status st = check_batch(m, x, y, n, 1);
    if (st == NN_OK) st = reserve(m, n);
    if (st != NN_OK) return st;
    double loss = loss_and_grad(m, x, y, n, draw_mask, with_grad);
    *objective = loss + penalty(m, with_grad);
    return NN_OK;
}

/* The running variance is unbiased over the values each statistic saw: n rows, times H·W for a
 * convolution's channel, as PyTorch's. */
static void update_running_stats(nn_model *m, int n) {
    float mom = m->spec.bn_momentum;
    for (int l = 0; l < m->L; l++) {
        const struct layer *ly = &m->ly[l];
        double count = (double)n * (ly->out / ly->ch);
        float unbias = count > 1 ? (float)(count / (count - 1)) : 1.f;
        for (int j = 0; ly->bn && j < ly->ch; j++) {
            float *rm = m->state + ly->mean + j, *rv = m->state + ly->var + j;
            *rm += mom * (ly->bmean[j] - *rm);
            *rv += mom * (ly->bvar[j] * unbias - *rv);
        }
    }
}

/* The sum and the sum of squares of g, in double; four independent partial sums each: a
 * single chain would wait on every add. */
struct sums { double s, sq; };
static struct sums sums_of(const float *g, size_t n) {
    double s[4] = {0, 0, 0, 0}, q[4] = {0, 0, 0, 0};
    size_t i = 0;
    for (; i + 3 < n; i += 4)
        for (int k = 0; k < 4; k++) s[k] += g[i + k], q[k] += (double)g[i + k] * g[i + k];
    for (; i < n; i++) s[0] += g[i], q[0] += (double)g[i] * g[i];
    return (struct sums){(s[0] + s[1]) + (s[2] + s[3]), (q[0] + q[1]) + (q[2] + q[3])};
}

/* One step on a checked batch of n <= cap rows. */
static nn_status step(nn_model *m, const float *x, const float *y, int n, float *loss_out) {
    double loss = loss_and_grad(m, x, y, n, 1, 1);
    penalty(m, 1);
    double total = 0;
    for (int l = 0; l < m->L; l++) {
        const struct layer *ly = &m->ly[l];
        struct sums w = ly->nw ? sums_of(m->grads + ly->w, ly->nw) : (struct sums){0, 0};
        const float *gb = bias(m->grads, ly);
        total += w.sq + (gb ? sums_of(gb, (size_t)ly->ch).sq : 0);
        if (ly->bn) total += sums_of(m->grads + ly->gamma, 2 * (size_t)ly->ch).sq;
        /* The per-layer figures are the weights' alone: biases would blur vanishing gradients. */
        m->gnorm[l] = (float)sqrt(w.sq);
        double mean = ly->nw ? w.s / (double)ly->nw : 0, var = ly->nw ? w.sq / (double)ly->nw - mean * mean : 0;
        m->gstd[l] = (float)sqrt(var > 0 ? var : 0); /* rounding can leave a variance of 0 just below it */
    }
    total = sqrt(total);
    /* Both are >= 0 when finite; fabs drops the sign bit a NaN may carry ("-nan" in wasm). */
    if (!isfinite(loss) || !isfinite(total))
        return ctx_fail(m->ctx, NN_ERR_DIVERGED,
                        "training diverged at step %ld: loss %g, gradient norm %g "
                        "(try a lower learning rate or gradient clipping)", m->t + 1, fabs(loss),
                        fabs(total));
    if (m->spec.clip_norm > 0.f && total > m->spec.clip_norm) {
        float scale = (float)(m->spec.clip_norm / total);
        for (size_t i = 0; i < m->P; i++) m->grads[i] *= scale;
    }
    float lr = nn_sched_lr(&m->spec, m->t);
    m->t++, m->opt_t++;
    optim_step(&m->spec, lr, m->opt_t, m->params, m->grads, m->m1, m->m2, m->P);
    params_written(m);
    update_running_stats(m, n);
    if (loss_out) *loss_out = (float)loss;
    return NN_OK;
}

/* A batch of one has variance 0: batch norm would output beta alone and drive the running
 * variance to 0, training silently to nothing. */
static nn_status check_bn_batch(nn_model *m, int b) {
    if (m->spec.batchnorm && b < 2)
        return ctx_fail(m->ctx, NN_ERR_ARG, "batchnorm needs at least 2 samples per batch (got %d)", b);
    return NN_OK;
}

nn_status nn_model_train_step(nn_model *m, const float *x, const float *y, int n, float *loss) {
    nn_status st = check_batch(m, x, y, n, 1);
    if (st == NN_OK) st = check_bn_batch(m, n);
    if (st == NN_OK) st = reserve(m, n);
    if (st == NN_OK) st = step(m, x, y, n, loss);
    if (st == NN_OK) ctx_clear(m->ctx);
    return st;
}

/* Gathers rows perm[s .. s+nb) of the source into the batch buffers and checks them there: a
 * pass over the data costs one check per value, whatever the number of calls. A bad batch is
 * checked again row by row, so the message numbers the row as the caller's array (or the data
 * set's split) does. */
static nn_status gather(nn_model *m, const struct source *src, int s, int nb) {
    int in = m->spec.inputs, tw = target_width(m);
    fetch(m, src, m->perm, s, nb, m->xb, m->yb);
    nn_status st = check_rows(m, m->xb, m->yb, nb, 0);
    for (int r = 0; st != NN_OK && r < nb; r++) {
        nn_status row = check_rows(m, m->xb + (size_t)r * in, m->yb + (size_t)r * tw, 1,
                                   row0(src) + m->perm[s + r]);
        if (row != NN_OK) return row;
    }
    return st;
}

/* The same rows as the epoch under way was started on (of arrays, only their count is known). */
static int same_rows(const struct source *a, const struct source *b) {
    return a->n == b->n && a->ds == b->ds &&
           (!a->ds || (a->split == b->split && a->first == b->first && a->target == b->target));
}

/* The batch size of an epoch of n rows, and in *merge 1 when its last batch of one joins the
 * one before it (batch norm needs 2 rows). */
static int epoch_batch(const nn_spec *s, int n, int batch, int *merge) {
    int b = batch <= 0 || batch > n ? n : batch;
    *merge = s->batchnorm && b < n && n % b == 1;
    return b;
}

int nn_epoch_steps(const nn_spec *s, int n, int batch) {
    if (!s || n < 1) return 0;
    int merge, b = epoch_batch(s, n, batch, &merge);
    return n / b + (n % b != 0) - merge;
}

/* nn_model_train_steps on any source. */
static nn_status train(nn_model *m, const struct source *src, int batch, int max_steps, float *mean_loss,
                       int *epoch_done) {
    nn_status st = check_source(m, src, 1);
    if (st != NN_OK) return st;
    if (max_steps < 1) return ctx_fail(m->ctx, NN_ERR_ARG, "max_steps: must be >= 1 (got %d)", max_steps);
    int n = src->n, merge, b = epoch_batch(&m->spec, n, batch, &merge);
    st = check_bn_batch(m, b);
    if (st == NN_OK) st = reserve(m, b + merge);
    if (st == NN_OK && n > m->perm_cap) {
        int *p = realloc(m->perm, (size_t)n * sizeof *p);
        if (!p) st = ctx_fail(m->ctx, NN_ERR_NOMEM, "out of memory shuffling %d samples", n);
        else m->perm = p, m->perm_cap = n;
    }
    if (st != NN_OK) return st;
    /* Other rows or another batch size than the epoch under way started with: begin anew. */
    if (m->cursor && !(same_rows(src, &m->epoch) && b == m->epoch_batch)) m->cursor = 0;
    if (m->cursor == 0) {
        for (int i = 0; i < n; i++) m->perm[i] = i;
        nn_rng_shuffle(&m->rng, m->perm, n);
        m->epoch = *src, m->epoch_batch = b;
    }
    double sum = 0;
    int steps = 0;
    while (steps < max_steps && m->cursor < n) {
        int s = m->cursor, nb = n - s < b ? n - s : b;
        if (merge && n - s - nb == 1) nb++;
        float loss;
        if ((st = gather(m, src, s, nb)) != NN_OK || (st = step(m, m->xb, m->yb, nb, &loss)) != NN_OK)
            return st;
        m->cursor += nb;
        sum += loss, steps++;
    }
    int done = m->cursor == n;
    if (done) m->cursor = 0;
    if (epoch_done) *epoch_done = done;
    if (mean_loss) *mean_loss = (float)(sum / steps);
    ctx_clear(m->ctx);
    return NN_OK;
}

nn_status nn_model_train_steps(nn_model *m, const float *x, const float *y, int n, int batch,
                               int max_steps, float *mean_loss, int *epoch_done) {
    struct source s = arrays(x, y, n);
    return train(m, &s, batch, max_steps, mean_loss, epoch_done);
}

nn_status nn_model_train_epoch(nn_model *m, const float *x, const float *y, int n, int batch,
                               float *mean_loss) {
    m->cursor = 0;
    return nn_model_train_steps(m, x, y, n, batch, INT_MAX, mean_loss, NULL);
}

nn_status nn_model_train_rows(nn_model *m, const nn_rows *rows, int batch, int max_steps,
                              float *mean_loss, int *epoch_done) {
    struct source s;
    nn_status st = rows_source(m, rows, &s);
    return st == NN_OK ? train(m, &s, batch, max_steps, mean_loss, epoch_done) : st;
}

/* Packs every dense layer's wᵀ for inference unless the packing is of the parameters as they
 * are (version), allocating its block at the first call. Conv layers multiply by im2col
 * columns, not by a packed weight matrix; they are left out. */
static nn_status pack_weights(nn_model *m) {
    if (m->packed && m->packed_version == m->version) return NN_OK;
    size_t total = 0;
    for (int l = 0; l < m->L; l++) {
        struct layer *ly = &m->ly[l];
        ly->wp = total;
        if (ly->kind == NN_LAYER_DENSE) total += mat_pack_b_size(ly->out, ly->in);
    }
    if (!m->packed && !(m->packed = malloc((total ? total : 1) * sizeof(float))))
        return ctx_fail(m->ctx, NN_ERR_NOMEM, "out of memory packing %zu weights for inference", total);
    for (int l = 0; l < m->L; l++) {
        const struct layer *ly = &m->ly[l];
        if (ly->kind == NN_LAYER_DENSE) mat_pack_b(m->packed + ly->wp, m->params + ly->w, ly->out, ly->in, 1);
    }
    m->packed_version = m->version;
    return NN_OK;
}

/* Checks an inference call's rows before any work: the arguments, then (with room reserved for
 * a chunk) every value it reads. A data set's features are finite by construction, so only
 * its targets are read here. Packs the weights unless the call runs a narrow chain alone
 * (forward_narrow reads the parameters where they are) or has too few rows to use them. */
static nn_status prepare(nn_model *m, const struct source *s, int with_y, int packed) {
    nn_status st = check_source(m, s, with_y);
    if (st == NN_OK) st = reserve(m, s->n < m->chunk ? s->n : m->chunk);
    if (st == NN_OK && packed && s->n >= PACKED_ROWS) st = pack_weights(m);
    if (st != NN_OK) return st;
    if (!s->ds) return check_rows(m, s->x, with_y ? s->y : NULL, s->n, 0);
    for (int r = 0; with_y && st == NN_OK && r < s->n; r += m->chunk) {
        int rows = s->n - r < m->chunk ? s->n - r : m->chunk;
        const float *y;
        rows_at(m, s, r, rows, NULL, &y);
        st = loss_check_targets(m->ctx, m->spec.loss, y, rows, m->ly[m->L - 1].out, row0(s) + r);
    }
    return st;
}

/* Inference of a narrow chain (narrow()) on n rows of x into out (n, ly[last].out): each span
 * of up to SPAN blocks of COLS_ROWS rows goes through every layer, product, bias and
 * activation, in two buffers of 16 KiB that stay in L1, where forward() makes a pass over a
 * chunk per step and layer. The blocks are held feature-major (dense_forward_cols); the last
 * one's rows past n are zeros. A call per layer and span rather than per block: for a tiny
 * network each call's setup cost as much as its sums (docs/performance.md). */
enum { SPAN = 4 };
static void forward_narrow(nn_model *m, const float *x, int n, int last, float *out) {
    _Alignas(16) float buf[2][SPAN * NARROW * COLS_ROWS], edge[NARROW * COLS_ROWS];
    int in = m->ly[0].in, k = m->ly[last].out;
    for (int r0 = 0; r0 < n; r0 += SPAN * COLS_ROWS) {
        float *cur = buf[0], *next = buf[1];  /* a layer's input and output */
        int blocks = round_rows(n - r0) / COLS_ROWS;
        if (blocks > SPAN) blocks = SPAN;
        for (int t = 0, r = r0; t < blocks; t++, r += COLS_ROWS)
            rows_in(cur + (size_t)t * in * COLS_ROWS, x + (size_t)r * in, n - r, in, edge);
        for (int l = 0; l <= last; l++) {
            const struct layer *ly = &m->ly[l];
            /* the activation is applied as the sums are stored; softmax, across a row's
             * units, takes a pass of its own from next back into cur */
            dense_forward_cols(next, cur, m->params + ly->w, bias(m->params, ly), ly->in, ly->out, blocks,
                               ly->act, m->spec.leaky_slope);
            if (ly->act == NN_ACT_SOFTMAX) {
                softmax_cols(cur, next, ly->out, blocks);
            } else {
                float *t = cur;
                cur = next, next = t;
            }
        }
        for (int t = 0, r = r0; t < blocks; t++, r += COLS_ROWS)
            rows_out(out + (size_t)r * k, cur + (size_t)t * k * COLS_ROWS, n - r, k, edge);
    }
}

/* Runs inference on prepared rows in chunks, handing each chunk's layer output (and with_y its
 * targets) to `take`; take NULL: a narrow chain's outputs written to arg, (n, outputs). */
static void infer(nn_model *m, const struct source *s, int layer, int with_y,
                  void (*take)(void *, const struct layer *, int row, int rows, const float *y), void *arg) {
    for (int r = 0; r < s->n; r += m->chunk) {
        int rows = s->n - r < m->chunk ? s->n - r : m->chunk;
        const float *x, *y = NULL;
        rows_at(m, s, r, rows, &x, with_y ? &y : NULL);
        if (!take) {
            forward_narrow(m, x, rows, layer, (float *)arg + (size_t)r * m->ly[layer].out);
            continue;
        }
        forward(m, x, rows, 0, 0, layer);
        take(arg, &m->ly[layer], r, rows, y);
    }
    m->trace_rows = 0;   /* the scratch now holds inference values */
    ctx_clear(m->ctx);
}

static void copy_out(void *arg, const struct layer *ly, int row, int rows, const float *y) {
    (void)y;
    memcpy((float *)arg + (size_t)row * ly->out, ly->a, (size_t)rows * ly->out * sizeof(float));
}

/* Outputs of dense layer `layer` on s into out. */
static nn_status run(nn_model *m, const struct source *s, int layer, float *out) {
    if (!out) return ctx_fail(m->ctx, NN_ERR_ARG, "out is NULL");
    if (layer < 0 || layer >= m->L)
        return ctx_fail(m->ctx, NN_ERR_ARG, "layer: must be in [0, %d] (got %d)", m->L - 1, layer);
    int nar = narrow(m, layer);
    nn_status st = prepare(m, s, 0, !nar);
    if (st == NN_OK) infer(m, s, layer, 0, nar ? NULL : copy_out, out);
    return st;
}

nn_status nn_model_predict(nn_model *m, const float *x, int n, float *out) {
    struct source s = arrays(x, NULL, n);
    return run(m, &s, m->L - 1, out);
}

nn_status nn_model_activations(nn_model *m, const float *x, int n, int layer, float *out) {
    struct source s = arrays(x, NULL, n);
    return run(m, &s, layer, out);
}

struct moments { double sum, sq; size_t count; };

static void add_moments(void *arg, const struct layer *ly, int row, int rows, const float *y) {
    (void)row, (void)y;
    struct moments *mo = arg;
    size_t k = (size_t)rows * ly->out;
    for (size_t i = 0; i < k; i++) {
        double v = ly->a[i];
        mo->sum += v;
        mo->sq += v * v;
    }
    mo->count += k;
}

/* One inference pass per layer, each up to that layer: a few small layers are what it is for
 * (the lessons' per-layer charts), and the passes keep no activations beyond a chunk's. */
nn_status nn_model_activation_std(nn_model *m, const float *x, int n, float *std_out, int n_layers) {
    if (!std_out || n_layers != m->L)
        return ctx_fail(m->ctx, NN_ERR_ARG, "activation std: need room for %d layers (got %d)", m->L, n_layers);
    struct source s = arrays(x, NULL, n);
    nn_status st = prepare(m, &s, 0, 1);
    if (st != NN_OK) return st;
    for (int l = 0; l < m->L; l++) {
        struct moments mo = {0};
        infer(m, &s, l, 0, add_moments, &mo);
        double mean = mo.sum / (double)mo.count, var = mo.sq / (double)mo.count - mean * mean;
        std_out[l] = (float)sqrt(var > 0 ? var : 0);
    }
    return NN_OK;
}

nn_status nn_model_predict_rows(nn_model *m, const nn_rows *rows, float *out) {
    struct source s;
    nn_status st = rows_source(m, rows, &s);
    return st == NN_OK ? run(m, &s, m->L - 1, out) : st;
}

struct eval_acc {
    const nn_model *m;
    double loss, hits;
    int classes;               /* every target so far is a class, 0 or 1 (for mse's accuracy) */
    double *mean, *res, *tot;  /* per target column, for R² */
};

static void eval_chunk(void *arg, const struct layer *ly, int row, int rows, const float *y) {
    (void)row;
    struct eval_acc *e = arg;
    nn_loss l = e->m->spec.loss;
    int k = ly->out, tw = target_width(e->m);
    e->loss += loss_forward(l, NULL, ly->z, ly->a, y, rows, k) * rows;
    for (int r = 0; r < rows; r++) {
        const float *a = ly->a + (size_t)r * k, *t = y + (size_t)r * tw;
        if (l == NN_LOSS_SOFTMAX_CE) {
            int best = 0;
            for (int j = 1; j < k; j++) best = a[j] > a[best] ? j : best;
            e->hits += best == (int)t[0];
        }
        for (int j = 0; l != NN_LOSS_SOFTMAX_CE && j < k; j++) {
            e->hits += (a[j] >= 0.5f) == (t[j] >= 0.5f);
            e->classes &= t[j] == 0.f || t[j] == 1.f;
            e->res[j] += ((double)a[j] - t[j]) * ((double)a[j] - t[j]);
            e->tot[j] += ((double)t[j] - e->mean[j]) * ((double)t[j] - e->mean[j]);
        }
    }
}

static nn_status evaluate(nn_model *m, const struct source *s, nn_eval *ev) {
    if (!ev) return ctx_fail(m->ctx, NN_ERR_ARG, "ev is NULL");
    nn_status st = prepare(m, s, 1, 1);
    if (st != NN_OK) return st;
    int n = s->n, k = m->ly[m->L - 1].out, tw = target_width(m);
    double *sums = calloc(3 * (size_t)tw, sizeof *sums);
    if (!sums) return ctx_fail(m->ctx, NN_ERR_NOMEM, "out of memory evaluating");
    struct eval_acc e = {m, 0, 0, 1, sums, sums + tw, sums + 2 * tw};
    for (int r = 0; r < n; r += m->chunk) {
        int rows = n - r < m->chunk ? n - r : m->chunk;
        const float *y;
        rows_at(m, s, r, rows, NULL, &y);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < tw; j++) e.mean[j] += y[(size_t)i * tw + j] / (double)n;
    }
    infer(m, s, m->L - 1, 1, eval_chunk, &e);
    /* R² per output, averaged over the outputs whose target varies, as nn_metrics_regress. */
    double r2 = 0;
    int varied = 0;
    for (int j = 0; j < tw; j++)
        if (e.tot[j] > 0) r2 += 1 - e.res[j] / e.tot[j], varied++;
    free(sums);
    int classify = m->spec.loss != NN_LOSS_MSE;
    ev->loss = (float)(e.loss / n);
    /* Hits count per row for softmax_ce, per output otherwise; mse on class targets (a
     * two-class set learnt by squared error) has an accuracy too. */
    int per_row = m->spec.loss == NN_LOSS_SOFTMAX_CE ? 1 : k;
    ev->accuracy = classify || e.classes ? (float)(e.hits / ((double)n * per_row)) : NAN;
    ev->r2 = !classify && varied ? (float)(r2 / varied) : NAN;
    return NN_OK;
}

nn_status nn_model_evaluate(nn_model *m, const float *x, const float *y, int n, nn_eval *ev) {
    struct source s = arrays(x, y, n);
    return evaluate(m, &s, ev);
}

nn_status nn_model_evaluate_rows(nn_model *m, const nn_rows *rows, nn_eval *ev) {
    struct source s;
    nn_status st = rows_source(m, rows, &s);
    return st == NN_OK ? evaluate(m, &s, ev) : st;
}

/* ---- parameters ---- */

static nn_status check_count(nn_model *m, const char *what, const void *buf, size_t n, size_t want) {
    if (!buf) return ctx_fail(m->ctx, NN_ERR_ARG, "%s: buffer is NULL", what);
    if (n != want)
        return ctx_fail(m->ctx, NN_ERR_ARG, "%s: buffer holds %zu values, the model has %zu", what, n, want);
    return NN_OK;
}

static nn_status read_block(nn_model *m, const char *what, float *dst, size_t n, const float *src,
                            size_t want) {
    nn_status st = check_count(m, what, dst, n, want);
    if (st == NN_OK && n) memcpy(dst, src, n * sizeof(float));
    return st;
}

static nn_status write_block(nn_model *m, const char *what, float *dst, const float *src, size_t n,
                             size_t want) {
    nn_status st = check_count(m, what, src, n, want);
    for (size_t i = 0; st == NN_OK && i < n; i++)
        if (!isfinite(src[i])) st = ctx_fail(m->ctx, NN_ERR_ARG, "%s[%zu] is not finite (%g)", what, i, src[i]);
    if (st == NN_OK && n) memcpy(dst, src, n * sizeof(float));
    return st;
}

size_t nn_params_count(const nn_model *m) { return m->P; }
size_t nn_state_count(const nn_model *m) { return m->S; }

nn_status nn_params_read(nn_model *m, float *dst, size_t n) {
    return read_block(m, "params", dst, n, m->params, m->P);
}
nn_status nn_grads_read(nn_model *m, float *dst, size_t n) {
    return read_block(m, "grads", dst, n, m->grads, m->P);
}
nn_status nn_state_read(nn_model *m, float *dst, size_t n) {
    return read_block(m, "state", dst, n, m->state, m->S);
}
nn_status nn_params_write(nn_model *m, const float *src, size_t n) {
    nn_status st = write_block(m, "params", m->params, src, n, m->P);
    if (st == NN_OK) params_written(m);
    return st;
}

nn_status nn_state_write(nn_model *m, const float *src, size_t n) {
    nn_status st = check_count(m, "state", src, n, m->S);
    for (int l = 0; st == NN_OK && l < m->L; l++)
        for (int j = 0; st == NN_OK && m->ly[l].bn && j < m->ly[l].ch; j++) {
            size_t i = m->ly[l].var + j;
            if (src[i] < 0.f)
                st = ctx_fail(m->ctx, NN_ERR_ARG, "state[%zu]: layer %d running variance %d is "
                              "negative (%g)", i, l, j, src[i]);
        }
    return st == NN_OK ? write_block(m, "state", m->state, src, n, m->S) : st;
}

nn_status nn_layer_info_get(nn_model *m, int layer, nn_layer_info *info) {
    if (layer < 0 || layer >= m->L)
        return ctx_fail(m->ctx, NN_ERR_ARG, "layer: must be in [0, %d] (got %d)", m->L - 1, layer);
    if (!info) return ctx_fail(m->ctx, NN_ERR_ARG, "info is NULL");
    const struct layer *ly = &m->ly[layer];
    int pooled = ly->kind == NN_LAYER_MAXPOOL || ly->kind == NN_LAYER_AVGPOOL, image = ly->kind != NN_LAYER_DENSE;
    *info = (nn_layer_info){
        .in = ly->in, .out = ly->out, .w = ly->w, .b = ly->b, .gamma = ly->gamma, .beta = ly->beta,
        .kind = ly->kind, .in_shape = {ly->cs.c, ly->cs.h, ly->cs.w}, .out_shape = {ly->cs.oc, ly->cs.oh, ly->cs.ow},
        .kernel = image ? ly->cs.k : 0, .stride = image ? ly->cs.stride : 0, .pad = pooled ? 0 : ly->cs.pad,
        .mean = ly->mean, .var = ly->var,
    };
    return NN_OK;
}

nn_status nn_grad_norms(nn_model *m, float *dst, int n_layers) {
    if (!dst || n_layers != m->L)
        return ctx_fail(m->ctx, NN_ERR_ARG, "grad norms: need room for %d layers (got %d)", m->L, n_layers);
    memcpy(dst, m->gnorm, (size_t)m->L * sizeof *dst);
    return NN_OK;
}

nn_status nn_grad_stds(nn_model *m, float *dst, int n_layers) {
    if (!dst || n_layers != m->L)
        return ctx_fail(m->ctx, NN_ERR_ARG, "grad stds: need room for %d layers (got %d)", m->L, n_layers);
    memcpy(dst, m->gstd, (size_t)m->L * sizeof *dst);
    return NN_OK;
}

nn_status nn_model_trace(nn_model *m, int layer, nn_trace what, float *dst, size_t n) {
    if (layer < 0 || layer >= m->L)
        return ctx_fail(m->ctx, NN_ERR_ARG, "layer: must be in [0, %d] (got %d)", m->L - 1, layer);
    const struct layer *ly = &m->ly[layer];
    if (ly->kind != NN_LAYER_DENSE)
        return ctx_fail(m->ctx, NN_ERR_ARG, "trace: layer %d is not dense", layer);
    if ((unsigned)what > NN_TRACE_DELTA)
        return ctx_fail(m->ctx, NN_ERR_ARG, "trace: what must be z, a or delta (got %d)", (int)what);
    if (!m->trace_rows)
        return ctx_fail(m->ctx, NN_ERR_ARG, "trace: no training pass to read (train a step first)");
    const float *src = what == NN_TRACE_Z ? ly->z : what == NN_TRACE_A ? ly->a : ly->delta;
    size_t count = (size_t)m->trace_rows * ly->out;
    if (!m->trace_cols || layer == m->L - 1) return read_block(m, "trace", dst, n, src, count);
    nn_status st = check_count(m, "trace", dst, n, count);
    float edge[NARROW * COLS_ROWS];
    for (int r0 = 0; st == NN_OK && r0 < m->trace_rows; r0 += COLS_ROWS)  /* forward_cols' blocks */
        rows_out(dst + (size_t)r0 * ly->out, src + (size_t)r0 * ly->out, m->trace_rows - r0, ly->out, edge);
    return st;
}

nn_status nn_model_break_gradient(nn_model *m, int layer) {
    if (layer < -1 || layer >= m->L)
        return ctx_fail(m->ctx, NN_ERR_ARG, "break_gradient: layer must be in [-1, %d] (got %d)", m->L - 1, layer);
    if (layer >= 0 && !m->ly[layer].nw)
        return ctx_fail(m->ctx, NN_ERR_ARG, "break_gradient: layer %d has no weights", layer);
    m->broken = layer;
    return NN_OK;
}

int nn_model_broken_gradient(const nn_model *m) { return m->broken; }
int nn_model_trace_rows(const nn_model *m) { return m->trace_rows; }

/* ---- early stopping ---- */

nn_status nn_model_track_best(nn_model *m, float val_loss, int patience, int *stop) {
    if (!stop) return ctx_fail(m->ctx, NN_ERR_ARG, "stop is NULL");
    if (patience < 1) return ctx_fail(m->ctx, NN_ERR_ARG, "patience: must be >= 1 (got %d)", patience);
    /* NaN compares false, so a diverged epoch counts as no improvement. */
    if (m->best_epoch < 0 ? isfinite(val_loss) : val_loss < m->best_loss) {
        m->best_loss = val_loss;
        m->best_epoch = m->epochs_seen;
        m->since_best = 0;
        memcpy(m->best, m->params, m->P * sizeof(float));
        memcpy(m->best + m->P, m->state, m->S * sizeof(float));
    } else {
        m->since_best++;
    }
    m->epochs_seen++;
    *stop = m->since_best >= patience;
    return NN_OK;
}

nn_status nn_model_restore_best(nn_model *m) {
    if (m->best_epoch < 0)
        return ctx_fail(m->ctx, NN_ERR_ARG, "no best weights yet: call nn_model_track_best first");
    memcpy(m->params, m->best, m->P * sizeof(float));
    params_written(m);
    memcpy(m->state, m->best + m->P, m->S * sizeof(float));
    return NN_OK;
}

int nn_model_best_epoch(const nn_model *m) { return m->best_epoch; }

/* ---- training settings of a live model ---- */

nn_status nn_model_set_training(nn_model *m, const nn_spec *spec, int *fresh_optimizer) {
    if (!spec) return ctx_fail(m->ctx, NN_ERR_ARG, "spec is NULL");
    nn_status st = nn_spec_validate(m->ctx, spec);
    if (st != NN_OK) return st;
    int f = spec_structural_change(&m->spec, spec);
    if (f >= 0)
        return ctx_fail(m->ctx, NN_ERR_ARG, "%s: fixed when the model is built; create a new model "
                        "to change it", nn_spec_field_name(f));
    /* Structural fields decide the layout; checked again so a field the table forgot to mark
     * can never make the blocks disagree with the layers. */
    struct layer layers[NN_MAX_LAYERS];
    size_t P, S;
    layout(spec, layers, &P, &S);
    if (P != m->P || S != m->S)
        return ctx_fail(m->ctx, NN_ERR_ARG, "spec: changes the parameter layout (%zu parameters, the "
                        "model has %zu); create a new model", P, m->P);
    int fresh = spec->optim != m->spec.optim, moments = optim_moments(spec->optim);
    if (fresh && moments > optim_moments(m->spec.optim)) {
        /* The moments are the block's end: growing it keeps everything before them. */
        float *b = realloc(m->block, block_floats(m, moments) * sizeof(float));
        if (!b) return ctx_fail(m->ctx, NN_ERR_NOMEM, "out of memory for the moments of %s",
                                nn_optim_name(spec->optim));
        m->block = b;
    }
    if (fresh) {
        carve(m, moments);
        memset(m->best + P + S, 0, (size_t)moments * P * sizeof(float));
        m->opt_t = 0;
    }
    /* Dropout switched on or off changes the scratch buffers a batch needs: carve them anew. */
    for (int l = 0; l < m->L; l++)
        if (layers[l].drop != m->ly[l].drop) m->cap = 0;
    for (int l = 0; l < m->L; l++) m->ly[l].drop = layers[l].drop;
    m->spec = *spec;
    if (fresh_optimizer) *fresh_optimizer = fresh;
    ctx_clear(m->ctx);
    return NN_OK;
}
