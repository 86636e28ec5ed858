# The pages: web/ bundled by esbuild into build/web/ next to nnplay.wasm (mk/wasm.mk).
#   build/web/app.js/app.css     every full page: index.html (the playground) and the real-data
#                                pages (mk/apps.mk), each naming its preset
#   build/web/embed.js/embed.css + demo.html   <div data-nnplay="…"> widgets, a demo with two
#   build/web/worker.js          the Web Worker that owns the engine, the same for every page
# Preact is the only runtime dependency of the pages (about 4 KB gzipped): components for the
# controls, hand-written canvas code for the plots. The worker also bundles Papa Parse, which
# reads the learner's CSV.

ESBUILD := node_modules/.bin/esbuild
WEB_HTML := $(BUILD)/web/index.html $(BUILD)/web/demo.html
WEB_FLAGS := --bundle --format=esm --minify-syntax --minify-whitespace --target=es2022 --jsx=automatic --jsx-import-source=preact \
  --log-level=warning

# One esbuild run writes every bundle: a grouped target, so a missing one rebuilds them all.
WEB_BUNDLES := $(addprefix $(BUILD)/web/,app.js app.css embed.js embed.css worker.js)
$(WEB_BUNDLES) &: $(WEB_SRC) $(SPEC_SCHEMA) package.json mk/web.mk | $(SETUP)
	@mkdir -p $(@D)
	$(ESBUILD) app=web/main.jsx embed=web/embed.jsx worker=web/worker.js $(WEB_FLAGS) --outdir=$(@D)

$(BUILD)/web/%.html: web/%.html
	@mkdir -p $(@D)
	cp $< $@

web: $(WEB_BUNDLES) $(WEB_HTML) $(BUILD)/web/nnplay.wasm

# Types: tsc checks the JSDoc types of web/ (jsconfig.json), emitting nothing; the script says
# which files' diagnostics it reports without failing, and why.
typecheck: $(WEB_SRC) $(SPEC_SCHEMA) jsconfig.json scripts/typecheck.js | $(SETUP)
	node scripts/typecheck.js

# Browser tests: Debian's Chromium driven by playwright-core against scripts/serve.js.
test-browser: web | $(SETUP)
	@mkdir -p $(BUILD)/test-output
	node --test --test-concurrency=1 tests/browser/

ALL_TARGETS += web
TEST_TARGETS += typecheck test-browser
RUN_DEPS += web
# `make run PORT=8001` when 8000 is taken.
PORT ?= 8000
RUN_CMD := node scripts/serve.js $(BUILD)/web $(PORT)
.PHONY: web typecheck test-browser
