# The lessons: web/lessons/NN-slug.html, each a page of build/web/lessons/ (scripts/lessons.js:
# the site's links, math typeset by KaTeX at build time, a copyable snippet under every widget,
# previous and next), and their index. They embed <nn-playground> from ../nnplay.js (mk/web.mk),
# and lesson 11 the real data sets (mk/apps.mk).

LESSONS_SRC := $(wildcard web/lessons/[0-9][0-9]-*.html) web/lessons/lessons.css
LESSONS_STAMP := $(BUILD)/web/lessons/index.html

# The still figures are drawn by the engine in Node (scripts/lesson-figures.js).
$(LESSONS_STAMP): $(LESSONS_SRC) scripts/lessons.js scripts/lesson-figures.js web/presets/index.js web/presets/lessons.js web/engine.js \
  $(BUILD)/web/nnplay.wasm mk/lessons.mk | $(SETUP)
	@mkdir -p $(@D)
	node scripts/lessons.js web/lessons $(@D) $(BUILD)/web/nnplay.wasm

lessons: $(LESSONS_STAMP) web apps

# tests/browser/lessons.test.js runs with the other browser tests; test-lessons runs it alone.
test-browser: lessons
test-lessons: lessons
	@mkdir -p $(BUILD)/test-output
	node --test tests/browser/lessons.test.js

# What a lesson page downloads and how soon its first widget has trained (bench/lessons.js;
# a measurement, not a test: docs/lessons.md keeps the numbers).
bench-lessons: lessons
	node bench/lessons.js

ALL_TARGETS += lessons
RUN_DEPS += lessons
.PHONY: lessons test-lessons bench-lessons
