# The two commands a newcomer needs are `make run` and `make test` (README.md).
# Each target is a script in scripts/ so it reads as plain bash and runs the same from CI.

.PHONY: run test lint assets

## Start the quick start: web on 127.0.0.1:$${PORT:-8000}, Celery worker with beat, demo data.
run:
	@bash scripts/run.sh

## Install what the tests need (system packages too) and run lint, migration check and the suite.
test:
	@bash scripts/test.sh

## ruff check and ruff format --check only.
lint:
	@bash scripts/venv.sh test
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

## Rebuild the committed GOV.UK Frontend CSS and JS (needs Node.js; docs/adr/0003).
assets:
	@bash scripts/build-assets.sh
