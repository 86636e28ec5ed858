# The pages: web/ bundled by esbuild into build/web/ next to nnplay.wasm (mk/wasm.mk).
#   build/web/app.js/app.css     every full page: index.html (the playground) and the real-data
#                                pages (mk/apps.mk), each naming its preset
#   build/web/worker.js          the Web Worker that owns the engine, the same for every page
#   build/web/nnplay.js          <nn-playground>, the element for other sites (web/element/), its
#                                components' CSS inside it as one string for its shadow roots
#   build/web/embed.html, frame.js, frame-host.js   the iframe form and its host's sizing script
#   build/web/demo.html, embedding.html   a course page with two widgets; the embedding docs
# Preact is the only runtime dependency of the pages (about 4 KB gzipped): components for the
# controls, hand-written canvas code for the plots. The worker also bundles Papa Parse, which
# reads the learner's CSV.

ESBUILD := node_modules/.bin/esbuild
WEB_HTML := $(addprefix $(BUILD)/web/,index.html demo.html embed.html)
WEB_FLAGS := --bundle --format=esm --minify-syntax --minify-whitespace --target=es2022 --jsx=automatic --jsx-import-source=preact \
  --log-level=warning

# One esbuild run writes every bundle: a grouped target, so a missing one rebuilds them all.
WEB_BUNDLES := $(addprefix $(BUILD)/web/,app.js app.css worker.js frame.js)
$(WEB_BUNDLES) &: $(WEB_SRC) $(SPEC_SCHEMA) package.json mk/web.mk | $(SETUP)
	@mkdir -p $(@D)
	$(ESBUILD) app=web/main.jsx worker=web/worker.js frame=web/element/frame.js $(WEB_FLAGS) --outdir=$(@D)

# The element's own run leaves its CSS apart (in build/gen/element/), then puts it inside.
ELEMENT_GEN := $(BUILD)/gen/element
$(BUILD)/web/nnplay.js: $(WEB_SRC) $(SPEC_SCHEMA) scripts/inline-css.js package.json mk/web.mk | $(SETUP)
	@mkdir -p $(@D)
	$(ESBUILD) nnplay=web/element/index.jsx $(WEB_FLAGS) --outdir=$(ELEMENT_GEN)
	node scripts/inline-css.js $(ELEMENT_GEN)/nnplay.js $(ELEMENT_GEN)/nnplay.css $@

# Served as they are: the host's sizing script and the docs page's lesson (both also shown on
# the docs page), the pages' own CSS.
WEB_STATIC := $(addprefix $(BUILD)/web/,frame-host.js embedding.js demo.css docs.css)
$(BUILD)/web/frame-host.js: web/element/frame-host.js
$(BUILD)/web/embedding.js: web/embedding.js
$(BUILD)/web/demo.css: web/demo.css
$(BUILD)/web/docs.css: web/docs.css
$(WEB_STATIC):
	@mkdir -p $(@D)
	cp $< $@

# The docs page's tables come from the code (scripts/embedding-page.js, bundled for Node).
$(BUILD)/web/embedding.html: web/embedding.html scripts/embedding-page.js web/element/frame-host.js web/embedding.js $(WEB_SRC) $(SPEC_SCHEMA) | $(SETUP)
	@mkdir -p $(BUILD)/gen $(@D)
	$(ESBUILD) scripts/embedding-page.js --bundle --platform=node --format=esm --jsx=automatic --jsx-import-source=preact \
	  --loader:.css=empty --log-level=warning --outfile=$(BUILD)/gen/embedding-page.mjs
	node $(BUILD)/gen/embedding-page.mjs web/embedding.html $@

$(BUILD)/web/%.html: web/%.html
	@mkdir -p $(@D)
	cp $< $@

web: $(WEB_BUNDLES) $(WEB_HTML) $(BUILD)/web/embedding.html $(BUILD)/web/nnplay.js $(WEB_STATIC) $(BUILD)/web/nnplay.wasm

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
