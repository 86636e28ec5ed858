# The npm package: build/dist/, the element and everything it loads (web/element/README.md),
# for a CDN or a course site's own server. `npm pack` in it makes the tarball; test-dist checks
# its package.json, that it packs, and its size budget (tests/dist.test.js).

DIST := $(BUILD)/dist
DIST_WEB := nnplay.js worker.js nnplay.wasm embed.html frame.js frame-host.js
DIST_FILES := $(addprefix $(DIST)/,$(DIST_WEB) $(patsubst $(BUILD)/web/%,%,$(APPS_DATA)) README.md package.json)

$(DIST)/%: $(BUILD)/web/%
	@mkdir -p $(@D)
	cp $< $@

$(DIST)/README.md: web/element/README.md
	@mkdir -p $(@D)
	cp $< $@

$(DIST)/package.json: scripts/dist-package.js package.json
	@mkdir -p $(@D)
	node scripts/dist-package.js $@

dist: $(DIST_FILES)

test-dist: dist tests/dist.test.js
	node --test tests/dist.test.js

ALL_TARGETS += dist
TEST_TARGETS += test-dist
.PHONY: dist test-dist
