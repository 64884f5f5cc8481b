"""Checks of a built report as a reader meets it: pages in headless Chromium, the PDF as page images."""
