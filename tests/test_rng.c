/* test_rng.c — PCG32 against the reference implementation's published output, and the
 * derived draws' ranges and moments. */
#include "nn.h"
#include "t.h"

/* pcg32-demo (pcg-random.org, pcg32_srandom_r(&rng, 42, 54)) prints, round 1:
 * 0xa15c02b7 0x7b47f409 0xba1d3330 0x83d2f293 0xbfa4784b 0xcbed606e */
static void test_reference_sequence(void) {
    nn_rng r = {0, (54u << 1) | 1u};
    nn_rng_u32(&r);
    r.state += 42;
    nn_rng_u32(&r);
    uint32_t want[] = {0xa15c02b7, 0x7b47f409, 0xba1d3330, 0x83d2f293, 0xbfa4784b, 0xcbed606e};
    for (int i = 0; i < 6; i++) {
        uint32_t got = nn_rng_u32(&r);
        t_ok(got == want[i], "output %d: 0x%08x, want 0x%08x", i, (unsigned)got, (unsigned)want[i]);
    }
}

static void test_draws(void) {
    nn_rng r;
    nn_rng_seed(&r, 123);
    double s = 0, ss = 0, lo = 1, hi = 0;
    int counts[7] = {0};
    enum { N = 200000 };
    for (int i = 0; i < N; i++) {
        float u = nn_rng_uniform(&r);
        lo = fmin(lo, u), hi = fmax(hi, u);
        float z = nn_rng_normal(&r);
        s += z, ss += (double)z * z;
        counts[nn_rng_below(&r, 7)]++;
    }
    t_ok(lo >= 0 && hi < 1, "uniform in [0, 1): [%g, %g]", lo, hi);
    t_near(s / N, 0.0, 0.01);        /* standard error 1/sqrt(N) = 0.0022 */
    t_near(ss / N, 1.0, 0.015);
    for (int k = 0; k < 7; k++) t_near(counts[k] / (double)N, 1.0 / 7, 0.01);
    nn_rng a, b;
    nn_rng_seed(&a, 9), nn_rng_seed(&b, 9);
    t_ok(nn_rng_u32(&a) == nn_rng_u32(&b), "same seed, same stream");
    t_ok(nn_rng_below(&a, 0) == 0 && nn_rng_below(&a, 1) == 0, "below 0 and 1 give 0");
    int perm[50], seen[50] = {0}, moved = 0;
    for (int i = 0; i < 50; i++) perm[i] = i;
    nn_rng_shuffle(&a, perm, 50);
    for (int i = 0; i < 50; i++) seen[perm[i]]++, moved += perm[i] != i;
    int once = 1;
    for (int i = 0; i < 50; i++) once &= seen[i] == 1;
    t_ok(once && moved > 40, "shuffle permutes (%d of 50 moved)", moved);
}

int main(void) {
    t_run(test_reference_sequence);
    t_run(test_draws);
    return t_results();
}
