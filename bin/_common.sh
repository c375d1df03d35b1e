# shellcheck shell=bash
# Sourced by the bin/ commands: finds the repository from this file's own location, builds
# target/paxos-chat.jar when it is missing or older than the sources, and runs a main class.
# JAVA_OPTS adds JVM flags, e.g. JAVA_OPTS="-Xmx2g -Dpaxoschat.log-level=DEBUG".

PAXOSCHAT_HOME="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd -P)"
PAXOSCHAT_JAR="$PAXOSCHAT_HOME/target/paxos-chat.jar"
# Class-data sharing (AppCDS): the classes a node loads, parsed and verified once, mapped by every
# later JVM. Java 17 cannot make the archive on the fly (-XX:+AutoCreateSharedArchive came in 19),
# so a short training run makes it with -XX:ArchiveClassesAtExit the first time, for each jar.
PAXOSCHAT_CDS="$PAXOSCHAT_HOME/target/paxos-chat.jsa"

paxoschat_die() {
  echo "$(basename "$0"): $*" >&2
  exit 2
}

# Stale when any source, resource or the pom changed after the jar was built. Directories
# count too: removing a file touches its directory.
paxoschat_jar_is_stale() {
  [[ ! -f "$PAXOSCHAT_JAR" ]] && return 0
  [[ -n "$(find "$PAXOSCHAT_HOME/src/main" "$PAXOSCHAT_HOME/pom.xml" -newer "$PAXOSCHAT_JAR" -print -quit 2>/dev/null)" ]]
}

paxoschat_build_jar() {
  command -v mvn >/dev/null 2>&1 || paxoschat_die "target/paxos-chat.jar is missing and Maven (mvn) is not installed to build it"
  mkdir -p "$PAXOSCHAT_HOME/target"
  # Two commands started at once must not build over each other.
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$PAXOSCHAT_HOME/target/.build.lock"
    flock 9
  fi
  if paxoschat_jar_is_stale; then
    echo "$(basename "$0"): building target/paxos-chat.jar (mvn -B -q -DskipTests package) ..." >&2
    # Maven's output goes to stderr so that the command's stdout stays clean for scripts;
    # some Maven builds print colour codes even in batch mode, so they are stripped.
    (cd "$PAXOSCHAT_HOME" && mvn -B -q -Dstyle.color=never -DskipTests package 2>&1) \
      | sed -e $'s/\x1b\\[[0-9;]*m//g' >&2 \
      || paxoschat_die "build failed; fix the errors above and run again"
  fi
  if command -v flock >/dev/null 2>&1; then
    exec 9>&-
  fi
}

# Whether the archive exists and was made from the current jar, at this path: the JVM refuses an
# archive made for a jar elsewhere (an installation copied or moved), with a warning on every start.
paxoschat_cds_is_current() {
  [[ -f "$PAXOSCHAT_CDS" && "$PAXOSCHAT_CDS" -nt "$PAXOSCHAT_JAR" ]] \
    && [[ "$(cat "$PAXOSCHAT_CDS.jar" 2>/dev/null)" == "$PAXOSCHAT_JAR" ]]
}

# Makes the archive when it is missing or older than the jar, in the background: the training
# run starts a small cluster and takes 10 s on an idle machine and over a minute on a loaded one,
# which no start should wait for. This command and those started before the archive exists run
# without it (slower to start, nothing else differs); one training runs at a time (flock), and an
# archive made from a jar that was rebuilt meanwhile is thrown away, since the JVM would refuse it.
# PAXOSCHAT_CDS_MODE=off skips it; PAXOSCHAT_CDS_MODE=wait makes it before the command runs.
paxoschat_make_cds() {
  [[ "${PAXOSCHAT_CDS_MODE:-on}" == off ]] && return 0
  paxoschat_cds_is_current && return 0
  command -v flock >/dev/null 2>&1 || return 0
  if [[ "${PAXOSCHAT_CDS_MODE:-on}" == wait ]]; then
    paxoschat_train_cds 8>"$PAXOSCHAT_HOME/target/.cds.lock"
  else
    # Every descriptor closed: a caller reading this command's output must not wait for the
    # training. Started from a subshell that exits at once, so it is nobody's descendant: a test
    # that kills what its commands started leaves it to finish.
    ( (paxoschat_train_cds -n) 8>"$PAXOSCHAT_HOME/target/.cds.lock" </dev/null >/dev/null 2>&1 & )
  fi
}

# paxoschat_train_cds [-n] : with the lock on descriptor 8 (-n: give up if another training holds it).
paxoschat_train_cds() {
  flock "$@" 8 || return 0
  paxoschat_cds_is_current && return 0
  rm -f "$PAXOSCHAT_CDS".*.tmp # left by a training that was killed
  local tmp="$PAXOSCHAT_CDS.$BASHPID.tmp"
  local jar_before
  jar_before="$(stat -c '%Y %s' "$PAXOSCHAT_JAR")"
  if java -XX:ArchiveClassesAtExit="$tmp" -XX:+UseParallelGC -XX:TieredStopAtLevel=1 \
      -Xlog:cds=off -Xlog:cds+dynamic=off \
      -Dpaxoschat.home="$PAXOSCHAT_HOME" \
      -Dlogback.configurationFile="$PAXOSCHAT_HOME/conf/logback.xml" \
      -Dpaxoschat.debug-log="$PAXOSCHAT_HOME/target/class-data-training/debug.log" \
      -cp "$PAXOSCHAT_JAR" io.paxoschat.cli.ClassDataTraining "$PAXOSCHAT_HOME/target/class-data-training" \
      >"$PAXOSCHAT_HOME/target/class-data-training.out" 2>&1 \
      && [[ -s "$tmp" && "$(stat -c '%Y %s' "$PAXOSCHAT_JAR")" == "$jar_before" ]]; then
    echo "$PAXOSCHAT_JAR" >"$PAXOSCHAT_CDS.jar"
    mv -f "$tmp" "$PAXOSCHAT_CDS"
  else
    rm -f "$tmp"
  fi
}

# paxoschat_run_node MAIN_CLASS ARGS... : as paxoschat_run, for the commands that run cluster nodes
# (bin/replica, bin/client) or start them (bin/cluster, bin/nemesis, bin/bench-remote, whose JVMs
# pass their flags on to the nodes they start). Such a cluster is several JVMs sharing the cores,
# and C2, the optimising JIT compiler, spent more CPU compiling in each than the protocol used in
# 300,000 lines, while the code waited in its slow profiling tier: C1 alone (TieredStopAtLevel=1)
# sent 2 to 2.5 times as many lines per second across processes (README, "Benchmarks").
# The heap: ParallelGC stops a node for each young collection, and on a loaded machine such a
# stop lasts far longer than its GC work (-Xlog:gc: its threads wait for the cores), which every
# line in flight then waits out. The first young collections copy what start-up left live (some
# 15 MB) and stopped a node for 100-320 ms: with a 32 MB young generation they come in the node's
# first seconds, before it serves, and the later ones copy 1-2 MB (17-40 ms stops on a busy
# machine, about one a second at 20,000 lines/s); with 384 MB (kept until 2026-12-02) the first
# came some 25 s after start, in whatever the cluster was serving then (README, "The clients'
# compile storm and the first young collection"). The old generation starts at the JVM's own size
# (the initial heap less the young generation; -XX:OldSize=128m below that made the JVM warn on
# every start). One GC thread, so that a stop waits for one core rather than for two threads to be
# scheduled together.
# Metaspace keeps its default: its two collections while a node loads its classes also clear
# what start-up allocated, before any line is sent.
# A JAVA_OPTS with -Xmx sizes the heap alone (the JVM would shrink these to fit, with a warning),
# and one that names another collector (JAVA_OPTS="-XX:+UseZGC -Xmx1g") replaces all of this.
# ZGC, Shenandoah and two GC threads were measured against this setting across processes (README,
# "Latency at a steady rate") and did not lower the steady round's p99.
# JAVA_OPTS comes after, so JAVA_OPTS="-XX:TieredStopAtLevel=4" brings C2 back.
PAXOSCHAT_NODE_HEAP="-Xmn32m -XX:ParallelGCThreads=1"
paxoschat_run_node() {
  local heap=$PAXOSCHAT_NODE_HEAP
  [[ " ${JAVA_OPTS:-} " == *" -Xmx"* || " ${JAVA_OPTS:-} " == *" -XX:+Use"*"GC "* ]] && heap=""
  JAVA_OPTS="-XX:TieredStopAtLevel=1 $heap ${JAVA_OPTS:-}" paxoschat_run "$@"
}

# paxoschat_run MAIN_CLASS ARGS... : runs in place of the shell, so exit codes pass through.
paxoschat_run() {
  local main_class=$1
  shift
  command -v java >/dev/null 2>&1 || paxoschat_die "java is not installed (Java 17 or later is needed)"
  if paxoschat_jar_is_stale; then
    paxoschat_build_jar
  fi
  local -a extra=()
  read -r -a extra <<< "${JAVA_OPTS:-}"
  paxoschat_make_cds
  if [[ "${PAXOSCHAT_CDS_MODE:-on}" != off ]] && paxoschat_cds_is_current; then
    # -Xshare:auto: a JVM that cannot map the archive starts without it rather than failing.
    extra=(-XX:SharedArchiveFile="$PAXOSCHAT_CDS" -Xshare:auto -Xlog:cds=off ${extra[@]+"${extra[@]}"})
  fi
  # A JAVA_OPTS that names a collector replaces ParallelGC: the JVM refuses two.
  local gc=-XX:+UseParallelGC
  [[ " ${JAVA_OPTS:-} " == *" -XX:+Use"*"GC "* ]] && gc=""
  exec java \
    ${gc:+"$gc"} \
    -Dpaxoschat.home="$PAXOSCHAT_HOME" \
    -Dlogback.configurationFile="$PAXOSCHAT_HOME/conf/logback.xml" \
    ${extra[@]+"${extra[@]}"} \
    -cp "$PAXOSCHAT_JAR" \
    "$main_class" "$@"
}
