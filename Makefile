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

include $(sort $(wildcard mk/*.mk))

all: $(ALL_TARGETS)

test: $(TEST_TARGETS)

run: $(RUN_DEPS)
	$(RUN_CMD)

clean:
	rm -rf $(BUILD)

.PHONY: all setup test run clean bench
