package io.paxoschat.web;

/**
 * How a gateway writes who spoke into the chat log: a tab's line is {@code name: text}, so every
 * reader of the log (a replica's file, {@code bin/client}, another gateway) sees the name. A name
 * holds no colon, so the first {@code ": "} ends it.
 */
record ChatText(String name, String text) {

  static final String SEPARATOR = ": ";

  /** The log line for {@code text} said by {@code name}. */
  static String line(String name, String text) {
    return name + SEPARATOR + text;
  }

  /** A gateway tab's line split back into name and text; a line without a name has a null name. */
  static ChatText parse(String line) {
    int end = line.indexOf(SEPARATOR);
    if (end <= 0 || line.substring(0, end).indexOf(':') >= 0) {
      return new ChatText(null, line);
    }
    return new ChatText(line.substring(0, end), line.substring(end + SEPARATOR.length()));
  }
}
