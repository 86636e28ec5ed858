/* file.c — the CLI's whole-file reads and writes. A write never leaves a half-written file
 * where a good one was: it goes to a temporary file beside the target, is flushed to the disk,
 * and only then renamed over it; a failure removes the temporary and leaves the target as it
 * was. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

int write_file(const char *path, const void *buf, size_t len) {
    static const char suffix[] = ".XXXXXX";   /* mkstemp's pattern */
    size_t n = strlen(path);
    char *tmp = malloc(n + sizeof suffix);
    if (!tmp) return errno = ENOMEM, -1;
    memcpy(tmp, path, n);
    memcpy(tmp + n, suffix, sizeof suffix);
    int fd = mkstemp(tmp), err = errno;
    if (fd < 0) {
        free(tmp);
        errno = err;
        return -1;
    }
    /* mkstemp makes the file 0600: give it the mode fopen would, 0666 less the umask. */
    mode_t mask = umask(0);
    umask(mask);
    int ok = fchmod(fd, 0666 & ~mask) == 0;
    for (const char *p = buf; ok && len > 0;) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) ok = 0;
        else p += w, len -= (size_t)w;
    }
    ok = ok && fsync(fd) == 0;
    if (!ok) err = errno;
    if (close(fd) != 0 && ok) ok = 0, err = errno;
    /* rename replaces the target in one step: a reader sees the old file or the new one. The
     * directory is not synced, so after a crash either may be there, never a mix. */
    if (ok && rename(tmp, path) != 0) ok = 0, err = errno;
    if (!ok) unlink(tmp);
    free(tmp);
    errno = err;
    return ok ? 0 : -1;
}
