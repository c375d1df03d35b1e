package io.paxoschat.paxos;

/**
 * What a value costs on the wire, estimated without serializing it: its text in UTF-8 plus a
 * fixed allowance per line and per slot for ids, numbers and field names. The allowances are
 * generous for the CBOR encoding of the records, so a message kept under a bound in these units
 * stays under it in bytes.
 */
public final class WireSize {

  /** Per line: client id, seq and the encoding's field names and headers. */
  public static final int PER_LINE = 48;
  /** Per slot: slot number, ballot and headers. */
  public static final int PER_SLOT = 64;

  private WireSize() {}

  public static int of(Command.ChatLine line) {
    return PER_LINE + line.textBytes();
  }

  public static int of(Command command) {
    int bytes = PER_SLOT;
    for (Command.ChatLine line : Command.linesOf(command)) {
      bytes += of(line);
    }
    return bytes;
  }
}
