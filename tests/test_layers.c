/* test_layers.c — batch norm's training forward and its backward against a reference written
 * column by column in double, on shapes whose column count is not a multiple of the four
 * columns the core processes at a time (1..9 columns, 2..33 rows). One check per shape and
 * quantity: the worst difference over its values, measured in units of the column's
 * 1/sqrt(var + eps) (once for outputs, twice for dx): the float mean is rounded to 1e-7 of
 * itself and batch norm multiplies that by the inverse deviation, large for two close values.
 * Then the statistics of dropout masks. */
#include <stdlib.h>

#include "layers.h"
#include "t.h"

enum { MAXB = 33, MAXC = 9 };

static void test_batchnorm(void) {
    static const int rows[] = {2, 5, 33};
    nn_rng rng;
    nn_rng_seed(&rng, 7);
    static float x[MAXB * MAXC], y[MAXB * MAXC], xhat[MAXB * MAXC], dy[MAXB * MAXC], dx[MAXB * MAXC];
    for (int bi = 0; bi < 3; bi++)
        for (int C = 1; C <= MAXC; C++) {
            int B = rows[bi];
            float gamma[MAXC], beta[MAXC], mean[MAXC], var[MAXC], dgamma[MAXC] = {0}, dbeta[MAXC] = {0};
            for (int i = 0; i < B * C; i++)
                x[i] = 6.f * nn_rng_uniform(&rng) - 2.f, dy[i] = 2.f * nn_rng_uniform(&rng) - 1.f;
            for (int j = 0; j < C; j++)
                gamma[j] = 0.5f + nn_rng_uniform(&rng), beta[j] = 2.f * nn_rng_uniform(&rng) - 1.f;
            batchnorm_forward_train(y, xhat, mean, var, x, gamma, beta, B, C);
            batchnorm_backward(dx, dgamma, dbeta, dy, xhat, gamma, var, B, C);
            double worst_stat = 0, worst_y = 0, worst_param = 0, worst_dx = 0;
            for (int j = 0; j < C; j++) {
                double mu = 0, v = 0, sdy = 0, sdyx = 0;
                for (int r = 0; r < B; r++) mu += x[r * C + j] / (double)B;
                for (int r = 0; r < B; r++) v += (x[r * C + j] - mu) * (x[r * C + j] - mu) / B;
                worst_stat = fmax(worst_stat, fmax(fabs(mean[j] - mu), fabs(var[j] - v)));
                double inv = 1 / sqrt(v + BN_EPS);
                double scale = 1 + inv;
                for (int r = 0; r < B; r++) {
                    double h = (x[r * C + j] - mu) * inv;
                    worst_y = fmax(worst_y, fabs(y[r * C + j] - (gamma[j] * h + beta[j])) / scale);
                    sdy += dy[r * C + j], sdyx += dy[r * C + j] * h;
                }
                worst_param = fmax(worst_param, fmax(fabs(dgamma[j] - sdyx), fabs(dbeta[j] - sdy)));
                for (int r = 0; r < B; r++) {
                    double h = (x[r * C + j] - mu) * inv;
                    double want = gamma[j] * inv * (dy[r * C + j] - sdy / B - h * sdyx / B);
                    worst_dx = fmax(worst_dx, fabs(dx[r * C + j] - want) / (scale * scale));
                }
            }
            t_ok(worst_stat <= 2e-6, "%dx%d: mean/variance off by %g", B, C, worst_stat);
            t_ok(worst_y <= 1e-6, "%dx%d: outputs off by %g per 1/sd", B, C, worst_y);
            t_ok(worst_param <= 1e-5, "%dx%d: dgamma/dbeta off by %g", B, C, worst_param);
            t_ok(worst_dx <= 1e-6, "%dx%d: dx off by %g per 1/sd²", B, C, worst_dx);
        }
}

/* Dropout masks: the share dropped is p, kept values are 1/(1-p) exactly, neighbours and two
 * successive masks are independent (pairs dropped together at p², masks agreeing at
 * p² + (1-p)²), and a seed gives the same masks again. N = 200,000: one standard deviation of a
 * share is at most 0.0012, the tolerance 0.006 is five. */
static void test_dropout_mask(void) {
    enum { N = 200000 };
    static float a[N], b[N], c[N];
    static const float ps[] = {0.1f, 0.5f, 0.9f};
    for (int k = 0; k < 3; k++) {
        float p = ps[k], keep = 1.f / (1.f - p);
        nn_rng r, again;
        nn_rng_seed(&r, 5 + k);
        nn_rng_seed(&again, 5 + k);
        dropout_mask(a, &r, N, p);
        dropout_mask(b, &r, N, p);
        dropout_mask(c, &again, N, p);
        int dropped = 0, pairs = 0, agree = 0, odd = 0;
        for (int i = 0; i < N; i++) {
            dropped += a[i] == 0.f;
            pairs += i + 1 < N && a[i] == 0.f && a[i + 1] == 0.f;
            agree += (a[i] == 0.f) == (b[i] == 0.f);
            odd += a[i] != 0.f && a[i] != keep;
        }
        t_near(dropped / (double)N, p, 0.006);
        t_near(pairs / (double)(N - 1), (double)p * p, 0.006);
        t_near(agree / (double)N, (double)p * p + (1.0 - p) * (1.0 - p), 0.006);
        t_ok(odd == 0, "p = %g: %d kept values are not 1/(1-p)", p, odd);
        t_ok(memcmp(a, c, sizeof a) == 0, "p = %g: the same seed gives the same mask", p);
        t_ok(memcmp(a, b, sizeof a) != 0, "p = %g: the next mask is another", p);
    }
}

int main(void) {
    t_run(test_batchnorm);
    t_run(test_dropout_mask);
    return t_results();
}
