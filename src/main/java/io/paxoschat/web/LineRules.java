package io.paxoschat.web;

import io.paxoschat.config.MessageFiles;
import java.nio.charset.StandardCharsets;

/**
 * What a tab may say: a name of 1 to {@code maxNameChars} characters without a colon or control
 * characters, and lines that, written as {@code name: text}, fit {@code max-line-bytes} and hold
 * no tab or line break. Each check answers with the reason shown on the page, or null.
 */
record LineRules(int maxLineBytes, int maxNameChars) {

  String problemWithName(String name) {
    if (name == null || name.isBlank()) {
      return "a name is needed";
    }
    if (name.codePointCount(0, name.length()) > maxNameChars) {
      return "a name has at most " + maxNameChars + " characters";
    }
    if (name.indexOf(':') >= 0) {
      return "a name holds no colon (':')";
    }
    if (name.codePoints().anyMatch(Character::isISOControl)) {
      return "a name holds no control characters";
    }
    if (!name.strip().equals(name)) {
      return "a name neither starts nor ends with a space";
    }
    return null;
  }

  String problemWithLine(String name, String text) {
    if (text == null || text.isBlank()) {
      return "an empty line is not sent";
    }
    String line = ChatText.line(name, text);
    String problem = MessageFiles.problemWith(line, maxLineBytes);
    if (problem == null) {
      return null;
    }
    int bytes = line.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > maxLineBytes) {
      return "too long: " + bytes + " bytes with your name, at most " + maxLineBytes;
    }
    return problem.replaceFirst("^line ", "the line ");
  }
}
