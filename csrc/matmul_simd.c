/* matmul_simd.c — the SIMD kernels for the three products of matmul.h (same contract:
 * row-major, C +=): wasm SIMD128 in the browser, and natively the same source through vector
 * extensions and SIMDe. The other SIMD in the core is elementwise: tanh, softmax's exp
 * (act.c) and BCE (loss.c), each beside its scalar form.
 *
 * Layout (GotoBLAS/BLIS): the three products differ only in which operand is read
 * transposed, so each is one call of gemm() on strided views. gemm() blocks K by KC and N by
 * NC, packs a KC×NC block of op(B) into NR-wide panels (a narrow op(B) with contiguous rows
 * is read in place instead, but for its edge panel) and an MC×KC block of op(A) into MR-tall
 * panels (both zero-padded), and runs an MR×NR register-tiled micro-kernel over them; a last
 * panel of fewer rows runs a kernel of that many rows. Packing reads only elements inside the
 * matrices and C is touched only inside its bounds (a tile short of columns goes through a
 * small scratch tile), so nothing is read past the end of anything.
 * Small and narrow products skip packing: rows() reads op(B) in place, four rows of C at a
 * time, each loop ending in a scalar tail; products with fewer than 4 columns take dot
 * products (A·Bᵀ) or are computed transposed (Aᵀ·B), so their work still goes by vectors.
 * Scratch lives on the stack (at most 1.2 MiB in wasm, see KC/MC/NC; mk/wasm.mk gives 5 MiB;
 * natively 1.3 MiB, matmul.h): no allocation, no global state. Indices are int, so every
 * matrix holds fewer than 2^31 elements (matmul.h; wasm32 memory holds fewer than 2^30 floats). */
#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(NN_SIMDE)
/* Natively the same kernels run on SIMDe's translation of the wasm intrinsics (SSE/AVX). */
#define SIMDE_ENABLE_NATIVE_ALIASES
#include <simde/wasm/simd128.h>
#endif
#if defined(__wasm_simd128__) || defined(NN_SIMDE)
#include <string.h>

#include "matmul.h"

/* The micro-kernel's vector holds VW floats: 4 in wasm (f32x4); natively as many as the
 * target's widest registers hold (AVX-512: 16, AVX: 8), so the one kernel runs at the
 * machine's width, its multiply-adds contracted into FMAs (mk/native.mk). Written in GCC/clang
 * vector extensions, it compiles to the same wasm as with the f32x4 intrinsics (55-57 GFLOP/s
 * both, interleaved). The rest of the file stays 4-wide (natively through SIMDe).
 *
 * Tile and block sizes, chosen by measurement (docs/performance.md; GFLOP/s). In wasm, MR×NR
 * = 5×8 holds 10 accumulators + 2 B vectors + 1 A splat + 1 product in V8's 16 xmm registers:
 * 57 at 256³, where 4×8 and 8×4 give 51, 3×8 49, 3×12 50, and 6×8, 4×12, 3×16 spill (31-33).
 * Measured no faster in wasm (A·B, against 54-57 in the same runs): the k loop unrolled by 2
 * (42; also 4×8 unrolled, 37: V8 schedules the products of both steps together), the B loads
 * outside the row loop (28), A pre-broadcast at packing (51), A read in place (52) or packed
 * row by row (50), the loop over row panels moved into the kernel, one call per column panel
 * (46: V8 spills), the k loop counted by pointer (even), a block's rows re-tiled so that every
 * panel is full, some of 4 rows, instead of a zero-padded last 5-row one (even to -3 %: 4×8
 * is slower per flop, and it took several panels; kernel_rows below, only the leftover rows
 * as a short panel, gained 1-2 %). At 256³ A·B, packing costs 2.5 % (measured by packing
 * once: A 1.3 %, B 1.2 % since pack_b_rows), calls and C updates 1 %. The kernel loop is V8's
 * 5 splats, 2 loads, 10 mul, 10 add, a stack check and 5-7 integer ops per 80 flops: the same
 * x64 code alone runs 5.4 cycles an iteration on this machine (AMD Zen 5, 4.25 GHz), where its
 * 20 mul/add alone take 5.0; loops without the stack check and integer ops ran 5.2. V8 unrolls
 * only loops of at most ~25 graph nodes (this one is far larger), and unrolled by hand the
 * tile loses to spills (above); one pointer for both panels (32 ops instead of 35), a
 * count-down loop and a kernel for packed B's constant stride each measured even.
 * Natively with AVX-512 (32 zmm), 8×32: 241 at 256³, where 6×32 gives 236, 12×32 and 14×32
 * 225, 6×64 229, 4×64 236; 8×32 is the best over the three W3 shapes (64×128×784: 230 against
 * 180-220). With AVX (16 ymm), 6×16 ran 100-120.
 * KC×NR floats of a B panel (16 KiB in wasm) stay in L1 while the A panel streams; MC×KC of
 * A (160 KiB) stays in L2, KC×NC of B (1 MiB) in L2 and L3. KC = NC = 512 against 256 (wasm
 * A·B, interleaved): 64×128×784 55.9 vs 54.3 (two C passes instead of four), 1024³ 57.7 vs
 * 56.1 (A packed twice instead of four times), 256³ even; NC = 1024 adds nothing at KC 512;
 * KC 128 was 2-3 % slower. Splitting K into equal blocks measured within noise. */
#ifndef VW
#if defined(__AVX512F__)
#define VW 16
#elif defined(__AVX__)
#define VW 8
#else
#define VW 4
#endif
#endif
typedef float fvec __attribute__((vector_size(VW * sizeof(float))));
/* -DVW=… -DMR=… -DNV=… rebuild with another tile, for re-measuring. */
#ifndef MR
#if VW == 16
#define MR 8
#elif VW == 8
#define MR 6
#else
#define MR 5
#endif
#endif
#ifndef NV
#define NV 2
#endif
#define NR (VW * NV)
/* MC and NC are whole numbers of panels, so the zero-padded panels fit the packing buffers. */
enum { KC = 512, MC = 16 * MR, NC = 512 / NR * NR };
/* op(B) with at most B_INPLACE_N columns is read in place when its rows are contiguous:
 * packing it costs a pass over B per call (64×128×784 A·B: 55 vs 53 GFLOP/s; at 256³ even).
 * Wider rows put the panel's rows a few KiB apart, on the same L1 sets (1024³: 40 vs 58). */
enum { B_INPLACE_N = 128 };

/* Where rows() beats gemm(), measured (GFLOP/s, rows vs gemm): with fewer than DIRECT_ROWS
 * rows packing op(B) does not pay (3×128×784 A·B: 17 vs 16); with fewer than SMALL_N columns
 * or SMALL_K terms, tile edges and setup dominate (1024×8×8: 42 vs 20; 1024×8×2: 24 vs 9;
 * 8×64×10: 39 vs 17); with whole 4-column groups and op(B) within SMALL_B floats, unpacked
 * rows match or beat the tiles (64×32×64: 54 vs 40; 1000×64×128: 53 vs 51). Beyond that B's
 * rows stop fitting the cache (256³: 50 vs 55; 1024³: 30 vs 55), and a 2-column scalar tail
 * costs more than a padded tile (1000×10×64 Aᵀ·B: 15 vs 22). A·Bᵀ first copies Bᵀ onto the
 * stack (at most SMALL_B floats), which pays for tiny products and from BT_ROWS rows on
 * (1000×16×64: 54 vs 36) but not below (64×128×64: 42 vs 49; 10×64×64: 21 vs 33). */
enum { DIRECT_ROWS = 4, SMALL_N = 9, SMALL_K = 9, SMALL_B = 8192, BT_ROWS = 256 };

/* Element (r, c) of a matrix read through a view is p[r*rs + c*cs]: a transposed operand is
 * the same memory with rs and cs swapped. */
typedef struct {
    const float *p;
    int rs, cs;
} view;

static int min_int(int a, int b) { return a < b ? a : b; }

/* Transposes the 4×4 block whose rows are r[0..3] in place. */
static inline void transpose4(v128_t r[4]) {
    v128_t t0 = wasm_i32x4_shuffle(r[0], r[1], 0, 4, 1, 5);
    v128_t t1 = wasm_i32x4_shuffle(r[2], r[3], 0, 4, 1, 5);
    v128_t t2 = wasm_i32x4_shuffle(r[0], r[1], 2, 6, 3, 7);
    v128_t t3 = wasm_i32x4_shuffle(r[2], r[3], 2, 6, 3, 7);
    r[0] = wasm_i32x4_shuffle(t0, t1, 0, 1, 4, 5);
    r[1] = wasm_i32x4_shuffle(t0, t1, 2, 3, 6, 7);
    r[2] = wasm_i32x4_shuffle(t2, t3, 0, 1, 4, 5);
    r[3] = wasm_i32x4_shuffle(t2, t3, 2, 3, 6, 7);
}

/* Packs a len×w panel: dst[q*w + t] = src[q*qs + t*ts] for t < count, 0 for count <= t < w
 * (w is MR or NR). Lanes go four at a time where a stride is 1: copies when t is contiguous,
 * 4×4 transposes when q is; the lanes left over as below, the padding one by one. */
static void pack_panel(float *dst, const float *src, int qs, int ts, int len, int count, int w) {
    int vec = ts == 1 || qs == 1 ? count & ~3 : 0;  /* lanes [0, vec) by vectors */
    if (ts == 1) {
        for (int q = 0; q < len; q++)
            for (int t = 0; t < vec; t += 4)
                wasm_v128_store(dst + q * w + t, wasm_v128_load(src + q * qs + t));
    } else {
        for (int t = 0; t < vec; t += 4) {
            int q = 0;
            for (; q + 3 < len; q += 4) {
                v128_t r[4];
                for (int u = 0; u < 4; u++) r[u] = wasm_v128_load(src + (t + u) * ts + q);
                transpose4(r);
                for (int u = 0; u < 4; u++) wasm_v128_store(dst + (q + u) * w + t, r[u]);
            }
            for (; q < len; q++)
                for (int u = 0; u < 4; u++) dst[q * w + t + u] = src[q + (t + u) * ts];
        }
    }
    /* The lanes left over (count % 4: the fifth row of a 5-row A panel in wasm): one lane at a
     * time, along q, so a lane contiguous along q still goes by vector loads. */
    for (int t = vec; t < count; t++) {
        int q = 0;
        if (qs == 1)
            for (; q + 3 < len; q += 4) {
                v128_t r = wasm_v128_load(src + t * ts + q);
                wasm_v128_store32_lane(dst + q * w + t, r, 0);
                wasm_v128_store32_lane(dst + (q + 1) * w + t, r, 1);
                wasm_v128_store32_lane(dst + (q + 2) * w + t, r, 2);
                wasm_v128_store32_lane(dst + (q + 3) * w + t, r, 3);
            }
        for (; q < len; q++) dst[q * w + t] = src[q * qs + t * ts];
    }
    for (int q = 0; q < len; q++)
        for (int t = count; t < w; t++) dst[q * w + t] = 0.f;
}

/* Packs the full NR-wide panels of a kc×nc block of op(B) whose rows are contiguous (row
 * stride rs) into dst, panel j at dst + j*kc, B_PASS panels per pass over the rows, and returns
 * how many columns it packed. One panel per pass read each row's cache lines in two halves,
 * the second often from L2 again (B_PASS 4 against 1, interleaved: 256³ A·B and Aᵀ·B +1.1 %,
 * 1024³ +0.4 %; 2 gained half of that, 8 no more). */
enum { B_PASS = 4 };
static int pack_b_rows(float *dst, const float *src, int rs, int kc, int nc) {
    int j = 0;
    for (; j + B_PASS * NR <= nc; j += B_PASS * NR)
        for (int q = 0; q < kc; q++)
            for (int u = 0; u < B_PASS * NR; u += 4)
                wasm_v128_store(dst + (j + u / NR * NR) * kc + q * NR + u % NR,
                                wasm_v128_load(src + q * rs + j + u));
    return j;
}

static inline fvec fvec_load(const float *p) {
    fvec v;
    memcpy(&v, p, sizeof v);  /* an unaligned load */
    return v;
}

/* The micro-kernel: C (R×NR, row stride ldc) += Ap (kc×MR panel, its first R rows)ᵀ · Bp
 * (kc×NR, row stride ldb: a packed panel, or op(B) itself, see B_INPLACE_N). Inlined with a
 * constant R <= MR, so clang unrolls its loops over rows and the accumulators stay in
 * registers (a `#pragma GCC unroll` here kept clang from it: 21 GFLOP/s). */
__attribute__((always_inline)) static inline void micro(int R, int kc, const float *ap,
                                                         const float *bp, int ldb, float *c,
                                                         int ldc) {
    fvec acc[MR][NV] = {{{0}}};
    for (int p = 0; p < kc; p++) {
        fvec b[NV];
        for (int v = 0; v < NV; v++) b[v] = fvec_load(bp + VW * v);
        for (int i = 0; i < R; i++) {
            float a = ap[i];  /* splat by the scalar-vector product */
            for (int v = 0; v < NV; v++) acc[i][v] += a * b[v];
        }
        ap += MR;
        bp += ldb;
    }
    for (int i = 0; i < R; i++)
        for (int v = 0; v < NV; v++) {
            float *ci = c + i * ldc + VW * v;
            fvec sum = fvec_load(ci) + acc[i][v];
            memcpy(ci, &sum, sizeof sum);
        }
}

/* The kernel of full panels. Kept out of line so it is a small, often-called function: V8
 * optimizes it after a few calls, while a long-running call would stay in baseline code. */
__attribute__((noinline)) static void kernel(int kc, const float *ap, const float *bp, int ldb,
                                             float *c, int ldc) {
    micro(MR, kc, ap, bp, ldb, c, ldc);
}

/* The last panel's r < MR rows, computed as r rows rather than as a zero-padded full panel
 * (64×128×784 A·B, whose last panel has 4 rows: 58.1 against 56.9 GFLOP/s; 256³, 1 row: 58.4
 * against 57.9). One inlined copy of micro per row count; the copies for counts of MR and
 * more are compiled out. */
_Static_assert(MR <= 8, "kernel_rows covers panels of up to 7 rows");
__attribute__((noinline)) static void kernel_rows(int r, int kc, const float *ap,
                                                  const float *bp, int ldb, float *c, int ldc) {
#define ROWS_CASE(R) \
    if ((R) < MR && r == (R)) micro((R) < MR ? (R) : MR, kc, ap, bp, ldb, c, ldc)
    ROWS_CASE(1); ROWS_CASE(2); ROWS_CASE(3); ROWS_CASE(4); ROWS_CASE(5); ROWS_CASE(6); ROWS_CASE(7);
#undef ROWS_CASE
}

/* One tile of C at c, mr <= MR rows and nr <= NR columns. A tile short of columns is computed
 * into a zeroed scratch tile and only its valid part added to C. */
static void tile(float *c, int n, const float *ap, const float *bp, int ldb, int kc, int mr,
                 int nr) {
    if (nr == NR) {
        if (mr == MR) kernel(kc, ap, bp, ldb, c, n);
        else kernel_rows(mr, kc, ap, bp, ldb, c, n);
        return;
    }
    float t[MR * NR] = {0};
    kernel(kc, ap, bp, ldb, t, NR);
    for (int i = 0; i < mr; i++)
        for (int j = 0; j < nr; j++) c[i * n + j] += t[i * NR + j];
}

/* C (m×n) += op(A) (m×k) · op(B) (k×n), blocked and packed. Where op(B) is contiguous along
 * rows and narrow, its full NR-wide panels are read in place and only an edge panel is packed. */
static void gemm(float *c, view a, view b, int m, int n, int k) {
    float bpack[KC * NC];
    float apack[MC * KC];
    int b_inplace = b.cs == 1 && n <= B_INPLACE_N;
    for (int jc = 0; jc < n; jc += NC) {
        int nc = min_int(NC, n - jc);
        /* Panels [0, in_place) are read where op(B) lies; pack_panel packs those from `from` on
         * that pack_b_rows did not. */
        int in_place = b_inplace ? nc - nc % NR : 0;
        for (int pc = 0; pc < k; pc += KC) {
            int kc = min_int(KC, k - pc);
            const float *bsrc = b.p + pc * b.rs + jc * b.cs;
            int from = b_inplace ? in_place : b.cs == 1 ? pack_b_rows(bpack, bsrc, b.rs, kc, nc) : 0;
            for (int jr = from; jr < nc; jr += NR)
                pack_panel(bpack + jr * kc, bsrc + jr * b.cs, b.rs, b.cs, kc, min_int(NR, nc - jr), NR);
            for (int ic = 0; ic < m; ic += MC) {
                int mc = min_int(MC, m - ic);
                for (int ir = 0; ir < mc; ir += MR)
                    pack_panel(apack + ir * kc, a.p + (ic + ir) * a.rs + pc * a.cs, a.cs, a.rs, kc,
                               min_int(MR, mc - ir), MR);
                for (int jr = 0; jr < nc; jr += NR) {
                    const float *bp = jr < in_place ? bsrc + jr : bpack + jr * kc;
                    int ldb = jr < in_place ? b.rs : NR;
                    for (int ir = 0; ir < mc; ir += MR)
                        tile(c + (ic + ir) * n + jc + jr, n, apack + ir * kc, bp, ldb, kc,
                             min_int(MR, mc - ir), min_int(NR, nc - jr));
                }
            }
        }
    }
}

/* Rows i..i+R-1 (R <= ROWS) of rows(): each stretch of C held in registers across the whole
 * sum over p, 8 columns at a time, then 4, then a scalar tail; every B load serves R rows.
 * Inlined with constant R, so the loops over r unroll and the accumulators stay in registers
 * (not inlined, V8 gets a variable R and the block ran at half the speed of one row at a time). */
__attribute__((always_inline)) static inline void rows_block(float *c, view a, const float *b,
                                                              int ldb, int i, int R, int n, int k) {
    enum { ROWS = 4 };
    const float *ai = a.p + i * a.rs;
    float *ci = c + i * n;
    int j = 0;
    for (; j + 7 < n; j += 8) {
        v128_t acc[ROWS][2];
#pragma GCC unroll 4
        for (int r = 0; r < R; r++) {
            acc[r][0] = wasm_v128_load(ci + r * n + j);
            acc[r][1] = wasm_v128_load(ci + r * n + j + 4);
        }
        for (int p = 0; p < k; p++) {
            const float *bp = b + p * ldb + j;
            v128_t b0 = wasm_v128_load(bp), b1 = wasm_v128_load(bp + 4);
#pragma GCC unroll 4
            for (int r = 0; r < R; r++) {
                v128_t s = wasm_v128_load32_splat(ai + r * a.rs + p * a.cs);
                acc[r][0] = wasm_f32x4_add(acc[r][0], wasm_f32x4_mul(s, b0));
                acc[r][1] = wasm_f32x4_add(acc[r][1], wasm_f32x4_mul(s, b1));
            }
        }
#pragma GCC unroll 4
        for (int r = 0; r < R; r++) {
            wasm_v128_store(ci + r * n + j, acc[r][0]);
            wasm_v128_store(ci + r * n + j + 4, acc[r][1]);
        }
    }
    for (; j + 3 < n; j += 4) {
        v128_t acc[ROWS];
#pragma GCC unroll 4
        for (int r = 0; r < R; r++) acc[r] = wasm_v128_load(ci + r * n + j);
        for (int p = 0; p < k; p++) {
            v128_t b0 = wasm_v128_load(b + p * ldb + j);
#pragma GCC unroll 4
            for (int r = 0; r < R; r++) {
                v128_t s = wasm_v128_load32_splat(ai + r * a.rs + p * a.cs);
                acc[r] = wasm_f32x4_add(acc[r], wasm_f32x4_mul(s, b0));
            }
        }
#pragma GCC unroll 4
        for (int r = 0; r < R; r++) wasm_v128_store(ci + r * n + j, acc[r]);
    }
    for (; j < n; j++)
        for (int r = 0; r < R; r++) {
            float s = ci[r * n + j];
            for (int p = 0; p < k; p++) s += ai[r * a.rs + p * a.cs] * b[p * ldb + j];
            ci[r * n + j] = s;
        }
}

/* C (m×n) += op(A) (m×k) · B, with B (k×n) contiguous along rows of stride ldb, four rows at a
 * time, then two, then one. No packing: for small products the setup is what costs. The
 * two-row block serves a batch of 10 with one pass over B where single rows took two. */
static void rows(float *c, view a, const float *b, int ldb, int m, int n, int k) {
    int i = 0;
    for (; i + 3 < m; i += 4) rows_block(c, a, b, ldb, i, 4, n, k);
    if (i + 1 < m) rows_block(c, a, b, ldb, i, 2, n, k), i += 2;
    if (i < m) rows_block(c, a, b, ldb, i, 1, n, k);
}

/* Dot product of two contiguous k-vectors. */
static inline float dot(const float *x, const float *y, int k) {
    v128_t acc = wasm_f32x4_splat(0.f);
    int p = 0;
    for (; p + 3 < k; p += 4)
        acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(x + p), wasm_v128_load(y + p)));
    float s = wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1) +
              wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3);
    for (; p < k; p++) s += x[p] * y[p];
    return s;
}

/* c[r*ldc] += x_r · y for the four contiguous k-vectors x_r = x + r*k: one y load serves four
 * rows, and one transpose adds up all four sums. */
static inline void dot4(float *c, int ldc, const float *x, const float *y, int k) {
    v128_t acc[4];
    for (int r = 0; r < 4; r++) acc[r] = wasm_f32x4_splat(0.f);
    int p = 0;
    for (; p + 3 < k; p += 4) {
        v128_t yv = wasm_v128_load(y + p);
        for (int r = 0; r < 4; r++)
            acc[r] = wasm_f32x4_add(acc[r], wasm_f32x4_mul(wasm_v128_load(x + r * k + p), yv));
    }
    transpose4(acc);
    float s[4];
    wasm_v128_store(s, wasm_f32x4_add(wasm_f32x4_add(acc[0], acc[1]), wasm_f32x4_add(acc[2], acc[3])));
    for (int r = 0; r < 4; r++) {
        for (int q = p; q < k; q++) s[r] += x[r * k + q] * y[q];
        c[r * ldc] += s[r];
    }
}

static int tiny(int m, int n, int k) { return m < DIRECT_ROWS || n < SMALL_N || k < SMALL_K; }

/* For A·B and Aᵀ·B, whose op(B) rows() reads in place. */
static int use_rows(int m, int n, int k) {
    return tiny(m, n, k) || (n % 4 == 0 && (long)n * k <= SMALL_B);
}

void mat_mul_ab_simd(float *c, const float *a, const float *b, int m, int n, int k) {
    view va = {a, k, 1};
    if (use_rows(m, n, k)) rows(c, va, b, n, m, n, k);
    else gemm(c, va, (view){b, n, 1}, m, n, k);
}

/* With fewer than 4 columns (the weight gradient of a layer fed by 2 inputs) rows() would
 * have only its scalar tail: Cᵀ = Bᵀ·A is computed instead, its m columns by vectors, into a
 * scratch tile added to C. W2's first layer is 8×2×10: with rows()'s 2-row block, its whole
 * training step ran 5-7 % faster. */
void mat_mul_atb_simd(float *c, const float *a, const float *b, int m, int n, int k) {
    view va = {a, 1, m};
    if (n < 4 && m >= 4 && (long)n * m <= SMALL_B) {
        float ct[SMALL_B];
        memset(ct, 0, (size_t)n * m * sizeof *ct);
        rows(ct, (view){b, 1, n}, a, m, n, m, k);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) c[i * n + j] += ct[j * m + i];
    } else if (use_rows(m, n, k)) {
        rows(c, va, b, n, m, n, k);
    } else {
        gemm(c, va, (view){b, n, 1}, m, n, k);
    }
}

/* Here op(B) = Bᵀ is not contiguous along rows: with few rows or columns (a one-unit output
 * layer), dot products, four rows at a time (the 100×100 grid through W2: 5 % faster than
 * one at a time); for tiny and for tall products, Bᵀ is copied onto the stack for rows()
 * (see BT_ROWS). */
void mat_mul_abt_simd(float *c, const float *a, const float *b, int m, int n, int k) {
    if (m < DIRECT_ROWS || n < 4) {
        int i = 0;
        for (; i + 3 < m; i += 4)
            for (int j = 0; j < n; j++) dot4(c + i * n + j, n, a + i * k, b + j * k, k);
        for (; i < m; i++)
            for (int j = 0; j < n; j++) c[i * n + j] += dot(a + i * k, b + j * k, k);
    } else if ((tiny(m, n, k) || (m >= BT_ROWS && n % 4 == 0)) && (long)n * k <= SMALL_B) {
        float bt[SMALL_B];
        for (int p = 0; p < k; p++)
            for (int j = 0; j < n; j++) bt[p * n + j] = b[j * k + p];
        rows(c, (view){a, k, 1}, bt, n, m, n, k);
    } else {
        gemm(c, (view){a, k, 1}, (view){b, 1, k}, m, n, k);
    }
}
#endif
