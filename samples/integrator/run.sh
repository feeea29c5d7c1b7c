#!/usr/bin/env bash
# Integrator sample: a node and two folder bridges. Agency A's software drops a package into
# agency-a/outbox/; it arrives in agency-b/inbox/; agency B's software drops a status file into
# agency-b/outbox/; the status package arrives in agency-a/status/. Usage: run.sh [WORK-FOLDER]
set -euo pipefail
source "$(dirname "$0")/../common.sh"
need_jars
WORK="${1:-$(mktemp -d /tmp/edxml-integrator-XXXXXX)}"
mkdir -p "$WORK/bridges"
cp "$(dirname "$0")/bridge-a.properties" "$(dirname "$0")/bridge-b.properties" "$WORK/bridges/"
PORT="$(free_port)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

echo "1. a node (demo PKI and organs in $WORK/demo), port $PORT"
java -jar "$EDXML_NODE_JAR" demo "$WORK/demo" --port "$PORT" > "$WORK/node.log" 2>&1 &
PIDS+=($!)
wait_for 90 "the node" curl -sf "http://127.0.0.1:$PORT/health"
wait_for 90 "the demo's client configurations" grep -q "keeps serving" "$WORK/node.log"

echo "2. two folder bridges"
java -jar "$EDXML_JAR" bridge --config "$WORK/bridges/bridge-a.properties" > "$WORK/bridge-a.log" 2>&1 &
PIDS+=($!)
java -jar "$EDXML_JAR" bridge --config "$WORK/bridges/bridge-b.properties" > "$WORK/bridge-b.log" 2>&1 &
PIDS+=($!)
A="$WORK/bridges/agency-a"; B="$WORK/bridges/agency-b"

echo "3. agency A's software drops a công văn into $A/outbox/"
DOC_ID="$(java -cp "$EDXML_SAMPLES_JAR:$EDXML_JAR" vn.edxml.samples.integrator.NewDocument "$A/outbox")"
echo "   DocumentId $DOC_ID"
wait_for 90 "the document in agency B's inbox" bash -c "ls '$B/inbox/'*.edxml"
RECEIVED="$(ls "$B/inbox/"*.edxml | head -n 1)"
echo "   arrived: $RECEIVED"
ls "$A/sent/"
java -jar "$EDXML_JAR" validate "$RECEIVED" | tail -n 1

echo "4. agency B's software answers with status 03"
printf 'document.id=%s\ncode=03\nreason=Văn thư đã tiếp nhận\n' "$DOC_ID" > "$B/outbox/.reply.part"
mv "$B/outbox/.reply.part" "$B/outbox/reply-03.status"
wait_for 90 "the status in agency A's status folder" bash -c "ls '$A/status/'*.edxml"
echo "   arrived: $(ls "$A/status/"*.edxml | head -n 1)"

echo "5. the document's trace, as agency A sees it"
java -jar "$EDXML_JAR" traces "$DOC_ID" --config "$WORK/demo/organ-a.properties"
echo "integrator sample: OK (work folder $WORK)"
