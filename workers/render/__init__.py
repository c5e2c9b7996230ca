"""PDF rendering with Typst: reviewable templates, data passed as JSON, fonts shipped here."""
