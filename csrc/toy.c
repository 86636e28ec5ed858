/* toy.c — the 2D toy data sets, after TensorFlow Playground's dataset.ts (circle, xor, gauss,
 * spiral, plane, multigauss) plus scikit-learn's two moons, a ring of Gaussian blobs and a 1-D
 * curve (a function of x1 alone, its points on the line x2 = 0).
 * One table row per set: its name, its kind and a generator that draws one sample of a given
 * class. The driver assigns classes round-robin (so they are balanced to within one sample)
 * and then shuffles the rows with Fisher-Yates, so any prefix/suffix split is a fair
 * train/test split. All randomness comes from one nn_rng seeded with `seed`.
 *
 * Differences from the playground, on purpose: binary labels are {0, 1} (not ±1); a class is
 * drawn per sample instead of "first half positive"; coordinates are clamped to [-6, 6]² so
 * every point lies on the plane the page draws; regression labels are clamped to [-1, 1].
 * `noise` is the playground's noise value (its slider's 0..50% is 0..0.5 here), used in each
 * set's own formula. Last, the playground's input features of a point (x1², sin x1, ...), one
 * table row per feature. */
#include <math.h>
#include <string.h>

#include "internal.h"

#define PLANE_RADIUS 6.0f
#define PI_F 3.14159265358979f

/* One sample of class `cls` (or of no class for regression): writes the point to p[0], p[1]
 * and returns its label. j is the sample's index among the m samples of its class, for the
 * sets that lay points out along a curve (spiral, moons). */
typedef float (*toy_gen)(nn_rng *r, float noise, int cls, int classes, int j, int m, float *p);

static float uniform(nn_rng *r, float a, float b) {
    return a + (b - a) * nn_rng_uniform(r);
}

/* Playground: the variance of its Gaussians grows linearly from 0.5 at noise 0 to 4 at 0.5. */
static float gauss_std(float noise) {
    return sqrtf(0.5f + 7.0f * noise);
}

/* Class 1 inside radius 2.5, class 0 in the ring 3.5..5; the label is that of the point moved
 * by uniform noise, so noise flips labels near the border (playground's getCircleLabel). */
static float gen_circle(nn_rng *r, float noise, int cls, int classes, int j, int m, float *p) {
    (void)classes, (void)j, (void)m;
    const float radius = 5.0f;
    float rad = cls ? uniform(r, 0.0f, radius * 0.5f) : uniform(r, radius * 0.7f, radius);
    float angle = uniform(r, 0.0f, 2.0f * PI_F);
    p[0] = rad * sinf(angle);
    p[1] = rad * cosf(angle);
    float nx = p[0] + uniform(r, -radius, radius) * noise;
    float ny = p[1] + uniform(r, -radius, radius) * noise;
    return sqrtf(nx * nx + ny * ny) < radius * 0.5f ? 1.0f : 0.0f;
}

/* Class 1 in quadrants I and III, class 0 in II and IV, 0.3 away from the axes; labelled by
 * the sign of x*y of the noisy point (playground's getXORLabel). */
static float gen_xor(nn_rng *r, float noise, int cls, int classes, int j, int m, float *p) {
    (void)classes, (void)j, (void)m;
    const float padding = 0.3f;
    float sx = nn_rng_below(r, 2) ? 1.0f : -1.0f;
    float sy = cls ? sx : -sx;
    p[0] = sx * (uniform(r, 0.0f, 5.0f) + padding);
    p[1] = sy * (uniform(r, 0.0f, 5.0f) + padding);
    float nx = p[0] + uniform(r, -5.0f, 5.0f) * noise;
    float ny = p[1] + uniform(r, -5.0f, 5.0f) * noise;
    return nx * ny >= 0.0f ? 1.0f : 0.0f;
}

/* Class 1 around (2, 2), class 0 around (-2, -2). */
static float gen_gauss(nn_rng *r, float noise, int cls, int classes, int j, int m, float *p) {
    (void)classes, (void)j, (void)m;
    float c = cls ? 2.0f : -2.0f, sd = gauss_std(noise);
    p[0] = c + sd * nn_rng_normal(r);
    p[1] = c + sd * nn_rng_normal(r);
    return (float)cls;
}

/* Two arms of 1.75 turns out to radius 5; class 0's arm is class 1's turned by pi. */
static float gen_spiral(nn_rng *r, float noise, int cls, int classes, int j, int m, float *p) {
    (void)classes;
    float rad = (float)j / (float)m * 5.0f;
    float t = 1.75f * (float)j / (float)m * 2.0f * PI_F + (cls ? 0.0f : PI_F);
    p[0] = rad * sinf(t) + uniform(r, -1.0f, 1.0f) * noise;
    p[1] = rad * cosf(t) + uniform(r, -1.0f, 1.0f) * noise;
    return (float)cls;
}

/* scikit-learn's make_moons: class 0 on the upper unit half circle, class 1 on the lower one
 * shifted to (1, 0.5), evenly spaced, plus Gaussian noise of std noise/2 (so the slider's 0.2
 * is make_moons' customary 0.1); then scaled by 3 about the pair's centre (0.5, 0.25). */
static float gen_moons(nn_rng *r, float noise, int cls, int classes, int j, int m, float *p) {
    (void)classes;
    float t = m > 1 ? PI_F * (float)j / (float)(m - 1) : 0.0f;
    float x = cls ? 1.0f - cosf(t) : cosf(t);
    float y = cls ? 0.5f - sinf(t) : sinf(t);
    x += 0.5f * noise * nn_rng_normal(r);
    y += 0.5f * noise * nn_rng_normal(r);
    p[0] = 3.0f * (x - 0.5f);
    p[1] = 3.0f * (y - 0.25f);
    return (float)cls;
}

/* `classes` Gaussian blobs, class c centred at angle pi/2 + 2*pi*c/classes on a ring of radius 4. */
static float gen_multiclass(nn_rng *r, float noise, int cls, int classes, int j, int m, float *p) {
    (void)j, (void)m;
    float a = 0.5f * PI_F + 2.0f * PI_F * (float)cls / (float)classes, sd = gauss_std(noise);
    p[0] = 4.0f * cosf(a) + sd * nn_rng_normal(r);
    p[1] = 4.0f * sinf(a) + sd * nn_rng_normal(r);
    return (float)cls;
}

static float clampf(float v, float lo, float hi) {
    return v < lo ? lo : v > hi ? hi : v;
}

/* Uniform points; the label is (x + y)/10 of the noisy point (playground's regressPlane). */
static float gen_plane(nn_rng *r, float noise, int cls, int classes, int j, int m, float *p) {
    (void)cls, (void)classes, (void)j, (void)m;
    p[0] = uniform(r, -PLANE_RADIUS, PLANE_RADIUS);
    p[1] = uniform(r, -PLANE_RADIUS, PLANE_RADIUS);
    float nx = uniform(r, -PLANE_RADIUS, PLANE_RADIUS) * noise;
    float ny = uniform(r, -PLANE_RADIUS, PLANE_RADIUS) * noise;
    return clampf((p[0] + nx + p[1] + ny) / 10.0f, -1.0f, 1.0f);
}

/* Six signed bumps; the label is the one largest in absolute value of sign*(1 - d/2)
 * clamped to [0, 1], d the distance to the bump's centre (playground's regressGaussian). */
static float gen_multigauss(nn_rng *r, float noise, int cls, int classes, int j, int m, float *p) {
    (void)cls, (void)classes, (void)j, (void)m;
    static const float bumps[6][3] = {{-4, 2.5f, 1}, {0, 2.5f, -1}, {4, 2.5f, 1},
                                      {-4, -2.5f, -1}, {0, -2.5f, 1}, {4, -2.5f, -1}};
    p[0] = uniform(r, -PLANE_RADIUS, PLANE_RADIUS);
    p[1] = uniform(r, -PLANE_RADIUS, PLANE_RADIUS);
    float nx = p[0] + uniform(r, -PLANE_RADIUS, PLANE_RADIUS) * noise;
    float ny = p[1] + uniform(r, -PLANE_RADIUS, PLANE_RADIUS) * noise;
    float label = 0.0f;
    for (int b = 0; b < 6; b++) {
        float d = hypotf(nx - bumps[b][0], ny - bumps[b][1]);
        float v = bumps[b][2] * clampf(1.0f - d / 2.0f, 0.0f, 1.0f);
        if (fabsf(v) > fabsf(label)) label = v;
    }
    return label;
}

/* The curve's function of x1 in [-6, 6]: three peaks and three troughs of unequal
 * height, |y| <= 0.9. */
static float curve(float x) {
    return 0.5f * sinf(1.5f * x) + 0.4f * cosf(0.6f * x);
}

/* A 1-D regression: x1 uniform on [-6, 6], x2 = 0, the label curve(x1) plus uniform noise of
 * half-width noise/2 (the slider's 0.5 gives +-0.25); the inputs stay exact. */
static float gen_curve(nn_rng *r, float noise, int cls, int classes, int j, int m, float *p) {
    (void)cls, (void)classes, (void)j, (void)m;
    p[0] = uniform(r, -PLANE_RADIUS, PLANE_RADIUS);
    p[1] = 0.0f;
    return clampf(curve(p[0]) + 0.5f * noise * uniform(r, -1.0f, 1.0f), -1.0f, 1.0f);
}

enum { KIND_BINARY, KIND_MULTI, KIND_REGRESS };

static const struct toy_def {
    const char *name;
    int kind;
    toy_gen gen;
} toys[NN_TOY_COUNT] = {
    [NN_TOY_CIRCLE] = {"circle", KIND_BINARY, gen_circle},
    [NN_TOY_XOR] = {"xor", KIND_BINARY, gen_xor},
    [NN_TOY_GAUSS] = {"gauss", KIND_BINARY, gen_gauss},
    [NN_TOY_SPIRAL] = {"spiral", KIND_BINARY, gen_spiral},
    [NN_TOY_MOONS] = {"moons", KIND_BINARY, gen_moons},
    [NN_TOY_MULTICLASS] = {"multiclass", KIND_MULTI, gen_multiclass},
    [NN_TOY_PLANE] = {"plane", KIND_REGRESS, gen_plane},
    [NN_TOY_MULTIGAUSS] = {"multigauss", KIND_REGRESS, gen_multigauss},
    [NN_TOY_CURVE] = {"curve", KIND_REGRESS, gen_curve},
};

#define MULTI_MIN 3
#define MULTI_MAX 5

static int toy_valid(nn_toy t) {
    return (int)t >= 0 && t < NN_TOY_COUNT;
}

const char *nn_toy_name(nn_toy t) {
    return toy_valid(t) ? toys[t].name : "?";
}

nn_status nn_toy_parse(nn_ctx *ctx, const char *name, nn_toy *out) {
    if (!out) return ctx_fail(ctx, NN_ERR_ARG, "nn_toy_parse: out is NULL");
    for (int t = 0; t < NN_TOY_COUNT; t++)
        if (name && strcmp(name, toys[t].name) == 0) {
            *out = (nn_toy)t;
            ctx_clear(ctx);
            return NN_OK;
        }
    return ctx_fail(ctx, NN_ERR_ARG,
                    "unknown data set \"%s\" (expected circle, xor, gauss, spiral, moons, "
                    "multiclass, plane, multigauss or curve)",
                    name ? name : "(null)");
}

int nn_toy_classes(nn_toy t, int classes) {
    if (!toy_valid(t)) return 0;
    switch (toys[t].kind) {
    case KIND_BINARY: return 2;
    case KIND_MULTI: return classes;
    default: return 0;
    }
}

nn_status nn_toy_generate(nn_ctx *ctx, nn_toy t, int n, float noise, int classes, uint64_t seed,
                          float *x, float *y) {
    if (!toy_valid(t)) return ctx_fail(ctx, NN_ERR_ARG, "data set: unknown set %d", (int)t);
    if (n < 1) return ctx_fail(ctx, NN_ERR_ARG, "data set: n must be >= 1 (got %d)", n);
    if (!(noise >= 0.0f && noise <= 1.0f))
        return ctx_fail(ctx, NN_ERR_ARG, "data set: noise must be in [0, 1] (got %g)", noise);
    if (toys[t].kind == KIND_MULTI && (classes < MULTI_MIN || classes > MULTI_MAX))
        return ctx_fail(ctx, NN_ERR_ARG, "data set: multiclass needs %d..%d classes (got %d)",
                        MULTI_MIN, MULTI_MAX, classes);
    if (!x || !y) return ctx_fail(ctx, NN_ERR_ARG, "data set: %s is NULL", !x ? "x" : "y");

    int k = nn_toy_classes(t, classes);
    int per_class = k > 0 ? (n + k - 1) / k : n;
    nn_rng r;
    nn_rng_seed(&r, seed);
    for (int i = 0; i < n; i++) {
        int cls = k > 0 ? i % k : 0;
        int j = k > 0 ? i / k : i;
        y[i] = toys[t].gen(&r, noise, cls, classes, j, per_class, x + 2 * i);
        x[2 * i] = clampf(x[2 * i], -PLANE_RADIUS, PLANE_RADIUS);
        x[2 * i + 1] = clampf(x[2 * i + 1], -PLANE_RADIUS, PLANE_RADIUS);
    }
    /* Shuffled, so classes and curve positions are interleaved. */
    nn_rng_shuffle_rows(&r, x, 2, y, n);
    ctx_clear(ctx);
    return NN_OK;
}

/* ---- the input features of the playground's panel ---- */

static float feat_x1(float a, float b) { (void)b; return a; }
static float feat_x2(float a, float b) { (void)a; return b; }
static float feat_x1sq(float a, float b) { (void)b; return a * a; }
static float feat_x2sq(float a, float b) { (void)a; return b * b; }
static float feat_x1x2(float a, float b) { return a * b; }
static float feat_sinx1(float a, float b) { (void)b; return sinf(a); }
static float feat_sinx2(float a, float b) { (void)a; return sinf(b); }

static const struct feature {
    const char *name;
    float (*f)(float x1, float x2);
} features[] = {
    {"x1", feat_x1}, {"x2", feat_x2}, {"x1sq", feat_x1sq}, {"x2sq", feat_x2sq},
    {"x1x2", feat_x1x2}, {"sinx1", feat_sinx1}, {"sinx2", feat_sinx2},
};

enum { N_FEATURES = sizeof features / sizeof *features };

static const struct feature *find_feature(const char *name) {
    for (int i = 0; name && i < N_FEATURES; i++)
        if (strcmp(name, features[i].name) == 0) return &features[i];
    return NULL;
}

nn_status nn_toy_features(nn_ctx *ctx, const float *xy, int n, const char *const *names, int d,
                          float *out) {
    if (!xy || !names || !out)
        return ctx_fail(ctx, NN_ERR_ARG, "%s is NULL", !xy ? "xy" : !names ? "names" : "out");
    if (n < 1) return ctx_fail(ctx, NN_ERR_ARG, "n = %d: need at least 1 point", n);
    if (d < 1) return ctx_fail(ctx, NN_ERR_ARG, "d = %d: need at least 1 feature", d);
    for (int j = 0; j < d; j++)
        if (!find_feature(names[j]))
            return ctx_fail(ctx, NN_ERR_ARG, "names[%d]: unknown feature '%s' (one of x1, x2, x1sq, x2sq, "
                            "x1x2, sinx1, sinx2)", j, names[j] ? names[j] : "(null)");
    for (size_t i = 0; i < 2 * (size_t)n; i++)
        if (!isfinite(xy[i])) return ctx_fail(ctx, NN_ERR_ARG, "xy[%zu] = %g: must be finite", i, xy[i]);
    for (int j = 0; j < d; j++) {
        float (*f)(float, float) = find_feature(names[j])->f;
        for (int i = 0; i < n; i++) out[(size_t)i * d + j] = f(xy[2 * i], xy[2 * i + 1]);
    }
    ctx_clear(ctx);
    return NN_OK;
}
