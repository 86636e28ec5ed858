/* ctx.c — the error context: the last message of whatever failed, one per user of the
 * library, so two widgets on a page never see each other's errors. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

struct nn_ctx {
    char msg[512];
};

nn_ctx *nn_ctx_create(void) { return calloc(1, sizeof(nn_ctx)); }

void nn_ctx_free(nn_ctx *ctx) { free(ctx); }

const char *nn_last_error(const nn_ctx *ctx) { return ctx ? ctx->msg : "no context"; }

nn_status ctx_fail(nn_ctx *ctx, nn_status st, const char *fmt, ...) {
    if (ctx) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(ctx->msg, sizeof ctx->msg, fmt, ap);
        va_end(ap);
    }
    return st;
}

void ctx_clear(nn_ctx *ctx) {
    if (ctx) ctx->msg[0] = '\0';
}
