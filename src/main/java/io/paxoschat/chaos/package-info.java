/**
 * The deterministic driver of the pure protocol core: a whole cluster on one thread in virtual
 * time, seeded, with an invariant checker that provably catches bugs. Chaos runs (thousands of
 * reproducible fault runs), scripted scenarios and the planted-bug tests all run on it.
 *
 * <h2>How a run works</h2>
 *
 * <p>{@link io.paxoschat.chaos.ChaosSimulation} runs every replica's acceptor, proposer and
 * learner (the core classes of {@code io.paxoschat.paxos}, behind {@link
 * io.paxoschat.chaos.ProtocolRole}) and the real {@code Client}s on one thread, in virtual time
 * (milliseconds; one protocol tick is 10 ms). Events wait in a queue ordered by (time, sequence
 * number); every random choice comes from streams split off the seed. The same seed therefore
 * gives the same run bit for bit, whatever the thread count of the campaign, and the run's
 * trace hash (a 64-bit hash over every delivered message, tick, execution and fault, built from
 * message contents only, never {@code Object.hashCode}) says so.
 *
 * <p>A chaos run has a fault phase of 2 to 8 virtual seconds whose rates are drawn from the seed
 * ({@link io.paxoschat.chaos.FaultPhase}): loss up to 50%, duplicates, late (reordered) messages,
 * symmetric and one-way partitions that heal, crashes and restarts of at most f replicas, a
 * primary that never gets one slot accepted in view 0, and timer jitter. Then the network is
 * clean, partitions heal, crashed replicas restart (except those crashed for good), and within
 * 30 virtual seconds every line must be acknowledged and every live replica's log complete.
 *
 * <h2>Choices worth knowing</h2>
 *
 * <ul>
 *   <li><b>Restart</b> is recovery from disk, the same function the actor shells use
 *       ({@link io.paxoschat.paxos.RecoveredReplica}): the acceptor is rebuilt from the records it
 *       persisted (each durable before the reply it guards), the learner from its chat log (its
 *       dedup table and its clients' open sessions, {@link io.paxoschat.paxos.ExecutedPrefix}), a
 *       prefix of what it executed that holds at least what it reported (a shell reports only what
 *       is durable) and a seeded share of the tail after it; the proposer restarts as a follower of
 *       the view its acceptor's records promised. Slots the learner lost come back by catch-up,
 *       from peers' memory or their chat logs ({@code SendFromLog}). A replica crashed for good
 *       never returns.
 *   <li><b>Local messages</b> between the roles of one replica are never lost; they are
 *       delivered at the same virtual instant through the queue, so they interleave with other
 *       events as in a mailbox. A crash is scheduled a few milliseconds after the nemesis
 *       decides on it, so it can fall between a send and its local delivery.
 *   <li><b>The skipping primary counts as a fault:</b> with a skip slot the nemesis crashes at
 *       most f-1 replicas, since a primary that never fills a slot is a faulty replica while its
 *       view lasts.
 *   <li><b>Message storms</b> (more than 200,000 events pending) end a run as a liveness
 *       violation rather than running out of memory.
 *   <li>Each seed also varies the leader's window ({@code maxInFlight} of the base setting, 8 or
 *       2) and the client window (base, 8, 3 or 1), and starts clients at random times in the
 *       first half of the fault phase.
 * </ul>
 *
 * <h2>Invariants</h2>
 *
 * <p>{@link io.paxoschat.chaos.Invariant}: agreement per slot, gap-free prefixes, validity (only
 * submitted lines or no-ops), each (client, seq) at most once per log, each client's lines in
 * order, every acknowledged line executed and finally in every live replica's log, and
 * liveness after the faults stop. A violation carries the invariant, the seed, the virtual time
 * and the last 40 events; the report adds the one command that replays the run.
 *
 * <h2>Adding a fault or an invariant</h2>
 *
 * <ul>
 *   <li>A fault: a {@link io.paxoschat.chaos.FaultKind} to count it, a method in the faults
 *       section of {@link io.paxoschat.chaos.ChaosSimulation} that carries it out (as {@code
 *       crash}, {@code restart}, {@code partition} do), its rate in {@link
 *       io.paxoschat.chaos.FaultPhase#draw} (from a random stream of its own, so that existing
 *       seeds keep their runs), and a step of the {@link io.paxoschat.chaos.Nemesis} that uses it.
 *       Scenario tests call the method directly.
 *   <li>An invariant: an {@link io.paxoschat.chaos.Invariant} constant and a check in {@link
 *       io.paxoschat.chaos.InvariantChecker}, which the simulation feeds every execution, every
 *       acknowledgement and every restart; a planted bug in the tests that only it catches.
 * </ul>
 *
 * <h2>Running it</h2>
 *
 * <p>From code: {@link io.paxoschat.chaos.ChaosRunner#run(ChaosOptions, java.io.PrintStream)}
 * (the entry point for {@code bin/simulate --chaos --seeds N [--from S] [--config FILE]}). In
 * the build: {@code ChaosSoakTest} runs 600 seeds of f=1 and 600 of f=2, {@code
 * PlantedBugsTest} proves each planted bug is caught, the {@code *ScenarioTest}s script one kind
 * of fault each, {@code RandomizedFaultsTest} holds fixed fault schedules under loss, and {@code
 * ScenarioFilesTest} runs the step-by-step scripts of {@code src/test/resources/scenarios}.
 */
package io.paxoschat.chaos;
