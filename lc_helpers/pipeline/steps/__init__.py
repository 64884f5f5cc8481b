"""The steps of a report build, one module each; `lc_helpers.pipeline.build.STEPS` lists them in order."""
