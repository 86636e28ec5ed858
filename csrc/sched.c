/* sched.c — the learning rate after t optimizer steps, as a pure function of the spec and t
 * (formulas in nn.h's nn_sched), with no state of its own to drift. A model file does not
 * keep t: a loaded model starts its schedule (and warm-up) again at t = 0.
 * It trusts a spec that nn_spec_validate accepted (decay_steps >= 1, warmup >= 0) and
 * computes in double, rounding once at the end. */
#include <math.h>

#include "internal.h"

float nn_sched_lr(const nn_spec *s, long t) {
    double lr0 = s->lr, T = s->decay_steps, gamma = s->gamma;
    /* Linear warm-up: lr0/W, 2*lr0/W, ..., lr0 over the first W steps, then the schedule
     * starts from its own t = 0. */
    if (t < s->warmup) return (float)(lr0 * (double)(t + 1) / s->warmup);
    double u = (double)(t - s->warmup);
    switch (s->sched) {
    case NN_SCHED_STEP: return (float)(lr0 * pow(gamma, floor(u / T)));
    case NN_SCHED_EXP: return (float)(lr0 * pow(gamma, u / T));
    case NN_SCHED_INV_TIME: return (float)(lr0 / (1.0 + gamma * u / T));
    case NN_SCHED_COSINE: {
        /* Half a cosine from lr0 down to lr_min over T steps, then flat at lr_min. */
        const double pi = 3.14159265358979323846;
        double lr_min = s->lr_min;
        return (float)(lr_min + (lr0 - lr_min) * (1.0 + cos(pi * fmin(u, T) / T)) / 2.0);
    }
    default: /* NN_SCHED_CONSTANT */
        return (float)lr0;
    }
}
