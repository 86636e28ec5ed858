/* t.h — the native test harness, after genann's minctest: checks count and report, a test
 * binary's exit code is its verdict, and the last line is "N passed, N failed". */
#ifndef T_H
#define T_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int t_checks, t_fails;

#define T_FAIL_AT(...)                                                         \
    do {                                                                       \
        t_fails++;                                                             \
        printf("  FAIL %s:%d: ", __FILE__, __LINE__);                          \
        printf(__VA_ARGS__);                                                   \
        printf("\n");                                                          \
    } while (0)

/* t_ok(cond, printf-style reason shown on failure) */
#define t_ok(cond, ...)                                                        \
    do {                                                                       \
        t_checks++;                                                            \
        if (!(cond)) T_FAIL_AT(__VA_ARGS__);                                   \
    } while (0)

/* |got - want| <= tol * max(1, |want|): absolute near zero, relative above one. */
#define t_near(got, want, tol)                                                 \
    do {                                                                       \
        double g_ = (got), w_ = (want);                                        \
        t_checks++;                                                            \
        if (!(fabs(g_ - w_) <= (tol) * fmax(1.0, fabs(w_))))                   \
            T_FAIL_AT("%s = %.9g, want %.9g (tol %g)", #got, g_, w_, (double)(tol)); \
    } while (0)

/* The call failed with status st and a message containing substr. */
#define t_expect_err(call, st, ctx, substr)                                    \
    do {                                                                       \
        int s_ = (call);                                                       \
        t_checks++;                                                            \
        if (s_ != (st) || !strstr(nn_last_error(ctx), (substr)))               \
            T_FAIL_AT("%s: status %d (want %d), message \"%s\" (want \"%s\")", \
                      #call, s_, (int)(st), nn_last_error(ctx), (substr));     \
    } while (0)

#define t_run(test)                                                            \
    do {                                                                       \
        int f_ = t_fails;                                                      \
        test();                                                                \
        printf("%-4s %s\n", t_fails == f_ ? "ok" : "FAIL", #test);             \
    } while (0)

/* Prints the closing line and returns the exit code. */
static inline int t_results(void) {
    printf("%d passed, %d failed\n", t_checks - t_fails, t_fails);
    return t_fails != 0;
}

#endif
