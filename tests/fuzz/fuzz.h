/* fuzz.h — what the fuzz targets share: the promise every refusal keeps (a message, and nothing
 * in it invisible: values are quoted through nn_quote) and deterministic inputs for a model. */
#ifndef FUZZ_H
#define FUZZ_H

#include <math.h>
#include <stddef.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

/* A message is there, is UTF-8 and has no control byte: every value it quotes went through
 * nn_quote. */
static inline int message_ok(const char *msg) {
    if (!msg || !msg[0]) return 0;
    for (const unsigned char *p = (const unsigned char *)msg; *p; p++) {
        if (*p < 0x20 || *p == 0x7f || (*p >= 0x80 && *p < 0xC2) || *p > 0xF4) return 0;
        int more = *p >= 0xF0 ? 3 : *p >= 0xE0 ? 2 : *p >= 0xC0 ? 1 : 0;
        for (; more; more--)
            if ((*++p & 0xC0) != 0x80) return 0;
    }
    return 1;
}

/* n inputs away from zero, as the native tests' fill(). */
static inline void fill(float *x, size_t n) {
    for (size_t i = 0; i < n; i++) x[i] = 2.f * sinf((float)i * 1.7f + 0.3f);
}

#endif
