#!/usr/bin/env bash
# Installs what nnplay needs and this machine lacks: Debian packages (as root) and the npm
# packages in package-lock.json. Safe to run again; it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# command-or-file  debian-package
needs=(
  "gcc              gcc"
  "make             make"
  "emcc             emscripten"
  "node             nodejs"
  "npm              npm"
  "chromium         chromium"
  "/usr/include/simde/wasm/simd128.h libsimde-dev"
  "Rscript          r-base-core"
  "clang            clang"
  "/usr/lib/clang/14/lib/linux/libclang_rt.fuzzer-x86_64.a libclang-rt-14-dev"
  "/usr/lib/python3/dist-packages/torch/__init__.py python3-torch"
  # The browser tests measure laid-out text (nothing may spill out of its panel), so they render
  # in the font this machine's sans-serif resolves to, not whichever a minimal system has.
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf fonts-dejavu-core"
)

missing=()
for pair in "${needs[@]}"; do
  read -r what pkg <<<"$pair"
  if [[ $what == /* ]]; then [[ -e $what ]] || missing+=("$pkg")
  else command -v "$what" >/dev/null 2>&1 || missing+=("$pkg"); fi
done

if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: need root to install ${missing[*]} (run: sudo bash scripts/setup.sh)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 "${missing[@]}"
fi

if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules ]]; then
  echo "setup: installing npm packages"
  npm ci --no-audit --no-fund
  touch node_modules
fi
