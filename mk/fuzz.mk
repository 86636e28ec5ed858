# Fuzz targets, one per parser (tests/fuzz/fuzz_<name>.c), libFuzzer under ASan+UBSan (clang):
#   dataset  the NNDS reader (nn_dataset_open and every accessor)
#   model    the model file (nn_model_load; then predict, save, reload, compare)
#   spec     nn_spec_set lines (validate, format and back, build, train a step)
#   cli      the CLI's command line (csrc/cli/args.c: flags, defaults, spec, fit)
# `make test` runs each for FUZZ_SECONDS (tests/fuzz/run.sh): first the inputs that once
# failed it (tests/fuzz/regress/<name>/, checked in, replayed every run), then fuzzing from the
# checked-in seeds (tests/fuzz/corpus/<name>/; the data set reader's are the two smallest built
# sets) and the corpus earlier runs grew (build/fuzz/<name>/corpus), and prints one line of
# execs, seconds and corpus size. A failure prints the log's tail and keeps the input in
# build/fuzz/<name>/. The core is built as natively (SIMD kernels through SIMDe), so the
# sanitizers watch the kernels' reads too.

FUZZ_NAMES := dataset model spec cli
FUZZ_FLAGS := -std=c11 -g -O1 -march=native -DNN_SIMDE -Icsrc -Icsrc/cli \
  -Wno-pass-failed -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_SECONDS ?= 20
FUZZ_DIR := $(BUILD)/fuzz
FUZZ_BINS := $(patsubst %,$(FUZZ_DIR)/fuzz_%,$(FUZZ_NAMES))

# What each links beside its own file; the data set reader's alone needs no more than itself.
FUZZ_LINK_dataset := csrc/dataset.c csrc/ctx.c
FUZZ_LINK_model := $(CORE_SRC)
FUZZ_LINK_spec := $(CORE_SRC)
FUZZ_LINK_cli := $(CORE_SRC) $(filter-out csrc/cli/main.c csrc/cli/train.c,$(CLI_SRC))
# The longest input each is given: a model file of a few thousand parameters, a spec's lines,
# a command line.
FUZZ_MAX_LEN_dataset := 16384
FUZZ_MAX_LEN_model := 65536
FUZZ_MAX_LEN_spec := 4096
FUZZ_MAX_LEN_cli := 4096
FUZZ_SEEDS_dataset := $(FUZZ_DIR)/dataset/seeds
FUZZ_SEEDS_model := tests/fuzz/corpus/model
FUZZ_SEEDS_spec := tests/fuzz/corpus/spec
FUZZ_SEEDS_cli := tests/fuzz/corpus/cli

$(FUZZ_BINS): $(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(CORE_SRC) $(CORE_HDR) $(CLI_SRC) \
              $(CLI_HDR) mk/fuzz.mk | $(SETUP)
	@mkdir -p $(@D)
	clang $(FUZZ_FLAGS) -o $@ $< $(FUZZ_LINK_$*) -lm

$(FUZZ_SEEDS_dataset)/.copied: $(DATASETS_INDEX)
	@mkdir -p $(@D)
	cp $(DATASETS_OUT)/iris.nnds $(DATASETS_OUT)/wine.nnds $(@D)/
	@touch $@

# One target per fuzzer (make test-fuzz-model runs one alone).
FUZZ_RUNS := $(addprefix test-fuzz-,$(FUZZ_NAMES))
$(FUZZ_RUNS): test-fuzz-%: $(FUZZ_DIR)/fuzz_% tests/fuzz/run.sh
	@bash tests/fuzz/run.sh $< $(FUZZ_SECONDS) $(FUZZ_MAX_LEN_$*) $(FUZZ_SEEDS_$*)
test-fuzz-dataset: $(FUZZ_SEEDS_dataset)/.copied
test-fuzz: $(FUZZ_RUNS)

TEST_TARGETS += test-fuzz
.PHONY: test-fuzz $(FUZZ_RUNS)
