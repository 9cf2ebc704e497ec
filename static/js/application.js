// Starts GOV.UK Frontend's components (service navigation menu, error summary focus, skip link...).
// Loaded as an ES module from templates/base.html; the vendored bundle is rebuilt by scripts/build-assets.sh.
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
