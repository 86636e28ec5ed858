/* file.c — the CLI's whole-file reads. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

unsigned char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    long size = -1;
    struct stat st;
    /* A directory opens and seeks to a huge "size": say what it is, not "out of memory". */
    if (f && fstat(fileno(f), &st) == 0 && !S_ISREG(st.st_mode)) {
        fclose(f);
        errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        return NULL;
    }
    if (f && fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)size + 1)) && fread(buf, 1, (size_t)size, f) == (size_t)size) {
        fclose(f);
        buf[size] = '\0';
        *len = (size_t)size;
        return buf;
    }
    int err = errno ? errno : EIO;   /* a short read sets no errno */
    free(buf);
    if (f) fclose(f);
    errno = err;
    return NULL;
}
