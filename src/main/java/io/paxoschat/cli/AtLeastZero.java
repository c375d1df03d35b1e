package io.paxoschat.cli;

import picocli.CommandLine.ITypeConverter;

/** Counts that may be 0 (0 leaving something out), refused by picocli while it parses when negative. */
final class AtLeastZero {

  private AtLeastZero() {}

  /** For {@code int} options. */
  static final class Int implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return (int) AtLeastOne.parse(value, 0, Integer.MAX_VALUE);
    }
  }
}
