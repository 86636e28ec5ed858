# WebAssembly build: the whole core (csrc/*.c; the CLI in csrc/cli/ is not included) as one
# standalone module, loaded by the hand-written web/wasm-loader.js (no Emscripten JS glue).
#   build/web/nnplay.wasm          SIMD128, the one the page ships
#   build/wasm/nnplay-scalar.wasm  no SIMD, the reference the SIMD build is tested against
#   build/gen/spec-schema.js       the spec's table as an ES module (package.json's #spec-schema)
# The exports are the EMSCRIPTEN_KEEPALIVE functions of csrc/wasm_api.c plus the runtime's own;
# tests/node/engine-exports.test.js checks that nothing else leaks out.

EMCC ?= emcc
# -mbulk-memory: memcpy and memset become memory.copy and memory.fill, which V8 runs as native
# copies where Emscripten's own loops ran (docs/performance.md). Every browser with wasm SIMD
# has bulk memory.
WASM_CFLAGS := -std=c11 -O3 -mbulk-memory -Wall -Wextra -Wshadow -Wstrict-prototypes -Icsrc
# The SIMD kernels keep their packed panels on the stack (1.2 MiB): say the stack size rather
# than rely on this Emscripten's 5 MiB default (later releases default to 64 KiB).
WASM_LDFLAGS := --no-entry -sSTANDALONE_WASM -sALLOW_MEMORY_GROWTH -sTOTAL_STACK=5MB
# Emscripten's -msimd128 also turns on LLVM's autovectorizer, which would make the reference
# kernel a second SIMD kernel: it is compiled on its own, with vectorization off.
WASM_REF_SRC := csrc/matmul_ref.c
WASM_REF_FLAGS := -fno-vectorize -fno-slp-vectorize
# What runs off the training path is compiled for size, which keeps the module in its budget:
# the spec table, data-set checks and copies, model files, metrics, toy data, the perceptron
# and the export wrappers. The model, layers, losses, activations, kernels, optimizers and the
# RNG stay at -O3.
WASM_SMALL := ctx dataset gradcheck io metrics perceptron spec toy wasm_api
WASM_SMALL_SRC := $(patsubst %,csrc/%.c,$(WASM_SMALL))
WASM_SRC := $(filter-out $(WASM_REF_SRC) $(WASM_SMALL_SRC),$(wildcard csrc/*.c))
WASM_MAX_BYTES := 207100

WASM_SIMD_WASM := $(BUILD)/web/nnplay.wasm
WASM_SCALAR_WASM := $(BUILD)/wasm/nnplay-scalar.wasm

# The two builds differ in one flag, given per target and to each one's objects, which live
# outside build/web/ (served as it is).
$(WASM_SIMD_WASM) $(BUILD)/wasm-obj/simd/%: WASM_ISA := -msimd128
$(WASM_SCALAR_WASM) $(BUILD)/wasm-obj/scalar/%: WASM_ISA := -mno-simd128

$(BUILD)/wasm-obj/%/matmul_ref.o: $(WASM_REF_SRC) csrc/matmul.h mk/wasm.mk | $(SETUP)
	@mkdir -p $(@D)
	$(EMCC) $(WASM_CFLAGS) $(WASM_ISA) $(WASM_REF_FLAGS) -c $< -o $@

# A pattern rule's targets are made together: one run per ISA compiles every small object.
$(patsubst %,$(BUILD)/wasm-obj/\%/%.o,$(WASM_SMALL)): $(WASM_SMALL_SRC) $(CORE_HDR) mk/wasm.mk | $(SETUP)
	@mkdir -p $(@D)
	cd $(@D) && $(EMCC) $(patsubst -Icsrc,-I$(CURDIR)/csrc,$(WASM_CFLAGS:-O3=-Os)) $(WASM_ISA) -c $(addprefix $(CURDIR)/,$(WASM_SMALL_SRC))

$(WASM_SIMD_WASM): $(BUILD)/wasm-obj/simd/matmul_ref.o $(patsubst %,$(BUILD)/wasm-obj/simd/%.o,$(WASM_SMALL))
$(WASM_SCALAR_WASM): $(BUILD)/wasm-obj/scalar/matmul_ref.o $(patsubst %,$(BUILD)/wasm-obj/scalar/%.o,$(WASM_SMALL))
$(WASM_SIMD_WASM) $(WASM_SCALAR_WASM): $(WASM_SRC) $(CORE_HDR) mk/wasm.mk | $(SETUP)
	@mkdir -p $(@D)
	$(EMCC) $(WASM_CFLAGS) $(WASM_ISA) $(WASM_LDFLAGS) $(WASM_SRC) $(filter %.o,$^) -o $@

# The native side of the wasm parity test: same spec, seed and data, losses printed as JSON.
$(BUILD)/native/native_losses: tests/native_losses.c $(BUILD)/native/libnn.a
	$(CC) $(NATIVE_CFLAGS) -o $@ $< $(BUILD)/native/libnn.a -lm

# The spec's table, read from the SIMD module by the engine itself, so it cannot drift from C.
$(SPEC_SCHEMA): scripts/spec-schema.js $(WASM_SIMD_WASM) web/engine.js web/wasm-loader.js
	@mkdir -p $(@D)
	node scripts/spec-schema.js $(WASM_SIMD_WASM) $@

wasm: $(WASM_SIMD_WASM) $(WASM_SCALAR_WASM) $(SPEC_SCHEMA)

# The size budget: the shipped module under 207,100 bytes uncompressed: 150,000 for the dense
# engine, plus 16,000 for the image layers (conv.c and their spec, model and engine parts, which
# took it from 143,070 to 158,765 bytes), plus 6,000 for the inference of narrow chains a block
# of rows at a time (dense_forward_cols, act_forward_cols, forward_narrow: 160,801 to 166,183).
# The lessons' engine calls (trace, broken gradient, act_eval, activation std, grad stds:
# 170,104 to 170,748) fit in the rest. Plus 2,800 for inference on weights packed once
# (mat_pack_b and mat_mul_ab_packed with its layouts and one-row GEMV, the model's packing and
# its version check: 170,104 to 172,857 without the grad stds). Plus 600 for the rank-k
# update of 1-3 terms (short_k in matmul_simd.c, one copy per term count: 173,524 to 175,226;
# a loop over a variable count ran at half the speed). Plus 2,400 for the packed product's 2-4
# rows reading A in place (few_rows_panels, one copy of the 2-, 3- and 4-row tile: 175,226 to
# 177,554; 4x17x1024 went from 11.9 to 31 GFLOP/s). Plus 900 for products of one term taking
# the rank-1 paths, A·Bᵀ's few rows of short terms by rows(), and those 2-4 rows summing
# straight into C (177,554 to 178,444; 4x1021x31 15 to 28-30 GFLOP/s, 1x1021x1 A·Bᵀ 0.3 to 9).
# Plus 2,000 for rank-k updates of 4-6 terms two rows at a time (pairs, a copy per term count:
# 178,444 to 180,453; 513x1021x5 and 100x1021x5 1.10-1.20x the 4-row tiles). Plus 600 for
# one row over the packed panels two at a time (gemv_step, a copy for one panel and one for
# two: 180,582 to 181,214; 1x257x784 1.20x, 1x1021x100 1.28x), and 100 for the last rows'
# kernels inlined into blocks() again (181,309; a call per tile cost 7x1021x31 9-11 %). Plus
# 450 for a block's last row across two panels at once (row_pair, the GEMV's two-panel step,
# inlined into blocks(): 181,307 to 181,711; 16-row shapes over 257-1021 columns 1.03-1.05x,
# median of five interleaved runs). Plus 300 for a narrow chain's blocks moved by loops of a
# whole block and the input check a stretch at a time (forward_narrow, first_nonfinite:
# 181,711 to 182,007; the grid through 2-4-1 and 2-2-2-1 1.4-1.6x). Plus 400 for relu applied as
# a narrow block's sums are stored (dense_forward_cols: 182,370; relu grids 1.06-1.36x). Plus
# 1,500 for rank 4-6 updates over op(B) packed once in 4-column panels (pairs_packed, a copy
# per term count: 182,370 to 183,798; 64x1021x5 1.15x, 4x1021x5 1.30x, 1x1021x5 1.62x). Plus
# 100 for edge tiles stored into their scratch, not zeroed by memory.fill and added to
# (183,908; 513x61x31 and 257x61x31 1.02-1.05x). Plus 300 for edge panels of 1-4 columns
# computed one vector wide (the kernel's narrow case: 184,113; 513x17x784 1.06x); Aᵀ packed
# row by row of A took 30 of what was left (pack_a_cols: 184,143; 513x257x784 Aᵀ·B
# 1.03-1.06x). Plus 500 for a scratch tile's last 1-3 columns added to C one by one, inline,
# not by two calls (add_tile: 184,777; 513x61x31 1.05x). Plus 5,800 for load_part and
# store_part inlined into every tail (190,492; a call cost more than a short tile: 513x3x5
# A·Bᵀ 3.2x, 33x7x5 A·B 2.0x, 1x1021x31 A·Bᵀ 1.5x; gzipped +1,365 bytes). Plus 10,500 for
# tanh and sigmoid applied as a narrow block's sums are stored (dense_forward_cols, a copy of
# the block's loops for each with its constants folded: 200,945; the grid through 2-2-2-1 relu,
# 2-4-1 sigmoid and 2-8-8-1 tanh 1.11x; one copy for both was 0.89x on tanh; gzipped +668).
# Plus 300 for a narrow block's two inputs and one output moved a vector at a time
# (block_in, block_out in model.c: 201,302; the grid through 2-2-2-1 1.23x, 2-4-1 1.21x).
# Plus 1,200 for leaky relu applied as the sums are stored too, a copy of its own (202,486;
# the grid through 7-8-8-8-1 leaky 1.07x; one vector form of the tanh rational: 202,094;
# sigmoid's scale folded into its coefficients: 201,506). Plus 4,000 for training passes of
# narrow chains feature-major (forward_cols, backward_cols in model.c, dense_backward_cols:
# 205,484; W2 in one call 1.25x; gzipped +1,184). Plus 500 for a narrow block's four or more
# inputs moved by 4x4 transposes (block_in: 207,001; the grid through 7-8-8-8-1 leaky 1.08x;
# gzipped +498).
wasm-size: $(WASM_SIMD_WASM) $(WASM_SCALAR_WASM)
	@for f in $^; do \
	  s=$$(stat -c %s $$f); echo "wasm size: $$f $$s bytes (limit $(WASM_MAX_BYTES))"; \
	  if [ $$s -gt $(WASM_MAX_BYTES) ]; then echo "wasm size: $$f is over budget" >&2; exit 1; fi; \
	done

# Every Node test in tests/node/, the engine's and anyone else's. --single-threaded (passed on
# to each test file's process): once, under load, a test file passed every test and then never
# exited, idle; Node can deadlock at exit while V8's background threads compile (nodejs/node
# #54918), and these files tier up a lot of wasm. The timeout turns any other hang into a
# failure with a message instead of a stalled CI job.
test-node: wasm $(SPEC_SCHEMA) $(BUILD)/native/native_losses
	timeout 600 node --single-threaded --test tests/node/ || { s=$$?; [ $$s -ne 124 ] || echo "test-node: no result after 600 s" >&2; exit $$s; }

ALL_TARGETS += wasm
TEST_TARGETS += wasm-size test-node
RUN_DEPS += wasm
.PHONY: wasm wasm-size test-node
