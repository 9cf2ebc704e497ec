#!/usr/bin/env bash
# Rebuild the committed GOV.UK Frontend assets in static/ (docs/adr/0003-govuk-frontend-assets.md).
# Only needed after changing static/scss/ or the govuk-frontend version in package.json:
# `make run` and CI use the committed output and need no Node.js.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/sass ] || [ ! -d node_modules/govuk-frontend ]; then
  npm ci --no-audit --no-fund
fi

govuk=node_modules/govuk-frontend/dist/govuk
mkdir -p static/css static/govuk

node_modules/.bin/sass \
  --load-path=node_modules \
  --style=compressed \
  --no-source-map \
  --quiet-deps \
  static/scss/application.scss static/css/application.css

# Images, favicons and the web manifest; not the fonts (GDS Transport is for GOV.UK only).
rm -rf static/govuk/assets
mkdir -p static/govuk/assets
cp -R "$govuk/assets/images" static/govuk/assets/images
cp "$govuk/assets/manifest.json" static/govuk/assets/manifest.json
cp "$govuk/govuk-frontend.min.js" static/govuk/govuk-frontend.min.js
node -p "require('./node_modules/govuk-frontend/package.json').version" > static/govuk/VERSION

echo "Built static/css/application.css and static/govuk/ from govuk-frontend $(cat static/govuk/VERSION)"
