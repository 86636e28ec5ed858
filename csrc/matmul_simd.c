/* matmul_simd.c — the SIMD kernels for the three products of matmul.h (same contract:
 * row-major, C +=): wasm SIMD128 in the browser, and natively the same source through vector
 * extensions and SIMDe. The other SIMD in the core is elementwise: tanh, softmax's exp
 * (act.c) and BCE (loss.c), each one four-lane form for every build (f4.h).
 *
 * Layout (GotoBLAS/BLIS): the three products differ only in which operand is read
 * transposed, so each is one call of gemm() on strided views. gemm() blocks K by KC and N by
 * NC, packs a KC×NC block of op(B) into NR-wide panels (a narrow op(B) with contiguous rows
 * is read in place instead, but for its edge panel) and an MC×KC block of op(A) into MR-tall
 * panels (both zero-padded), and runs an MR×NR register-tiled micro-kernel over them, each
 * row panel of A across a band of op(B)'s panels that stays in L2; a last panel of fewer rows
 * runs a kernel of that many rows (of one row, across two panels at once). Packing reads
 * only elements inside the matrices and C is touched only inside its bounds (a tile short of
 * columns goes through a small scratch tile), so nothing is read past the end of anything.
 * Small, few-row and narrow products skip packing: rows() reads op(B) in place, four rows of C
 * at a time (GEMV: one to three), its tiles 8 accumulators wide whatever the row count;
 * dots() takes dot products along k where C has fewer than 4 rows or columns (A·Bᵀ of 9
 * terms or more, A·B with Bᵀ copied, Aᵀ·B with both copied), and a narrow Aᵀ·B is computed
 * transposed, as is every narrow product of one term; rows() hands products of 1-3 terms
 * (rank-k updates) to short_k(), one row of C at a time. In rows(), dots() and short_k(),
 * tails of fewer than 4 columns or terms are partial vectors (f4_load), not scalar loops;
 * only a scratch tile's last 1-3 columns reach C one by one (add_tile).
 * mat_mul_ab_packed multiplies by an op(B) packed once (mat_pack_b), laid out for the path its
 * shape takes: gemm()'s panels for all of K and N, run by gemm()'s inner loops (blocks()), or
 * op(B)ᵀ for dots() and op(B) for rows() where those take over, 4-column panels for rank 4-6
 * updates by pairs of rows; few rows, and any rows over
 * a few panels, read A in place over the panels (few_rows) instead of packing it.
 * Scratch lives on the stack (at most 1.2 MiB in wasm, see KC/MC/NC; mk/wasm.mk gives 5 MiB;
 * natively 1.3 MiB, matmul.h): no allocation, no global state. Indices are int, so every
 * matrix holds fewer than 2^31 elements (matmul.h; wasm32 memory holds fewer than 2^30 floats). */
#include "f4.h"  /* the wasm intrinsics; natively SIMDe's translation of them */
#if defined(__wasm_simd128__) || defined(NN_SIMDE)
#include <string.h>

#include "matmul.h"

/* The micro-kernel's vector holds VW floats: 4 in wasm (f32x4); natively as many as the
 * target's widest registers hold (AVX-512: 16, AVX: 8), so the one kernel runs at the
 * machine's width, its multiply-adds contracted into FMAs (mk/native.mk). Written in GCC/clang
 * vector extensions, it compiles to the same wasm as with the f32x4 intrinsics (55-57 GFLOP/s
 * both, interleaved). The rest of the file stays 4-wide (natively through SIMDe).
 *
 * Tile and block sizes are chosen by measurement; the record, and what was tried and not
 * kept, is in docs/performance.md. In wasm MR×NR = 5×8: 10 accumulators + 2 B vectors + 1 A
 * splat + 1 product fill V8's 16 xmm registers, and every larger tile spilled. Natively 8×32
 * with AVX-512 (32 zmm), 6×16 with AVX. A KC×NR panel of B stays in L1 while the A panel
 * streams; MC×KC of A stays in L2, KC×NC of B in L2 and L3. */
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
/* blocks()' band of op(B): 256 KiB, half the L2 of a Zen 3 core, an eighth of a Xeon's. */
enum { BAND = 64 * 1024 };
/* op(B) with at most B_INPLACE_N columns is read in place when its rows are contiguous:
 * packing it costs a pass over B per call (64×128×784 A·B on a Zen 5: 55 vs 53 GFLOP/s; at
 * 256³ even). Wider rows put the panel's rows a few KiB apart, on the same L1 sets (1024³: 40
 * vs 58). So do rows a multiple of B_SETS_N columns (256 bytes) apart in a 32 KiB L1 (Zen 3:
 * 64×128×784 A·B and Aᵀ·B 1.18× packed, 256×128×256 and 64×64×784 1.19×), which packing
 * repays from B_SETS_M rows of C on (16×64×784 0.94×, 10×128×784 0.84×). */
enum { B_INPLACE_N = 128, B_SETS_N = 64, B_SETS_M = 32 };

/* Where rows() and dots() take over from gemm() (measured, docs/performance.md): below
 * DIRECT_ROWS rows packing op(B) does not pay; below SMALL_N columns or SMALL_K terms tile
 * edges and setup dominate; with whole 4-column groups and op(B) within SMALL_B floats,
 * unpacked rows match or beat the tiles, and beyond it B's rows stop fitting the cache. A·Bᵀ
 * copies Bᵀ onto the stack (at most SMALL_B floats) for rows(), which pays for tiny products
 * and from BT_ROWS rows on, not below. */
enum { DIRECT_ROWS = 4, SMALL_N = 9, SMALL_K = 9, SMALL_B = 8192, BT_ROWS = 256 };

/* Element (r, c) of a matrix read through a view is p[r*rs + c*cs]: a transposed operand is
 * the same memory with rs and cs swapped. */
typedef struct {
    const float *p;
    int rs, cs;
} view;

static int min_int(int a, int b) { return a < b ? a : b; }

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
                i4 r[4];
                for (int u = 0; u < 4; u++) r[u] = (i4)wasm_v128_load(src + (t + u) * ts + q);
                transpose4(r);
                for (int u = 0; u < 4; u++) wasm_v128_store(dst + (q + u) * w + t, (v128_t)r[u]);
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

/* Packs the full MR-tall panels of an mc×kc block of op(A) whose columns are contiguous (Aᵀ of
 * Aᵀ·B, column stride qs) into dst, the panel of rows from i at dst + i*kc, row by row of A, and
 * returns how many rows it packed. Packed panel by panel, each column's cache lines were read
 * once per panel, kc of them qs floats apart (256×24×784 Aᵀ·B: 254 µs against A·B's 200; now
 * 194). */
static int pack_a_cols(float *dst, const float *src, int qs, int kc, int mc) {
    int full = mc - mc % MR;
    for (int q = 0; q < kc; q++)
        for (int ir = 0; ir < full; ir += MR) {
            float *d = dst + ir * kc + q * MR;
            const float *s = src + q * qs + ir;
            int t = 0;
            for (; t + 4 <= MR; t += 4) wasm_v128_store(d + t, wasm_v128_load(s + t));
            for (; t < MR; t++) d[t] = s[t];
        }
    return full;
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

/* The micro-kernel: C (R×V·VW, row stride ldc) += Ap (kc×MR panel, its first R rows)ᵀ · Bp
 * (kc×NR, row stride ldb: a packed panel, or op(B) itself, see B_INPLACE_N; its first V
 * vectors); with `fresh`, C = the product, so a scratch tile needs no zeroing. Inlined with
 * constant R <= MR and V <= NV, so clang unrolls its loops over rows and the accumulators stay
 * in registers (a `#pragma GCC unroll` here kept clang from it: 21 GFLOP/s). */
__attribute__((always_inline)) static inline void micro(int R, int V, int kc, const float *ap,
                                                         const float *bp, int ldb, float *c,
                                                         int ldc, int fresh) {
    fvec acc[MR][NV] = {{{0}}};
    for (int p = 0; p < kc; p++) {
        fvec b[NV];
        for (int v = 0; v < V; v++) b[v] = fvec_load(bp + VW * v);
        for (int i = 0; i < R; i++) {
            float a = ap[i];  /* splat by the scalar-vector product */
            for (int v = 0; v < V; v++) acc[i][v] += a * b[v];
        }
        ap += MR;
        bp += ldb;
    }
    for (int i = 0; i < R; i++)
        for (int v = 0; v < V; v++) {
            float *ci = c + i * ldc + VW * v;
            fvec sum = fresh ? acc[i][v] : fvec_load(ci) + acc[i][v];
            memcpy(ci, &sum, sizeof sum);
        }
}

/* The kernel of full panels, or with `narrow` of their first vector into a scratch tile: an
 * edge panel of at most VW columns at half the work of the full panel (17 = 2·8 + 1 columns:
 * 1.06×; a function of its own, inlined into blocks() by the wasm optimizer, gained 1.11× and
 * cost the full tiles 2 %). The scratch's ldc and fresh, NR and 1, are constants there (146
 * bytes less than passed). Kept out of line so it is a small, often-called function: V8
 * optimizes it after a few calls, while a long-running call would stay in baseline code. */
__attribute__((noinline)) static void kernel(int kc, const float *ap, const float *bp, int ldb,
                                             float *c, int ldc, int fresh, int narrow) {
    if (narrow) micro(MR, 1, kc, ap, bp, ldb, c, NR, 1);
    else micro(MR, NV, kc, ap, bp, ldb, c, ldc, fresh);
}

/* The last panel's r < MR rows, computed as r rows rather than as a zero-padded full panel
 * (64×128×784 A·B, whose last panel has 4 rows: 58.1 against 56.9 GFLOP/s; 256³, 1 row: 58.4
 * against 57.9). One inlined copy of micro per row count; the copies for counts of MR and
 * more are compiled out. Inlined where blocks() calls it: out of line, a call per tile of
 * 31 terms cost 7×1021×31 and 7×257×31 9-11 %. */
_Static_assert(MR <= 8, "kernel_rows covers panels of up to 7 rows");
__attribute__((always_inline)) static inline void kernel_rows(int r, int kc, const float *ap, const float *bp,
                                                               int ldb, float *c, int ldc) {
#define ROWS_CASE(R) \
    if ((R) < MR && r == (R)) micro((R) < MR ? (R) : MR, NV, kc, ap, bp, ldb, c, ldc, 0)
    ROWS_CASE(1); ROWS_CASE(2); ROWS_CASE(3); ROWS_CASE(4); ROWS_CASE(5); ROWS_CASE(6); ROWS_CASE(7);
#undef ROWS_CASE
}

/* mr rows of C at c (row stride ldc), nr <= NR columns each, += the same of the scratch tile
 * t (rows NR apart), by vectors, the last 1-3 columns one by one: the way every tile computed
 * aside reaches C. As one partial vector (f4_load, f4_store) they ran as fast inlined, in
 * 900 more bytes, and 5 % slower as calls (513×61×31). */
static void add_tile(float *c, int ldc, const float *t, int mr, int nr) {
    for (int i = 0; i < mr; i++) {
        int j = 0;
        for (; j + 4 <= nr; j += 4) {
            float *ci = c + i * ldc + j;
            wasm_v128_store(ci, wasm_f32x4_add(wasm_v128_load(ci), wasm_v128_load(t + i * NR + j)));
        }
#if defined(__clang__)
#pragma clang loop vectorize(disable) unroll(disable)
#endif
        for (; j < nr; j++) c[i * ldc + j] += t[i * NR + j];
    }
}

/* One row of C += a (k terms, as apart) · P (1 or 2) panels at b (rows ldb apart; the second
 * panel qs floats after the first), into the P·NR floats at t. Four chains of adds, which
 * hide the add's latency that a one-row tile's two leave exposed: two panels, each a[p]
 * serving both; or one panel's even and odd terms. Each of two panels' sums keeps micro()'s
 * order. */
__attribute__((always_inline)) static inline void gemv_step(float *t, const float *a, int as, const float *b,
                                                             int ldb, size_t qs, int k, int P) {
    fvec acc[2][NV] = {{{0}}};
    int ps = P == 2 ? 1 : 2;  /* terms a step */
    size_t q1 = P == 2 ? qs : (size_t)ldb;  /* from chain 0's B to chain 1's */
    int p = 0;
    for (; p + ps <= k; p += ps)
        for (int q = 0; q < 2; q++)
            for (int v = 0; v < NV; v++)
                acc[q][v] += a[(p + (P == 1) * q) * as] * fvec_load(b + q * q1 + (size_t)p * ldb + VW * v);
    for (int v = 0; p < k && v < NV; v++) acc[0][v] += a[p * as] * fvec_load(b + (size_t)p * ldb + VW * v);
    for (int v = 0; v < NV; v++)
        if (P == 2) {
            memcpy(t + VW * v, &acc[0][v], sizeof acc[0][v]);
            memcpy(t + NR + VW * v, &acc[1][v], sizeof acc[1][v]);
        } else {
            fvec sum = acc[0][v] + acc[1][v];
            memcpy(t + VW * v, &sum, sizeof sum);
        }
}

/* One row of C at c += gemv_step()'s two panels, all of the first panel's columns and the
 * first nr of the second's: the one-row GEMV's step, and a block's last row in blocks(),
 * where a one-row tile would leave two chains of adds (a third of the loop). */
__attribute__((always_inline)) static inline void row_pair(float *c, const float *a, int as, const float *b,
                                                            int ldb, size_t qs, int k, int nr) {
    float t[2 * NR];
    gemv_step(t, a, as, b, ldb, qs, k, 2);
    add_tile(c, 0, t, 1, NR);
    add_tile(c + NR, 0, t + NR, 1, nr);
}

/* One tile of C at c, mr <= MR rows and nr <= NR columns. A tile short of columns is computed
 * into a scratch tile and its valid part added to C (add_tile): it runs kernel() as a full
 * tile does, its narrow case where the columns fit one vector (the same sums, in the same
 * order). The scratch is stored, not zeroed and added to: zeroing was a memory.fill per edge
 * tile (513×61×31 and 257×61×31 1.02-1.05×, interleaved). */
static void tile(float *c, int n, const float *ap, const float *bp, int ldb, int kc, int mr,
                 int nr) {
    if (nr == NR) {
        if (mr == MR) kernel(kc, ap, bp, ldb, c, n, 0, 0);
        else kernel_rows(mr, kc, ap, bp, ldb, c, n);
        return;
    }
    float t[MR * NR];
    kernel(kc, ap, bp, ldb, t, NR, 1, nr <= VW);
    add_tile(c, n, t, mr, nr);
}

/* C (m×nc at c, row stride n) += op(A) (m rows, columns [pc, pc+kc)) · a kc×nc block of op(B)
 * in NR-wide panels: panel jr (its first column) is read at in_place + jr, row stride ldi,
 * while jr < n_in_place, else at packed + jr·pstride, row stride NR. op(A) is packed an MC×kc
 * block at a time into MR-tall panels. The panels go in bands of at most BAND floats of op(B),
 * which stay in L2 while each MR-row panel of A, in L1, crosses the band: C is then read by
 * MR rows at a time, left to right, streams a prefetcher follows, where panel by panel down
 * all MC rows it was MC streams, each a miss to L3 at every tile (on a Xeon with 2 MiB of L2:
 * 513×1021×100 packed 1.20×, 513×1021×784 1.12×, 1024³ 1.02-1.04×, 128 columns even). */
static void blocks(float *c, int n, view a, int m, int pc, int kc, int nc, const float *in_place,
                   int ldi, int n_in_place, const float *packed, int pstride) {
    float apack[MC * KC];
    int band = (BAND / (kc * NR) > 1 ? BAND / (kc * NR) : 1) * NR;  /* columns */
    for (int ic = 0; ic < m; ic += MC) {
        int mc = min_int(MC, m - ic);
        int from = a.rs == 1 ? pack_a_cols(apack, a.p + ic + pc * a.cs, a.cs, kc, mc) : 0;
        for (int ir = from; ir < mc; ir += MR)
            pack_panel(apack + ir * kc, a.p + (ic + ir) * a.rs + pc * a.cs, a.cs, a.rs, kc,
                       min_int(MR, mc - ir), MR);
        for (int jb = 0; jb < nc; jb += band) {
            int je = min_int(jb + band, nc);
            for (int ir = 0; ir < mc; ir += MR) {
                float *ci = c + (ic + ir) * n;
                const float *ai = apack + ir * kc;
                int mr = min_int(MR, mc - ir);
                for (int jr = jb; jr < je; jr += NR) {
                    int in = jr < n_in_place, ldb = in ? ldi : NR;
                    const float *bp = in ? in_place + jr : packed + jr * pstride;
                    /* two whole panels lie on one side of n_in_place: it is 0 or all of
                     * nc's whole panels */
                    if (mr == 1 && jr + 2 * NR <= je) {
                        row_pair(ci + jr, ai, MR, bp, ldb, in ? NR : (size_t)NR * pstride, kc, NR);
                        jr += NR;
                    } else {
                        tile(ci + jr, n, ai, bp, ldb, kc, mr, min_int(NR, nc - jr));
                    }
                }
            }
        }
    }
}

/* C (m×n) += op(A) (m×k) · op(B) (k×n), blocked and packed. Where op(B) is contiguous along
 * rows and narrow, its full NR-wide panels are read in place and only an edge panel is packed. */
static void gemm(float *c, view a, view b, int m, int n, int k) {
    float bpack[KC * NC];
    int b_inplace = b.cs == 1 && n <= B_INPLACE_N && !(n % B_SETS_N == 0 && m >= B_SETS_M);
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
            blocks(c + jc, n, a, m, pc, kc, nc, bsrc, b.rs, in_place, bpack, kc);
        }
    }
}

/* Loops over the rows and vectors of a register tile, unrolled in full once inlining has made
 * their counts constant, so that the tile's accumulators become registers (left as loops, or
 * unrolled by a fixed factor larger than the count, clang kept them in memory). */
#if defined(__clang__)
#define UNROLL _Pragma("clang loop unroll(full)")
#else
#define UNROLL _Pragma("GCC unroll 8")
#endif

/* The lanes of vector v of a row of W vectors whose last is `last` lanes wide. */
static inline int lanes(int v, int W, int last) { return v < W - 1 ? 4 : last; }

/* One tile of rows(): C (R×4W at c, row stride ldc, its last vector `last` lanes wide) += a
 * (R×k, element (r, p) at a[r*ars + p*acs]) · b (k×4W, row stride ldb, every vector whole).
 * The tile stays in registers across the whole sum; every B load serves R rows. The sums
 * start from C, or with `fresh` from zero and are added to C at the end, in gemm()'s order.
 * Inlined with constant R, W and fresh. */
__attribute__((always_inline)) static inline void rows_tile(float *c, int ldc, const float *a,
                                                             int ars, int acs, const float *b,
                                                             int ldb, int R, int W, int last,
                                                             int k, int fresh) {
    v128_t acc[4][8];
UNROLL
    for (int r = 0; r < R; r++)
UNROLL
        for (int v = 0; v < W; v++)
            acc[r][v] = fresh ? wasm_f32x4_splat(0.f) : (v128_t)f4_load(c + r * ldc + 4 * v, lanes(v, W, last));
    for (int p = 0; p < k; p++) {
        const float *bp = b + p * ldb;
        v128_t bv[8];
UNROLL
        for (int v = 0; v < W; v++) bv[v] = wasm_v128_load(bp + 4 * v);
UNROLL
        for (int r = 0; r < R; r++) {
            v128_t s = wasm_v128_load32_splat(a + r * ars + p * acs);
UNROLL
            for (int v = 0; v < W; v++) acc[r][v] = wasm_f32x4_add(acc[r][v], wasm_f32x4_mul(s, bv[v]));
        }
    }
UNROLL
    for (int r = 0; r < R; r++)
UNROLL
        for (int v = 0; v < W; v++) {
            float *cv = c + r * ldc + 4 * v;
            v128_t sum = fresh ? wasm_f32x4_add((v128_t)f4_load(cv, lanes(v, W, last)), acc[r][v]) : acc[r][v];
            f4_store(cv, (f4)sum, lanes(v, W, last));
        }
}

/* R rows of rows() across all n columns: tiles of 8/R vectors (8 accumulators, enough to hide
 * the add's latency: one row, 32 columns), then single vectors; the n % 4 columns left come
 * from `tail`, a zero-padded k×4 copy of them. */
__attribute__((always_inline)) static inline void rows_block(float *c, int ldc, const float *a,
                                                              int ars, int acs, const float *b,
                                                              int ldb, const float *tail, int R,
                                                              int n, int k) {
    enum { W = 8 };
    int j = 0;
    for (; j + 4 * (W / R) <= n; j += 4 * (W / R)) rows_tile(c + j, ldc, a, ars, acs, b + j, ldb, R, W / R, 4, k, 0);
    for (; j + 4 <= n; j += 4) rows_tile(c + j, ldc, a, ars, acs, b + j, ldb, R, 1, 4, k, 0);
    if (j < n) rows_tile(c + j, ldc, a, ars, acs, tail, 4, R, 1, n - j, k, 0);
}

enum { SHORT_K = 4, PAIR_K = 6 };  /* see short_k() and pairs() */

/* One row of a rank-K update (K < SHORT_K): c (n floats) += a (K terms, acs apart) · b (K×n,
 * rows ldb apart). The K splats of a stay in registers while c streams through once, 16
 * columns at a time (4 accumulators), then by vectors, the n % 4 columns left from `tail`, a
 * zero-padded K×4 copy of them; b's K rows stay in L1 from one row of C to the next. Inlined
 * with constant K. */
__attribute__((always_inline)) static inline void short_row(float *c, const float *a, int acs,
                                                             const float *b, int ldb, const float *tail,
                                                             int K, int n) {
    v128_t s[SHORT_K - 1];
UNROLL
    for (int p = 0; p < K; p++) s[p] = wasm_v128_load32_splat(a + p * acs);
    int j = 0;
    for (; j + 16 <= n; j += 16) {
        v128_t acc[4];
UNROLL
        for (int v = 0; v < 4; v++) acc[v] = wasm_v128_load(c + j + 4 * v);
UNROLL
        for (int p = 0; p < K; p++)
UNROLL
            for (int v = 0; v < 4; v++)
                acc[v] = wasm_f32x4_add(acc[v], wasm_f32x4_mul(s[p], wasm_v128_load(b + p * ldb + j + 4 * v)));
UNROLL
        for (int v = 0; v < 4; v++) wasm_v128_store(c + j + 4 * v, acc[v]);
    }
    for (; j + 4 <= n; j += 4) {
        v128_t acc = wasm_v128_load(c + j);
UNROLL
        for (int p = 0; p < K; p++) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(s[p], wasm_v128_load(b + p * ldb + j)));
        wasm_v128_store(c + j, acc);
    }
    if (j < n) {
        v128_t acc = (v128_t)f4_load(c + j, n - j);
UNROLL
        for (int p = 0; p < K; p++) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(s[p], wasm_v128_load(tail + 4 * p)));
        f4_store(c + j, (f4)acc, n - j);
    }
}

/* C (m×n) += op(A) (m×k) · B (k×n, rows ldb apart) for k < SHORT_K: a rank-k update, whose
 * cost is C's traffic. One row of C at a time, in one pass: rows()' tiles of 4 rows reload
 * the splats for every tile of 8 columns and keep 4 rows of C in flight (513×1021×1: 5.4
 * GFLOP/s there, 12-14 here). From 4 terms on rows()' tiles, each B load serving 4 rows, are
 * faster (513×1021×5: 20 against 15-18 one row at a time); and K a variable here ran at half
 * the speed of K a constant. */
#define SHORT_CASE(K) \
    case K: for (int i = 0; i < m; i++) short_row(c + i * n, a.p + i * a.rs, a.cs, b, ldb, tail, K, n); break
__attribute__((noinline)) static void short_k(float *c, view a, const float *b, int ldb, int m, int n, int k) {
    float tail[(SHORT_K - 1) * 4];
    int nv = n & ~3;
    for (int p = 0; p < k && nv < n; p++)
        for (int t = 0; t < 4; t++) tail[p * 4 + t] = nv + t < n ? b[p * ldb + nv + t] : 0.f;
    switch (k) {
        SHORT_CASE(1); SHORT_CASE(2); SHORT_CASE(3);
    }
}
#undef SHORT_CASE
_Static_assert(SHORT_K == 4, "short_k has a case for each K below SHORT_K");

/* acc0, acc1 (a vector of each of two rows) += the splats s0, s1 (K each) · b (K vectors, ld
 * apart), each B load serving both rows. */
__attribute__((always_inline)) static inline void pair_step(v128_t *acc0, v128_t *acc1, const v128_t *s0,
                                                             const v128_t *s1, const float *b, int ld, int K) {
UNROLL
    for (int p = 0; p < K; p++) {
        v128_t bv = wasm_v128_load(b + p * ld);
        *acc0 = wasm_f32x4_add(*acc0, wasm_f32x4_mul(s0[p], bv));
        *acc1 = wasm_f32x4_add(*acc1, wasm_f32x4_mul(s1[p], bv));
    }
}

/* Two rows of a rank-K update (SHORT_K <= K <= PAIR_K): C (2×n, row stride ldc) += a (2×K,
 * element (r, p) at a[r*ars + p*acs]) · op(B) (K×n), its 4 columns from j at b + j/4·bstep,
 * rows ldb apart. The 2K splats of a stay in registers while both rows of C stream through
 * once, a vector of each per step; the n % 4 columns left come from `tail`, K×4 and
 * zero-padded. The sums are rows_tile()'s, in its order. Inlined with constant K, and with
 * constant ldb and bstep for packed op(B). */
__attribute__((always_inline)) static inline void pair_rows(float *c, int ldc, const float *a, int ars,
                                                             int acs, const float *b, int ldb, int bstep,
                                                             const float *tail, int K, int n) {
    v128_t s0[PAIR_K], s1[PAIR_K];
UNROLL
    for (int p = 0; p < K; p++) {
        s0[p] = wasm_v128_load32_splat(a + p * acs);
        s1[p] = wasm_v128_load32_splat(a + ars + p * acs);
    }
    int j = 0;
    for (; j + 4 <= n; j += 4, b += bstep) {
        v128_t acc0 = wasm_v128_load(c + j), acc1 = wasm_v128_load(c + ldc + j);
        pair_step(&acc0, &acc1, s0, s1, b, ldb, K);
        wasm_v128_store(c + j, acc0);
        wasm_v128_store(c + ldc + j, acc1);
    }
    if (j < n) {
        v128_t acc0 = (v128_t)f4_load(c + j, n - j), acc1 = (v128_t)f4_load(c + ldc + j, n - j);
        pair_step(&acc0, &acc1, s0, s1, tail, 4, K);
        f4_store(c + j, (f4)acc0, n - j);
        f4_store(c + ldc + j, (f4)acc1, n - j);
    }
}

/* The rows of C by pairs for SHORT_K <= k <= PAIR_K, until one is left: rows()' 4-row tiles
 * reload the splats of A for every 8 columns (513×1021×5 and 100×1021×5: 1.10-1.20× the
 * tiles, interleaved; one row at a time was 0.75-0.9×, and pairs of K = 7-8 terms, whose
 * splats fill the registers, gained 4-6 %). Returns the rows done. */
#define PAIR_CASE(K) \
    case K: for (; i + 1 < m; i += 2) pair_rows(c + i * n, n, a.p + i * a.rs, a.rs, a.cs, b, ldb, 4, tail, K, n); break
__attribute__((noinline)) static int pairs(float *c, view a, const float *b, int ldb, const float *tail,
                                           int m, int n, int k) {
    int i = 0;
    switch (k) {
        PAIR_CASE(4); PAIR_CASE(5); PAIR_CASE(6);
    }
    return i;
}
#undef PAIR_CASE
_Static_assert(SHORT_K == 4 && PAIR_K == 6, "pairs and pairs_packed have a case for each K from SHORT_K to PAIR_K");

/* C (m×n) += op(A) (m×k) · B, with B (k×n) contiguous along rows of stride ldb, four rows at a
 * time, then the 1-3 left; fewer than SHORT_K terms go to short_k(), and up to PAIR_K
 * pairs() takes all rows but perhaps the last. Nothing is packed: for
 * small products packing is what would cost, and for one to four rows (GEMV) each element of
 * B serves only those rows anyway. K goes in blocks: where B's rows lie 1 KiB apart or more,
 * blocks of ROWS_KC_WIDE rows, so that the rows a column tile reads stay in L1 (and their
 * pages in the TLB) for the next tile, which reads the rest of their cache lines; else of
 * ROWS_KC, fewer passes over C. */
enum { ROWS_KC = 256, ROWS_KC_WIDE = 32, ROWS_WIDE = 256 };
__attribute__((noinline)) static void rows(float *c, view a, const float *b, int ldb, int m, int n, int k) {
    if (k < SHORT_K) {
        short_k(c, a, b, ldb, m, n, k);
        return;
    }
    float tail[ROWS_KC * 4];
    int nv = n & ~3, kb = ldb >= ROWS_WIDE ? ROWS_KC_WIDE : ROWS_KC;
    for (int p0 = 0; p0 < k; p0 += kb) {
        int kc = min_int(kb, k - p0);
        const float *bp = b + p0 * ldb;
        for (int p = 0; p < kc && nv < n; p++)
            for (int t = 0; t < 4; t++) tail[p * 4 + t] = nv + t < n ? bp[p * ldb + nv + t] : 0.f;
        for (int i = k <= PAIR_K ? pairs(c, a, bp, ldb, tail, m, n, k) : 0; i < m; i += 4) {
            int R = min_int(4, m - i);
            const float *ai = a.p + i * a.rs + p0 * a.cs;
            float *ci = c + i * n;
            if (R == 4) rows_block(ci, n, ai, a.rs, a.cs, bp, ldb, tail, 4, n, kc);
            else if (R == 3) rows_block(ci, n, ai, a.rs, a.cs, bp, ldb, tail, 3, n, kc);
            else if (R == 2) rows_block(ci, n, ai, a.rs, a.cs, bp, ldb, tail, 2, n, kc);
            else rows_block(ci, n, ai, a.rs, a.cs, bp, ldb, tail, 1, n, kc);
        }
    }
}

/* C (R×S at c, row stride ldc) += x (R×k, rows xs apart) · yᵀ (y: S×k, rows ys apart), both
 * contiguous along k: R×S dot products by vectors along k, the last step a partial vector,
 * each tile's sums added up by one transpose per column. Inlined with constant R <= 4, S. */
__attribute__((always_inline)) static inline void dots_tile(float *c, int ldc, const float *x,
                                                             int xs, const float *y, int ys,
                                                             int R, int S, int k) {
    v128_t acc[4][8];
UNROLL
    for (int r = 0; r < 4; r++)
UNROLL
        for (int s = 0; s < S; s++) acc[r][s] = wasm_f32x4_splat(0.f);
    int p = 0;
    for (; p + 4 <= k; p += 4) {
        v128_t yv[8];
UNROLL
        for (int s = 0; s < S; s++) yv[s] = wasm_v128_load(y + s * ys + p);
UNROLL
        for (int r = 0; r < R; r++) {
            v128_t xv = wasm_v128_load(x + r * xs + p);
UNROLL
            for (int s = 0; s < S; s++) acc[r][s] = wasm_f32x4_add(acc[r][s], wasm_f32x4_mul(xv, yv[s]));
        }
    }
    if (p < k) {
        v128_t yv[8];
UNROLL
        for (int s = 0; s < S; s++) yv[s] = (v128_t)f4_load(y + s * ys + p, k - p);
UNROLL
        for (int r = 0; r < R; r++) {
            v128_t xv = (v128_t)f4_load(x + r * xs + p, k - p);
UNROLL
            for (int s = 0; s < S; s++) acc[r][s] = wasm_f32x4_add(acc[r][s], wasm_f32x4_mul(xv, yv[s]));
        }
    }
UNROLL
    for (int s = 0; s < S; s++) {
        i4 t[4] = {(i4)acc[0][s], (i4)acc[1][s], (i4)acc[2][s], (i4)acc[3][s]};
        transpose4(t);
        float sum[4];
        wasm_v128_store(sum, wasm_f32x4_add(wasm_f32x4_add((v128_t)t[0], (v128_t)t[1]),
                                            wasm_f32x4_add((v128_t)t[2], (v128_t)t[3])));
UNROLL
        for (int r = 0; r < R; r++) c[r * ldc + s] += sum[r];
    }
}

/* R rows of dots() across all n columns: tiles of 8/R columns (8 accumulators: one row, eight
 * columns), then one column at a time. */
__attribute__((always_inline)) static inline void dots_block(float *c, int ldc, const float *x,
                                                              const float *y, int R, int n, int k) {
    int j = 0;
    for (; j + 8 / R <= n; j += 8 / R) dots_tile(c + j, ldc, x, k, y + j * k, k, R, 8 / R, k);
    for (; j < n; j++) dots_tile(c + j, ldc, x, k, y + j * k, k, R, 1, k);
}

/* C (m×n, row stride ldc) += X · Yᵀ, X (m×k) and Y (n×k) contiguous along rows: A·Bᵀ itself,
 * A·B with a narrow B once Bᵀ is copied, and the last few columns of a packed op(B). For few
 * rows or columns, where a register tile of C would be mostly padding: dot products along k
 * use every lane. */
__attribute__((noinline)) static void dots(float *c, int ldc, const float *x, const float *y, int m, int n, int k) {
    int i = 0;
    for (; i + 3 < m; i += 4) dots_block(c + i * ldc, ldc, x + i * k, y, 4, n, k);
    if (m - i == 3) dots_block(c + i * ldc, ldc, x + i * k, y, 3, n, k);
    else if (m - i == 2) dots_block(c + i * ldc, ldc, x + i * k, y, 2, n, k);
    else if (m - i == 1) dots_block(c + i * ldc, ldc, x + i * k, y, 1, n, k);
}

static int tiny(int m, int n, int k) { return m < DIRECT_ROWS || n < SMALL_N || k < SMALL_K; }

/* For A·B and Aᵀ·B, whose op(B) rows() reads in place. */
static int use_rows(int m, int n, int k) {
    return tiny(m, n, k) || (n % 4 == 0 && (long)n * k <= SMALL_B);
}

/* A·B with fewer than 4 columns (a one-unit layer's dx): rows() would fill a quarter to three
 * quarters of each vector; Bᵀ (n×k) is copied onto the stack for dot products instead. */
void mat_mul_ab_simd(float *c, const float *a, const float *b, int m, int n, int k) {
    view va = {a, k, 1};
    if (k == 1) {
        mat_mul_atb_simd(c, a, b, m, n, k);  /* a rank-1 update, see there */
    } else if (n < 4 && (long)n * k <= SMALL_B) {
        float bt[SMALL_B];
        for (int p = 0; p < k; p++)
            for (int j = 0; j < n; j++) bt[j * k + p] = b[p * n + j];
        dots(c, n, a, bt, m, n, k);
    } else if (use_rows(m, n, k)) {
        rows(c, va, b, n, m, n, k);
    } else {
        gemm(c, va, (view){b, n, 1}, m, n, k);
    }
}

/* With fewer than 4 columns (the weight gradient of a layer fed by 2 inputs) rows() would
 * fill only part of each vector: Cᵀ = Bᵀ·A is computed instead, its m columns by vectors, into
 * a scratch tile added to C; with fewer than 4 rows too, Aᵀ and Bᵀ are copied for dots().
 * With one term (k = 1) the three products are one rank-1 update, C += a·bᵀ: A (m×1) of A·B
 * and Aᵀ (1×m) here are the same m floats, B (1×n) and Bᵀ (n×1) of A·Bᵀ the same n, and so is
 * a packed 1×n op(B) in every layout. A·B and A·Bᵀ hand it to this function, whose narrow case
 * computes Cᵀ by rows rather than n dot products of one term per row of C (513×3×1: 2.5
 * GFLOP/s against 0.5), and whose others stream rows of C through short_k(). */
void mat_mul_atb_simd(float *c, const float *a, const float *b, int m, int n, int k) {
    view va = {a, 1, m};
    if (n < 4 && m < 4 && (long)(m + n) * k <= SMALL_B) {
        float t[SMALL_B];  /* Aᵀ (m×k), then Bᵀ (n×k): both along k for dot products */
        for (int p = 0; p < k; p++) {
            for (int i = 0; i < m; i++) t[i * k + p] = a[p * m + i];
            for (int j = 0; j < n; j++) t[(m + j) * k + p] = b[p * n + j];
        }
        dots(c, n, t, t + m * k, m, n, k);
    } else if (n < 4 && m >= 4 && (long)n * m <= SMALL_B) {
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

/* Here op(B) = Bᵀ is not contiguous along rows, but both operands are along k: with few rows
 * (single-sample inference) or columns (a one-unit output layer), dot products; for tiny and
 * for tall products, Bᵀ is copied onto the stack for rows() (see BT_ROWS), and so it is for
 * few rows of fewer than SMALL_K terms, where a dot product is one or two vectors long
 * (1×1021×5: 2.2 GFLOP/s against 1.2; 3×257×5 5.8 against 2.5). */
void mat_mul_abt_simd(float *c, const float *a, const float *b, int m, int n, int k) {
    int bt_fits = n >= 4 && (long)n * k <= SMALL_B;
    if (k == 1) {
        mat_mul_atb_simd(c, a, b, m, n, k);
    } else if (bt_fits && (m < DIRECT_ROWS ? k < SMALL_K : tiny(m, n, k) || (m >= BT_ROWS && n % 4 == 0))) {
        float bt[SMALL_B];
        for (int p = 0; p < k; p++)
            for (int j = 0; j < n; j++) bt[p * n + j] = b[j * k + p];
        rows(c, (view){a, k, 1}, bt, n, m, n, k);
    } else if (m < DIRECT_ROWS || n < 4) {
        dots(c, n, a, b, m, n, k);
    } else {
        gemm(c, (view){a, k, 1}, (view){b, 1, k}, m, n, k);
    }
}

/* Pre-packed op(B) (k×n), in the layout of the path its product takes, chosen by the shape:
 * fewer than 4 columns, op(B)ᵀ (n×k) for dots() (a panel would be mostly zeros); SHORT_K to
 * PAIR_K rows, 4-column panels (k×4, zero-padded past column n) for pairs_packed(); else
 * fewer than SMALL_K rows, op(B) row-major for rows() (a tile's setup would outweigh its few
 * terms); else NR-wide panels, each k×NR, zero-padded past column n, panel jr (first column jr) at
 * jr·k, as gemm() packs a block, but for all of K and N once. A last panel that would hold
 * fewer than 4 columns (17 = 16 + 1 with NR = 8) is not made: those columns follow the panels
 * as rows of op(B)ᵀ, for dots() (4×17×1024: 10.1 GFLOP/s with a padded panel). */
enum packing { PACK_BT, PACK_QUADS, PACK_ROWS, PACK_PANELS };
static enum packing packing(int n, int k) {
    if (n < 4) return PACK_BT;
    if (k >= SHORT_K && k <= PAIR_K) return PACK_QUADS;
    return k < SMALL_K ? PACK_ROWS : PACK_PANELS;
}
static int edge_cols(int n) { return n % NR < 4 ? n % NR : 0; }  /* of the panel layout */

size_t mat_pack_b_size_simd(int n, int k) {
    if (packing(n, k) == PACK_QUADS) return (size_t)(n + 3) / 4 * 4 * k;
    if (packing(n, k) != PACK_PANELS) return (size_t)n * k;
    int e = edge_cols(n);
    return ((size_t)(n - e + NR - 1) / NR * NR + e) * k;
}

/* Element (p, j) of op(B) to bp[p*rs + j*cs] for j in [j0, j1): once per packing, so left
 * scalar (vectorized, with its overlap checks, it cost 0.6 KB of wasm). */
static void pack_copy(float *bp, int rs, int cs, const float *b, int qs, int ts, int k, int j0, int j1) {
    for (int p = 0; p < k; p++)
#if defined(__clang__)
#pragma clang loop vectorize(disable)
#endif
        for (int j = j0; j < j1; j++) bp[p * rs + j * cs] = b[p * qs + j * ts];
}

void mat_pack_b_simd(float *bp, const float *b, int n, int k, int trans) {
    int qs = trans ? 1 : n, ts = trans ? k : 1;  /* element (p, j) of op(B) at b[p*qs + j*ts] */
    enum packing how = packing(n, k);
    if (how == PACK_QUADS) {
        for (int j = 0; j < n; j += 4) pack_panel(bp + (size_t)j * k, b + (size_t)j * ts, qs, ts, k, min_int(4, n - j), 4);
        return;
    }
    if (how != PACK_PANELS) {
        pack_copy(bp, how == PACK_BT ? 1 : n, how == PACK_BT ? k : 1, b, qs, ts, k, 0, n);
        return;
    }
    int np = n - edge_cols(n);
    for (int jr = 0; jr < np; jr += NR)
        pack_panel(bp + (size_t)jr * k, b + (size_t)jr * ts, qs, ts, k, min_int(NR, np - jr), NR);
    /* the edge's rows of op(B)ᵀ, after the panels (np is a multiple of NR here) */
    pack_copy(bp, 1, k, b, qs, ts, k, np, n);
}

/* C (m×n) += A (m×k) · op(B) in 4-column panels (PACK_QUADS), by pair_rows(): each panel's
 * K vectors lie at constant offsets from one pointer, where rows of op(B) ldb apart took an
 * address computation per load (64×1021×5 1.19×, 513×257×5 1.16×, 4×1021×5 1.24×,
 * interleaved). An odd last row goes as a pair of itself: both sums are the same, stored
 * twice. The zero-padded last panel is the tail. */
#define QUADS_CASE(K)                                                                               \
    case K:                                                                                         \
        for (int i = 0; i < m; i += 2) {                                                            \
            int r = i + 1 < m;                                                                      \
            pair_rows(c + i * n, r * n, a + i * K, r * K, 1, bp, 4, 4 * K, bp + n / 4 * 4 * K, K, n); \
        }                                                                                           \
        break
__attribute__((noinline)) static void pairs_packed(float *c, const float *a, const float *bp, int m, int n,
                                                   int k) {
    switch (k) {
        QUADS_CASE(4); QUADS_CASE(5); QUADS_CASE(6);
    }
}
#undef QUADS_CASE

/* One row of C (n columns) += a (k terms) · the panels, two at a time, so that each splat of
 * a[p] serves four vectors, not two (1×257×784 1.20×, 1×1021×100 1.28×, 1×17×1024 1.15× on the
 * Xeon; B from L3, 1×1021×1024, 1.03×), the last alone. */
static void gemv_panels(float *c, const float *a, const float *bp, int n, int k) {
    int jr = 0;
    for (; jr + NR < n; jr += 2 * NR)
        row_pair(c + jr, a, 1, bp + (size_t)jr * k, NR, (size_t)k * NR, k, min_int(NR, n - jr - NR));
    if (jr < n) {
        float t[NR];
        gemv_step(t, a, 1, bp + (size_t)jr * k, NR, 0, k, 1);
        add_tile(c + jr, 0, t, 1, n - jr);
    }
}

/* R (2-4) rows of C (row stride n) += A (R×k, read in place) · the first np columns of the
 * panels, by rows_tile() over each panel (k×NR, row stride NR), a KC-term block across all
 * panels at a time, each block's sums from zero then added to C: the sums of gemm()'s tiles,
 * in their order, so inference on packed weights equals the unpacked product's to the bit.
 * The loop over whole panels is innermost, one call with the block's length fixed, and the
 * edge panel has a call of its own: with short K a tile is short, and a loop that also chose
 * the scratch, or looped over blocks, cost a part of it (docs/performance.md). blocks() would
 * copy A into MR-tall panels per KC block, a copy as long as the product's own reads of A
 * when N holds a panel or two (4×17×1024: 11.9 GFLOP/s, 31 here). Inlined with constant R. */
__attribute__((always_inline)) static inline void few_rows_panels(float *c, const float *a, const float *bp,
                                                                   int R, int n, int np, int k) {
    int full = np - np % NR;
    for (int pc = 0; pc < k; pc += KC) {  /* gemm()'s K blocks, each block's sums added in turn */
        int kc = min_int(KC, k - pc);
        const float *b = bp + (size_t)pc * NR;
        for (int jr = 0; jr < full; jr += NR)
            rows_tile(c + jr, n, a + pc, k, 1, b + (size_t)jr * k, NR, R, NR / 4, 4, kc, 1);
        if (full < np) {  /* a last panel of 4 to NR - 1 columns (edge_cols), through a zeroed tile */
            float t[4 * NR] = {0};
            rows_tile(t, NR, a + pc, k, 1, b + (size_t)full * k, NR, R, NR / 4, 4, kc, 1);
            add_tile(c + full, n, t, R, np - full);
        }
    }
}

/* m >= 2 rows of C by few_rows_panels(), four at a time, the last 2, 3 or 5 (3 + 2) rows in
 * one or two tiles of that many: the same sums, in the same order, as gemm()'s tiles of 2-5
 * rows. */
static void few_rows(float *c, const float *a, const float *bp, int m, int n, int np, int k) {
    for (int i = 0, R; i < m; i += R) {
        int left = m - i;
        R = left == 5 ? 3 : min_int(4, left);
        if (R == 4) few_rows_panels(c + i * n, a + i * k, bp, 4, n, np, k);
        else if (R == 3) few_rows_panels(c + i * n, a + i * k, bp, 3, n, np, k);
        else few_rows_panels(c + i * n, a + i * k, bp, 2, n, np, k);
    }
}

/* Panels are read where they lie: one row by gemv_panels; by few_rows(), with A in place, 2-4
 * rows, any number over at most 3 panels, and where the vectors are 4 wide (wasm) any number
 * but one whole MR-row tile; natively up to FEW_M rows that are not a whole number of MR-row
 * tiles over at most FEW_PANELS panels; else by gemm()'s inner loops for each KC-row block of
 * them, the last rows by the register tiles of that many rows. blocks() copies A into MR-tall
 * panels per KC block and leaves a last panel of 1-4 rows (16 = 5·3 + 1). In wasm the 4-row
 * tiles over A in place beat its 5-row ones on every other row count, measured; natively
 * the micro-kernel runs at the machine's width and the 4-wide tiles do not, so there
 * few_rows() keeps the shapes where blocks() leaves most of its tile empty. The figures are
 * in docs/performance.md. */
enum { FEW_M = 16, FEW_PANELS = 8 };
/* Whether few_rows() takes m rows over np columns of panels of k terms, as above. Natively one
 * row past whole tiles (16 = 5·3 + 1) also goes there over more panels: blocks() would leave a
 * 1-row tile, whose 2 chains of adds run at a third of the peak, and few_rows() wins while
 * its passes over op(B), one per 4 rows, stay in L2. */
static int use_few_rows(int m, int np, int k) {
    if (m <= 4 || np <= 3 * NR) return 1;
    if (VW == 4) return m != MR;
    if (m > FEW_M || m % MR == 0) return 0;
    return np <= FEW_PANELS * NR || (m % MR == 1 && (size_t)np * k <= 2 * BAND);
}
void mat_mul_ab_packed_simd(float *c, const float *a, const float *bp, int m, int n, int k) {
    if (k == 1) {
        mat_mul_atb_simd(c, a, bp, m, n, k);  /* every layout of a 1×n op(B) is its n floats */
        return;
    }
    enum packing how = packing(n, k);
    if (how == PACK_BT) {
        dots(c, n, a, bp, m, n, k);
        return;
    }
    if (how == PACK_QUADS) {
        pairs_packed(c, a, bp, m, n, k);
        return;
    }
    if (how == PACK_ROWS) {
        rows(c, (view){a, k, 1}, bp, n, m, n, k);
        return;
    }
    int np = n - edge_cols(n);
    if (m == 1)
        gemv_panels(c, a, bp, np, k);
    else if (use_few_rows(m, np, k))
        few_rows(c, a, bp, m, n, np, k);
    else
        for (int pc = 0; pc < k; pc += KC)
            blocks(c, n, (view){a, k, 1}, m, pc, min_int(KC, k - pc), np, NULL, 0, 0, bp + pc * NR, k);
    if (np < n) dots(c + np, n, a, bp + (size_t)np * k, m, n - np, k);
}
#endif
