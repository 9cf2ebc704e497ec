// Tells GOV.UK Frontend's CSS that its JavaScript will run. A file, not an inline script, because the
// Content-Security-Policy forbids inline scripts. Loaded synchronously at the top of <body>.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
