package io.paxoschat.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Counts that must be at least 1 (runs, lines, slots, milliseconds), refused by picocli while it
 * parses: one line and exit 2, before the command does anything.
 */
final class AtLeastOne {

  private AtLeastOne() {}

  /** For {@code int} options. */
  static final class Int implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return (int) parse(value, 1, Integer.MAX_VALUE);
    }
  }

  /** For {@code long} options and lists of them. */
  static final class Long implements ITypeConverter<java.lang.Long> {
    @Override
    public java.lang.Long convert(String value) {
      return parse(value, 1, java.lang.Long.MAX_VALUE);
    }
  }

  static long parse(String value, long min, long max) {
    long number;
    try {
      number = java.lang.Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not a whole number");
    }
    if (number < min || number > max) {
      throw new TypeConversionException("must be between " + min + " and " + max + ", got " + value);
    }
    return number;
  }
}
