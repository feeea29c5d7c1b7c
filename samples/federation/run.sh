#!/usr/bin/env bash
# Federation sample: four edXML nodes as separate processes on loopback ports,
#
#   xa.H41.01 (commune) -> hub.H41 (province) -> hub.national -> hub.H44 (other province)
#
# sends a document from the commune organ 000.46.24.H41 to 000.00.01.H44, fetches it there,
# walks statuses 01/03/06 back to the sender's mailbox, and prints the hop trace and the sender's
# timeline. Every key, certificate and password is DEMO material made for this run.
#
#   samples/federation/run.sh [WORK_DIR]     (default: samples/federation/work, made anew)
#
# Builds adapter-server/target/edxml-node.jar first if it is missing. EDXML_NODE_CLASSPATH, when
# set, runs the node's classes from that class path instead of the jar (the build's own test of
# this script uses it). Exit 0 when every check held; the nodes are stopped on any exit.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${1:-$here/work}"

if [ -n "${EDXML_NODE_CLASSPATH:-}" ]; then
  node=(java -Xmx256m -cp "$EDXML_NODE_CLASSPATH" vn.edxml.node.NodeMain)
else
  jar="$root/adapter-server/target/edxml-node.jar"
  if [ ! -f "$jar" ]; then
    echo "building $jar ..."
    (cd "$root" && mvn -q -B -pl adapter-server -am package -DskipTests)
  fi
  node=(java -Xmx256m -jar "$jar")
fi

rm -rf "$work"
mkdir -p "$work"
echo "== setting up four nodes in $work"
"${node[@]}" demo-federation setup "$work"

pids=()
stop_nodes() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    # bounded: a node stops within its shutdown.grace (2 s); give up waiting after 20 s
    for _ in $(seq 1 40); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -9 "$pid" 2>/dev/null || true
  done
}
trap stop_nodes EXIT

echo "== starting the nodes (logs: $work/<node>.log)"
for n in xa hub41 national hub44; do
  "${node[@]}" --config "$work/$n/node.properties" >"$work/$n.log" 2>&1 &
  pids+=("$!")
done

echo "== walking a document across them"
status=0
"${node[@]}" demo-federation walk "$work" --timeout "${EDXML_SAMPLE_TIMEOUT:-180}" || status=$?
if [ "$status" -ne 0 ]; then
  echo "the walk failed (exit $status); the end of each node's log:" >&2
  for n in xa hub41 national hub44; do
    echo "--- $n" >&2
    tail -n 15 "$work/$n.log" >&2 || true
  done
fi
exit "$status"
