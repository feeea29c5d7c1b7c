#!/usr/bin/env bash
# Vendor sample: a demo node, then VendorSample (organ A sends with the client jar, organ B
# receives, confirms and answers with status 03, A reads the trace). Usage: run.sh [WORK-FOLDER]
set -euo pipefail
source "$(dirname "$0")/../common.sh"
need_jars
WORK="${1:-$(mktemp -d /tmp/edxml-vendor-XXXXXX)}"
mkdir -p "$WORK"
PORT="$(free_port)"
java -jar "$EDXML_NODE_JAR" demo "$WORK/demo" --port "$PORT" > "$WORK/node.log" 2>&1 &
NODE=$!
trap 'kill "$NODE" 2>/dev/null; wait "$NODE" 2>/dev/null || true' EXIT
wait_for 90 "the demo node" curl -sf "http://127.0.0.1:$PORT/health"
wait_for 90 "the demo's first cycle" grep -q "keeps serving" "$WORK/node.log"
java -cp "$EDXML_SAMPLES_JAR:$EDXML_JAR" vn.edxml.samples.vendor.VendorSample \
  "$WORK/demo/organ-a.properties" "$WORK/demo/organ-b.properties" "$WORK/vendor"
echo "vendor sample: OK (work folder $WORK)"
