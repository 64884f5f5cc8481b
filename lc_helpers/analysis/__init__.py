"""Pure functions from a Dataset to numbers and frames: statistics, privacy suppression, the audit.

Nothing here writes files or knows about notebooks or the build.
"""
