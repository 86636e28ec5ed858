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

# The size budget, WASM_MAX_BYTES: the shipped module's size uncompressed. It is raised only
# for speed or features measured to be worth their bytes; each raise, with the sizes before and
# after and what it bought, is in docs/performance.md ("Module size").
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
