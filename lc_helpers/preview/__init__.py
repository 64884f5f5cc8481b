"""`make preview`: the report served locally, rebuilt on every save, reloaded in the browser."""
