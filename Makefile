# Quick start: `make run` (dashboard on the built-in default) and `make test` (the whole suite).
# Both install the missing Debian packages first (as root, or through sudo when it is there).

SWIFT       ?= swift
BIN         := .build/release/bptt-lab
APT_PKGS    := libopenblas-dev libncurses-dev pkg-config tmux python3
SUDO        := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: deps build run test test-unit test-tsan bench pictures clean

deps:
	@missing=""; for p in $(APT_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

build: deps
	$(SWIFT) build -c release --product bptt-lab

# Ctrl-C ends the dashboard with status 130, like any program stopped by SIGINT; that is a normal exit here.
run: build
	@$(BIN) $(ARGS) || [ $$? -eq 130 ]

# The whole suite: unit tests, the end-to-end terminal test against the release binary,
# and the live-session tests again under ThreadSanitizer (the session alone, and the dashboard
# controller with one and with two sessions training at once).
test: build
	BPTT_LAB_BINARY=$(CURDIR)/$(BIN) $(SWIFT) test
	$(MAKE) test-tsan

test-tsan:
	$(SWIFT) test --sanitize=thread --scratch-path .build-tsan --filter 'BPTTTrainingTests.Session|DashboardControllerTests|CompareControllerTests'

bench: build
	$(BIN) bench $(ARGS)

# The README's screen pictures (docs/*.svg), drawn by `bptt-lab screenshot` (see docs/pictures.sh).
pictures: build
	BIN=$(BIN) sh docs/pictures.sh

clean:
	rm -rf .build .build-tsan
