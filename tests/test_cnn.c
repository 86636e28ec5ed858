/* test_cnn.c — convolutional networks through the public API: the layers syntax and its
 * refusals, the shapes and the parameter layout (PyTorch's), a convolution computed by hand,
 * the gradient check of every image layer alone and in stacks, and a small CNN learning to
 * tell horizontal from vertical bars. */
#include <stdlib.h>

#include "nn.h"
#include "t.h"
#include "t_model.h"

static nn_ctx *ctx;

/* What nn_spec_format writes for `field` after setting it to `text`. */
static void round_trip(const char *field, const char *text, const char *want) {
    nn_spec s;
    nn_spec_default(&s);
    char buf[2048], line[128];
    t_ok(nn_spec_set(ctx, &s, field, text) == NN_OK, "%s=%s: %s", field, text, nn_last_error(ctx));
    nn_spec_format(&s, buf, sizeof buf);
    snprintf(line, sizeof line, "\n%s=%s\n", field, want);
    t_ok(strstr(buf, line) != NULL, "%s=%s formats as '%s'", field, text, want);
}

static void test_syntax(void) {
    round_trip("layers", "conv8k5,pool2,conv16k5,pool2,64,10", "conv8k5,pool2,conv16k5,pool2,64,10");
    round_trip("layers", "conv4k3s1p1, conv6k3s2p0,pool3s2,avgpool2s2,avgpool2s1,5",
               "conv4k3p1,conv6k3s2,pool3s2,avgpool2,avgpool2s1,5");
    round_trip("input_shape", "3x32x32", "3x32x32");
    round_trip("input_shape", "", "");
    nn_spec s;
    nn_spec_default(&s);
    t_ok(nn_spec_set(ctx, &s, "layers", "conv8k5s2p1,avgpool3,10") == NN_OK, "set");
    t_ok(s.n_layers == 3 && s.kinds[0] == NN_LAYER_CONV && s.sizes[0] == 8 && s.kernel[0] == 5 &&
         s.stride[0] == 2 && s.pad[0] == 1 && s.kinds[1] == NN_LAYER_AVGPOOL && s.kernel[1] == 3 &&
         s.stride[1] == 3 && s.sizes[1] == 0 && s.kinds[2] == NN_LAYER_DENSE && s.sizes[2] == 10,
         "conv8k5s2p1,avgpool3,10 parsed");
    t_ok(nn_spec_act_layers(&s) == 2, "two layers take an activation");
    t_ok(nn_spec_set(ctx, &s, "activations", "relu,softmax") == NN_OK, "one per conv and dense layer");
    static const char *const bad[][2] = {
        {"conv8", "layers[0]: not a layer: 'conv8'"},       {"conv8k", "not a layer: 'conv8k'"},
        {"convk5", "not a layer: 'convk5'"},                {"conv8k5q1", "not a layer"},
        {"conv8k5p1s2", "not a layer"},                     {"pool", "not a layer: 'pool'"},
        {"pool2p1", "not a layer: 'pool2p1'"},              {"8,maxpool2", "layers[1]: not a number: 'maxpool2'"},
        {"conv0k3", "layers[0]: must be in [1, 100000] (got 0)"}, {"conv8k0", "kernel and stride must be in [1, 64]"},
        {"pool65", "kernel and stride must be in [1, 64]"}, {"conv8k3s0", "kernel and stride"},
        {"conv-8k3", "not a layer"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        t_expect_err(nn_spec_set(ctx, &s, "layers", bad[i][0]), NN_ERR_ARG, ctx, bad[i][1]);
    static const char *const bad_shape[][2] = {
        {"28x28", "input_shape: not CxHxW: '28x28'"}, {"1x28x28x1", "not CxHxW"}, {"1x0x28", "must be in [1, 100000] (got 0)"},
        {"1 x28x28", "not CxHxW"},                     {"ax28x28", "not CxHxW"},
    };
    for (size_t i = 0; i < sizeof bad_shape / sizeof *bad_shape; i++)
        t_expect_err(nn_spec_set(ctx, &s, "input_shape", bad_shape[i][0]), NN_ERR_ARG, ctx, bad_shape[i][1]);
    t_ok(s.n_layers == 3 && s.kinds[0] == NN_LAYER_CONV && s.input_shape[0] == 0, "a refusal changes nothing");
}

/* Specs nn_spec_validate refuses, each message naming the layer and the numbers. */
static void test_validate(void) {
    static const char *const cases[][4] = {
        /* input_shape, layers, activations, message */
        {"1x28x28", "conv8k5,pool2,conv16k5,pool2,conv16k5,10", "relu,relu,relu,softmax",
         "layers[4]: conv16k5 needs an input of at least 5x5, got 4x4"},
        {"1x6x6", "conv2k5,conv2k5p1,2", "relu,relu,softmax",
         "layers[1]: conv2k5p1 needs an input of at least 3x3 (with padding 1), got 2x2"},
        {"1x6x6", "pool7,2", "softmax", "layers[0]: pool7 needs an input of at least 7x7, got 6x6"},
        {"", "conv8k5,10", "relu,softmax", "layers[0]: conv8k5 needs an image input: set input_shape"},
        {"1x6x6", "8,conv8k3,10", "relu,relu,softmax", "layers[1]: conv8k3 needs an image input, but layers[0] is dense"},
        {"1x6x6", "conv8k3,pool2", "softmax", "layers[1]: the output layer must be dense (got pool2)"},
        {"1x6x6", "conv8k3p3,10", "relu,softmax", "layers[0]: conv8k3p3: padding must be less than the kernel"},
        {"1x5x6", "conv8k3,10", "relu,softmax", "input_shape: 1x5x6 is 30 values, but inputs is 36"},
        {"1x6x6", "conv8k3,10", "softmax,softmax", "activations[0]: softmax is only allowed on the output layer"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        nn_spec s;
        nn_spec_default(&s);
        nn_model *m = NULL;
        int ok = nn_spec_set(ctx, &s, "inputs", "36") == NN_OK && nn_spec_set(ctx, &s, "loss", "softmax_ce") == NN_OK &&
                 nn_spec_set(ctx, &s, "input_shape", cases[i][0]) == NN_OK &&
                 nn_spec_set(ctx, &s, "layers", cases[i][1]) == NN_OK &&
                 nn_spec_set(ctx, &s, "activations", cases[i][2]) == NN_OK;
        t_ok(ok, "case %zu: set: %s", i, nn_last_error(ctx));
        if (i == 0) s.inputs = 784;
        t_expect_err(nn_model_create(ctx, &s, &m), NN_ERR_ARG, ctx, cases[i][3]);
        t_ok(m == NULL, "no model");
    }
}

/* LeNet-like on MNIST: shapes and offsets as nn.h documents them, in PyTorch's order. */
static void test_layout(void) {
    nn_model *m = MODEL("inputs", "784", "input_shape", "1x28x28", "layers", "conv8k5,pool2,conv16k5,pool2,64,10",
                        "activations", "relu,relu,relu,softmax", "loss", "softmax_ce");
    t_ok(m != NULL, "model");
    if (!m) return;
    static const int want[6][8] = {
        /* kind, out C, H, W, in, out, params of the layer, kernel */
        {NN_LAYER_CONV, 8, 24, 24, 784, 4608, 8 * 25 + 8, 5}, {NN_LAYER_MAXPOOL, 8, 12, 12, 4608, 1152, 0, 2},
        {NN_LAYER_CONV, 16, 8, 8, 1152, 1024, 16 * 8 * 25 + 16, 5}, {NN_LAYER_MAXPOOL, 16, 4, 4, 1024, 256, 0, 2},
        {NN_LAYER_DENSE, 64, 1, 1, 256, 64, 256 * 64 + 64, 0}, {NN_LAYER_DENSE, 10, 1, 1, 64, 10, 650, 0},
    };
    size_t at = 0;
    for (int l = 0; l < 6; l++) {
        nn_layer_info li;
        t_ok(nn_layer_info_get(m, l, &li) == NN_OK, "info %d", l);
        const int *w = want[l];
        t_ok((int)li.kind == w[0] && li.out_shape[0] == w[1] && li.out_shape[1] == w[2] && li.out_shape[2] == w[3] &&
             li.in == w[4] && li.out == w[5] && li.kernel == w[7], "layer %d: kind %d, out %dx%dx%d, in %d out %d k %d",
             l, li.kind, li.out_shape[0], li.out_shape[1], li.out_shape[2], li.in, li.out, li.kernel);
        if (w[6]) {
            t_ok(li.w == at && li.b == at + (size_t)w[6] - (size_t)w[1], "layer %d: W at %zu, b at %zu", l, li.w, li.b);
            at += (size_t)w[6];
        } else {
            t_ok(li.w == SIZE_MAX && li.b == SIZE_MAX && li.gamma == SIZE_MAX, "pooling has no parameters");
        }
    }
    nn_layer_info li;
    nn_layer_info_get(m, 2, &li);
    t_ok(li.in_shape[0] == 8 && li.in_shape[1] == 12 && li.in_shape[2] == 12 && li.stride == 1 && li.pad == 0,
         "conv 2 reads 8x12x12");
    t_ok(nn_params_count(m) == at && at == 20522, "%zu parameters, want 20522", nn_params_count(m));
    nn_model_free(m);
    /* With batch norm: a conv has W, gamma, beta (no bias) and per-channel running statistics. */
    m = MODEL("inputs", "36", "input_shape", "1x6x6", "layers", "conv3k3,4", "activations", "relu,linear",
              "loss", "mse", "batchnorm", "1");
    t_ok(m && nn_params_count(m) == 27 + 3 + 3 + 4 * 48 + 4 && nn_state_count(m) == 6, "conv+bn counts");
    if (m) nn_layer_info_get(m, 0, &li);
    t_ok(m && li.w == 0 && li.b == SIZE_MAX && li.gamma == 27 && li.beta == 30 && li.mean == 0 && li.var == 3,
         "conv+bn offsets");
    nn_model_free(m);
}

/* One convolution, worked by hand. x (1, 3, 3) = 1..9 (row-major); w (2, 1, 2, 2) as PyTorch's
 * Conv2d(1, 2, 2): channel 0 = [[1, 2], [3, 4]], channel 1 = [[0, -1], [1, 0]]; biases 0.5, -1.
 * Channel 0 at (0, 0): 1·1 + 2·2 + 3·4 + 4·5 + 0.5 = 37.5, then 47.5, 67.5, 77.5;
 * channel 1: -2 + 4 - 1 = 1, then 1, 1, 1. With stride 2 and padding 1 the windows are
 * rows/cols {-1, 0}, {1, 2}: (0,0) reads only x[0][0] = 1 under w[1][1]: 4·1 + 0.5 = 4.5. */
static void test_hand_computed(void) {
    float x[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9}, p[8 + 2 + 9 * 1 + 1], out[8];
    float w[8] = {1, 2, 3, 4, 0, -1, 1, 0}, b[2] = {0.5f, -1};
    nn_model *m = MODEL("inputs", "9", "input_shape", "1x3x3", "layers", "conv2k2,1", "activations", "linear,linear",
                        "loss", "mse");
    t_ok(m && nn_params_count(m) == 8 + 2 + 8 + 1, "params");
    if (!m) return;
    memset(p, 0, sizeof p);
    memcpy(p, w, sizeof w), memcpy(p + 8, b, sizeof b);
    nn_params_write(m, p, 19);
    t_ok(nn_model_activations(m, x, 1, 0, out) == NN_OK, "activations");
    const float want[8] = {37.5f, 47.5f, 67.5f, 77.5f, 1, 1, 1, 1};
    for (int i = 0; i < 8; i++) t_near(out[i], want[i], 1e-6);
    nn_model_free(m);
    m = MODEL("inputs", "9", "input_shape", "1x3x3", "layers", "conv2k2s2p1,1", "activations", "linear,linear",
              "loss", "mse");
    if (!m) return;
    nn_params_write(m, p, 19);
    nn_model_activations(m, x, 1, 0, out);
    /* (0,1): rows {-1, 0}, cols {1, 2}: w[1][0]·x[0][1] + w[1][1]·x[0][2] = 3·2 + 4·3 + 0.5 = 18.5;
     * (1,0): rows {1, 2}, cols {-1, 0}: w[0][1]·x[1][0] + w[1][1]·x[2][0] = 2·4 + 4·7 + 0.5 = 36.5;
     * (1,1): rows {1, 2}, cols {1, 2}: 1·5 + 2·6 + 3·8 + 4·9 + 0.5 = 77.5. */
    t_near(out[0], 4.5, 1e-6);
    t_near(out[1], 18.5, 1e-6);
    t_near(out[2], 36.5, 1e-6);
    t_near(out[3], 77.5, 1e-6);
    nn_model_free(m);
}

/* Every image layer's gradient, alone and in stacks, through nn_gradcheck (test_model.c's
 * check, tolerance and reasons); tanh has no kink. Max pooling has one wherever two values of a
 * window swap places, and a step of a weight that several inputs of a window share can swap
 * them (measured: 3e-1 with a 3×3 conv ahead, falling with eps as kinks do). So the layer ahead
 * of a max pool is a 1×1 conv of one input channel: each output channel is a monotone function
 * of the pixel, whatever step its weight and bias take, and no window's maximum moves; stacks
 * with batch norm or dropout ahead of pooling (a small weight's sign flips, dropped zeros tie)
 * use average pooling. The errors are printed: the report quotes them. */
static void test_gradcheck(void) {
    struct { const char *what, *shape, *layers, *acts, *extra, *value; int in; float eps; } cases[] = {
        {"conv", "2x5x5", "conv3k3,2", "tanh,linear", NULL, NULL, 50, 1e-2f},
        {"conv stride+pad", "2x6x5", "conv3k3s2p1,2", "tanh,linear", NULL, NULL, 60, 1e-2f},
        {"conv 1x1", "3x4x4", "conv2k1,2", "tanh,linear", NULL, NULL, 48, 1e-2f},
        {"maxpool", "1x6x6", "conv2k1,pool2,conv2k2,2", "tanh,tanh,linear", NULL, NULL, 36, 1e-2f},
        {"maxpool overlapping", "1x7x7", "conv2k1,pool3s2,2", "tanh,linear", NULL, NULL, 49, 1e-2f},
        {"avgpool", "2x6x6", "avgpool2,conv2k2,2", "tanh,linear", NULL, NULL, 72, 1e-2f},
        {"conv+batchnorm", "2x5x5", "conv3k3,conv2k2,2", "tanh,tanh,linear", "batchnorm", "1", 50, 1e-2f},
        {"conv+dropout", "2x5x5", "conv3k3,2", "tanh,linear", "dropout", "0.3", 50, 1e-2f},
        {"lenet+dropout", "1x12x12", "conv3k3,avgpool2,conv4k3p1,avgpool2,6,3", "tanh,tanh,tanh,softmax",
         "dropout", "0.2", 144, 1e-2f},
        {"lenet", "1x12x12", "conv3k1,pool2,conv4k3p1,avgpool2,6,3", "tanh,tanh,tanh,softmax", NULL, NULL, 144, 1e-2f},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char in[16];
        snprintf(in, sizeof in, "%d", cases[i].in);
        int softmax = strstr(cases[i].acts, "softmax") != NULL;
        nn_model *m = MODEL("inputs", in, "input_shape", cases[i].shape, "layers", cases[i].layers,
                            "activations", cases[i].acts, "loss", softmax ? "softmax_ce" : "mse",
                            "init", "normal", "init_scale", "0.5", "l2", "0.01", "seed", "5",
                            cases[i].extra ? cases[i].extra : "seed", cases[i].value ? cases[i].value : "5");
        float err = check_grad_eps(ctx, cases[i].what, m, cases[i].in, softmax ? 1 : 2, softmax ? 3 : 0, cases[i].eps);
        printf("     gradcheck %-20s %s %-38s max relative error %.1e\n", cases[i].what, cases[i].shape,
               cases[i].layers, err);
    }
}

/* Images (1, 6, 6) of one bar, horizontal (class 0) or vertical (class 1), at any of the 6
 * positions, with noise; a conv-pool-dense net must learn them all (a linear model on
 * flattened pixels cannot: a bar's pixels are shared by the two classes). */
static void test_learns_bars(void) {
    enum { N = 240, PX = 36 };
    float *x = malloc(sizeof(float) * N * PX), y[N];
    nn_rng r;
    nn_rng_seed(&r, 3);
    for (int i = 0; i < N; i++) {
        int vertical = i % 2, at = (i / 2) % 6;
        y[i] = (float)vertical;
        for (int p = 0; p < PX; p++) {
            int row = p / 6, col = p % 6, on = vertical ? col == at : row == at;
            x[i * PX + p] = (on ? 1.f : 0.f) + 0.2f * (nn_rng_uniform(&r) - 0.5f);
        }
    }
    nn_model *m = MODEL("inputs", "36", "input_shape", "1x6x6", "layers", "conv4k3,pool2,2",
                        "activations", "relu,softmax", "loss", "softmax_ce", "optimizer", "adam", "lr", "0.02",
                        "init", "he", "seed", "2");
    nn_eval ev = {0};
    for (int e = 0; m && e < 60; e++) nn_model_train_epoch(m, x, y, N / 2, 16, NULL);
    if (m) nn_model_evaluate(m, x + (N / 2) * PX, y + N / 2, N / 2, &ev);
    t_ok(ev.accuracy == 1.f, "bars: test accuracy %g, want 1", ev.accuracy);
    nn_model_free(m);
    free(x);
}

int main(void) {
    ctx = nn_ctx_create();
    t_run(test_syntax);
    t_run(test_validate);
    t_run(test_layout);
    t_run(test_hand_computed);
    t_run(test_gradcheck);
    t_run(test_learns_bars);
    nn_ctx_free(ctx);
    return t_results();
}
