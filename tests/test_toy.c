/* test_toy.c — the 2D toy data sets: determinism per seed, class balance and interleaving,
 * value ranges, each set's geometry at noise 0, and refusal of bad arguments; the input
 * features of points against hand values. */
#include <stdlib.h>

#include "nn.h"
#include "t.h"

#define N 400
#define PI 3.14159265358979

static nn_ctx *ctx;
static float x[2 * N], y[N];

static void gen(nn_toy t, int n, float noise, int classes, uint64_t seed) {
    nn_status st = nn_toy_generate(ctx, t, n, noise, classes, seed, x, y);
    t_ok(st == NN_OK, "%s: status %d: %s", nn_toy_name(t), st, nn_last_error(ctx));
}

static void names_round_trip(void) {
    for (int t = 0; t < NN_TOY_COUNT; t++) {
        nn_toy got = NN_TOY_COUNT;
        t_ok(nn_toy_parse(ctx, nn_toy_name((nn_toy)t), &got) == NN_OK && got == (nn_toy)t,
             "parse(name(%d)) gave %d", t, (int)got);
    }
    t_ok(nn_toy_classes(NN_TOY_SPIRAL, 9) == 2, "spiral is binary");
    t_ok(nn_toy_classes(NN_TOY_MULTICLASS, 4) == 4, "multiclass has the classes asked for");
    t_ok(nn_toy_classes(NN_TOY_PLANE, 4) == 0, "plane is regression");
    t_ok(nn_toy_classes(NN_TOY_CURVE, 4) == 0, "curve is regression");
}

static void same_seed_same_data(void) {
    static float x2[2 * N], y2[N];
    for (int t = 0; t < NN_TOY_COUNT; t++) {
        gen((nn_toy)t, N, 0.3f, 4, 42);
        memcpy(x2, x, sizeof x), memcpy(y2, y, sizeof y);
        gen((nn_toy)t, N, 0.3f, 4, 42);
        t_ok(memcmp(x, x2, sizeof x) == 0 && memcmp(y, y2, sizeof y) == 0,
             "%s: seed 42 twice gave different data", nn_toy_name((nn_toy)t));
        gen((nn_toy)t, N, 0.3f, 4, 43);
        t_ok(memcmp(x, x2, sizeof x) != 0, "%s: seeds 42 and 43 gave the same points",
             nn_toy_name((nn_toy)t));
    }
}

/* Every point on the plane and every label of the right kind, even at full noise. */
static void values_in_range(void) {
    for (int t = 0; t < NN_TOY_COUNT; t++) {
        int k = nn_toy_classes((nn_toy)t, 5), bad = 0;
        gen((nn_toy)t, N, 1.0f, 5, 7);
        for (int i = 0; i < N; i++) {
            if (!(fabsf(x[2 * i]) <= 6.0f && fabsf(x[2 * i + 1]) <= 6.0f)) bad++;
            if (k > 0 && !(y[i] == floorf(y[i]) && y[i] >= 0 && y[i] < k)) bad++;
            if (k == 0 && !(y[i] >= -1.0f && y[i] <= 1.0f)) bad++;
        }
        t_ok(bad == 0, "%s: %d values out of range", nn_toy_name((nn_toy)t), bad);
    }
}

static double radius(int i) {
    return hypot(x[2 * i], x[2 * i + 1]);
}

/* Rows are shuffled, not laid out in generation order: the spiral's inner and outer parts are
 * spread over both halves, and labels do not follow the round-robin order classes are drawn in. */
static void rows_shuffled(void) {
    gen(NN_TOY_SPIRAL, N, 0.0f, 0, 5);
    double half[2] = {0}, round_robin = 0;
    for (int i = 0; i < N; i++) {
        half[i >= N / 2] += radius(i) / (N / 2);
        round_robin += (int)y[i] == i % 2;
    }
    /* Radii are uniform on [0, 5): each half's mean is 2.5 with std 1.44/sqrt(200) = 0.1;
     * the tolerance 0.2*2.5 = 0.5 is 5 std, while unshuffled halves are 1.25 away. */
    t_near(half[0], 2.5, 0.2);
    t_near(half[1], 2.5, 0.2);
    t_ok(round_robin > 0.4 * N && round_robin < 0.6 * N,
         "%g of %d labels follow the round-robin order", round_robin, N);
}

/* At noise 0 each class has n/k samples (to within one) and the first half of the rows holds
 * about half of each class, so a prefix/suffix split is fair. n = 401 checks the odd case. */
static void classes_balanced_and_interleaved(void) {
    for (int t = 0; t < NN_TOY_COUNT; t++) {
        int k = nn_toy_classes((nn_toy)t, 5);
        if (k == 0) continue;
        int count[5] = {0}, first_half[5] = {0}, n = N - 1;
        gen((nn_toy)t, n, 0.0f, 5, 3);
        for (int i = 0; i < n; i++) {
            count[(int)y[i]]++;
            if (i < n / 2) first_half[(int)y[i]]++;
        }
        for (int c = 0; c < k; c++) {
            t_ok(abs(count[c] - n / k) <= 1, "%s: class %d has %d of %d samples",
                 nn_toy_name((nn_toy)t), c, count[c], n);
            /* Binomial(n/k, 1/2) stays within 4 standard deviations (~2*sqrt(n/k)/2). */
            double sd = sqrt(count[c] / 4.0);
            t_ok(fabs(first_half[c] - count[c] / 2.0) <= 4 * sd,
                 "%s: class %d has %d of its %d samples in the first half",
                 nn_toy_name((nn_toy)t), c, first_half[c], count[c]);
        }
    }
}


static void circle_geometry(void) {
    gen(NN_TOY_CIRCLE, N, 0.0f, 0, 1);
    int bad = 0;
    for (int i = 0; i < N; i++) {
        double r = radius(i);
        if (y[i] == 1.0f ? !(r <= 2.5) : !(r >= 3.5 - 1e-5 && r <= 5.0 + 1e-5)) bad++;
    }
    t_ok(bad == 0, "circle: %d points whose label does not match their radius", bad);
    /* Noise moves the point the label is read from, so some labels flip. */
    gen(NN_TOY_CIRCLE, N, 0.5f, 0, 1);
    bad = 0;
    for (int i = 0; i < N; i++) bad += (y[i] == 1.0f) != (radius(i) < 2.5);
    t_ok(bad > N / 50 && bad < N / 2, "circle at noise 0.5: %d of %d labels flipped", bad, N);
}

static void xor_geometry(void) {
    gen(NN_TOY_XOR, N, 0.0f, 0, 1);
    int bad = 0;
    for (int i = 0; i < N; i++) {
        float a = x[2 * i], b = x[2 * i + 1];
        if ((y[i] == 1.0f) != (a * b >= 0) || fabsf(a) < 0.3f || fabsf(b) < 0.3f) bad++;
    }
    t_ok(bad == 0, "xor: %d points off their quadrant or inside the padding", bad);
}

static void gauss_geometry(void) {
    gen(NN_TOY_GAUSS, N, 0.0f, 0, 1);
    double mean[2][2] = {{0}}, cnt[2] = {0};
    for (int i = 0; i < N; i++) {
        int c = (int)y[i];
        mean[c][0] += x[2 * i], mean[c][1] += x[2 * i + 1], cnt[c]++;
    }
    for (int c = 0; c < 2; c++) {
        double want = c ? 2.0 : -2.0;   /* std sqrt(0.5), mean of 200: error ~0.05 */
        t_near(mean[c][0] / cnt[c], want, 0.2);
        t_near(mean[c][1] / cnt[c], want, 0.2);
    }
}

/* x = r sin t, y = r cos t with t = 1.75 * 2pi * r/5 (+ pi for class 0). */
static void spiral_geometry(void) {
    gen(NN_TOY_SPIRAL, N, 0.0f, 0, 1);
    int bad = 0;
    for (int i = 0; i < N; i++) {
        double r = radius(i);
        if (r > 5.0 || r < 1e-6) continue;   /* the arms' common start has no angle */
        double t = 1.75 * 2 * PI * r / 5.0 + (y[i] == 1.0f ? 0.0 : PI);
        if (hypot(x[2 * i] - r * sin(t), x[2 * i + 1] - r * cos(t)) > 1e-3) bad++;
    }
    t_ok(bad == 0, "spiral: %d points off their arm", bad);
}

/* Undo the scaling: class 0 on the unit circle's upper half, class 1 on the lower half of the
 * unit circle centred at (1, 0.5). */
static void moons_geometry(void) {
    gen(NN_TOY_MOONS, N, 0.0f, 0, 1);
    int bad = 0;
    for (int i = 0; i < N; i++) {
        double u = x[2 * i] / 3.0 + 0.5, v = x[2 * i + 1] / 3.0 + 0.25;
        double cu = y[i] == 1.0f ? 1.0 : 0.0, cv = y[i] == 1.0f ? 0.5 : 0.0;
        double side = y[i] == 1.0f ? cv - v : v - cv;
        if (fabs(hypot(u - cu, v - cv) - 1.0) > 1e-4 || side < -1e-4) bad++;
    }
    t_ok(bad == 0, "moons: %d points off their half circle", bad);
}

static void multiclass_geometry(void) {
    for (int k = 3; k <= 5; k++) {
        gen(NN_TOY_MULTICLASS, N, 0.0f, k, 9);
        int bad = 0;
        for (int i = 0; i < N; i++) {   /* nearest ring centre is the label's, for ~all points */
            int best = 0;
            double bd = 1e9;
            for (int c = 0; c < k; c++) {
                double a = PI / 2 + 2 * PI * c / k;
                double d = hypot(x[2 * i] - 4 * cos(a), x[2 * i + 1] - 4 * sin(a));
                if (d < bd) bd = d, best = c;
            }
            bad += best != (int)y[i];
        }
        /* Centres >= 4.7 apart, std 0.71: a point crosses the midline with p < 0.1% per pair. */
        t_ok(bad <= N / 100, "multiclass k=%d: %d points nearer another class's centre", k, bad);
    }
}

static void plane_labels(void) {
    gen(NN_TOY_PLANE, N, 0.0f, 0, 1);
    int bad = 0;
    for (int i = 0; i < N; i++) {
        double want = fmin(1.0, fmax(-1.0, (x[2 * i] + x[2 * i + 1]) / 10.0));
        bad += fabs(y[i] - want) > 1e-5;
    }
    t_ok(bad == 0, "plane: %d labels differ from (x+y)/10 clamped to [-1, 1]", bad);
}

static void multigauss_labels(void) {
    static const double bumps[6][3] = {{-4, 2.5, 1}, {0, 2.5, -1}, {4, 2.5, 1},
                                       {-4, -2.5, -1}, {0, -2.5, 1}, {4, -2.5, -1}};
    gen(NN_TOY_MULTIGAUSS, N, 0.0f, 0, 1);
    int bad = 0, nonzero = 0;
    for (int i = 0; i < N; i++) {
        double want = 0;
        for (int b = 0; b < 6; b++) {
            double d = hypot(x[2 * i] - bumps[b][0], x[2 * i + 1] - bumps[b][1]);
            double v = bumps[b][2] * fmax(0.0, 1.0 - d / 2.0);
            if (fabs(v) > fabs(want)) want = v;
        }
        bad += fabs(y[i] - want) > 1e-5;
        nonzero += y[i] != 0.0f;
    }
    t_ok(bad == 0, "multigauss: %d labels differ from the nearest bump's", bad);
    t_ok(nonzero > N / 5, "multigauss: only %d nonzero labels", nonzero);
}

/* At noise 0 every label is the curve of its x1 and every x2 is 0, x1 spread over [-6, 6];
 * noise moves only the labels, by at most noise/2. */
static void curve_labels(void) {
    gen(NN_TOY_CURVE, N, 0.0f, 0, 1);
    int bad = 0;
    double lo = 6, hi = -6;
    for (int i = 0; i < N; i++) {
        double a = x[2 * i], want = 0.5 * sin(1.5 * a) + 0.4 * cos(0.6 * a);
        bad += x[2 * i + 1] != 0.0f || fabs(y[i] - want) > 1e-5;
        lo = fmin(lo, a), hi = fmax(hi, a);
    }
    t_ok(bad == 0, "curve: %d points off y = 0.5 sin(1.5 x1) + 0.4 cos(0.6 x1), x2 = 0", bad);
    t_ok(lo < -5.8 && hi > 5.8, "curve: x1 spans only [%g, %g]", lo, hi);
    static float x0[2 * N], y0[N];
    memcpy(x0, x, sizeof x), memcpy(y0, y, sizeof y);
    gen(NN_TOY_CURVE, N, 0.5f, 0, 1);
    int moved = 0, far = 0;
    for (int i = 0; i < N; i++) {
        double d = fabs((double)y[i] - (double)y0[i]);
        moved += d > 0.01, far += d > 0.25 + 1e-6;
    }
    t_ok(memcmp(x, x0, sizeof x) == 0, "curve: noise moved the inputs");
    t_ok(far == 0 && moved > N / 2, "curve at noise 0.5: %d labels moved, %d beyond 0.25", moved, far);
}

static void bad_args_refused(void) {
    nn_toy t;
    t_expect_err(nn_toy_parse(ctx, "spirals", &t), NN_ERR_ARG, ctx, "\"spirals\"");
    t_expect_err(nn_toy_parse(ctx, NULL, &t), NN_ERR_ARG, ctx, "unknown data set");
    t_expect_err(nn_toy_generate(ctx, NN_TOY_COUNT, N, 0, 3, 1, x, y), NN_ERR_ARG, ctx, "unknown set");
    t_expect_err(nn_toy_generate(ctx, NN_TOY_XOR, 0, 0, 3, 1, x, y), NN_ERR_ARG, ctx, "n must be >= 1 (got 0)");
    t_expect_err(nn_toy_generate(ctx, NN_TOY_XOR, N, -0.1f, 3, 1, x, y), NN_ERR_ARG, ctx, "noise");
    t_expect_err(nn_toy_generate(ctx, NN_TOY_XOR, N, 1.5f, 3, 1, x, y), NN_ERR_ARG, ctx, "got 1.5");
    t_expect_err(nn_toy_generate(ctx, NN_TOY_XOR, N, NAN, 3, 1, x, y), NN_ERR_ARG, ctx, "noise");
    t_expect_err(nn_toy_generate(ctx, NN_TOY_MULTICLASS, N, 0, 2, 1, x, y), NN_ERR_ARG, ctx, "(got 2)");
    t_expect_err(nn_toy_generate(ctx, NN_TOY_MULTICLASS, N, 0, 6, 1, x, y), NN_ERR_ARG, ctx, "(got 6)");
    t_expect_err(nn_toy_generate(ctx, NN_TOY_XOR, N, 0, 3, 1, NULL, y), NN_ERR_ARG, ctx, "x is NULL");
    t_expect_err(nn_toy_generate(ctx, NN_TOY_XOR, N, 0, 3, 1, x, NULL), NN_ERR_ARG, ctx, "y is NULL");
    t_ok(nn_toy_generate(ctx, NN_TOY_SPIRAL, 1, 0, 3, 1, x, y) == NN_OK, "a single sample is fine");
    t_ok(strcmp(nn_last_error(ctx), "") == 0, "success clears the message");
}

/* Three points, every feature, in an order other than the table's:
 *   (x1, x2)   x1x2   sinx1        x1   x2sq   sinx2         x1sq   x2
 *   (0.5, -2)  -1     0.47942554   0.5  4      -0.90929743   0.25   -2
 *   (3, 1.5)   4.5    0.14112001   3    2.25   0.99749499    9      1.5
 *   (-6, 6)    -36    0.27941550   -6   36     -0.27941550   36     6
 * sin to 1e-6 (sinf is within an ulp); the products are exact in float. */
static void features(void) {
    const float xy[6] = {0.5f, -2, 3, 1.5f, -6, 6};
    const char *const names[7] = {"x1x2", "sinx1", "x1", "x2sq", "sinx2", "x1sq", "x2"};
    const float want[3][7] = {{-1, 0.47942554f, 0.5f, 4, -0.90929743f, 0.25f, -2},
                              {4.5f, 0.14112001f, 3, 2.25f, 0.99749499f, 9, 1.5f},
                              {-36, 0.27941550f, -6, 36, -0.27941550f, 36, 6}};
    float out[21];
    t_ok(nn_toy_features(ctx, xy, 3, names, 7, out) == NN_OK, "%s", nn_last_error(ctx));
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 7; j++) {
            int sine = names[j][0] == 's';
            t_ok(sine ? fabsf(out[i * 7 + j] - want[i][j]) <= 1e-6f : out[i * 7 + j] == want[i][j],
                 "point %d, %s: %.9g, want %.9g", i, names[j], out[i * 7 + j], want[i][j]);
        }
    const char *const bad[2] = {"x1", "x3"}, *const null[1] = {NULL};
    const float nan_xy[2] = {0, NAN};
    float keep[2] = {7, 7};
    t_expect_err(nn_toy_features(ctx, xy, 1, bad, 2, keep), NN_ERR_ARG, ctx,
                 "names[1]: unknown feature 'x3' (one of x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2)");
    t_expect_err(nn_toy_features(ctx, xy, 1, null, 1, keep), NN_ERR_ARG, ctx, "names[0]: unknown feature '(null)'");
    t_expect_err(nn_toy_features(ctx, nan_xy, 1, names, 1, keep), NN_ERR_ARG, ctx, "xy[1] = nan: must be finite");
    t_expect_err(nn_toy_features(ctx, xy, 0, names, 1, keep), NN_ERR_ARG, ctx, "n = 0");
    t_expect_err(nn_toy_features(ctx, xy, 1, names, 0, keep), NN_ERR_ARG, ctx, "d = 0");
    t_expect_err(nn_toy_features(ctx, xy, 1, names, 1, NULL), NN_ERR_ARG, ctx, "out is NULL");
    t_ok(keep[0] == 7 && keep[1] == 7, "a refusal writes nothing");
}

int main(void) {
    ctx = nn_ctx_create();
    t_run(names_round_trip);
    t_run(same_seed_same_data);
    t_run(values_in_range);
    t_run(classes_balanced_and_interleaved);
    t_run(rows_shuffled);
    t_run(circle_geometry);
    t_run(xor_geometry);
    t_run(gauss_geometry);
    t_run(spiral_geometry);
    t_run(moons_geometry);
    t_run(multiclass_geometry);
    t_run(plane_labels);
    t_run(multigauss_labels);
    t_run(curve_labels);
    t_run(bad_args_refused);
    t_run(features);
    nn_ctx_free(ctx);
    return t_results();
}
