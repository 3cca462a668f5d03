#!/usr/bin/env bash
# A real dvstream cluster on one machine, in separate processes: a Kafka broker (KRaft), a Flink
# JobManager and TaskManagers (standalone session cluster), the gesture job submitted through Flink's
# REST API, and replay processes feeding the bundled recordings. Everything runs from jars Maven has
# resolved (no Flink or Kafka download). docs/deploy-local.md explains ports, logs and scaling.
#
#   deploy/local/cluster.sh up [--taskmanagers N] [--slots N]
#   deploy/local/cluster.sh submit [--parallelism N] [--from-savepoint PATH] [--no-replay] [--once] [--speed X]
#                                  [-- KEY=VALUE ...]
#   deploy/local/cluster.sh replay FILE [dvstream replay options]
#   deploy/local/cluster.sh add-taskmanager
#   deploy/local/cluster.sh stop-job JOBID        (with a savepoint; prints its path)
#   deploy/local/cluster.sh status
#   deploy/local/cluster.sh down [--purge]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIR="${DVSTREAM_CLUSTER_DIR:-$ROOT/target/local-cluster}"
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"
CONF="$DIR/conf"
LOGS="$DIR/logs"
PIDS="$DIR/pids"

KAFKA_PORT="${DVSTREAM_KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${DVSTREAM_KAFKA_CONTROLLER_PORT:-19093}"
REST_PORT="${DVSTREAM_FLINK_REST_PORT:-18081}"
RPC_PORT="${DVSTREAM_FLINK_RPC_PORT:-16123}"
BLOB_PORT="${DVSTREAM_FLINK_BLOB_PORT:-16124}"
TOPIC_PARTITIONS="${DVSTREAM_TOPIC_PARTITIONS:-4}"
KAFKA="127.0.0.1:$KAFKA_PORT"
REST="http://127.0.0.1:$REST_PORT"

FLINK_LIB="$ROOT/deploy/local/target/flink-lib.classpath"
JOB_JAR="$ROOT/deploy/local/target/dvstream-gesture-job.jar"
TOOLS_CLASSES="$ROOT/deploy/local/target/classes"
CLI_JAR="$ROOT/cli/target/dvstream.jar"
# The broker runs from the CLI's copied runtime jars (kafka_2.13 and its server modules, log4j).
KAFKA_CP="$ROOT/cli/target/lib/*"

JAVA="java"
if [ -n "${JAVA_HOME:-}" ]; then JAVA="$JAVA_HOME/bin/java"; fi

# What Flink's own scripts pass on Java 17 (env.java.opts.all of its default config.yaml).
JAVA17_OPENS=(--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED)

say() { echo "cluster: $*" >&2; }
die() { echo "cluster: ERROR: $*" >&2; exit 1; }

# ---------------------------------------------------------------- build and processes

# Builds the CLI (broker classpath, replay) and this module (Flink classpath, job jar) when missing or
# older than the sources, as the ./dvstream launcher does for itself.
ensure_built() {
  local stale=""
  for f in "$FLINK_LIB" "$JOB_JAR" "$CLI_JAR" "$TOOLS_CLASSES/io/dvstream/deploy/local/CreateTopics.class"; do
    [ -f "$f" ] || stale=1
  done
  if [ -z "$stale" ] && [ -n "$(find "$ROOT" \( -name target -o -name .git \) -prune -o \
        \( -path '*/src/main/*' -o -name pom.xml \) -type f -newer "$JOB_JAR" -print -quit)" ]; then
    stale=1
  fi
  if [ -n "$stale" ]; then
    say "building the job jar, the Flink classpath and the CLI (first run, or sources changed)..."
    (cd "$ROOT" && ./mvnw -B -q -DskipTests -pl deploy/local -am package) >"$DIR/build.log" 2>&1 \
      || { tail -n 40 "$DIR/build.log" >&2; die "the build failed; full log: $DIR/build.log"; }
    touch "$JOB_JAR"
  fi
}

pid_of() { cat "$PIDS/$1.pid" 2>/dev/null || true; }
alive() { local p; p="$(pid_of "$1")"; [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }

# start NAME ENV... -- COMMAND...: runs COMMAND detached (own session), stdout+stderr to logs/NAME.out.
start() {
  local name="$1"; shift
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done
  shift
  if alive "$name"; then die "$name is already running (pid $(pid_of "$name"))"; fi
  env "${envs[@]}" setsid "$@" >>"$LOGS/$name.out" 2>&1 < /dev/null &
  echo $! > "$PIDS/$name.pid"
  say "started $name (pid $!), log $LOGS/$name.out"
}

# stop NAME [SECONDS]: SIGTERM, then SIGKILL after SECONDS (default 30).
stop() {
  local name="$1" wait="${2:-30}" p
  p="$(pid_of "$name")"
  if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then
    kill -TERM "$p" 2>/dev/null || true
    for _ in $(seq $((wait * 5))); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$p" 2>/dev/null; then say "$name (pid $p) did not stop in ${wait}s: SIGKILL"; kill -KILL "$p" 2>/dev/null || true; fi
    say "stopped $name (pid $p)"
  fi
  rm -f "$PIDS/$name.pid"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_for WHAT SECONDS PROCESS COMMAND...: polls COMMAND until it succeeds; fails early if PROCESS died.
wait_for() {
  local what="$1" seconds="$2" process="$3"; shift 3
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    if [ -n "$process" ] && ! alive "$process"; then
      die "$process exited while waiting for $what; see $LOGS/$process.out and .log ('cluster.sh down' stops the rest)"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then die "timed out after ${seconds}s waiting for $what ('cluster.sh down' stops what started)"; fi
    sleep 0.5
  done
}

rest() { curl -sS --fail --max-time 30 "$@"; }
json_field() { sed -n "s/.*\"$1\":\"\\{0,1\\}\\([^\",}]*\\).*/\\1/p" | head -n 1; }

# ---------------------------------------------------------------- configuration files

write_kafka_config() {
  mkdir -p "$DIR/kafka/data"
  cat > "$CONF/server.properties" <<EOF
# Generated by deploy/local/cluster.sh: one KRaft node that is broker and controller.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DIR/kafka/data
num.partitions=$TOPIC_PARTITIONS
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# Kafka's default, written out because the job's exactly-once sinks depend on it: their
# transaction.timeout.ms (600000 by default) must not exceed it, or the sink restart-loops (stack.md).
transaction.max.timeout.ms=900000
EOF
  cat > "$CONF/log4j2-kafka.properties" <<EOF
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = file
appender.file.type = File
appender.file.name = file
appender.file.fileName = $LOGS/kafka.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %c{1} - %m%n
logger.kafka.name = kafka
logger.kafka.level = INFO
logger.state.name = state.change.logger
logger.state.level = WARN
EOF
}

write_flink_config() {
  local slots="$1"
  mkdir -p "$DIR/checkpoints" "$DIR/savepoints" "$DIR/flink-tmp" "$DIR/uploads"
  cat > "$CONF/config.yaml" <<EOF
# Generated by deploy/local/cluster.sh (Flink 2.x reads only config.yaml). Flat keys; see docs/deploy-local.md.
jobmanager.rpc.address: localhost
jobmanager.rpc.port: $RPC_PORT
jobmanager.bind-host: 127.0.0.1
jobmanager.memory.process.size: 1024m
blob.server.port: $BLOB_PORT
rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: $REST_PORT
web.upload.dir: $DIR/uploads
taskmanager.host: 127.0.0.1
taskmanager.bind-host: 127.0.0.1
taskmanager.numberOfTaskSlots: $slots
# Other clients' default. The gesture job does not pick it up through /jars/:id/run (seen: parallelism 1),
# so 'submit' always sends a parallelism ($DIR/parallelism unless --parallelism).
parallelism.default: ${DVSTREAM_PARALLELISM:-2}
taskmanager.memory.process.size: 1600m
# The job keeps its state on the heap (hashmap backend); little managed memory is needed.
taskmanager.memory.managed.size: 64m
# Spread a job's subtasks over all TaskManagers, so that losing one TaskManager hurts every job.
taskmanager.load-balance.mode: slots
io.tmp.dirs: $DIR/flink-tmp
# Checkpoints on a file system every process can reach (one machine: a local directory).
execution.checkpointing.dir: file://$DIR/checkpoints
execution.checkpointing.savepoint-dir: file://$DIR/savepoints
# A TaskManager killed without warning is declared lost after 10 s instead of 50 s.
heartbeat.interval: 2000
heartbeat.timeout: 10000
EOF
  cat > "$CONF/log4j.properties" <<'EOF'
# Flink processes: one file per process, named by -Dlog.file (the web UI shows it).
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = MainAppender
appender.main.name = MainAppender
appender.main.type = File
appender.main.fileName = ${sys:log.file}
appender.main.layout.type = PatternLayout
appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
logger.kafka.name = org.apache.kafka
logger.kafka.level = WARN
logger.pekko.name = org.apache.pekko
logger.pekko.level = INFO
EOF
}

# The JVM options and dynamic properties Flink's own scripts compute from config.yaml (memory sizes).
resource_params() {
  local cmd="$1" out
  out="$("$JAVA" -cp "$(cat "$FLINK_LIB")" org.apache.flink.runtime.util.bash.BashJavaUtils "$cmd" --configDir "$CONF" 2>&1)" \
    || { echo "$out" >&2; die "BashJavaUtils $cmd failed"; }
  echo "$out" | grep '^BASH_JAVA_UTILS_EXEC_RESULT:' | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://'
}

# ---------------------------------------------------------------- commands

start_kafka() {
  write_kafka_config
  if [ ! -f "$DIR/kafka/data/meta.properties" ]; then
    local id
    id="$("$JAVA" -cp "$KAFKA_CP" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)"
    "$JAVA" -Dlog4j2.configurationFile="$CONF/log4j2-kafka.properties" -cp "$KAFKA_CP" kafka.tools.StorageTool \
      format -t "$id" -c "$CONF/server.properties" --standalone >>"$LOGS/kafka.out" 2>&1 \
      || die "formatting the Kafka log directory failed; see $LOGS/kafka.out"
  fi
  start kafka -- "$JAVA" -Xms256m -Xmx512m -Dlog4j2.configurationFile="$CONF/log4j2-kafka.properties" \
    -cp "$KAFKA_CP" kafka.Kafka "$CONF/server.properties"
}

start_taskmanager() {
  local n="$1" params jvm dyn
  params="$(resource_params GET_TM_RESOURCE_PARAMS)"
  jvm="$(echo "$params" | head -n 1)"
  dyn="$(echo "$params" | tail -n 1)"
  # ND4J: one native thread per process unless told otherwise; parallelism comes from slots (stack.md).
  # shellcheck disable=SC2086
  start "taskmanager-$n" OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" -- "$JAVA" "${JAVA17_OPENS[@]}" $jvm \
    -Dlog.file="$LOGS/taskmanager-$n.log" -Dlog4j.configurationFile="file:$CONF/log4j.properties" \
    -Ddvstream.nd4j.threads="${DVSTREAM_ND4J_THREADS:-1}" \
    -cp "$(cat "$FLINK_LIB")" org.apache.flink.runtime.taskexecutor.TaskManagerRunner \
    --configDir "$CONF" -D "taskmanager.resource-id=taskmanager-$n" $dyn
}

registered_taskmanagers() { rest "$REST/taskmanagers" | grep -o '"id":"[^"]*"' | wc -l; }
have_taskmanagers() { [ "$(registered_taskmanagers 2>/dev/null || echo 0)" -ge "$1" ]; }

cmd_up() {
  local tms=2 slots=2
  while [ $# -gt 0 ]; do
    case "$1" in
      --taskmanagers) tms="$2"; shift 2 ;;
      --slots) slots="$2"; shift 2 ;;
      *) die "up: unknown option $1 (options: --taskmanagers N, --slots N)" ;;
    esac
  done
  mkdir -p "$CONF" "$LOGS" "$PIDS"
  for name in kafka jobmanager; do
    if alive "$name"; then die "$name is already running (pid $(pid_of "$name")); 'cluster.sh down' first"; fi
  done
  for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$REST_PORT" "$RPC_PORT" "$BLOB_PORT"; do
    if port_open "$port"; then die "port $port is already in use; set DVSTREAM_*_PORT (docs/deploy-local.md)"; fi
  done
  ensure_built
  write_flink_config "$slots"
  echo "$slots" > "$DIR/slots"
  echo "${DVSTREAM_PARALLELISM:-2}" > "$DIR/parallelism"

  start_kafka
  local params jvm dyn
  params="$(resource_params GET_JM_RESOURCE_PARAMS)"
  jvm="$(echo "$params" | head -n 1)"
  dyn="$(echo "$params" | tail -n 1)"
  # shellcheck disable=SC2086
  start jobmanager -- "$JAVA" "${JAVA17_OPENS[@]}" $jvm \
    -Dlog.file="$LOGS/jobmanager.log" -Dlog4j.configurationFile="file:$CONF/log4j.properties" \
    -cp "$(cat "$FLINK_LIB")" org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
    --configDir "$CONF" $dyn
  for n in $(seq 1 "$tms"); do start_taskmanager "$n"; done

  wait_for "the Kafka broker on port $KAFKA_PORT" 120 kafka port_open "$KAFKA_PORT"
  "$JAVA" -cp "$TOOLS_CLASSES:$KAFKA_CP" io.dvstream.deploy.local.CreateTopics "$KAFKA" "$TOPIC_PARTITIONS" \
    dvs.events dvs.gestures dvs.deadletter dvs.labels >>"$LOGS/topics.out" 2>&1 \
    || die "creating the topics failed; see $LOGS/topics.out"
  wait_for "the Flink REST endpoint $REST" 120 jobmanager rest -o /dev/null "$REST/overview"
  wait_for "$tms TaskManagers to register" 180 "" have_taskmanagers "$tms"
  say "up: Kafka $KAFKA, Flink web UI and REST $REST, $tms TaskManagers x $slots slots; state in $DIR"
}

cmd_add_taskmanager() {
  alive jobmanager || die "the cluster is not up"
  local n=1
  while [ -f "$PIDS/taskmanager-$n.pid" ] || [ -f "$LOGS/taskmanager-$n.log" ]; do n=$((n + 1)); done
  local before; before="$(registered_taskmanagers)"
  start_taskmanager "$n"
  wait_for "taskmanager-$n to register" 180 "taskmanager-$n" have_taskmanagers $((before + 1))
  say "taskmanager-$n registered; $(registered_taskmanagers) TaskManagers now"
}

cmd_replay() {
  [ $# -ge 1 ] || die "replay: which recording?"
  local file="$1"; shift
  [ -f "$file" ] || die "replay: no such file $file"
  local stem; stem="$(basename "${file%.*}")"
  local name="replay-$stem"
  local n=2; while alive "$name"; do name="replay-$stem-$n"; n=$((n + 1)); done
  start "$name" -- "$JAVA" -jar "$CLI_JAR" replay "$file" --kafka "$KAFKA" --no-progress "$@"
}

cmd_submit() {
  local parallelism="" replay=1 loop=(--loop) speed=1 savepoint="" job_args=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --parallelism) parallelism="$2"; shift 2 ;;
      --no-replay) replay=""; shift ;;
      --once) loop=(); shift ;;
      --speed) speed="$2"; shift 2 ;;
      --from-savepoint) savepoint="$2"; shift 2 ;;
      --) shift; job_args=("$@"); break ;;
      *) die "submit: unknown option $1 (options: --parallelism N, --from-savepoint PATH, --no-replay, --once, --speed X, -- KEY=VALUE...)" ;;
    esac
  done
  alive jobmanager || die "the cluster is not up ('cluster.sh up' first)"
  [ -f "$JOB_JAR" ] || die "no job jar at $JOB_JAR"
  [ -n "$parallelism" ] || parallelism="$(cat "$DIR/parallelism" 2>/dev/null || echo 2)"
  local upload jar_id body run job_id
  upload="$(rest -X POST -H "Expect:" -F "jarfile=@$JOB_JAR" "$REST/jars/upload")" || die "jar upload failed"
  jar_id="$(echo "$upload" | json_field filename)"
  jar_id="${jar_id##*/}"
  [ -n "$jar_id" ] || die "jar upload answered without a file name: $upload"
  # Random DS2TA weights (synthetic, chance-level gestures) with their streaming settings, unless overridden.
  local args=("bootstrap.servers=$KAFKA" "model=random:small-1-64:2026" "bin.width.us=50000" "window.steps=10"
              "window.stride=5" "checkpoint.interval.ms=5000" "${job_args[@]}")
  body='{"entryClass":"io.dvstream.jobs.GestureJob","programArgsList":['
  local first=1
  for a in "${args[@]}"; do
    a="${a//\\/\\\\}"; a="${a//\"/\\\"}"
    if [ -n "$first" ]; then first=""; else body+=','; fi
    body+="\"$a\""
  done
  body+=']'
  if [ -n "$parallelism" ]; then body+=",\"parallelism\":$parallelism"; fi
  if [ -n "$savepoint" ]; then body+=",\"savepointPath\":\"$savepoint\""; fi
  body+='}'
  run="$(curl -sS --max-time 120 -X POST -H 'Content-Type: application/json' -d "$body" "$REST/jars/$jar_id/run")" \
    || die "job submission failed"
  job_id="$(echo "$run" | json_field jobid)"
  [ -n "$job_id" ] || die "the JobManager did not run the job: $run"
  echo "$job_id" >> "$DIR/jobs"
  say "submitted the gesture job: $job_id ($REST/#/job/running/$job_id/overview)"
  echo "$job_id"
  if [ -n "$replay" ]; then
    for rec in "$ROOT"/recordings/*.aedat; do
      local labels="${rec%.aedat}_labels.csv"
      local extra=()
      [ -f "$labels" ] && extra=(--labels "$labels")
      cmd_replay "$rec" --camera "$(basename "${rec%.aedat}")" --speed "$speed" "${loop[@]}" "${extra[@]}"
    done
  fi
}

# Stops a job with a savepoint (the way to rescale it: submit again with --from-savepoint and another
# --parallelism); prints the savepoint's path.
cmd_stop_job() {
  [ $# -ge 1 ] || die "stop-job: which job id? ('cluster.sh status' lists them)"
  local job="$1" trigger answer status="" location
  trigger="$(rest -X POST -H 'Content-Type: application/json' \
    -d "{\"drain\":false,\"targetDirectory\":\"file://$DIR/savepoints\"}" "$REST/jobs/$job/stop" | json_field request-id)"
  [ -n "$trigger" ] || die "the JobManager did not accept the stop of $job"
  local deadline=$((SECONDS + 300))
  while [ "$status" != "COMPLETED" ]; do
    [ "$SECONDS" -lt "$deadline" ] || die "the savepoint of $job did not complete in 300 s"
    sleep 1
    answer="$(rest "$REST/jobs/$job/savepoints/$trigger")"
    status="$(echo "$answer" | grep -o '"id":"[A-Z_]*"' | head -n 1 | sed 's/"id":"\(.*\)"/\1/')"
  done
  location="$(echo "$answer" | json_field location)"
  [ -n "$location" ] || die "stop-job $job failed: $answer"
  say "stopped $job with a savepoint"
  echo "$location"
}

cmd_status() {
  printf '%-16s %-8s %-8s %s\n' PROCESS PID STATE "LISTENING (127.0.0.1)"
  local f name p state ports
  for f in "$PIDS"/*.pid; do
    [ -e "$f" ] || { echo "(no processes; 'cluster.sh up' starts them)"; break; }
    name="$(basename "$f" .pid)"; p="$(cat "$f")"
    if kill -0 "$p" 2>/dev/null; then
      state=running
      ports="$(ss -Htlnp 2>/dev/null | grep "pid=$p," | awk '{print $4}' | sed 's/.*://' | sort -n | tr '\n' ' ' || true)"
    else
      state=exited; ports=""
    fi
    printf '%-16s %-8s %-8s %s\n' "$name" "$p" "$state" "$ports"
  done
  echo
  if rest -o /dev/null "$REST/overview" 2>/dev/null; then
    echo "Flink $REST: $(rest "$REST/overview" | sed 's/[{}"]//g; s/,/, /g')"
    echo "Jobs:"
    rest "$REST/jobs/overview" | grep -o '"jid":"[^"]*","name":"[^"]*"[^}]*"state":"[^"]*"' \
      | sed 's/"jid":"\([^"]*\)","name":"\([^"]*\)".*"state":"\([^"]*\)"/  \1  \3  \2/' || echo "  (none)"
    local jid
    for jid in $(rest "$REST/jobs/overview" | grep -o '"jid":"[^"]*"[^}]*"state":"RUNNING"' | sed 's/"jid":"\([^"]*\)".*/\1/'); do
      echo "  $jid checkpoints: $(rest "$REST/jobs/$jid/checkpoints" | grep -o '"counts":{[^}]*}' | sed 's/"counts"://; s/"//g')"
    done
  else
    echo "Flink REST $REST: not answering"
  fi
  echo "Kafka: $KAFKA ($(port_open "$KAFKA_PORT" && echo listening || echo not listening)); logs: $LOGS"
}

cmd_down() {
  local purge=""
  [ "${1:-}" = "--purge" ] && purge=1
  local f
  # Sources first, then the job's processes, the broker last (the job's sinks commit into it).
  for f in "$PIDS"/replay-*.pid "$PIDS"/ingest-*.pid; do [ -e "$f" ] && stop "$(basename "$f" .pid)" 10; done
  for f in "$PIDS"/taskmanager-*.pid; do [ -e "$f" ] && stop "$(basename "$f" .pid)" 30; done
  [ -e "$PIDS/jobmanager.pid" ] && stop jobmanager 30
  [ -e "$PIDS/kafka.pid" ] && stop kafka 60
  if [ -n "$purge" ]; then rm -rf "$DIR"; say "removed $DIR"; fi
  say "down"
}

cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
  up) cmd_up "$@" ;;
  submit) cmd_submit "$@" ;;
  replay) mkdir -p "$LOGS" "$PIDS"; cmd_replay "$@" ;;
  add-taskmanager) cmd_add_taskmanager ;;
  stop-job) cmd_stop_job "$@" ;;
  status) cmd_status ;;
  down) cmd_down "$@" ;;
  *) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
