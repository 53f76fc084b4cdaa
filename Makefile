# The two commands of the README's quick start, plus a release build and an install.
.PHONY: demo test release install uninstall

PREFIX ?= /usr/local
BINDIR = $(DESTDIR)$(PREFIX)/bin
SHAREDIR = $(DESTDIR)$(PREFIX)/share

# Installs the system packages, builds normlab and runs the quickstart experiment.
demo:
	./scripts/install-system-packages.sh
	swift run -c release normlab run experiments/quickstart.yaml

# Runs every test (unit, golden and end-to-end).
test:
	./scripts/install-system-packages.sh
	swift test

release:
	swift build -c release

# Installs the executable (templates and starters are built into it) and shell completions
# for bash, zsh and fish. `make install PREFIX=$$HOME/.local` installs without root.
install: release
	install -d "$(BINDIR)" "$(SHAREDIR)/bash-completion/completions" \
	  "$(SHAREDIR)/zsh/site-functions" "$(SHAREDIR)/fish/vendor_completions.d"
	install -m 755 .build/release/normlab "$(BINDIR)/normlab"
	.build/release/normlab --generate-completion-script bash > "$(SHAREDIR)/bash-completion/completions/normlab"
	.build/release/normlab --generate-completion-script zsh > "$(SHAREDIR)/zsh/site-functions/_normlab"
	.build/release/normlab --generate-completion-script fish > "$(SHAREDIR)/fish/vendor_completions.d/normlab.fish"

uninstall:
	rm -f "$(BINDIR)/normlab" "$(SHAREDIR)/bash-completion/completions/normlab" \
	  "$(SHAREDIR)/zsh/site-functions/_normlab" "$(SHAREDIR)/fish/vendor_completions.d/normlab.fish"
