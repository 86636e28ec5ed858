/* test_perceptron.c — Rosenblatt's perceptron: AND traced by hand epoch by epoch (and continued
 * from the weights of a trace), a random separable set with a margin (converges, predicts every
 * label), XOR (never converges: the weights cycle, traced by hand), k calls of one epoch equal
 * to one call of k, and refused input. */
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
    float w[3] = {0, 0, 0}, out[4];
    int epochs = -1, converged = -1;
    int64_t updates = -1;
    t_ok(nn_perceptron_train(ctx, CORNERS, y, 4, 2, 100, 1.f, w, &epochs, &converged, &updates) == NN_OK,
         "%s", nn_last_error(ctx));
    t_ok(converged == 1, "converged = %d", converged);
    t_ok(epochs == 6, "epochs = %d, want 6", epochs);
    t_ok(updates == 1 + 3 + 3 + 2 + 1, "updates = %lld, want 10", (long long)updates);
    t_ok(w[0] == 2.f && w[1] == 1.f && w[2] == -2.f, "w = (%g, %g, %g), want (2, 1, -2)", w[0],
         w[1], w[2]);
    nn_perceptron_predict(w, 2, CORNERS, 4, out);
    for (int i = 0; i < 4; i++) t_ok(out[i] == y[i], "AND sample %d: %g, want %g", i, out[i], y[i]);

    /* From the solution: one epoch without a mistake. From w after epoch 1, (1, 1, 1): the
     * trace's epoch 2, 3 updates to (2, 1, 0). */
    t_ok(nn_perceptron_train(ctx, CORNERS, y, 4, 2, 100, 1.f, w, &epochs, &converged, &updates) == NN_OK &&
             epochs == 1 && converged && updates == 0 && w[0] == 2.f && w[1] == 1.f && w[2] == -2.f,
         "from the solution: %d epochs, %lld updates", epochs, (long long)updates);
    float w1[3] = {1, 1, 1};
    t_ok(nn_perceptron_train(ctx, CORNERS, y, 4, 2, 1, 1.f, w1, &epochs, &converged, &updates) == NN_OK &&
             epochs == 1 && !converged && updates == 3 && w1[0] == 2.f && w1[1] == 1.f && w1[2] == 0.f,
         "epoch 2 from (1, 1, 1): w = (%g, %g, %g), %lld updates", w1[0], w1[1], w1[2], (long long)updates);

    /* Stopped after 5 epochs, the last of which still had a mistake: not converged. */
    float w5[3] = {0, 0, 0};
    t_ok(nn_perceptron_train(ctx, CORNERS, y, 4, 2, 5, 1.f, w5, &epochs, &converged, &updates) == NN_OK,
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
    int64_t updates;
    memset(w, 0, sizeof w);
    t_ok(nn_perceptron_train(ctx, x, y, N, D, 1000, .1f, w, &epochs, &converged, &updates) == NN_OK, "%s",
         nn_last_error(ctx));
    t_ok(converged == 1, "converged = %d after %d epochs", converged, epochs);
    t_ok(epochs > 1 && epochs < 1000, "epochs = %d", epochs);
    nn_perceptron_predict(w, D, x, N, out);
    int wrong = 0;
    for (int i = 0; i < N; i++) wrong += out[i] != y[i];
    t_ok(wrong == 0, "%d of %d training points misclassified after convergence", wrong, N);

    /* Same data, same result: no hidden randomness. */
    float w2[D + 1] = {0};
    int epochs2, converged2;
    int64_t updates2;
    nn_perceptron_train(ctx, x, y, N, D, 1000, .1f, w2, &epochs2, &converged2, &updates2);
    t_ok(epochs2 == epochs && updates2 == updates && memcmp(w, w2, sizeof w) == 0, "a second run differs");

    /* k calls of one epoch are one call of k: the same weights and as many updates, here over
     * the first k = 5 epochs, which do not yet converge, and over all of them. */
    t_ok(epochs > 5, "the set takes more than 5 epochs (%d)", epochs);
    for (int t = 0; t < 2; t++) {
        int k = t ? epochs : 5;
        float wk[D + 1] = {0}, w1[D + 1] = {0};
        int ek, ck, e1, c1;
        int64_t uk, u1, sum = 0;
        nn_perceptron_train(ctx, x, y, N, D, k, .1f, wk, &ek, &ck, &uk);
        for (int i = 0; i < k; i++) {
            nn_perceptron_train(ctx, x, y, N, D, 1, .1f, w1, &e1, &c1, &u1);
            sum += u1;
        }
        t_ok(memcmp(wk, w1, sizeof wk) == 0 && uk == sum && ck == c1 && ek == k && uk > 0,
             "k = %d: %lld updates in one call, %lld in %d calls", k, (long long)uk, (long long)sum, k);
        t_ok(ck == (k == epochs), "k = %d: converged %d", k, ck);
    }
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
    float w[3] = {0, 0, 0}, out[4];
    int epochs, converged;
    int64_t updates;
    t_ok(nn_perceptron_train(ctx, CORNERS, y, 4, 2, 100, 1.f, w, &epochs, &converged, &updates) == NN_OK,
         "%s", nn_last_error(ctx));
    t_ok(updates == 2 + 3 + 98 * 4, "updates = %lld: 2, 3, then 4 in each of 98 epochs", (long long)updates);
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
    float w[3] = {7, 7, 7}, wn[3] = {0, INFINITY, 0};
    int e, c;
    int64_t u;
#define TRAIN(x, y, n, d, epochs, lr, w) nn_perceptron_train(ctx, x, y, n, d, epochs, lr, w, &e, &c, &u)
    t_expect_err(TRAIN(CORNERS, y, 0, 2, 10, 1, w), NN_ERR_ARG, ctx, "n = 0");
    t_expect_err(TRAIN(CORNERS, y, 4, 0, 10, 1, w), NN_ERR_ARG, ctx, "d = 0");
    t_expect_err(TRAIN(CORNERS, y, 4, 2, 0, 1, w), NN_ERR_ARG, ctx, "max_epochs = 0");
    t_expect_err(TRAIN(CORNERS, y, 4, 2, NN_PERCEPTRON_MAX_EPOCHS + 1, 1, w), NN_ERR_ARG, ctx,
                 "max_epochs = 10001: at most 10000 per call (call again to go on)");
    t_expect_err(TRAIN(CORNERS, y, 4, 2, 10, 0, w), NN_ERR_ARG, ctx, "lr = 0");
    t_expect_err(TRAIN(CORNERS, y, 4, 2, 10, -1, w), NN_ERR_ARG, ctx, "lr = -1");
    t_expect_err(TRAIN(CORNERS, y, 4, 2, 10, NAN, w), NN_ERR_ARG, ctx, "lr = ");
    t_expect_err(TRAIN(CORNERS, y, 4, 2, 10, INFINITY, w), NN_ERR_ARG, ctx, "lr = inf");
    t_expect_err(TRAIN(CORNERS, yb, 4, 2, 10, 1, w), NN_ERR_ARG, ctx, "y[1] = 2: must be 0 or 1");
    t_expect_err(TRAIN(xn, y, 4, 2, 10, 1, w), NN_ERR_ARG, ctx, "x[3] = ");
    t_expect_err(TRAIN(CORNERS, y, 4, 2, 10, 1, wn), NN_ERR_ARG, ctx, "w[1] = inf: must be finite");
    t_expect_err(TRAIN(NULL, y, 4, 2, 10, 1, w), NN_ERR_ARG, ctx, "x is NULL");
    t_expect_err(TRAIN(CORNERS, y, 4, 2, 10, 1, NULL), NN_ERR_ARG, ctx, "w is NULL");
#undef TRAIN
    t_expect_err(nn_perceptron_train(ctx, CORNERS, y, 4, 2, 10, 1, w, NULL, &c, &u), NN_ERR_ARG, ctx,
                 "epochs is NULL");
    t_expect_err(nn_perceptron_train(ctx, CORNERS, y, 4, 2, 10, 1, w, &e, &c, NULL), NN_ERR_ARG, ctx,
                 "updates is NULL");
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
