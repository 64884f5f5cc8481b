#!/usr/bin/env bash
# Install the system programs the build uses, from Debian's packages only:
#   chromium      prints the book to PDF and runs the browser check
#   poppler-utils pdftoppm/pdftotext, to test and look at the PDF
#   fonts         DejaVu and Liberation, so pages render the same everywhere
#   nodejs, npm   to install axe-core (the accessibility check) from the npm registry
#   libreoffice-writer-nogui  opens the whole-report DOCX headless in the tests, as a reader's Word would
#                 (about 50 packages, 200 MB, under a minute to install)
#   slurm-wlm, munge  a one-node SLURM the tests start, to run the portfolio's SLURM profile for real
# Does nothing when they are already there.
set -euo pipefail
packages=(chromium poppler-utils fonts-dejavu-core fonts-liberation2 nodejs npm libreoffice-writer-nogui slurm-wlm munge)
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
[ -d /usr/share/fonts/truetype/liberation2 ] || missing+=(fonts-liberation2)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
# The daemons are in /usr/sbin, which a user's PATH may leave out.
{ [ -x /usr/sbin/slurmctld ] || command -v slurmctld; } >/dev/null 2>&1 || missing+=(slurm-wlm)
{ [ -x /usr/sbin/munged ] || command -v munged; } >/dev/null 2>&1 || missing+=(munge)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing system packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1; then
  sudo="sudo"
else
  echo "Please install these Debian packages (as root): apt-get install ${packages[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
