#!/usr/bin/env bash
# Notebooks are committed without outputs, while the working copy keeps them: nbstripout as a git
# filter (`nbstripout --install`; .gitattributes names the filter for *.ipynb). What git stores is
# stripped with the same options as `make strip`; what JupyterLab shows on disk is left alone.
# The filter runs the project's own .venv, by a path relative to the work tree (git runs filters
# from there), so every clone or worktree uses its own environment. Nothing to do outside git.
#
# Every make target runs this (through `setup`), so it first asks git, in one call, whether the
# filter is already set as below; only then does it start nbstripout (over a second of Python
# start-up). A filter missing, changed, or pointing at another venv is installed again.
#
# The filter itself starts nbstripout with one optional import stopped: jsonschema (through
# nbformat) builds the `rfc3987_syntax` grammar for a format checker nbformat never uses, 1.2 s
# of the filter's 1.4 s. Git runs the filter for every changed notebook, on `git status` and in
# every build's provenance. The command is written inline, not as a script of this repository,
# so a checkout of any commit (git bisect, an old branch) still has the filter it names.
set -euo pipefail
venv="${1:-.venv}"
quick="import sys; sys.modules.setdefault('rfc3987_syntax', None); from nbstripout import main; main()"
git rev-parse --is-inside-work-tree >/dev/null 2>&1 || exit 0
wanted="filter.nbstripout.clean $venv/bin/python -c \"$quick\" --keep-id
filter.nbstripout.smudge cat
filter.nbstripout.required true
filter.nbstripout.extrakeys metadata.papermill cell.metadata.papermill cell.metadata.execution
diff.ipynb.textconv $venv/bin/python -c \"$quick\" -t"
current="$(git config --get-regexp '^(filter\.nbstripout|diff\.ipynb)\.' | sort || true)"
if [ "$current" = "$(sort <<<"$wanted")" ] \
  && grep -qxF '*.ipynb filter=nbstripout' .gitattributes 2>/dev/null \
  && grep -qxF '*.ipynb diff=ipynb' .gitattributes 2>/dev/null; then
  exit 0
fi
"$venv/bin/nbstripout" --install --attributes .gitattributes
git config filter.nbstripout.clean "$venv/bin/python -c \"$quick\" --keep-id"
git config filter.nbstripout.extrakeys "metadata.papermill cell.metadata.papermill cell.metadata.execution"
git config diff.ipynb.textconv "$venv/bin/python -c \"$quick\" -t"
