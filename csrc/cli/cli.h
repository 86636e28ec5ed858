/* cli.h — what the nnplay CLI's files share: the options and spec from the command line
 * (args.c), the data set in memory (data.c), whole files (file.c) and the training loop
 * (train.c); main.c runs them. Not part of the library's API. */
#ifndef NNPLAY_CLI_H
#define NNPLAY_CLI_H

#include "nn.h"

/* Room for a value from the command line quoted in a message (nn_quote, long ones cut). */
#define QUOTED 80

/* The trainer's own flags; a negative epochs or batch means "the data set's default". */
typedef struct {
    const char *data, *data_dir, *target, *save, *load, *model;
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
/* Replaces path with len bytes of buf, atomically: 0, or -1 with errno set and path unchanged. */
int write_file(const char *path, const void *buf, size_t len);

/* Fills o from argv ("-h" is --help); a spec flag's text goes to spec_val[its field index]
 * (nn_spec_field_count entries, the others NULL). 0, or 2 after usage_error. */
int args_parse(int argc, char **argv, options *o, const char **spec_val);
void args_help(void);   /* prints every flag, the default networks and every spec field */
/* A negative epochs or batch becomes the data set's default. */
void args_data_defaults(options *o, const cli_data *d);
/* 0, or 2 after usage_error: a toy-only flag with a real set, or the other way round. */
int args_check_scope(const options *o, const cli_data *d);
/* 0 if --model names a model the data set has (cnn: an image set), else 2 after usage_error. */
int args_check_model(const options *o, const cli_data *d);
/* The spec of the data set's default network and the spec flags, validated (o after
 * args_data_defaults): 0, or 2 after usage_error. */
int args_build_spec(nn_ctx *ctx, const cli_data *d, const options *o, const char **spec_val, nn_spec *s);
/* 0 if the model takes the set's features and gives what its labels need, else 2 after usage_error. */
int args_check_fits(const nn_spec *s, const cli_data *d);

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
