# nnplay — the one entry point.
#   make run        build everything and serve the playground on http://localhost:8000
#   make test       build and run every test: native C (plain and ASan+UBSan), Node, browser
#   make bench      the benchmark tables (not a test)
# Each concern's rules live in mk/*.mk; scripts/setup.sh installs what is missing.

.DEFAULT_GOAL := all
.SUFFIXES:
.DELETE_ON_ERROR:

BUILD := build
# Debian's emscripten runs its JS optimizer with the system's node modules.
export NODE_PATH := /usr/share/nodejs

SETUP := $(BUILD)/.setup-done
$(SETUP): scripts/setup.sh package.json package-lock.json
	@mkdir -p $(BUILD)
	bash scripts/setup.sh
	@touch $@

setup: $(SETUP)

# Paths more than one fragment names. Make expands a rule's prerequisites as it reads it, and
# the fragments are read in name order, so whatever several of them use is defined here.
CORE_HDR := $(wildcard csrc/*.h)
WEB_SRC := $(shell find web -name '*.js' -o -name '*.jsx' -o -name '*.css')
DATASETS_OUT := datasets/out
# index.json is written last, so it stands for all the data sets' outputs.
DATASETS_INDEX := $(DATASETS_OUT)/index.json
SIMD_TEST_WASM := $(BUILD)/simd-test/matmul.wasm
# The core's sources but those that exist only for the wasm build (native library, fuzz targets).
WASM_ONLY_SRC := csrc/wasm_api.c
CORE_SRC := $(filter-out $(WASM_ONLY_SRC),$(wildcard csrc/*.c))
# The spec's table as an ES module, '#spec-schema' in package.json (rule in mk/wasm.mk).
SPEC_SCHEMA := $(BUILD)/gen/spec-schema.js

include $(sort $(wildcard mk/*.mk))

all: $(ALL_TARGETS)

test: $(TEST_TARGETS)

run: $(RUN_DEPS)
	$(RUN_CMD)

clean:
	rm -rf $(BUILD)

.PHONY: all setup test run clean bench
