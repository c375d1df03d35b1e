package io.paxoschat.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.paxoschat.paxos.AcceptorMessage.Accept;
import io.paxoschat.paxos.Ballot;
import io.paxoschat.paxos.Command.Batch;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.LearnerMessage.ClientRequest;
import io.paxoschat.paxos.LearnerMessage.Decision;
import io.paxoschat.paxos.ProposerMessage.Accepted;
import io.paxoschat.paxos.WireMessage;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.serialization.ByteBufferSerializer;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/bench-wire}: the wire format against Jackson CBOR on the messages every chat line
 * passes through. A benchmark, not a test: it prints figures.
 */
@Command(
    name = "bench-wire",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    versionProvider = VersionProvider.class,
    description = "Serializes and deserializes the hot protocol messages with the serializer"
        + " application.conf binds to WireMessage and with Pekko's Jackson CBOR, in one thread,"
        + " and prints bytes per message and round trips per second (median of the runs).")
public final class BenchWireCommand implements Callable<Integer> {

  @Option(names = "--runs", paramLabel = "R", defaultValue = "3", converter = AtLeastOne.Int.class,
      description = "Timed runs per message and format (after one warm-up); the median is printed. Default: ${DEFAULT-VALUE}")
  int runs;

  @Option(names = "--millis", paramLabel = "MS", defaultValue = "1000", converter = AtLeastOne.Int.class,
      description = "Length of one run. Default: ${DEFAULT-VALUE}")
  int millis;

  @Option(names = "--line-bytes", paramLabel = "B", defaultValue = "50", converter = AtLeastOne.Int.class,
      description = "Bytes of text per chat line. Default: ${DEFAULT-VALUE}")
  int lineBytes;

  private final PrintStream out;

  public BenchWireCommand() {
    this(System.out);
  }

  BenchWireCommand(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(CommandLines.create(new BenchWireCommand(), System.out, System.err).execute(args));
  }

  /**
   * One message to measure, and what it stands for. Each round trip takes a new instance from
   * {@code next}: the wire serializer copies a large message it wrote before from the bytes it
   * kept ({@code WireSerializer}), so one instance written again would time a copy, not an encoding.
   */
  record Sample(String name, Supplier<WireMessage> next) {}

  /** One way to turn a message into bytes and back. */
  private interface Format {
    /** Serializes and deserializes {@code message} once; returns the bytes it took on the wire. */
    int roundTrip(WireMessage message) throws Exception;
  }

  static List<Sample> samples(int lineBytes) {
    Ballot ballot = new Ballot(42, 1);
    Batch hundred = new Batch(lines(100, lineBytes, 0));
    List<ChatLine> sixtyFour = lines(64, lineBytes, 7);
    Accept sentToEveryAcceptor = new Accept(ballot, 123_456, hundred);
    return List.of(
        new Sample("Accept, 100 lines", () -> new Accept(ballot, 123_456, hundred)),
        new Sample("the same Accept again", () -> sentToEveryAcceptor), // as to the 2nd..nth acceptor
        new Sample("Accepted", () -> new Accepted(ballot, 2, 123_456)),
        new Sample("Decision, 100 lines", () -> new Decision(123_456, hundred)),
        new Sample("ClientRequest, 64 lines", () -> new ClientRequest(7, sixtyFour)));
  }

  private static List<ChatLine> lines(int count, int textBytes, int onlyClient) {
    List<ChatLine> lines = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int client = onlyClient != 0 ? onlyClient : i % 3;
      String text = ("client " + client + " line " + i + " " + "x".repeat(textBytes)).substring(0, textBytes);
      lines.add(new ChatLine(client, 10_000 + i, text));
    }
    return lines;
  }

  @Override
  public Integer call() throws Exception {
    Config base = ConfigFactory.load();
    String bound = base.getString("pekko.actor.serialization-bindings.\"io.paxoschat.paxos.WireMessage\"");
    Config cbor = ConfigFactory.parseString(
        "pekko.actor.serialization-bindings.\"io.paxoschat.paxos.WireMessage\" = jackson-cbor").withFallback(base);
    ActorSystem boundSystem = ActorSystem.create("bench-wire-bound", base);
    ActorSystem cborSystem = ActorSystem.create("bench-wire-cbor", cbor);
    try {
      List<Sample> samples = samples(lineBytes);
      List<String> names = new ArrayList<>();
      List<Format> formats = new ArrayList<>();
      var boundSerializer = SerializationExtension.get(boundSystem).findSerializerFor(samples.get(0).next().get());
      names.add(bound + " (byte[])");
      formats.add(viaByteArray((SerializerWithStringManifest) boundSerializer));
      if (boundSerializer instanceof ByteBufferSerializer buffers) {
        names.add(bound + " (ByteBuffer, as Artery)");
        formats.add(viaByteBuffer((SerializerWithStringManifest) boundSerializer, buffers));
      }
      if (!bound.equals("jackson-cbor")) {
        names.add("jackson-cbor");
        formats.add(viaByteArray((SerializerWithStringManifest)
            SerializationExtension.get(cborSystem).findSerializerFor(samples.get(0).next().get())));
      }
      out.printf(Locale.ROOT, "text of %d B per line; one thread; median of %d runs of %d ms%n", lineBytes, runs, millis);
      out.printf(Locale.ROOT, "%-24s  %-36s  %8s  %14s%n", "message", "format", "bytes", "round trips/s");
      for (Sample sample : samples) {
        double[] rates = medianRates(formats, sample.next());
        for (int i = 0; i < formats.size(); i++) {
          int bytes = formats.get(i).roundTrip(sample.next().get());
          out.printf(Locale.ROOT, "%-24s  %-36s  %8d  %,14.0f%n", i == 0 ? sample.name() : "", names.get(i), bytes, rates[i]);
        }
      }
    } finally {
      boundSystem.terminate();
      cborSystem.terminate();
    }
    return 0;
  }

  private static Format viaByteArray(SerializerWithStringManifest serializer) {
    return message -> {
      byte[] bytes = serializer.toBinary(message);
      check(message, serializer.fromBinary(bytes, serializer.manifest(message)));
      return bytes.length;
    };
  }

  private static Format viaByteBuffer(SerializerWithStringManifest serializer, ByteBufferSerializer buffers) {
    ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024); // Artery's frame
    return message -> {
      buffer.clear();
      buffers.toBinary(message, buffer);
      buffer.flip();
      int bytes = buffer.remaining();
      check(message, buffers.fromBinary(buffer, serializer.manifest(message)));
      return bytes;
    };
  }

  /** Keeps the JIT from dropping the work, and catches a format that loses something. */
  private static void check(WireMessage sent, Object received) {
    if (received.getClass() != sent.getClass()) {
      throw new IllegalStateException("sent " + sent.getClass().getSimpleName() + ", got " + received);
    }
  }

  /**
   * Round trips per second of each format, median of the runs. The formats take turns within
   * each run, so that a busy spell of the machine does not fall on one format alone.
   */
  private double[] medianRates(List<Format> formats, Supplier<WireMessage> next) throws Exception {
    double[][] rates = new double[formats.size()][runs];
    for (int run = -1; run < runs; run++) { // run -1 warms up the JIT
      for (int f = 0; f < formats.size(); f++) {
        double rate = rate(formats.get(f), next);
        if (run >= 0) {
          rates[f][run] = rate;
        }
      }
    }
    double[] medians = new double[formats.size()];
    for (int f = 0; f < formats.size(); f++) {
      double[] sorted = rates[f];
      Arrays.sort(sorted);
      medians[f] = runs % 2 == 1 ? sorted[runs / 2] : (sorted[runs / 2 - 1] + sorted[runs / 2]) / 2;
    }
    return medians;
  }

  private double rate(Format format, Supplier<WireMessage> next) throws Exception {
    long start = System.nanoTime();
    long deadline = start + millis * 1_000_000L;
    long count = 0;
    long now;
    do {
      for (int i = 0; i < 64; i++) {
        format.roundTrip(next.get());
      }
      count += 64;
      now = System.nanoTime();
    } while (now < deadline);
    return count / ((now - start) / 1e9);
  }
}
