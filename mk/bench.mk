# `make bench`: the benchmark (not a test). bench/run.js times every workload for
# nnplay's wasm SIMD, wasm scalar and native builds and for TensorFlow.js's wasm and cpu
# backends in one Node process, prints Markdown tables and writes build/bench.json.
#   build/bench/matmul-scalar.wasm  the products of the scalar wasm build, for W3 (the engine
#                                   exports no raw matmul; the SIMD ones come from mk/simd-test.mk)
#   build/bench/peak.wasm           bench/peak.c, the calibration loops (the wasm SIMD multiply-add peak,
#                                   the tanh rational alone)
#   build/bench/native-bench        bench/native.c on build/native/libnn.a
#   build/bench/tfjs-gradients.cjs  tfjs-core's gradient registrations, bundled for Node

BENCH_MATMUL_EXPORTS := _mat_mul_ab,_mat_mul_atb,_mat_mul_abt,_malloc,_free

$(BUILD)/bench/matmul-scalar.wasm: csrc/matmul.c csrc/matmul_ref.c csrc/matmul.h mk/bench.mk | $(SETUP)
	@mkdir -p $(@D)
	$(EMCC) $(WASM_CFLAGS) -mno-simd128 $(WASM_LDFLAGS) -sEXPORTED_FUNCTIONS=$(BENCH_MATMUL_EXPORTS) \
	  csrc/matmul.c csrc/matmul_ref.c -o $@

$(BUILD)/bench/peak.wasm: bench/peak.c $(CORE_HDR) mk/bench.mk | $(SETUP)
	@mkdir -p $(@D)
	$(EMCC) $(WASM_CFLAGS) -msimd128 $(WASM_LDFLAGS) -sEXPORTED_FUNCTIONS=_peak_4x2,_peak_3x4,_rational $< -o $@

$(BUILD)/bench/native-bench: bench/native.c bench/workloads.h $(BUILD)/native/libnn.a
	@mkdir -p $(@D)
	$(CC) $(NATIVE_CFLAGS) -o $@ $< $(BUILD)/native/libnn.a -lm

$(BUILD)/bench/tfjs-gradients.cjs: | $(SETUP)
	@mkdir -p $(@D)
	node_modules/.bin/esbuild node_modules/@tensorflow/tfjs-core/dist/register_all_gradients.js \
	  --bundle --platform=node --format=cjs --log-level=warning --outfile=$@

bench: $(BUILD)/web/nnplay.wasm $(BUILD)/wasm/nnplay-scalar.wasm $(SIMD_TEST_WASM) \
       $(BUILD)/bench/matmul-scalar.wasm $(BUILD)/bench/peak.wasm $(BUILD)/bench/native-bench $(BUILD)/bench/tfjs-gradients.cjs
	NNPLAY_NATIVE_CFLAGS='$(NATIVE_CFLAGS); $(KERNEL_SRC): $(KERNEL_CC) $(KERNEL_CFLAGS)' node bench/run.js

.PHONY: bench
