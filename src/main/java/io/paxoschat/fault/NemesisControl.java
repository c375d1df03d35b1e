package io.paxoschat.fault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica's end of a nemesis: a control file that says which {@link NetworkFaults} apply now.
 * The nemesis replaces the file atomically (write, then rename); the replica reads it on every
 * {@link #poll()}. A file it cannot read leaves the faults as they were and is logged once.
 */
public final class NemesisControl {

  private static final Logger log = LoggerFactory.getLogger(NemesisControl.class);

  private final Path file;
  private final NetworkFaults faults;
  private String lastText = "";
  private String lastProblem;

  public NemesisControl(Path file, NetworkFaults faults) {
    this.file = file;
    this.faults = faults;
  }

  /** Reads the file and applies what it says, if it changed. Called from one thread. */
  public void poll() {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      text = "";
    } catch (IOException e) {
      complain(file + ": " + e.getMessage());
      return;
    }
    if (text.equals(lastText)) {
      return;
    }
    try {
      NetworkFaults.Setting setting = NetworkFaults.Setting.parse(text);
      faults.set(setting);
      lastText = text;
      lastProblem = null;
      log.info("nemesis: network faults now {}", setting.format().isEmpty() ? "none" : setting.format().strip());
    } catch (IllegalArgumentException e) {
      complain(file + ": " + e.getMessage());
    }
  }

  /** Writes a control file as {@link #poll()} reads it: complete or not at all. */
  public static void write(Path file, NetworkFaults.Setting setting) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, setting.format(), StandardCharsets.UTF_8);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private void complain(String problem) {
    if (!problem.equals(lastProblem)) {
      log.warn("nemesis control ignored: {}", problem);
      lastProblem = problem;
    }
  }
}
