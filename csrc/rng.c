/* rng.c — PCG32 (O'Neill 2014, pcg-random.org, "pcg32_random_r"), the one source of
 * randomness: init, shuffling, the toy sets, and dropout (whose masks hash two keys drawn from
 * it, layers.c's dropout_mask, so that the loop vectorizes). Its state is a value the caller keeps,
 * so equal seeds give equal runs on every platform. */
#include <math.h>

#include "nn.h"

#define PCG_MULT 6364136223846793005ULL

void nn_rng_seed(nn_rng *r, uint64_t seed) {
    /* pcg32_srandom_r with the stream fixed: state 0, step, add seed, step. */
    r->state = 0;
    r->inc = (0xda3e39cb94b95bdbULL << 1) | 1u;
    nn_rng_u32(r);
    r->state += seed;
    nn_rng_u32(r);
}

uint32_t nn_rng_u32(nn_rng *r) {
    uint64_t old = r->state;
    r->state = old * PCG_MULT + r->inc;
    uint32_t xorshifted = (uint32_t)(((old >> 18u) ^ old) >> 27u);
    uint32_t rot = (uint32_t)(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((-rot) & 31));
}

float nn_rng_uniform(nn_rng *r) { return (float)(nn_rng_u32(r) >> 8) * (1.0f / 16777216.0f); }

float nn_rng_normal(nn_rng *r) {
    /* Box-Muller; 1 - u keeps the log's argument in (0, 1]. */
    float u1 = 1.0f - nn_rng_uniform(r), u2 = nn_rng_uniform(r);
    return sqrtf(-2.0f * logf(u1)) * cosf(6.28318530718f * u2);
}

uint32_t nn_rng_below(nn_rng *r, uint32_t n) {
    if (n == 0) return 0;
    /* Lemire's debiased rejection: drop the low values that would favour small results. */
    uint32_t threshold = (uint32_t)(-n) % n;
    for (;;) {
        uint32_t x = nn_rng_u32(r);
        if (x >= threshold) return x % n;
    }
}

/* Both shuffles draw j in the same order, so a permutation and the rows it would reorder agree. */
void nn_rng_shuffle(nn_rng *r, int *a, int n) {
    for (int i = n - 1; i > 0; i--) {  /* Fisher-Yates */
        int j = (int)nn_rng_below(r, (uint32_t)i + 1), t = a[i];
        a[i] = a[j], a[j] = t;
    }
}

void nn_rng_shuffle_rows(nn_rng *r, float *x, int width, float *y, int n) {
    for (int i = n - 1; i > 0; i--) {  /* Fisher-Yates, swapping in place: no row buffer */
        int j = (int)nn_rng_below(r, (uint32_t)i + 1);
        float *a = x + (size_t)i * width, *b = x + (size_t)j * width, t = y[i];
        for (int k = 0; k < width; k++) {
            float v = a[k];
            a[k] = b[k], b[k] = v;
        }
        y[i] = y[j], y[j] = t;
    }
}
