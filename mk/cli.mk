# The CLI smoke test (tests/cli.sh): build/nnplay learns xor and iris, documents every flag,
# refuses a bad one with exit 2, a missing or corrupt data set with exit 1, and round-trips
# --save/--load; run again on a sanitizer build. It reads iris, so it waits for the data sets.

# The CLI's own files (flags, data, training loop); mk/native.mk's build/nnplay rule uses them too.
CLI_SRC := $(wildcard csrc/cli/*.c)
CLI_HDR := $(wildcard csrc/cli/*.h)

$(BUILD)/asan/nnplay: $(CLI_SRC) $(CLI_HDR) $(BUILD)/asan/libnn.a
	$(CC) $(NATIVE_CFLAGS) $(SAN_FLAGS) -o $@ $(CLI_SRC) $(BUILD)/asan/libnn.a -lm

test-cli: $(BUILD)/nnplay $(BUILD)/asan/nnplay tests/cli.sh $(DATASETS_INDEX)
	@echo "== cli (native)"; bash tests/cli.sh $(BUILD)/nnplay
	@echo "== cli (asan+ubsan)"; ASAN_OPTIONS=detect_leaks=1 bash tests/cli.sh $(BUILD)/asan/nnplay

TEST_TARGETS += test-cli
.PHONY: test-cli
