/* fuzz_cli.c — libFuzzer target for the CLI's command line (csrc/cli/args.c): the input's first
 * byte picks a data set's shape, the rest are arguments separated by NUL bytes. Parsing, the
 * data set's defaults, the scope check, the spec built from the flags and its fit to the data
 * must end in 0 or in 2 with exactly one usage_error message whose quoted values show no
 * invisible byte; a spec args_build_spec accepts must validate; every spec flag's text must be
 * one of the arguments. This file's usage_error replaces main.c's, so nothing is printed. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fuzz.h"

enum { MAX_ARGS = 48, MAX_FIELDS = 64 };

static char message[1024];
static int messages;

int usage_error(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    messages++;
    return 2;
}

/* The shapes of data set the flags meet: toys of each task and real sets. */
static const cli_data shapes[] = {
    {.name = "xor", .features = 2, .classes = 2, .n_train = 250, .n_test = 250},
    {.name = "multiclass", .features = 2, .classes = 4, .n_train = 250, .n_test = 250},
    {.name = "plane", .target = "y", .features = 2, .n_train = 250, .n_test = 250},
    {.name = "iris", .real = 1, .features = 4, .classes = 3, .n_train = 120, .n_test = 30},
    {.name = "mnist", .real = 1, .features = 784, .classes = 10, .n_train = 60000, .n_test = 10000},
    {.name = "ames", .real = 1, .target = "Sale_Price", .features = 300, .n_train = 2344, .n_test = 586},
};

/* A step's status: 0, or 2 with one new message that shows nothing invisible. */
static void check(int rc, int before) {
    if (rc == 0 ? messages != before : rc != 2 || messages != before + 1 || !message_ok(message))
        __builtin_trap();
}

static int within(const char *p, char **argv, int argc) {
    for (int i = 1; i < argc; i++)
        if (p >= argv[i] && p <= argv[i] + strlen(argv[i])) return 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
    if (size < 1 || size > 4096) return 0;
    char *buf = malloc(size + 1), *argv[MAX_ARGS + 1] = {"nnplay"};
    nn_ctx *ctx = nn_ctx_create();
    if (!buf || !ctx || nn_spec_field_count() > MAX_FIELDS) __builtin_trap();
    memcpy(buf, data + 1, size - 1);
    buf[size - 1] = '\0';
    int argc = 1;
    for (char *p = buf; p < buf + size && argc < MAX_ARGS; p += strlen(p) + 1) argv[argc++] = p;
    const char *spec_val[MAX_FIELDS];
    options o;
    messages = 0;
    int rc = args_parse(argc, argv, &o, spec_val);
    check(rc, 0);
    for (int i = 0; rc == 0 && i < nn_spec_field_count(); i++)
        if (spec_val[i] && !within(spec_val[i], argv, argc)) __builtin_trap();
    if (rc == 0 && !o.help) {
        cli_data d = shapes[data[0] % (sizeof shapes / sizeof *shapes)];
        args_data_defaults(&o, &d);
        if (o.epochs < 0 || o.batch < 1) __builtin_trap();
        check(rc = args_check_scope(&o, &d), 0);
        nn_spec s;
        if (rc == 0 && !o.load) {
            check(rc = args_build_spec(ctx, &d, &o, spec_val, &s), 0);
            if (rc == 0 && nn_spec_validate(ctx, &s) != NN_OK) __builtin_trap();
            if (rc == 0) check(args_check_fits(&s, &d), 0);
        }
    }
    nn_ctx_free(ctx);
    free(buf);
    return 0;
}
