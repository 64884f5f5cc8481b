"""Importers: platform exports (Zoom, Teams, REDCap, Qualtrics) into the dataset contract."""
