# The two commands of the README's quick start.
.PHONY: demo test release

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
