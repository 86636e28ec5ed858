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

/* The length (2 to 4) of the well-formed UTF-8 sequence at p, with its code point, or 0. */
static int utf8_at(const unsigned char *p, unsigned long *cp) {
    int n = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : 2;
    if (p[0] < 0xC2 || p[0] > 0xF4) return 0;
    unsigned long c = p[0] & (0x7Fu >> n);
    for (int i = 1; i < n; i++) {   /* stops at the NUL, which is no continuation byte */
        if ((p[i] & 0xC0) != 0x80) return 0;
        c = c << 6 | (p[i] & 0x3Fu);
    }
    if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}

/* Code points that show as nothing or as a plain space: C1 controls, no-break and other
 * spaces, soft hyphen, zero-width and direction marks, the byte-order mark. */
static int invisible(unsigned long c) {
    return c <= 0xA0 || c == 0xAD || (c >= 0x2000 && c <= 0x200F) || (c >= 0x2028 && c <= 0x202F) ||
           (c >= 0x205F && c <= 0x206F) || c == 0xFEFF;
}

const char *nn_quote(char *buf, size_t cap, const char *text) {
    static const char plain[] = "\\\t\r\n", shown[] = "\\trn";
    size_t n = 0, cut = 0;   /* cut: the longest prefix so far that leaves room for "..." */
    if (cap < 4) {
        if (cap) buf[0] = '\0';
        return buf;
    }
    const unsigned char *p = (const unsigned char *)(text ? text : "(null)");
    while (*p) {
        char e[17];   /* the escapes of up to 4 bytes, or the bytes themselves */
        unsigned long cp;
        int len = *p < 0x80 ? 1 : utf8_at(p, &cp), k = 0;
        const char *esc = len == 1 ? strchr(plain, *p) : NULL;
        if (esc) {
            k = snprintf(e, sizeof e, "\\%c", shown[esc - plain]);
        } else if (len == 1 && *p >= 0x20 && *p != 0x7f) {
            e[k++] = (char)*p;
        } else if (len > 1 && !invisible(cp)) {
            memcpy(e, p, (size_t)len), k = len;
        } else {   /* a control byte, an invisible code point, or bytes that are not UTF-8 */
            if (!len) len = 1;
            for (int i = 0; i < len; i++) k += snprintf(e + k, sizeof e - (size_t)k, "\\x%02x", p[i]);
        }
        if (n + (size_t)k >= cap) {
            memcpy(buf + cut, "...", 4);
            return buf;
        }
        memcpy(buf + n, e, (size_t)k);
        n += (size_t)k, p += len;
        if (n + 4 <= cap) cut = n;
    }
    buf[n] = '\0';
    return buf;
}

void ctx_clear(nn_ctx *ctx) {
    if (ctx) ctx->msg[0] = '\0';
}
