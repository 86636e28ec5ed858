/* ctx.c — the error context: the last message of whatever failed, one per user of the
 * library, so two widgets on a page never see each other's errors. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

const char *nn_quote(char *buf, size_t cap, const char *text) {
    static const char plain[] = "\\\t\r\n", shown[] = "\\trn";
    size_t n = 0, cut = 0;   /* cut: the longest prefix so far that leaves room for "..." */
    if (cap < 4) {
        if (cap) buf[0] = '\0';
        return buf;
    }
    for (const unsigned char *p = (const unsigned char *)(text ? text : "(null)"); *p; p++) {
        char e[5] = {(char)*p, '\0'};
        const char *k = strchr(plain, *p);
        if (k) snprintf(e, sizeof e, "\\%c", shown[k - plain]);
        else if (*p < 0x20 || *p == 0x7f) snprintf(e, sizeof e, "\\x%02x", *p);
        size_t len = strlen(e);
        if (n + len >= cap) {
            memcpy(buf + cut, "...", 4);
            return buf;
        }
        memcpy(buf + n, e, len);
        n += len;
        if (n + 4 <= cap) cut = n;
    }
    buf[n] = '\0';
    return buf;
}

void ctx_clear(nn_ctx *ctx) {
    if (ctx) ctx->msg[0] = '\0';
}
