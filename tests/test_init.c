/* test_init.c — each initialization's distribution on a 100 -> 200 layer, the symmetry that
 * zero init never breaks, and the schedule as the model applies it. */
#include <stdlib.h>

#include "nn.h"
#include "t.h"

static nn_ctx *ctx;

static nn_model *model(const char *init, const char *layers, const char *acts, int inputs) {
    nn_spec s;
    nn_spec_default(&s);
    s.inputs = inputs;
    nn_spec_set(ctx, &s, "layers", layers);
    nn_spec_set(ctx, &s, "activations", acts);
    nn_spec_set(ctx, &s, "init", init);
    nn_spec_set(ctx, &s, "init_scale", "0.3");
    nn_spec_set(ctx, &s, "lr", "0.5");
    nn_model *m = NULL;
    t_ok(nn_model_create(ctx, &s, &m) == NN_OK, "%s: %s", init, nn_last_error(ctx));
    return m;
}

/* Mean, variance and largest magnitude of layer 0's 20,000 weights; biases must be 0. The
 * variance is checked to 5 % (its standard error here is about 1 %). */
static void check_layer0(const char *init, double want_var, double bound) {
    nn_model *m = model(init, "200,1", "tanh,sigmoid", 100);
    size_t P = nn_params_count(m);
    float *p = malloc(P * sizeof *p);
    nn_params_read(m, p, P);
    nn_layer_info li;
    nn_layer_info_get(m, 0, &li);
    double s = 0, ss = 0, mx = 0, bias = 0;
    for (size_t i = li.w; i < li.w + 20000; i++) s += p[i], ss += (double)p[i] * p[i], mx = fmax(mx, fabs(p[i]));
    for (size_t i = li.b; i < li.b + 200; i++) bias = fmax(bias, fabs(p[i]));
    double var = ss / 20000 - (s / 20000) * (s / 20000);
    t_ok(fabs(var - want_var) <= 0.05 * want_var, "%s: variance %g, want %g", init, var, want_var);
    t_ok(fabs(s / 20000) < 0.05 * sqrt(want_var), "%s: mean %g", init, s / 20000);
    if (bound > 0) t_ok(mx <= bound && mx > 0.98 * bound, "%s: max |w| %g, bound %g", init, mx, bound);
    t_ok(bias == 0, "%s: biases start at 0", init);
    free(p);
    nn_model_free(m);
}

static void test_distributions(void) {
    check_layer0("uniform", 0.09 / 3, 0.3);                      /* U(-a,a): a^2/3 */
    check_layer0("normal", 0.09, 0);
    check_layer0("xavier_uniform", 2.0 / 300, sqrt(6.0 / 300));  /* a = sqrt(6/(in+out)) */
    check_layer0("xavier_normal", 2.0 / 300, 0);
    check_layer0("he", 2.0 / 100, 0);
}

/* With every weight 0 the hidden units get identical gradients and stay identical forever:
 * the network cannot learn XOR, while the same net from Xavier init does. */
static void test_zero_symmetry(void) {
    float x[] = {0, 0, 0, 1, 1, 0, 1, 1}, y[] = {0, 1, 1, 0};
    nn_eval ev[2];
    const char *inits[] = {"zeros", "xavier_uniform"};
    for (int k = 0; k < 2; k++) {
        nn_model *m = model(inits[k], "4,1", "tanh,sigmoid", 2);
        for (int e = 0; e < 2000; e++) nn_model_train_epoch(m, x, y, 4, 4, NULL);
        nn_model_evaluate(m, x, y, 4, &ev[k]);
        float p[17];
        nn_params_read(m, p, 17);
        int same = 1;
        for (int u = 1; u < 4; u++)
            for (int i = 0; i < 2; i++) same &= p[u * 2 + i] == p[i];
        t_ok(same == (k == 0), "%s: hidden units identical = %d", inits[k], same);
        nn_model_free(m);
    }
    t_ok(ev[0].accuracy < 1.f, "zero init does not learn XOR (accuracy %g)", ev[0].accuracy);
    t_ok(ev[1].accuracy == 1.f, "xavier init learns XOR (accuracy %g)", ev[1].accuracy);
}

/* The model steps through its schedule: step decay lr0 * gamma^floor(t/T) with lr0 = 0.1,
 * gamma = 0.5, T = 2 gives 0.1, 0.1, 0.05, 0.05, 0.025 for steps t = 0..4. */
static void test_model_schedule(void) {
    nn_spec s;
    nn_spec_default(&s);
    nn_spec_set(ctx, &s, "lr", "0.1");
    nn_spec_set(ctx, &s, "schedule", "step");
    nn_spec_set(ctx, &s, "decay_steps", "2");
    nn_model *m;
    nn_model_create(ctx, &s, &m);
    float x[] = {1, 2}, y[] = {1}, want[] = {0.1f, 0.1f, 0.05f, 0.05f, 0.025f};
    for (int t = 0; t < 5; t++) {
        t_near(nn_model_lr(m), want[t], 1e-7);
        t_ok(nn_model_steps(m) == t, "steps %ld", nn_model_steps(m));
        nn_model_train_step(m, x, y, 1, NULL);
    }
    nn_model_free(m);
}

int main(void) {
    ctx = nn_ctx_create();
    t_run(test_distributions);
    t_run(test_zero_symmetry);
    t_run(test_model_schedule);
    nn_ctx_free(ctx);
    return t_results();
}
