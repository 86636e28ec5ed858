/* nn.h — the whole public API of nnplay's C core: multilayer perceptrons and convolutional
 * networks (2-D convolution, max and average pooling) with the classic activations, batch
 * normalization, dropout, the usual losses, optimizers and learning-rate schedules, a
 * gradient check, metrics, Rosenblatt's perceptron, the 2D toy data sets, and data sets
 * (files or arrays) that models train on straight from their rows.
 *
 * Conventions: row-major float32; the caller owns every data buffer; a batch of n samples
 * is x (n, inputs) and y (n, nn_model_target_width(m)). No global state: errors are kept
 * in an explicit context, randomness in the model. Nothing here exits or aborts.
 *
 *   nn_ctx *ctx = nn_ctx_create();
 *   nn_spec s;
 *   nn_spec_default(&s);                         // 2 inputs, 8 tanh, 1 sigmoid, BCE, SGD
 *   nn_spec_set(ctx, &s, "layers", "8,8,1");     // every field can be set by name,
 *   nn_spec_set(ctx, &s, "activations", "tanh,tanh,sigmoid");   // as the CLI and JS do
 *   nn_model *m;
 *   if (nn_model_create(ctx, &s, &m) != NN_OK) { puts(nn_last_error(ctx)); return 1; }
 *   float loss;
 *   for (int epoch = 0; epoch < 100; epoch++)
 *       nn_model_train_epoch(m, x, y, n, 10, &loss);   // x (n,2), y (n,1) in {0,1}
 *   nn_model_predict(m, x, n, out);                     // out (n,1): probabilities
 *   nn_model_free(m);
 *   nn_ctx_free(ctx);
 *
 * Or on a data set's rows, without float copies of it (an NNDS file, or arrays copied in by
 * nn_dataset_create); its features must match the spec's inputs:
 *   nn_dataset *ds;
 *   nn_dataset_open(ctx, buf, len, &ds);                // buf: the file, alive until freed
 *   nn_rows train = {ds, NN_SPLIT_TRAIN, 0, nn_dataset_rows(ds, NN_SPLIT_TRAIN), 0};
 *   nn_model_train_rows(m, &train, 64, INT_MAX, &loss, NULL);   // one epoch, batches of 64
 */
#ifndef NN_H
#define NN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- status and errors ------------------------------------------------------------- */

typedef enum {
    NN_OK = 0,
    NN_ERR_ARG,      /* a bad argument or spec field; the message names it and its value */
    NN_ERR_NOMEM,    /* an allocation failed; the object is unchanged */
    NN_ERR_FORMAT,   /* a model file or data set is truncated, corrupt or of another version */
    NN_ERR_DIVERGED  /* loss or gradient became NaN/Inf; the parameters were not updated */
} nn_status;

typedef struct nn_ctx nn_ctx;          /* holds the last error message; one per user/widget */

nn_ctx *nn_ctx_create(void);           /* NULL if out of memory */
void nn_ctx_free(nn_ctx *ctx);
/* The message of the last call that failed; read it when a call returned an error. */
const char *nn_last_error(const nn_ctx *ctx);
/* text as messages quote it, with nothing invisible: backslash, tab, CR and LF as \\ \t \r \n
 * (a "2" with a CR after it shows as 2\r); other control bytes, DEL, bytes that are not UTF-8
 * and invisible code points (no-break and zero-width spaces, the byte-order mark, C1
 * controls) as \xNN per byte; other UTF-8 as it is. Cut with "..." to fit cap (>= 4) bytes,
 * never within an escape or a character. Returns buf. */
const char *nn_quote(char *buf, size_t cap, const char *text);

/* ---- random numbers: PCG32 (O'Neill 2014), explicit state ---------------------------- */

typedef struct { uint64_t state, inc; } nn_rng;

void nn_rng_seed(nn_rng *r, uint64_t seed);
uint32_t nn_rng_u32(nn_rng *r);
float nn_rng_uniform(nn_rng *r);                /* [0, 1), 24 random bits */
float nn_rng_normal(nn_rng *r);                 /* N(0, 1), Box-Muller */
uint32_t nn_rng_below(nn_rng *r, uint32_t n);   /* uniform in [0, n), unbiased; 0 for n = 0 */
void nn_rng_shuffle(nn_rng *r, int *a, int n);  /* a uniformly random permutation (Fisher-Yates) */
/* The same shuffle applied to n rows of x (width floats each) and their labels y, in place. */
void nn_rng_shuffle_rows(nn_rng *r, float *x, int width, float *y, int n);

/* ---- the model spec ------------------------------------------------------------------ */

#define NN_MAX_LAYERS 16

typedef enum {
    NN_ACT_LINEAR,     /* f(x) = x */
    NN_ACT_SIGMOID,    /* f(x) = 1/(1+exp(-x)) */
    NN_ACT_TANH,       /* f(x) = tanh(x) */
    NN_ACT_RELU,       /* f(x) = max(0, x) */
    NN_ACT_LEAKY_RELU, /* f(x) = x > 0 ? x : slope*x */
    NN_ACT_SOFTMAX,    /* f(x)_i = exp(x_i) / sum_j exp(x_j), over a row */
    NN_ACT_COUNT
} nn_act;

typedef enum {
    NN_LOSS_MSE,        /* mean over batch and outputs of (y_hat - y)^2 */
    NN_LOSS_BCE,        /* binary cross-entropy from logits; output activation must be sigmoid */
    NN_LOSS_SOFTMAX_CE, /* cross-entropy from logits; output softmax; y holds class indices */
    NN_LOSS_COUNT
} nn_loss;

typedef enum {
    NN_OPT_SGD,      /* p -= lr*g; full batch, stochastic and mini-batch are batch sizes */
    NN_OPT_MOMENTUM, /* v = mu*v + g; p -= lr*v */
    NN_OPT_NESTEROV, /* v = mu*v + g; p -= lr*(g + mu*v) */
    NN_OPT_ADAGRAD,  /* s += g^2; p -= lr*g/(sqrt(s)+eps) */
    NN_OPT_RMSPROP,  /* s = rho*s + (1-rho)*g^2; p -= lr*g/(sqrt(s)+eps) */
    NN_OPT_ADAM,     /* Kingma & Ba 2015, bias-corrected moments */
    NN_OPT_ADAMW,    /* Adam with decoupled weight decay: p -= lr*wd*p (Loshchilov & Hutter) */
    NN_OPT_COUNT
} nn_optim;

typedef enum {
    NN_INIT_ZEROS,          /* all weights 0: shows the symmetry problem */
    NN_INIT_UNIFORM,        /* U(-init_scale, init_scale) */
    NN_INIT_NORMAL,         /* N(0, init_scale^2) */
    NN_INIT_XAVIER_UNIFORM, /* U(-a, a), a = sqrt(6/(in+out)) */
    NN_INIT_XAVIER_NORMAL,  /* N(0, 2/(in+out)) */
    NN_INIT_HE,             /* N(0, 2/in) (Kaiming, for ReLU) */
    NN_INIT_COUNT
} nn_init;                  /* biases start at 0, batch-norm scale at 1 and shift at 0 */

typedef enum {               /* t = optimizer steps taken, lr0 = spec.lr, T = decay_steps */
    NN_SCHED_CONSTANT,       /* lr0 */
    NN_SCHED_STEP,           /* lr0 * gamma^floor(t/T) */
    NN_SCHED_EXP,            /* lr0 * gamma^(t/T) */
    NN_SCHED_INV_TIME,       /* lr0 / (1 + gamma*t/T) */
    NN_SCHED_COSINE,         /* lr_min + (lr0-lr_min)*(1+cos(pi*min(t,T)/T))/2 */
    NN_SCHED_COUNT
} nn_sched;                  /* with warmup W > 0: lr0*(t+1)/W for t < W, then the schedule at t-W */

/* The kinds of layer. Images are NCHW: a sample of input_shape (C, H, W) is C·H·W floats,
 * channel by channel, row by row, as PyTorch lays it out; a dense layer after an image layer
 * reads it flattened in that order (PyTorch's nn.Flatten()), so there is no flatten layer. */
typedef enum {
    NN_LAYER_DENSE,     /* sizes[l] units: y = x·Wᵀ + b */
    NN_LAYER_CONV,      /* 2-D convolution, as Conv2d: sizes[l] output channels, kernel[l]² windows
                           every stride[l], pad[l] zeros around; out = (in + 2·pad - kernel)/stride + 1 */
    NN_LAYER_MAXPOOL,   /* the largest value of each kernel[l]² window every stride[l], per channel */
    NN_LAYER_AVGPOOL,   /* the mean of each window */
    NN_LAYER_COUNT
} nn_layer_kind;

/* Everything that defines a model and its training. Fill with nn_spec_default, then set
 * fields directly or by name with nn_spec_set; nn_model_create validates it all. */
typedef struct {
    int inputs;                    /* features per sample */
    int input_shape[3];            /* (C, H, W) of a sample, C·H·W = inputs, for image layers;
                                      0, 0, 0: a flat vector */
    int n_layers;                  /* layers, the output layer (dense) included */
    nn_layer_kind kinds[NN_MAX_LAYERS];  /* kind of each layer; 0 is NN_LAYER_DENSE */
    int sizes[NN_MAX_LAYERS];      /* units of a dense layer, output channels of a convolution
                                      (0 for pooling); sizes[n_layers-1] = outputs */
    int kernel[NN_MAX_LAYERS], stride[NN_MAX_LAYERS], pad[NN_MAX_LAYERS];  /* conv and pooling */
    nn_act acts[NN_MAX_LAYERS];    /* the activation of each layer that takes one, in order:
                                      dense and conv layers (pooling takes none) */
    int n_acts;                    /* names nn_spec_set gave "activations", 0 if never: then
                                      they must be nn_spec_act_layers(s), so the two may come in
                                      any order */
    float leaky_slope;             /* slope of leaky ReLU for x < 0 */
    int batchnorm;                 /* 1: batch norm between every hidden dense or conv layer and its
                                      activation (a conv layer's over its channels, as BatchNorm2d) */
    float bn_momentum;             /* running = (1-m)*running + m*batch */
    float dropout;                 /* inverted-dropout probability on the outputs of hidden dense
                                      and conv layers, after the activation, [0, 1) */
    nn_loss loss;
    nn_optim optim;
    float lr;                      /* learning rate lr0, > 0 */
    float momentum;                /* mu for Momentum and Nesterov */
    float beta1, beta2, eps;       /* Adam/AdamW moments; eps also for AdaGrad and RMSprop */
    float rho;                     /* RMSprop decay */
    float weight_decay;            /* AdamW decoupled decay, applied to every parameter */
    float l1, l2;                  /* penalties l1*sum|w| + l2/2*sum w^2 on weights (not biases) */
    float clip_norm;               /* clip the global gradient norm to this; 0 = off */
    nn_init init;
    float init_scale;              /* for NN_INIT_UNIFORM and NN_INIT_NORMAL */
    nn_sched sched;
    int decay_steps;               /* T of the schedule, >= 1 */
    float gamma;                   /* decay factor of step, exp and inverse-time schedules */
    float lr_min;                  /* floor of the cosine schedule */
    int warmup;                    /* linear warm-up steps, 0 = none */
    uint64_t seed;                 /* drives init, shuffling and dropout */
} nn_spec;

void nn_spec_default(nn_spec *s);

/* Set one field by its name, from text: "inputs" "input_shape" "layers" "activations"
 * "leaky_slope" "batchnorm" "bn_momentum" "dropout" "loss" "optimizer" "lr" "momentum" "beta1"
 * "beta2" "eps" "rho" "weight_decay" "l1" "l2" "clip_norm" "init" "init_scale" "schedule"
 * "decay_steps" "gamma" "lr_min" "warmup" "seed". Lists are comma-separated ("8,8,1",
 * "relu,relu,softmax"); enums take the names of nn_act_name() etc. A LeNet-like network on
 * MNIST: input_shape "1x28x28", layers "conv8k5,pool2,conv16k5,pool2,64,10" (conv<C>k<K>[s<S>]
 * [p<P>]: C channels, K×K kernel, stride S (1), padding P (0); pool<K>[s<S>] and
 * avgpool<K>[s<S>]: K×K windows, stride S (K); a number: dense units), activations
 * "relu,relu,relu,softmax" (one per conv and dense layer). Checks the value's syntax and
 * range, and that a float field's value is a normal float32 (not 0, a denormal or infinity
 * where the text asked for another number); cross-field rules (shapes, as many activations as
 * conv and dense layers, set in either order) are checked by nn_spec_validate, whose messages
 * name the layer: "layers[2]: conv16k5 needs an input of at least 5x5, got 4x4". */
nn_status nn_spec_set(nn_ctx *ctx, nn_spec *s, const char *key, const char *value);
nn_status nn_spec_validate(nn_ctx *ctx, const nn_spec *s);

/* Validates the spec and gives the sizes of the model it builds, without building it. */
nn_status nn_spec_counts(nn_ctx *ctx, const nn_spec *s, size_t *params, size_t *state);

/* Writes "key=value\n" for every field, in the order above, readable by nn_spec_set.
 * Returns the length it needs (without the NUL), like snprintf. */
size_t nn_spec_format(const nn_spec *s, char *buf, size_t cap);

/* The table of fields, for help texts and settings pages: i in [0, nn_spec_field_count()). */
int nn_spec_field_count(void);
const char *nn_spec_field_name(int i);
const char *nn_spec_field_help(int i);
int nn_spec_field_index(const char *name);   /* -1 if no field has that name */
/* Layers that take an activation (dense and conv): the length of the activations list. */
int nn_spec_act_layers(const nn_spec *s);

typedef enum {
    NN_FIELD_INT,    /* a whole number in [min, max] */
    NN_FIELD_FLOAT,  /* a number in [min, max], or (min, max] with min_open */
    NN_FIELD_SEED,   /* a whole number in [0, 2^64 - 1] (max is that as a double: 2^64) */
    NN_FIELD_SIZES,  /* a list of layers: dense units, a whole number in [min, max], or conv<C>k<K>
                        [s<S>][p<P>] (C channels in [min, max]), pool<K>[s<S>], avgpool<K>[s<S>] */
    NN_FIELD_ACTS,   /* a list of activation names, one per layer */
    NN_FIELD_ENUM,   /* one of n_values names */
    NN_FIELD_SHAPE   /* C×H×W as "1x28x28", each in [min, max]; "" for none */
} nn_field_kind;

typedef struct {
    const char *name, *help;
    nn_field_kind kind;
    double min, max;        /* the range nn_spec_set accepts (0, 0 for lists of names and enums) */
    int min_open;           /* 1: min itself is refused */
    int n_values;           /* enums and activations: the names nn_spec_field_value gives, else 0 */
    int when;               /* -1: the field always matters; else the index of the field that */
    uint32_t when_values;   /* decides: it matters when that field's value v (for activations:
                               any layer's) has bit v set here */
    int structural;         /* 1: the model's layout or initial weights follow from it, so it is
                               fixed for the model's life (nn_model_set_training refuses it) */
} nn_field_info;

/* Field i's row of the table; its default is nn_spec_default's value (nn_spec_format shows it). */
nn_status nn_spec_field_info(nn_ctx *ctx, int i, nn_field_info *info);
const char *nn_spec_field_value(int i, int v);   /* name of value v of an enum or activations field, or NULL */
/* 1 if field i affects a model of spec s (momentum only with momentum and nesterov, ...), else 0. */
int nn_spec_field_applies(const nn_spec *s, int i);

const char *nn_act_name(nn_act a);      /* "linear" "sigmoid" "tanh" "relu" "leaky_relu" "softmax" */
/* An elementwise activation (not softmax) and its derivative at n points, as the layers
 * compute them: y = f(x), dydx = f'(x) (from y, as backpropagation takes it; ReLU's at 0 is 0).
 * slope is leaky_relu's, in [0, 1]. Fails on softmax, a slope out of range or n < 0. */
nn_status nn_act_eval(nn_ctx *ctx, nn_act a, float slope, const float *x, int n, float *y, float *dydx);
const char *nn_loss_name(nn_loss l);    /* "mse" "bce" "softmax_ce" */
const char *nn_optim_name(nn_optim o);  /* "sgd" "momentum" "nesterov" "adagrad" "rmsprop" "adam" "adamw" */
const char *nn_init_name(nn_init i);    /* "zeros" "uniform" "normal" "xavier_uniform" "xavier_normal" "he" */
const char *nn_sched_name(nn_sched s);  /* "constant" "step" "exp" "inv_time" "cosine" */

/* The learning rate of the spec's schedule after t optimizer steps (t = 0 for the first), warm-up
 * included: what a model of the spec uses at step t (a page draws the schedule from it). */
float nn_sched_lr(const nn_spec *s, long t);

/* ---- model ------------------------------------------------------------------------- */

typedef struct nn_model nn_model;

/* Validates the spec, allocates and initializes from spec->seed. On failure *out = NULL. */
nn_status nn_model_create(nn_ctx *ctx, const nn_spec *spec, nn_model **out);
void nn_model_free(nn_model *m);
const nn_spec *nn_model_spec(const nn_model *m);
int nn_model_target_width(const nn_model *m);   /* 1 for softmax CE (a class index), else outputs */
long nn_model_steps(const nn_model *m);         /* optimizer steps taken */
float nn_model_lr(const nn_model *m);           /* learning rate the next step will use */

/* Changes the training settings of a live model to spec's, keeping its weights, its step count
 * (the schedule goes on from there) and the epoch under way: a spec that nn_spec_validate
 * refuses, or that differs in a structural field (nn_field_info), is refused and changes
 * nothing. The optimizer's state (moments, Adam's step count) is kept, unless the optimizer
 * changed: then it starts afresh and *fresh_optimizer = 1 (may be NULL). */
nn_status nn_model_set_training(nn_model *m, const nn_spec *spec, int *fresh_optimizer);

/* ---- training ------------------------------------------------------------------------ */

/* One forward, backward and update on the batch x (n, inputs), y (n, target width), in
 * training mode (batch statistics, dropout). *loss = the batch's data loss before the update
 * (may be NULL). NN_ERR_DIVERGED leaves the parameters as they were. */
nn_status nn_model_train_step(nn_model *m, const float *x, const float *y, int n, float *loss);

/* One pass over the data in mini-batches of `batch` (<= 0 or >= n: full batch), shuffled by
 * the model's RNG; *mean_loss = mean of the batch losses (may be NULL). With batch norm,
 * batches need 2 samples or more (a last batch of one joins the one before it). A step that
 * overflows the parameters without a NaN loss is reported by the step after it. */
nn_status nn_model_train_epoch(nn_model *m, const float *x, const float *y, int n, int batch,
                               float *mean_loss);

/* The same epoch in pieces, for progress shown within it: up to max_steps mini-batch steps,
 * carrying on the epoch under way (a new one, reshuffled, when the last ended or n or batch
 * changed); *epoch_done = 1 when this call ended the epoch (may be NULL); *mean_loss = mean
 * of this call's batch losses. Rows are checked as they are drawn, so a bad row stops the
 * epoch where it is met. nn_model_train_epoch drops any epoch under way and runs a whole one. */
nn_status nn_model_train_steps(nn_model *m, const float *x, const float *y, int n, int batch,
                               int max_steps, float *mean_loss, int *epoch_done);

/* The optimizer steps of one epoch of n rows in batches of `batch`, as training counts them
 * (a last batch of one joins the one before it with batch norm); 0 for n < 1. */
int nn_epoch_steps(const nn_spec *s, int n, int batch);

/* ---- inference and evaluation -------------------------------------------------------- */

/* out (n, outputs) after the output activation, in inference mode (running statistics, no dropout). */
nn_status nn_model_predict(nn_model *m, const float *x, int n, float *out);

/* out (n, values of the layer's output): the outputs of layer `layer` after its batch norm and
 * activation, in inference mode; a conv or pooling layer's are (n, C, H, W), its feature maps
 * (shapes in nn_layer_info). The page draws one heat map per neuron or channel from these. */
nn_status nn_model_activations(nn_model *m, const float *x, int n, int layer, float *out);

/* std_out[l] (n_layers = the model's layers): the standard deviation of layer l's outputs over
 * all its values and the n samples, in inference mode; how a signal grows or fades through the
 * layers from an initialization. Fails, changing nothing, as nn_model_activations does. */
nn_status nn_model_activation_std(nn_model *m, const float *x, int n, float *std_out, int n_layers);

typedef struct {
    float loss;       /* data loss, as in training but in inference mode */
    float accuracy;   /* classification losses, and MSE where every target is 0 or 1 (an output
                         >= 0.5 counts as 1); else NaN */
    float r2;         /* MSE; NaN for classification losses */
} nn_eval;

nn_status nn_model_evaluate(nn_model *m, const float *x, const float *y, int n, nn_eval *ev);

/* ---- parameters ------------------------------------------------------------------------
 * One flat block, per layer l in order (pooling has none): W_l, then b_l for a layer without
 * batch norm, or gamma_l, beta_l for a hidden layer with it: batch norm subtracts the batch
 * mean, so a bias ahead of it would change no output and get no gradient (PyTorch's
 * Linear(bias=False) before BatchNorm1d, Conv2d(bias=False) before BatchNorm2d). A dense
 * layer's W_l is (sizes[l], in_l) row-major and b_l, gamma_l, beta_l have sizes[l] values; a
 * convolution's W_l is (out_c, in_c, k, k) row-major, PyTorch's Conv2d layout, and b_l,
 * gamma_l, beta_l have out_c = sizes[l] values (one per channel). Gradients share this layout. "State" is batch norm's running mean and variance, per hidden layer with it:
 * mean_l, var_l (one per unit or channel); it is saved with the model but not trained by
 * gradients. nn_layer_info gives every offset. */

size_t nn_params_count(const nn_model *m);
nn_status nn_params_read(nn_model *m, float *dst, size_t n);        /* n must equal the count */
nn_status nn_params_write(nn_model *m, const float *src, size_t n); /* refuses non-finite values */
nn_status nn_grads_read(nn_model *m, float *dst, size_t n);         /* the last step's (after clipping) or gradcheck's */
size_t nn_state_count(const nn_model *m);
nn_status nn_state_read(nn_model *m, float *dst, size_t n);
nn_status nn_state_write(nn_model *m, const float *src, size_t n);

typedef struct {
    int in, out;            /* values per sample read and written; a dense layer's W is (out, in) */
    size_t w, b;            /* offsets of W and b in the parameter block; SIZE_MAX without (pooling;
                               b with batch norm) */
    size_t gamma, beta;     /* offsets of batch norm's scale and shift; SIZE_MAX without */
    nn_layer_kind kind;
    int in_shape[3], out_shape[3];   /* (C, H, W) read and written; a flat vector of n is (n, 1, 1);
                                        a dense layer after an image layer reads that image flattened */
    int kernel, stride, pad;         /* conv and pooling (0 for dense); a conv W is
                                        (out_shape[0], in_shape[0], kernel, kernel) */
    size_t mean, var;       /* offsets of batch norm's running statistics in the state; SIZE_MAX without */
} nn_layer_info;

nn_status nn_layer_info_get(nn_model *m, int layer, nn_layer_info *info);

/* dst[l] = L2 norm of layer l's weight gradient from the last step (vanishing gradients); 0 for
 * pooling. */
nn_status nn_grad_norms(nn_model *m, float *dst, int n_layers);

/* dst[l] = population standard deviation of the entries of layer l's weight gradient from the
 * last step, sqrt(mean(g²) − mean(g)²); 0 for pooling and before any step. Beside the norm, it
 * does not grow with the layer's width, so layers of different sizes compare. */
nn_status nn_grad_stds(nn_model *m, float *dst, int n_layers);

/* The values of the last training-mode pass on a batch of n rows (a step of nn_model_train_step,
 * _epoch, _steps or _rows), of dense layer `layer`, (n, out):
 * NN_TRACE_Z the weighted sums z = x·Wᵀ + b (before batch norm), NN_TRACE_A the activations
 * a = f(z) (before dropout), NN_TRACE_DELTA the backpropagated delta = d loss / d z of the batch's
 * mean loss (for the output layer with bce or softmax_ce: a - y over n). A step's z, a and delta
 * are those of the parameters before its update. count must be n * out; an inference call
 * (predict, evaluate, activations) replaces the values, and then this refuses until the next step. */
typedef enum { NN_TRACE_Z, NN_TRACE_A, NN_TRACE_DELTA } nn_trace;
nn_status nn_model_trace(nn_model *m, int layer, nn_trace what, float *dst, size_t count);
int nn_model_trace_rows(const nn_model *m);   /* n of the pass nn_model_trace reads, 0 if none */

/* For teaching gradient checks only: from now on backpropagation negates the weight and bias
 * gradients of layer `layer` (after the layers below took its true delta), so training and
 * nn_gradcheck see a wrong gradient there; -1 repairs it. A setting of this model alone, not
 * saved with it; a layer without weights is refused. */
nn_status nn_model_break_gradient(nn_model *m, int layer);
int nn_model_broken_gradient(const nn_model *m);   /* the broken layer, -1 if none */

/* ---- early stopping -------------------------------------------------------------------- */

/* Call once per epoch with the validation loss: keeps a copy of the best parameters seen;
 * *stop = 1 once `patience` calls in a row brought no improvement. */
nn_status nn_model_track_best(nn_model *m, float val_loss, int patience, int *stop);
nn_status nn_model_restore_best(nn_model *m);   /* back to the best copy; error if none */
int nn_model_best_epoch(const nn_model *m);     /* 0-based call index of the best, -1 if none */

/* ---- gradient check ---------------------------------------------------------------------
 * Central differences (f(p+eps) - f(p-eps)) / 2eps, in double over float32 forward passes,
 * against backpropagation, on the batch x, y in training mode: batch statistics are recomputed
 * by every pass (their gradient is part of backprop), one dropout mask is drawn and held fixed,
 * running statistics are not touched. The objective includes the L1/L2 penalties.
 * *max_rel_err = max over checked parameters of |num - ana| / max(|num| + |ana|, 1e-2); the
 * floor keeps float32 round-off on near-zero gradients (about 1e-7*|f|/eps) from dominating.
 * max_checked = 0 checks every parameter, else that many spread evenly over the block.
 * Parameters, the optimizer state and the RNG are left unchanged; the gradient block then
 * holds the gradient of this batch. */
nn_status nn_gradcheck(nn_model *m, const float *x, const float *y, int n, float eps,
                       int max_checked, float *max_rel_err);

/* The same check parameter by parameter, for a page that shows it: numeric[i] = the central
 * difference of parameter i and rel_err[i] its relative error against backpropagation (as
 * above), for all count = nn_params_count(m) parameters; rel_err may be NULL. Backpropagation's
 * gradients are then in the gradient block (nn_grads_read). */
nn_status nn_gradcheck_numeric(nn_model *m, const float *x, const float *y, int n, float eps,
                               float *numeric, float *rel_err, size_t count);

/* ---- save and load ----------------------------------------------------------------------
 * A versioned little-endian binary format, documented in csrc/io.c: the spec as text, the
 * parameters and the batch-norm state, each section sized, with a CRC-32 over the whole. */

size_t nn_model_save_size(const nn_model *m);
nn_status nn_model_save(nn_model *m, void *buf, size_t cap);
nn_status nn_model_load(nn_ctx *ctx, const void *buf, size_t len, nn_model **out);

/* ---- metrics ------------------------------------------------------------------------------ */

typedef struct {
    float accuracy;
    float precision, recall, f1;   /* binary: of class 1; multiclass: macro averages over the
                                      classes where each is defined (NaN if none);
                                      f1 = 2TP/(2TP+FP+FN) */
    float auc;                     /* ROC AUC, binary only (NaN otherwise or with one class) */
} nn_cls_metrics;

/* prob (n, k): k = 1 is the probability of class 1 (p >= 0.5 counts as 1) with y in {0, 1}; k >= 2
 * is a distribution over classes with y a class index. confusion (K, K) with K = max(k, 2),
 * rows true class, columns predicted; may be NULL. */
nn_status nn_metrics_classify(nn_ctx *ctx, const float *prob, const float *y, int n, int k,
                              nn_cls_metrics *out, int *confusion);

typedef struct {
    int positives, negatives;      /* rows with y = 1, y = 0 */
    float auc;                     /* ROC AUC, exact over all scores, ties counted 1/2; NaN
                                      unless both classes are present */
    float ap;                      /* average precision: over the distinct scores, highest first,
                                      the sum of recall step * precision (a tie is one step);
                                      NaN without positives */
} nn_curve;

/* The counts behind ROC and precision-recall curves of binary scores (n) against y in {0, 1}:
 * at thresholds[i] = i/(points-1), i < points (points >= 2), tp[i] and fp[i] count the
 * positives and negatives with score >= thresholds[i] (fn = positives - tp, tn = negatives - fp). */
nn_status nn_metrics_curve(nn_ctx *ctx, const float *score, const float *y, int n, int points,
                           float *thresholds, int *tp, int *fp, nn_curve *out);

/* The misclassified rows of prob (n, k), classes read as nn_metrics_classify reads them, the
 * most confident first: by the probability of the predicted class (k = 1: p or 1 - p), then by
 * row. rows[i] and pred[i] for i < *count = min(max, mistakes); rows and pred hold max ints. */
nn_status nn_metrics_mistakes(nn_ctx *ctx, const float *prob, const float *y, int n, int k, int max,
                              int *rows, int *pred, int *count);

typedef struct { float mse, mae, r2; } nn_reg_metrics;

/* pred and y (n, d), all outputs pooled; r2 = 1 - SS_res/SS_tot per output, averaged over
 * the outputs whose target is not constant (NaN if none is). */
nn_status nn_metrics_regress(nn_ctx *ctx, const float *pred, const float *y, int n, int d,
                             nn_reg_metrics *out);

/* ---- the classic perceptron -------------------------------------------------------------------
 * Rosenblatt's unit: out = step(w·x + b), trained by the perceptron rule w += lr*(y - out)*x,
 * not by gradient descent. w has d+1 entries (bias last). */

/* At most this many epochs per call of nn_perceptron_train, so one call never blocks a page for
 * seconds; call again with the returned w to go on. */
#define NN_PERCEPTRON_MAX_EPOCHS 10000

/* Up to max_epochs passes over x (n, d), y (n) in {0, 1} in order, continuing from w (in and
 * out: zeros start afresh; k calls of 1 epoch are 1 call of k), stopping after an epoch without
 * a mistake (*converged = 1). *epochs = epochs run, *updates = weight updates (mistakes) made. */
nn_status nn_perceptron_train(nn_ctx *ctx, const float *x, const float *y, int n, int d,
                              int max_epochs, float lr, float *w, int *epochs, int *converged,
                              int64_t *updates);
void nn_perceptron_predict(const float *w, int d, const float *x, int n, float *out);

/* ---- 2D toy data sets ----------------------------------------------------------------------
 * Points in [-6, 6]^2 as in TensorFlow Playground. Labels: {0, 1} for the binary sets, a class
 * index for multiclass, a value in [-1, 1] for the regression sets. The curve is the one 1-D
 * set: its x2 is 0, its label y = 0.5 sin(1.5 x1) + 0.4 cos(0.6 x1) + noise/2 * U(-1, 1). */

typedef enum {
    NN_TOY_CIRCLE, NN_TOY_XOR, NN_TOY_GAUSS, NN_TOY_SPIRAL, NN_TOY_MOONS,
    NN_TOY_MULTICLASS,              /* `classes` Gaussian blobs on a ring, 3..5 classes */
    NN_TOY_PLANE, NN_TOY_MULTIGAUSS,/* regression */
    NN_TOY_CURVE,                   /* regression of x1 alone, x2 = 0: a 1-D curve */
    NN_TOY_COUNT
} nn_toy;

const char *nn_toy_name(nn_toy t);  /* "circle" "xor" "gauss" "spiral" "moons" "multiclass" "plane" "multigauss" "curve" */
nn_status nn_toy_parse(nn_ctx *ctx, const char *name, nn_toy *out);
int nn_toy_classes(nn_toy t, int classes);   /* 2, `classes` for multiclass, 0 for regression */

/* x (n, 2), y (n). noise in [0, 1] scales the set's own jitter. */
nn_status nn_toy_generate(nn_ctx *ctx, nn_toy t, int n, float noise, int classes, uint64_t seed,
                          float *x, float *y);

/* The features the playground feeds its network, out (n, d) from points xy (n, 2) = (x1, x2):
 * names[j] is one of "x1" "x2" "x1sq" (x1²) "x2sq" (x2²) "x1x2" (x1·x2) "sinx1" (sin x1) "sinx2". */
nn_status nn_toy_features(nn_ctx *ctx, const float *xy, int n, const char *const *names, int d,
                          float *out);

/* ---- data sets -----------------------------------------------------------------------------
 * The NNDS files `make datasets` builds into datasets/out/ (MNIST, Ames, Sacramento, churn,
 * iris, wine, breast cancer; the format is specified in docs/datasets.md): a fixed train/test
 * split, training rows first; categorical columns already one-hot encoded, numeric columns and
 * regression targets standardized with training statistics, which the file keeps. A set built
 * in memory from float arrays (the toy sets, a user's CSV) is the same type with the same
 * accessors; models train, evaluate and predict on either straight from its rows. */

typedef struct nn_dataset nn_dataset;

typedef enum { NN_TASK_CLASSIFY, NN_TASK_REGRESS } nn_task;
typedef enum { NN_SPLIT_TRAIN, NN_SPLIT_TEST } nn_split;

/* Checks every header field against the others and the length, every name, statistic, label
 * and float value, then keeps a view of buf: buf must stay alive and unchanged until
 * nn_dataset_free. A bad file is NN_ERR_FORMAT with a message naming the field, the expected
 * and the actual value. On failure *out = NULL. */
nn_status nn_dataset_open(nn_ctx *ctx, const void *buf, size_t len, nn_dataset **out);

typedef struct {
    const char *name;              /* NULL: "data" */
    int n_train, n_test, features;
    int classes;                   /* >= 2: classification, y holds class indices; 0: regression */
    int targets;                   /* values per row of y: 1 for classification */
    const float *x;                /* (n_train + n_test, features), training rows first */
    const float *y;                /* (n_train + n_test, targets) */
    const char *const *feature_names;  /* `features` names, or NULL for "x0", "x1", ... */
    const char *const *class_names;    /* `classes` names, or NULL for "0", "1", ... */
    const char *const *target_names;   /* `targets` names, or NULL for "y0", "y1", ... */
    const float *stats;            /* (features + regression targets) pairs of mean, std as a
                                      file keeps them, or NULL for 0, 1 (the values are raw) */
} nn_dataset_desc;

/* A data set of copies of desc's arrays and names, freed by nn_dataset_free. Counts, values and
 * names meet a file's rules (finite values, class indices in range, std > 0, non-empty names),
 * each refused as NN_ERR_ARG with the message open would give. On failure *out = NULL. */
nn_status nn_dataset_create(nn_ctx *ctx, const nn_dataset_desc *desc, nn_dataset **out);
void nn_dataset_free(nn_dataset *ds);

const char *nn_dataset_name(const nn_dataset *ds);       /* "mnist", "ames", "churn", ... */
nn_task nn_dataset_task(const nn_dataset *ds);
int nn_dataset_rows(const nn_dataset *ds, nn_split split);
int nn_dataset_features(const nn_dataset *ds);
int nn_dataset_classes(const nn_dataset *ds);   /* classification: >= 2; regression: 0 */
int nn_dataset_targets(const nn_dataset *ds);   /* regression: target columns (Ames: price, ln price); classification: 1 */
int nn_dataset_u8(const nn_dataset *ds);        /* 1: features stored as bytes, read as byte/255 (MNIST) */

/* Names, or NULL when i is out of range: "Lot_Area", "MS_Zoning=C_all", "px_3_14"; "No", "Yes";
 * "Sale_Price", "log_Sale_Price". */
const char *nn_dataset_feature_name(const nn_dataset *ds, int i);
const char *nn_dataset_class_name(const nn_dataset *ds, int i);
const char *nn_dataset_target_name(const nn_dataset *ds, int i);

/* The training statistics of feature or target i: raw value = stored * std + mean (one-hot
 * columns: mean 0, std 1; MNIST pixels: 0, 255). Targets exist for regression only. */
nn_status nn_dataset_feature_stats(const nn_dataset *ds, int i, float *mean, float *std);
nn_status nn_dataset_target_stats(const nn_dataset *ds, int i, float *mean, float *std);

/* Rows [first, first+n) of a split: x (n, features) as floats (MNIST: byte/255 in [0, 1]);
 * y (n): the class index, or target column `target` as stored, standardized (classification:
 * target 0). Either of x and y may be NULL. Errors go to the context given to open. */
nn_status nn_dataset_read(const nn_dataset *ds, nn_split split, int first, int n, int target,
                          float *x, float *y);
/* The stored bytes of those rows, x (n, features), for a set whose features are bytes. */
nn_status nn_dataset_read_u8(const nn_dataset *ds, nn_split split, int first, int n, unsigned char *x);

/* Models on a data set's rows, without float copies of the set: each batch is gathered from
 * the stored rows (bytes scaled as nn_dataset_read scales them) into the model's buffers. The
 * set's features must equal the model's inputs, and the model must take one target per row
 * (a class index, or one regression output). Errors go to the model's context; a bad target
 * is named y[row], row counted in the split. */
typedef struct {
    const nn_dataset *ds;
    nn_split split;
    int first, n;     /* rows [first, first+n) of the split */
    int target;       /* the column of y a regression learns; 0 for classification */
} nn_rows;

/* nn_model_train_steps on the rows: shuffled by the model's RNG, the epoch under way carried
 * across calls until the rows or the batch change; max_steps = INT_MAX runs it to its end.
 * The same seed and rows give bit for bit the parameters the same rows as float arrays give. */
nn_status nn_model_train_rows(nn_model *m, const nn_rows *rows, int batch, int max_steps,
                              float *mean_loss, int *epoch_done);
nn_status nn_model_evaluate_rows(nn_model *m, const nn_rows *rows, nn_eval *ev);
nn_status nn_model_predict_rows(nn_model *m, const nn_rows *rows, float *out);   /* out (n, outputs) */

#ifdef __cplusplus
}
#endif
#endif
