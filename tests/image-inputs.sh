#!/bin/bash
# Prints a hash of the files a test image is built from (the folder given, this script's
# sibling): build-image.sh stamps it on the image as the label cocktaildb.inputs, and .ci/run
# rebuilds an image whose label differs, so a changed script or unit never runs from a stale image.
# Usage: image-inputs.sh tests/host-image <pg major>
set -euo pipefail
cd "$1"
{ echo "$2"; find . -maxdepth 1 -type f | LC_ALL=C sort | xargs sha256sum; } | sha256sum | cut -c1-16
