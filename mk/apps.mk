# The real-data pages: MNIST, house prices, churn and the user's own CSV, each a page of its own
# in build/web/ (mnist.html, houses.html, churn.html, csv.html), written from web/page.html with
# the preset it shows; they load the same app.js, app.css and worker as the playground
# (mk/web.mk). The data sets they download are copied from datasets/out/ into build/web/data/.

APPS := mnist houses churn csv
APPS_TITLE_mnist := MNIST digits
APPS_TITLE_houses := House prices
APPS_TITLE_churn := Customer churn
APPS_TITLE_csv := Your own data
APPS_HTML := $(patsubst %,$(BUILD)/web/%.html,$(APPS))
APPS_DATA := $(foreach s,mnist ames churn,$(BUILD)/web/data/$(s).nnds.gz $(BUILD)/web/data/$(s).json)

$(APPS_HTML): $(BUILD)/web/%.html: web/page.html mk/apps.mk
	@mkdir -p $(@D)
	sed -e 's|@PAGE@|$*|g' -e 's|@TITLE@|$(APPS_TITLE_$*)|g' $< > $@

$(APPS_DATA): $(BUILD)/web/data/%: $(DATASETS_INDEX)
	@mkdir -p $(@D)
	cp $(<D)/$* $@

apps: web $(APPS_HTML) $(APPS_DATA)

# Gzip sizes of what the pages download before their data (the wasm is shared by all).
apps-size: apps
	@for f in app.js app.css worker.js; do echo "size: $$f $$(gzip -9c $(BUILD)/web/$$f | wc -c) B gzip"; done

# tests/browser/apps.test.js runs with the other browser tests (mk/web.mk's test-browser),
# which therefore needs the pages built; test-apps runs it alone.
test-browser: apps
test-apps: apps
	@mkdir -p $(BUILD)/test-output
	node --test tests/browser/apps.test.js

ALL_TARGETS += apps
RUN_DEPS += apps
.PHONY: apps apps-size test-apps
