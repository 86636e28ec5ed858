/* cli.h — what the nnplay CLI's files share: the options from the command line (main.c), the
 * data set in memory (data.c) and the training loop (train.c). Not part of the library's API. */
#ifndef NNPLAY_CLI_H
#define NNPLAY_CLI_H

#include "nn.h"

/* The trainer's own flags; a negative epochs or batch means "the data set's default". */
typedef struct {
    const char *data, *data_dir, *target, *save, *load;
    int n, classes, epochs, batch, patience, gradcheck, quiet, help;
    float noise, test_ratio, val_ratio;
    unsigned long long data_seed;
    unsigned given;   /* bit i: flag i of main.c's table was on the command line */
} options;

/* A data set in memory. Rows are stored training, then validation, then test, contiguously:
 * x (rows, features), y (rows) a class index or the (standardized) regression target. */
typedef struct {
    char name[64];            /* "xor", "mnist", ... */
    char target[64];          /* the regression target's name; "" for classification */
    int real;                 /* 1: an NNDS file from `make datasets`; 0: a generated toy set */
    int features, classes;    /* classes 0: regression */
    int n_train, n_val, n_test;
    float target_std;         /* raw target = stored * target_std + mean (1 for the toys) */
    float *x, *y;
} cli_data;

/* Generates the toy set or reads DIR/NAME.nnds, then carves the validation rows (when
 * --patience is on) from the training rows. Returns 0, 1 (the file is missing or corrupt;
 * the message is printed) or 2 (a bad command line; the message is printed). */
int data_load(nn_ctx *ctx, const options *o, cli_data *d);
void data_free(cli_data *d);

/* The whole file in a malloc'd buffer (NUL-terminated, *len without it), or NULL with errno set. */
unsigned char *read_file(const char *path, size_t *len);

int is_word_of(const char *list, const char *name);   /* a word of the space-separated list? */

/* The real sets `make datasets` builds, for the help text and the "not built" message. */
extern const char *const real_sets;

/* Optional gradient check, then the epochs with their lines, early stopping on the
 * validation rows, and the final summary. Returns 0, or 1 with the reason printed. */
int train_run(nn_ctx *ctx, nn_model *m, const options *o, const cli_data *d);

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
int usage_error(const char *fmt, ...);   /* prints "nnplay: ..." and a hint; returns 2 */

#endif
