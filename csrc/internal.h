/* internal.h — what the core's files share and the public API does not show: error
 * reporting into a context, data-set rows for the model, the optimizer and schedule kernels.
 * Tests may include it. */
#ifndef NN_INTERNAL_H
#define NN_INTERNAL_H

#include <string.h>

#include "nn.h"

/* Little-endian reads for the file formats (model files, data sets), whatever the host's order. */
static inline uint32_t le32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline float lef32(const unsigned char *p) {
    uint32_t u = le32(p);
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

/* CRC-32 (IEEE 802.3, reflected, as zlib's crc32) of the model file's bytes (io.c); the model
 * file's fuzzer fixes mutated files up with it. */
uint32_t crc32_ieee(const uint8_t *p, size_t n);

/* Formats the message into ctx (if not NULL) and returns st. */
nn_status ctx_fail(nn_ctx *ctx, nn_status st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void ctx_clear(nn_ctx *ctx);

/* Rows [first, first+n) of a split and target column `target` exist in ds; else the message
 * goes to ctx. */
nn_status dataset_check_rows(nn_ctx *ctx, const nn_dataset *ds, nn_split split, int first, int n,
                             int target);

/* Rows first + idx[i] (first + i when idx is NULL) of a split, checked by dataset_check_rows,
 * into x (n, features) and y (n) (either may be NULL), as nn_dataset_read gives them. */
void dataset_rows(const nn_dataset *ds, nn_split split, int first, const int *idx, int n, int target,
                  float *x, float *y);

/* A sample as a layer reads or writes it: (C, H, W), image = 1; or a flat vector of c values,
 * (c, 1, 1), image = 0. */
typedef struct { int c, h, w, image; } sample_shape;

/* The shape layer l of s reads, in[l], and writes, out[l], checked as they are found (image
 * layers need an image input, windows must fit, input_shape must hold `inputs` values), with
 * nn_spec_validate's messages. */
nn_status spec_shapes(nn_ctx *ctx, const nn_spec *s, sample_shape *in, sample_shape *out);

/* The activation whose nn_act_name is `name`, or -1. */
int nn_act_parse(const char *name);

/* Moment blocks the optimizer needs (0, 1 or 2), each shaped like the parameters. */
int optim_moments(nn_optim o);

/* One update of n parameters p with gradient g, learning rate lr, at step t (1-based, for
 * Adam's bias correction). m1, m2 are the moment blocks (NULL where not needed). */
void optim_step(const nn_spec *s, float lr, long t, float *p, const float *g, float *m1,
                float *m2, size_t n);

/* The index of the first structural field (nn_field_info's) whose value differs between two
 * valid specs, or -1 if none does. */
int spec_structural_change(const nn_spec *a, const nn_spec *b);

/* For the gradient check: the parameter block itself (taking it counts as a write of the
 * parameters: the inference's packed weights are remade from them at the next inference call,
 * so every write through it is done before that call), and the training objective (data loss
 * plus L1/L2 penalties) on a batch in training mode without touching running statistics or
 * the optimizer. draw_mask = 0 reuses the dropout masks of the previous call; with_grad = 1
 * also fills the gradient block. */
float *model_params(nn_model *m);
nn_ctx *model_ctx(nn_model *m);
nn_rng *model_rng(nn_model *m);
const float *model_grads(const nn_model *m);
nn_status model_objective(nn_model *m, const float *x, const float *y, int n, int draw_mask,
                          int with_grad, double *objective);

#endif
