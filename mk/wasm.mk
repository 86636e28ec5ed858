# WebAssembly build: the whole core (csrc/*.c; the CLI in csrc/cli/ is not included) as one
# standalone module, loaded by the hand-written web/wasm-loader.js (no Emscripten JS glue).
#   build/web/nnplay.wasm          SIMD128, the one the page ships
#   build/wasm/nnplay-scalar.wasm  no SIMD, the reference the SIMD build is tested against
# The exports are the EMSCRIPTEN_KEEPALIVE functions of csrc/wasm_api.c plus the runtime's own;
# tests/node/engine-exports.test.js checks that nothing else leaks out.

EMCC ?= emcc
WASM_CFLAGS := -std=c11 -O3 -Wall -Wextra -Wshadow -Wstrict-prototypes -Icsrc
WASM_LDFLAGS := --no-entry -sSTANDALONE_WASM -sALLOW_MEMORY_GROWTH
# Emscripten's -msimd128 also turns on LLVM's autovectorizer, which would make the reference
# kernel a second SIMD kernel: it is compiled on its own, with vectorization off.
WASM_REF_SRC := csrc/matmul_ref.c
WASM_REF_FLAGS := -fno-vectorize -fno-slp-vectorize
WASM_SRC := $(filter-out $(WASM_REF_SRC),$(wildcard csrc/*.c))
WASM_MAX_BYTES := 150000

# $(call wasm_link,output,simd flag)
define wasm_link
	@mkdir -p $(@D)
	$(EMCC) $(WASM_CFLAGS) $(2) $(WASM_REF_FLAGS) -c $(WASM_REF_SRC) -o $(1).ref.o
	$(EMCC) $(WASM_CFLAGS) $(2) $(WASM_LDFLAGS) $(WASM_SRC) $(1).ref.o -o $(1)
	@rm -f $(1).ref.o
endef

$(BUILD)/web/nnplay.wasm: $(wildcard csrc/*.c) $(CORE_HDR) mk/wasm.mk
	$(call wasm_link,$@,-msimd128)

$(BUILD)/wasm/nnplay-scalar.wasm: $(wildcard csrc/*.c) $(CORE_HDR) mk/wasm.mk
	$(call wasm_link,$@,-mno-simd128)

# The native side of the wasm parity test: same spec, seed and data, losses printed as JSON.
$(BUILD)/native/native_losses: tests/native_losses.c $(BUILD)/native/libnn.a
	$(CC) $(NATIVE_CFLAGS) -o $@ $< $(BUILD)/native/libnn.a -lm

wasm: $(BUILD)/web/nnplay.wasm $(BUILD)/wasm/nnplay-scalar.wasm

# The size budget of issue 3: the shipped module under 150 KB (150,000 bytes) uncompressed.
wasm-size: $(BUILD)/web/nnplay.wasm $(BUILD)/wasm/nnplay-scalar.wasm
	@for f in $^; do \
	  s=$$(stat -c %s $$f); echo "wasm size: $$f $$s bytes (limit $(WASM_MAX_BYTES))"; \
	  if [ $$s -gt $(WASM_MAX_BYTES) ]; then echo "wasm size: $$f is over budget" >&2; exit 1; fi; \
	done

# Every Node test in tests/node/, the engine's and anyone else's.
test-node: wasm $(BUILD)/native/native_losses
	node --test tests/node/

ALL_TARGETS += wasm
TEST_TARGETS += wasm-size test-node
RUN_DEPS += wasm
.PHONY: wasm wasm-size test-node
