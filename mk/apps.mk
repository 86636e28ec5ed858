# The real-data pages: MNIST, house prices, churn and the user's own CSV, each a
# page of its own in build/web/ (mnist.html, houses.html, churn.html, csv.html), bundled by
# esbuild from web/apps/, with one shared worker bundle (the CSV page's adds its file reading)
# and the shared nnplay.wasm; the data sets they download are copied from datasets/out/ into
# build/web/data/.

APPS := mnist houses churn csv
APPS_TITLE_mnist := MNIST digits
APPS_TITLE_houses := House prices
APPS_TITLE_churn := Customer churn
APPS_TITLE_csv := Your own data
APPS_DIR := $(BUILD)/web/apps
APPS_HTML := $(patsubst %,$(BUILD)/web/%.html,$(APPS))
# Everything a bundle can import: the pages, and the playground's modules they reuse.
APPS_SRC := $(WEB_SRC) package.json
APPS_STAMP := $(APPS_DIR)/.bundled
APPS_DATA := $(foreach s,mnist ames churn,$(BUILD)/web/data/$(s).nnds.gz $(BUILD)/web/data/$(s).json)
APPS_ESBUILD_FLAGS := --bundle --format=esm --minify --target=es2022 --jsx=automatic \
  --jsx-import-source=preact --outbase=web/apps --log-level=warning

# One esbuild run makes every page's main.js and main.css and the workers: the shared one, and
# the CSV page's, which also parses the user's file (and so bundles Papa Parse).
$(APPS_STAMP): $(APPS_SRC) $(SPEC_SCHEMA) mk/apps.mk | $(SETUP)
	@mkdir -p $(APPS_DIR)
	node_modules/.bin/esbuild $(APPS_ESBUILD_FLAGS) --outdir=$(APPS_DIR) \
	  $(patsubst %,web/apps/%/main.jsx,$(APPS)) web/apps/shared/worker.js web/apps/csv/worker.js
	@touch $@

$(APPS_HTML): $(BUILD)/web/%.html: web/apps/page.html mk/apps.mk
	@mkdir -p $(@D)
	sed -e 's|@PAGE@|$*|g' -e 's|@TITLE@|$(APPS_TITLE_$*)|g' $< > $@

$(APPS_DATA): $(BUILD)/web/data/%: $(DATASETS_INDEX)
	@mkdir -p $(@D)
	cp $(<D)/$* $@

apps: $(APPS_STAMP) $(APPS_HTML) $(APPS_DATA) wasm

# Gzip sizes of what each page downloads before its data (the wasm is shared by all).
apps-size: apps
	@for p in $(APPS); do \
	  js=$$(gzip -9c $(APPS_DIR)/$$p/main.js | wc -c); css=$$(gzip -9c $(APPS_DIR)/$$p/main.css | wc -c); \
	  echo "apps size: $$p.html main.js $$js B gzip, main.css $$css B gzip"; done
	@echo "apps size: worker $$(gzip -9c $(APPS_DIR)/shared/worker.js | wc -c) B gzip, csv worker $$(gzip -9c $(APPS_DIR)/csv/worker.js | wc -c) B gzip"

# Node tests of the pages' pure modules run with every other Node test (mk/wasm.mk's
# test-node), on the built data sets; tests/browser/apps.test.js runs with the other browser tests (mk/web.mk's
# test-browser), which therefore needs the pages built; test-apps runs it alone.
test-node: $(DATASETS_INDEX)
test-browser: apps
test-apps: apps
	@mkdir -p $(BUILD)/test-output
	node --test tests/browser/apps.test.js

ALL_TARGETS += apps
RUN_DEPS += apps
.PHONY: apps apps-size test-apps
