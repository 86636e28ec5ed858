# Test-only wasm build for tests/node/simd-matmul.test.js: the SIMD kernels and the scalar
# reference in one module, so Node can compare them call by call. Not shipped; it exports the
# six products, the pre-packed A·B and its packing, and malloc/free. The reference is compiled with vectorization off, as in
# mk/wasm.mk (whose WASM_* flags are used here; they expand when the recipe runs).

SIMD_TEST_SRC := csrc/matmul.c csrc/matmul_simd.c
SIMD_TEST_EXPORTS := _mat_mul_ab,_mat_mul_atb,_mat_mul_abt,_mat_mul_ab_ref,_mat_mul_atb_ref,_mat_mul_abt_ref,_mat_pack_b_size,_mat_pack_b,_mat_mul_ab_packed,_malloc,_free

$(SIMD_TEST_WASM): $(SIMD_TEST_SRC) csrc/matmul_ref.c csrc/matmul.h csrc/f4.h mk/simd-test.mk | $(SETUP)
	@mkdir -p $(@D)
	$(EMCC) $(WASM_CFLAGS) -msimd128 $(WASM_REF_FLAGS) -c csrc/matmul_ref.c -o $@.ref.o
	$(EMCC) $(WASM_CFLAGS) -msimd128 $(WASM_LDFLAGS) -sEXPORTED_FUNCTIONS=$(SIMD_TEST_EXPORTS) \
	  $(SIMD_TEST_SRC) $@.ref.o -o $@
	@rm -f $@.ref.o

test-node: $(SIMD_TEST_WASM)
