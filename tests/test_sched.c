/* test_sched.c — every learning-rate schedule at a few steps t against values worked out by
 * hand, with and without warm-up. All use lr0 = 0.1, T = decay_steps = 10, gamma = 0.5 and,
 * for cosine, lr_min = 0.01. The tolerance is relative, 1e-6: nn_sched_lr computes in double and
 * rounds once to float32 (6e-8 relative). */
#include "internal.h"
#include "t.h"

static nn_spec sched_spec(nn_sched kind, int warmup) {
    nn_spec s = {0};
    s.lr = .1f;
    s.sched = kind;
    s.decay_steps = 10;
    s.gamma = .5f;
    s.lr_min = .01f;
    s.warmup = warmup;
    return s;
}

#define check_lr(kind, warmup, t, want)                                                     \
    do {                                                                                    \
        nn_spec s_ = sched_spec(kind, warmup);                                              \
        double got_ = nn_sched_lr(&s_, t), want_ = (want);                                     \
        t_ok(fabs(got_ - want_) <= 1e-6 * fabs(want_), "%s, warmup %d, t = %d: lr = %.9g, want %.9g", \
             nn_sched_name(kind), warmup, t, got_, want_);                                  \
    } while (0)

/* lr0 at every t. */
static void test_constant(void) {
    check_lr(NN_SCHED_CONSTANT, 0, 0, .1);
    check_lr(NN_SCHED_CONSTANT, 0, 7, .1);
    check_lr(NN_SCHED_CONSTANT, 0, 100000, .1);
}

/* 0.1 * 0.5^floor(t/10): t = 0, 9 -> 0.1; t = 10 -> 0.05; t = 25 -> 0.1*0.25 = 0.025. */
static void test_step(void) {
    check_lr(NN_SCHED_STEP, 0, 0, .1);
    check_lr(NN_SCHED_STEP, 0, 9, .1);
    check_lr(NN_SCHED_STEP, 0, 10, .05);
    check_lr(NN_SCHED_STEP, 0, 25, .025);
}

/* 0.1 * 0.5^(t/10): t = 0 -> 0.1; t = 5 -> 0.1*sqrt(0.5) = 0.070710678; t = 20 -> 0.025. */
static void test_exp(void) {
    check_lr(NN_SCHED_EXP, 0, 0, .1);
    check_lr(NN_SCHED_EXP, 0, 5, .070710678);
    check_lr(NN_SCHED_EXP, 0, 20, .025);
}

/* 0.1 / (1 + 0.5*t/10): t = 0 -> 0.1; t = 10 -> 0.1/1.5 = 0.066666667; t = 30 -> 0.1/2.5 = 0.04. */
static void test_inv_time(void) {
    check_lr(NN_SCHED_INV_TIME, 0, 0, .1);
    check_lr(NN_SCHED_INV_TIME, 0, 10, .066666667);
    check_lr(NN_SCHED_INV_TIME, 0, 30, .04);
}

/* 0.01 + 0.09*(1 + cos(pi*min(t,10)/10))/2:
 *   t = 0 -> 0.01 + 0.09 = 0.1
 *   t = 2 -> cos(0.2 pi) = 0.80901699; 0.01 + 0.09*1.80901699/2 = 0.091405765
 *   t = 5 -> cos(pi/2) = 0; 0.01 + 0.045 = 0.055
 *   t = 10 -> cos(pi) = -1; 0.01 (the end of the anneal), and t = 15, 1000 stay at 0.01 */
static void test_cosine(void) {
    check_lr(NN_SCHED_COSINE, 0, 0, .1);
    check_lr(NN_SCHED_COSINE, 0, 2, .091405765);
    check_lr(NN_SCHED_COSINE, 0, 5, .055);
    check_lr(NN_SCHED_COSINE, 0, 10, .01);
    check_lr(NN_SCHED_COSINE, 0, 15, .01);
    check_lr(NN_SCHED_COSINE, 0, 1000, .01);
}

/* Warm-up W = 4: 0.1*(t+1)/4 for t < 4, i.e. 0.025, 0.05, 0.075, 0.1; then the schedule at
 * t - 4: cosine t = 4 -> its t = 0 -> 0.1; t = 9 -> its 5 -> 0.055; t = 14 -> its 10 -> 0.01.
 * Step decay: t = 13 -> its 9 -> 0.1; t = 14 -> its 10 -> 0.05. */
static void test_warmup(void) {
    check_lr(NN_SCHED_COSINE, 4, 0, .025);
    check_lr(NN_SCHED_COSINE, 4, 1, .05);
    check_lr(NN_SCHED_COSINE, 4, 2, .075);
    check_lr(NN_SCHED_COSINE, 4, 3, .1);
    check_lr(NN_SCHED_COSINE, 4, 4, .1);
    check_lr(NN_SCHED_COSINE, 4, 9, .055);
    check_lr(NN_SCHED_COSINE, 4, 14, .01);
    check_lr(NN_SCHED_STEP, 4, 0, .025);
    check_lr(NN_SCHED_STEP, 4, 13, .1);
    check_lr(NN_SCHED_STEP, 4, 14, .05);
}

int main(void) {
    t_run(test_constant);
    t_run(test_step);
    t_run(test_exp);
    t_run(test_inv_time);
    t_run(test_cosine);
    t_run(test_warmup);
    return t_results();
}
