# Native build: the core as a static library, the `nnplay` CLI, and the C test suite built
# twice, plain and under AddressSanitizer + UndefinedBehaviorSanitizer.

CC ?= cc
# The wasm SIMD kernels run natively through SIMDe (NN_SIMDE), tuned for this machine: the
# CLI and the tests are built where they run. -std=c11 keeps gcc from contracting a*b+c into
# FMAs, so results match the wasm build's within the parity tests' tolerance; nothing reads
# errno after a math call, and -fno-math-errno lets gcc vectorize the sqrtf of Adam.
NATIVE_CFLAGS := -std=c11 -O3 -march=native -fno-math-errno -DNN_SIMDE -Wall -Wextra -Wshadow -Wstrict-prototypes -Icsrc
SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

NATIVE_TESTS := $(patsubst tests/%.c,%,$(wildcard tests/test_*.c))

# clang (installed by the set-up) keeps the SIMD kernels' accumulators in registers where gcc
# adds copies to each inner iteration (docs/performance.md); the sanitizer build uses $(CC).
# The micro-kernel is written in vector extensions as wide as -march=native allows (AVX-512:
# 16 floats); its file alone (all the products) is compiled with multiply-adds contracted into
# FMAs, so natively their sums round differently from the wasm build's, within the parity
# tests' tolerance.
KERNEL_SRC := csrc/matmul_simd.c
KERNEL_CC := clang
KERNEL_CFLAGS := -ffp-contract=fast

$(BUILD)/native/libnn.a: $(CORE_SRC) $(CORE_HDR) mk/native.mk | $(SETUP)
	@mkdir -p $(@D)/obj
	cd $(@D)/obj && rm -f *.o && $(CC) $(NATIVE_CFLAGS:-Icsrc=-I$(CURDIR)/csrc) -c $(addprefix $(CURDIR)/,$(filter-out $(KERNEL_SRC),$(CORE_SRC))) \
	  && $(KERNEL_CC) $(NATIVE_CFLAGS:-Icsrc=-I$(CURDIR)/csrc) $(KERNEL_CFLAGS) -c $(CURDIR)/$(KERNEL_SRC)
	rm -f $@ && ar rcs $@ $(@D)/obj/*.o

$(BUILD)/asan/libnn.a: $(CORE_SRC) $(CORE_HDR) mk/native.mk | $(SETUP)
	@mkdir -p $(@D)/obj
	cd $(@D)/obj && rm -f *.o && $(CC) $(NATIVE_CFLAGS:-Icsrc=-I$(CURDIR)/csrc) $(SAN_FLAGS) -c $(addprefix $(CURDIR)/,$(CORE_SRC))
	rm -f $@ && ar rcs $@ $(@D)/obj/*.o

$(BUILD)/nnplay: $(CLI_SRC) $(CLI_HDR) $(BUILD)/native/libnn.a
	$(CC) $(NATIVE_CFLAGS) -o $@ $(CLI_SRC) $(BUILD)/native/libnn.a -lm

# test_oom fails each allocation in turn through the linker's --wrap.
WRAP_ALLOC := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc
test_ldflags = $(if $(filter test_oom,$(notdir $@)),$(WRAP_ALLOC))

$(BUILD)/native/%: tests/%.c $(wildcard tests/*.h) $(BUILD)/native/libnn.a
	$(CC) $(NATIVE_CFLAGS) -o $@ $< $(BUILD)/native/libnn.a -lm $(test_ldflags)

$(BUILD)/asan/%: tests/%.c $(wildcard tests/*.h) $(BUILD)/asan/libnn.a
	$(CC) $(NATIVE_CFLAGS) $(SAN_FLAGS) -o $@ $< $(BUILD)/asan/libnn.a -lm $(test_ldflags)

native: $(BUILD)/nnplay

# Each suite runs plain, then under the sanitizers; the first failure stops make.
test-native: $(addprefix $(BUILD)/native/,$(NATIVE_TESTS)) $(addprefix $(BUILD)/asan/,$(NATIVE_TESTS))
	@set -e; for t in $(NATIVE_TESTS); do \
	  echo "== $$t (native)"; $(BUILD)/native/$$t; \
	  echo "== $$t (asan+ubsan)"; ASAN_OPTIONS=detect_leaks=1 $(BUILD)/asan/$$t; \
	done

ALL_TARGETS += native
TEST_TARGETS += test-native
.PHONY: native test-native
