/* test_matmul.c — the dispatched products (natively: the wasm SIMD kernels through SIMDe)
 * against the scalar reference on shapes chosen to break them: every M, N, K in
 * {1,3,4,5,7,8,9,16,17,33}, each matrix in its own exact-size allocation so that AddressSanitizer
 * sees any read or write past an end, and C starting non-zero to check that products accumulate. */
#include <stdlib.h>

#include "matmul.h"
#include "nn.h"
#include "t.h"

typedef void (*product)(float *, const float *, const float *, int, int, int);

/* Entries in [-1, 1], so each term is at most 1 and a sum of K terms carries at most about
 * K * 2^-24 of reordering error: tolerance 1e-6 * (K + 1), K-dependent, in absolute terms. */
static float *random_matrix(nn_rng *r, int n) {
    float *a = malloc((size_t)n * sizeof *a);
    for (int i = 0; i < n; i++) a[i] = 2.f * nn_rng_uniform(r) - 1.f;
    return a;
}

/* C += op(A)·op(B) through mat_pack_b and mat_mul_ab_packed, op(B) = B for trans 0 and Bᵀ
 * for trans 1: a product of the same shape as the one named for check(). */
static int packed_trans;
static void packed_product(float *c, const float *a, const float *b, int m, int n, int k) {
    size_t size = mat_pack_b_size(n, k);
    float *bp = malloc(size * sizeof *bp);  /* exact size, so ASan sees a write past it */
    mat_pack_b(bp, b, n, k, packed_trans);
    mat_mul_ab_packed(c, a, bp, m, n, k);
    free(bp);
}

static void check(const char *name, product fast, product ref, int m, int n, int k, nn_rng *r) {
    t_checks++;
    float *a = random_matrix(r, m * k), *b = random_matrix(r, k * n), *c = random_matrix(r, m * n);
    float *want = malloc((size_t)m * n * sizeof *want);
    memcpy(want, c, (size_t)m * n * sizeof *want);
    fast(c, a, b, m, n, k);
    ref(want, a, b, m, n, k);
    int bad = 0;
    for (int i = 0; i < m && !bad; i++)
        for (int j = 0; j < n && !bad; j++)
            if (!(fabsf(c[i * n + j] - want[i * n + j]) <= 1e-6f * (float)(k + 1))) {
                T_FAIL_AT("%s %dx%dx%d at (%d, %d): ref %.9g, got %.9g", name, m, n, k, i, j,
                          want[i * n + j], c[i * n + j]);
                bad = 1;
            }
    free(a), free(b), free(c), free(want);
}

static void test_products(void) {
    static const int dims[] = {1, 3, 4, 5, 7, 8, 9, 16, 17, 33};
    struct { const char *name; product fast, ref; } p[] = {
        {"ab", mat_mul_ab, mat_mul_ab_ref},
        {"atb", mat_mul_atb, mat_mul_atb_ref},
        {"abt", mat_mul_abt, mat_mul_abt_ref},
    };
    nn_rng r;
    nn_rng_seed(&r, 11);
    for (int q = 0; q < 3; q++) {
        for (int i = 0; i < 10; i++)
            for (int j = 0; j < 10; j++)
                for (int l = 0; l < 10; l++) check(p[q].name, p[q].fast, p[q].ref, dims[i], dims[j], dims[l], &r);
        /* Shapes past the kernels' blocking (KC 512, MC 80 in wasm and 128 natively with
         * AVX-512, NC 512, bands of 128 columns at KC), and an op(B) read in place with an
         * edge panel (n <= 128). */
        check(p[q].name, p[q].fast, p[q].ref, 129, 520, 530, &r);
        check(p[q].name, p[q].fast, p[q].ref, 130, 100, 90, &r);
        /* A wide op(B) is packed several panels per pass; 300 columns leave a whole panel and
         * an edge panel after the passes. */
        check(p[q].name, p[q].fast, p[q].ref, 70, 300, 40, &r);
        /* Each side of the bounds of the two stack copies (8,192 floats): a narrow Aᵀ·B computed
         * transposed (n·m) and Bᵀ copied for rows() (n·k); ASan sees a bound past its buffer. */
        static const int edge[][3] = {{2730, 3, 5}, {2731, 3, 5}, {4096, 2, 3}, {8192, 1, 2},
                                      {8193, 1, 2}, {300, 8, 1024}, {300, 8, 1025}};
        for (int e = 0; e < 7; e++) check(p[q].name, p[q].fast, p[q].ref, edge[e][0], edge[e][1], edge[e][2], &r);
        /* Every row count of a last, partial panel, for tiles of up to 8 rows (8×32 with
         * AVX-512), with a partial column panel too. */
        for (int m = 4; m <= 20; m++) check(p[q].name, p[q].fast, p[q].ref, m, 41, 50, &r);
        /* Each boundary of the few-row and narrow paths (as in tests/node/simd-matmul.test.js):
         * rows()'s K blocks of 32 and tiles of 32/R columns for R = 1..4, its partial last
         * vector; dots()'s tiles of 8/R columns and partial last step; A·B's n·k <= 8,192
         * bound for copying Bᵀ and Aᵀ·B's (m+n)·k one; GEMV shapes of inference. */
        static const int few[][3] = {
            {1, 31, 31}, {1, 32, 32}, {1, 33, 33}, {1, 35, 65}, {1, 36, 5}, {2, 15, 33}, {2, 16, 64},
            {2, 17, 97}, {3, 7, 65}, {3, 8, 3}, {3, 9, 130}, {4, 7, 33}, {4, 8, 2}, {4, 9, 66},
            {1, 7, 6}, {1, 8, 7}, {1, 9, 1}, {2, 3, 9}, {2, 4, 10}, {2, 5, 11}, {3, 1, 2}, {3, 2, 13},
            {4, 3, 3}, {6, 2, 14}, {7, 3, 15}, {9, 1, 8192}, {9, 1, 8193}, {5, 3, 2730}, {5, 3, 2731},
            {1, 128, 784}, {1, 257, 100}, {2, 61, 128}, {3, 1021, 37}, {4, 257, 64}, {3, 3, 1365},
            {3, 3, 1366}, {1, 1, 97}};
        for (size_t e = 0; e < sizeof few / sizeof few[0]; e++)
            check(p[q].name, p[q].fast, p[q].ref, few[e][0], few[e][1], few[e][2], &r);
        check(p[q].name, p[q].fast, p[q].ref, 64, 128, 784, &r);
    }
}

/* The pre-packed A·B against the reference, both ways of packing (B, Bᵀ), in each of its
 * layouts: Bᵀ for dot products (1 and 3 columns), row-major for rows() (1, 2, 5 terms), panels
 * otherwise. Every M from 1 to 9 (one row's GEMV, the 2..7-row tiles below a full panel of 5,
 * 6 or 8 rows, and past one), widths at each side of the panels (NR is 8 in wasm, 16 with AVX,
 * 32 with AVX-512) and primes, depths across KC (512), and rows across MC (80 in wasm, 96 with
 * AVX). */
static void test_packed(void) {
    static const int ns[] = {1, 3, 4, 7, 8, 9, 15, 16, 17, 31, 32, 33, 61, 257};
    static const int ks[] = {1, 2, 5, 31, 100, 513};
    static const int tall[] = {13, 33, 81, 97, 130};
    nn_rng r;
    nn_rng_seed(&r, 12);
    for (packed_trans = 0; packed_trans < 2; packed_trans++) {
        const char *name = packed_trans ? "packed Bt" : "packed B";
        product ref = packed_trans ? mat_mul_abt_ref : mat_mul_ab_ref;
        for (int m = 1; m <= 9; m++)
            for (size_t j = 0; j < sizeof ns / sizeof ns[0]; j++)
                for (size_t l = 0; l < sizeof ks / sizeof ks[0]; l++) check(name, packed_product, ref, m, ns[j], ks[l], &r);
        for (size_t t = 0; t < sizeof tall / sizeof tall[0]; t++) check(name, packed_product, ref, tall[t], 61, 100, &r);
        check(name, packed_product, ref, 4, 1021, 1024, &r);
        check(name, packed_product, ref, 7, 17, 1024, &r);
        check(name, packed_product, ref, 3, 257, 384, &r);
        check(name, packed_product, ref, 83, 1021, 600, &r);  /* across the bands of blocks() */
        /* one row, the panels two at a time: odd and even counts, whole and partial last */
        static const int gemv_n[] = {21, 41, 44, 75, 300};
        for (size_t j = 0; j < sizeof gemv_n / sizeof gemv_n[0]; j++) check(name, packed_product, ref, 1, gemv_n[j], 97, &r);
    }
}

/* Short K, the rank-k updates (rows() hands k <= 3 to short_k(), one row of C at a time, k a
 * constant; from 4 terms its own tiles): every K from 1 to 8, for the three products and the
 * packed one both ways, M from 1 to 9 and two large primes, N around the 4-wide vector and the
 * 16-column block (a partial last vector, whole vectors after the blocks, none) and primes. */
static void test_short_k(void) {
    static const int ms[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 97, 257};
    static const int ns[] = {4, 5, 7, 8, 9, 15, 16, 17, 19, 31, 61};
    struct { const char *name; product fast, ref; int trans; } p[] = {
        {"ab", mat_mul_ab, mat_mul_ab_ref, 0},  /* trans: read by packed_product only */
        {"atb", mat_mul_atb, mat_mul_atb_ref, 0},
        {"abt", mat_mul_abt, mat_mul_abt_ref, 0},
        {"packed B", packed_product, mat_mul_ab_ref, 0},
        {"packed Bt", packed_product, mat_mul_abt_ref, 1},
    };
    nn_rng r;
    nn_rng_seed(&r, 13);
    for (size_t q = 0; q < sizeof p / sizeof p[0]; q++) {
        packed_trans = p[q].trans;
        for (int k = 1; k <= 8; k++)
            for (size_t i = 0; i < sizeof ms / sizeof ms[0]; i++)
                for (size_t j = 0; j < sizeof ns / sizeof ns[0]; j++)
                    check(p[q].name, p[q].fast, p[q].ref, ms[i], ns[j], k, &r);
        check(p[q].name, p[q].fast, p[q].ref, 513, 1021, 1, &r);
    }
}

int main(void) {
    t_run(test_products);
    t_run(test_packed);
    t_run(test_short_k);
    return t_results();
}
