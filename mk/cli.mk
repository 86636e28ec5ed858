# The CLI smoke test (tests/cli.sh): build/nnplay learns xor, documents every flag, refuses a
# bad one with exit 2, and round-trips --save/--load; run again on a sanitizer build.

$(BUILD)/asan/nnplay: csrc/cli/main.c $(BUILD)/asan/libnn.a
	$(CC) $(NATIVE_CFLAGS) $(SAN_FLAGS) -o $@ $< $(BUILD)/asan/libnn.a -lm

test-cli: $(BUILD)/nnplay $(BUILD)/asan/nnplay tests/cli.sh
	@echo "== cli (native)"; bash tests/cli.sh $(BUILD)/nnplay
	@echo "== cli (asan+ubsan)"; ASAN_OPTIONS=detect_leaks=1 bash tests/cli.sh $(BUILD)/asan/nnplay

TEST_TARGETS += test-cli
.PHONY: test-cli
