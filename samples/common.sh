# Shared by the sample scripts: locate (or build) the jars, pick a free loopback port, wait with a bound.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EDXML_NODE_JAR="${EDXML_NODE_JAR:-$ROOT/adapter-server/target/edxml-node.jar}"
EDXML_JAR="${EDXML_JAR:-$ROOT/adapter-client/target/edxml.jar}"
EDXML_SAMPLES_JAR="${EDXML_SAMPLES_JAR:-$ROOT/samples/target/edxml-samples-0.1.0-SNAPSHOT.jar}"

need_jars() {
  if [ ! -f "$EDXML_NODE_JAR" ] || [ ! -f "$EDXML_JAR" ] || [ ! -f "$EDXML_SAMPLES_JAR" ]; then
    echo "building the jars (mvn -q -DskipTests package) ..."
    (cd "$ROOT" && mvn -q -DskipTests package) || { echo "build failed: run 'mvn -DskipTests package' to see why" >&2; exit 2; }
  fi
}

free_port() {
  local p
  for p in $(seq 18080 18180); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  echo "no free port in 18080-18180" >&2; exit 2
}

# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND every 0.5 s until it succeeds or time runs out.
wait_for() {
  local seconds="$1" what="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then echo "timed out after ${seconds}s waiting for $what" >&2; return 1; fi
    sleep 0.5
  done
}
