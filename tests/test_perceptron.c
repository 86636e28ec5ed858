/* test_perceptron.c — Rosenblatt's perceptron: AND traced by hand epoch by epoch, a random
 * separable set with a margin (converges, predicts every label), XOR (never converges: the
 * weights cycle, traced by hand), and refused input. */
#include "internal.h"
#include "t.h"

/* The four corners of the unit square, for AND and XOR. */
static const float CORNERS[8] = {0, 0, 0, 1, 1, 0, 1, 1};

/* AND, lr 1, w = (w1, w2, b) from 0, step(0) = 0, samples in order (0,0) (0,1) (1,0) (1,1):
 *   epoch 1: only (1,1) wrong (z = 0)                      -> w = (1, 1, 1)     1 mistake
 *   epoch 2: (0,0) z=1 -> (1,1,0); (0,1) z=1 -> (1,0,-1); (1,0) z=0 ok;
 *            (1,1) z=0 -> (2,1,0)                                               3 mistakes
 *   epoch 3: (0,0) z=0 ok; (0,1) z=1 -> (2,0,-1); (1,0) z=1 -> (1,0,-2);
 *            (1,1) z=-1 -> (2,1,-1)                                             3 mistakes
 *   epoch 4: (0,0) ok; (0,1) z=0 ok; (1,0) z=1 -> (1,1,-2); (1,1) z=0 -> (2,2,-1)  2 mistakes
 *   epoch 5: (0,0) ok; (0,1) z=1 -> (2,1,-2); (1,0) z=0 ok; (1,1) z=1 ok          1 mistake
 *   epoch 6: z = -2, -1, 0, 1: all right                   -> converged after 6 epochs,
 *            w = (2, 1, -2). */
static void test_and_by_hand(void) {
    nn_ctx *ctx = nn_ctx_create();
    const float y[4] = {0, 0, 0, 1};
    float w[3], out[4];
    int epochs = -1, converged = -1;
    t_ok(nn_perceptron_train(ctx, CORNERS, y, 4, 2, 100, 1.f, w, &epochs, &converged) == NN_OK,
         "%s", nn_last_error(ctx));
    t_ok(converged == 1, "converged = %d", converged);
    t_ok(epochs == 6, "epochs = %d, want 6", epochs);
    t_ok(w[0] == 2.f && w[1] == 1.f && w[2] == -2.f, "w = (%g, %g, %g), want (2, 1, -2)", w[0],
         w[1], w[2]);
    nn_perceptron_predict(w, 2, CORNERS, 4, out);
    for (int i = 0; i < 4; i++) t_ok(out[i] == y[i], "AND sample %d: %g, want %g", i, out[i], y[i]);

    /* Stopped after 5 epochs, the last of which still had a mistake: not converged. */
    t_ok(nn_perceptron_train(ctx, CORNERS, y, 4, 2, 5, 1.f, w, &epochs, &converged) == NN_OK,
         "%s", nn_last_error(ctx));
    t_ok(converged == 0 && epochs == 5, "max 5 epochs: converged %d after %d", converged, epochs);
    nn_ctx_free(ctx);
}

/* 200 points uniform in [-1, 1]^3 from PCG32 seed 7, labelled by the plane
 * x0 - 2*x1 + 0.5*x2 + 0.25 > 0, with points within 0.05 of it dropped so the set has a
 * margin. Novikoff's bound (R/margin)^2, with R <= sqrt(3+1) = 2 (the bias input included) and
 * margin >= 0.05/|(1, -2, 0.5, 0.25)| = 0.0217, caps the mistakes, hence the epochs, at ~8500;
 * in practice far fewer are needed, and the test asks for fewer than 1000. Convergence is then
 * checked independently by predicting every training label. */
static void test_separable(void) {
    enum { N = 200, D = 3 };
    float x[N * D], y[N], out[N], w[D + 1];
    nn_rng rng;
    nn_rng_seed(&rng, 7);
    for (int i = 0; i < N;) {
        float *p = x + i * D;
        for (int j = 0; j < D; j++) p[j] = 2 * nn_rng_uniform(&rng) - 1;
        float z = p[0] - 2 * p[1] + .5f * p[2] + .25f;
        if (fabsf(z) < .05f) continue;
        y[i++] = z > 0;
    }
    int ones = 0;
    for (int i = 0; i < N; i++) ones += y[i] == 1;
    t_ok(ones > 40 && ones < 160, "both classes present: %d of %d are 1", ones, N);

    nn_ctx *ctx = nn_ctx_create();
    int epochs, converged;
    t_ok(nn_perceptron_train(ctx, x, y, N, D, 1000, .1f, w, &epochs, &converged) == NN_OK, "%s",
         nn_last_error(ctx));
    t_ok(converged == 1, "converged = %d after %d epochs", converged, epochs);
    t_ok(epochs > 1 && epochs < 1000, "epochs = %d", epochs);
    nn_perceptron_predict(w, D, x, N, out);
    int wrong = 0;
    for (int i = 0; i < N; i++) wrong += out[i] != y[i];
    t_ok(wrong == 0, "%d of %d training points misclassified after convergence", wrong, N);

    /* Same data, same result: no hidden randomness. */
    float w2[D + 1];
    int epochs2, converged2;
    nn_perceptron_train(ctx, x, y, N, D, 1000, .1f, w2, &epochs2, &converged2);
    t_ok(epochs2 == epochs && memcmp(w, w2, sizeof w) == 0, "a second run differs");
    nn_ctx_free(ctx);
}

/* XOR, lr 1, same order of corners:
 *   epoch 1: (0,0) ok; (0,1) z=0 -> (0,1,1); (1,0) z=1 ok; (1,1) z=2 -> (-1,0,0)   2 mistakes
 *   epoch 2: (0,0) z=0 ok; (0,1) z=0 -> (-1,1,1); (1,0) z=0 -> (0,1,2);
 *            (1,1) z=3 -> (-1,0,1)                                               3 mistakes
 *   epoch 3 from (-1,0,1): (0,0) z=1 -> (-1,0,0); (0,1) z=0 -> (-1,1,1);
 *            (1,0) z=0 -> (0,1,2); (1,1) z=3 -> (-1,0,1)                        4 mistakes
 * and from then on every epoch repeats epoch 3: the weights cycle and never converge.
 * w = (-1, 0, 1) predicts (0,0) -> 1, (0,1) -> 1, (1,0) -> 0, (1,1) -> 0: two of four wrong. */
static void test_xor_fails(void) {
    nn_ctx *ctx = nn_ctx_create();
    const float y[4] = {0, 1, 1, 0};
    float w[3], out[4];
    int epochs, converged;
    t_ok(nn_perceptron_train(ctx, CORNERS, y, 4, 2, 100, 1.f, w, &epochs, &converged) == NN_OK,
         "%s", nn_last_error(ctx));
    t_ok(converged == 0, "XOR converged?");
    t_ok(epochs == 100, "epochs = %d, want all 100", epochs);
    t_ok(w[0] == -1.f && w[1] == 0.f && w[2] == 1.f, "w = (%g, %g, %g), want (-1, 0, 1)", w[0],
         w[1], w[2]);
    nn_perceptron_predict(w, 2, CORNERS, 4, out);
    const float want[4] = {1, 1, 0, 0};
    for (int i = 0; i < 4; i++) t_ok(out[i] == want[i], "XOR sample %d: %g, want %g", i, out[i], want[i]);
    nn_ctx_free(ctx);
}

static void test_bad_input(void) {
    nn_ctx *ctx = nn_ctx_create();
    const float y[4] = {0, 0, 0, 1}, yb[4] = {0, 2, 0, 1};
    const float xn[8] = {0, 0, 0, NAN, 1, 0, 1, 1};
    float w[3] = {7, 7, 7};
    int e, c;
    t_expect_err(nn_perceptron_train(ctx, CORNERS, y, 0, 2, 10, 1, w, &e, &c), NN_ERR_ARG, ctx, "n = 0");
    t_expect_err(nn_perceptron_train(ctx, CORNERS, y, 4, 0, 10, 1, w, &e, &c), NN_ERR_ARG, ctx, "d = 0");
    t_expect_err(nn_perceptron_train(ctx, CORNERS, y, 4, 2, 0, 1, w, &e, &c), NN_ERR_ARG, ctx,
                 "max_epochs = 0");
    t_expect_err(nn_perceptron_train(ctx, CORNERS, y, 4, 2, 10, 0, w, &e, &c), NN_ERR_ARG, ctx, "lr = 0");
    t_expect_err(nn_perceptron_train(ctx, CORNERS, y, 4, 2, 10, -1, w, &e, &c), NN_ERR_ARG, ctx, "lr = -1");
    t_expect_err(nn_perceptron_train(ctx, CORNERS, y, 4, 2, 10, NAN, w, &e, &c), NN_ERR_ARG, ctx, "lr = ");
    t_expect_err(nn_perceptron_train(ctx, CORNERS, y, 4, 2, 10, INFINITY, w, &e, &c), NN_ERR_ARG, ctx,
                 "lr = inf");
    t_expect_err(nn_perceptron_train(ctx, CORNERS, yb, 4, 2, 10, 1, w, &e, &c), NN_ERR_ARG, ctx,
                 "y[1] = 2: must be 0 or 1");
    t_expect_err(nn_perceptron_train(ctx, xn, y, 4, 2, 10, 1, w, &e, &c), NN_ERR_ARG, ctx, "x[3] = ");
    t_expect_err(nn_perceptron_train(ctx, NULL, y, 4, 2, 10, 1, w, &e, &c), NN_ERR_ARG, ctx, "x is NULL");
    t_expect_err(nn_perceptron_train(ctx, CORNERS, y, 4, 2, 10, 1, NULL, &e, &c), NN_ERR_ARG, ctx,
                 "w is NULL");
    t_expect_err(nn_perceptron_train(ctx, CORNERS, y, 4, 2, 10, 1, w, NULL, &c), NN_ERR_ARG, ctx,
                 "epochs is NULL");
    t_ok(w[0] == 7 && w[1] == 7 && w[2] == 7, "a refused call changed w");
    nn_ctx_free(ctx);
}

int main(void) {
    t_run(test_and_by_hand);
    t_run(test_separable);
    t_run(test_xor_fails);
    t_run(test_bad_input);
    return t_results();
}
