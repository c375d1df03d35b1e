# shellcheck shell=bash
# Sourced by the bin/ commands: finds the repository from this file's own location, builds
# target/paxos-chat.jar when it is missing or older than the sources, and runs a main class.
# JAVA_OPTS adds JVM flags, e.g. JAVA_OPTS="-Xmx2g -Dpaxoschat.log-level=DEBUG".

PAXOSCHAT_HOME="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd -P)"
PAXOSCHAT_JAR="$PAXOSCHAT_HOME/target/paxos-chat.jar"

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
  exec java \
    -XX:+UseParallelGC \
    -Dpaxoschat.home="$PAXOSCHAT_HOME" \
    -Dlogback.configurationFile="$PAXOSCHAT_HOME/conf/logback.xml" \
    ${extra[@]+"${extra[@]}"} \
    -cp "$PAXOSCHAT_JAR" \
    "$main_class" "$@"
}
