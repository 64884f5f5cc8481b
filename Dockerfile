# lc-report in a container, for teams that prefer one to installing on Windows or macOS.
# Everything comes from Debian's packages, PyPI and the npm registry; nothing else is downloaded.
#
#   docker build -t lc-report .
#   docker run --rm -v "$PWD/data:/lc-report/data" -v "$PWD/build:/lc-report/build" lc-report \
#       make report DATA=data/example WAVE=2
#
# The `system` stage (Debian packages only) is what .devcontainer/devcontainer.json uses; the
# editor mounts the clone over /workspaces and runs `make setup` in it.
FROM debian:bookworm-slim AS system

# python3 (3.11) and venv for .venv; make and git (provenance records the commit); chromium prints
# the PDF and runs the checks; poppler-utils and the fonts as in scripts/setup-system.sh; nodejs and
# npm install the pinned JavaScript packages with npm ci; slurm-wlm and munge, as in that script too,
# for the test that runs the portfolio's SLURM profile on a one-node SLURM (`make setup` would
# otherwise install them itself).
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        ca-certificates \
        python3 \
        python3-venv \
        make \
        git \
        chromium \
        poppler-utils \
        fonts-dejavu-core \
        fonts-liberation2 \
        nodejs \
        npm \
        slurm-wlm \
        munge \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1

FROM system AS report
WORKDIR /lc-report
COPY . .
# .venv from the pinned lock (PyPI) and node_modules from package-lock.json (npm registry).
RUN make setup && rm -rf /root/.cache/pip /root/.npm
CMD ["make", "help"]
