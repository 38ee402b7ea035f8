package org.pcg.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The PyTorch side of {@code pcg bench}: bench/torch_bench.py in its serving mode, which
 * builds the sample's PyTorch twin, warms it up, and then times one round of training steps
 * for every request, so the two sides take turns on the same cores.
 */
final class TorchPeer implements AutoCloseable {

  /** The interpreter Debian's python3-torch is installed for. */
  static final String DEFAULT_PYTHON = "/usr/bin/python3";

  private final Process process;
  private final BufferedReader replies;
  private final PrintWriter requests;

  private TorchPeer(Process process) {
    this.process = process;
    this.replies = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.requests = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
  }

  /** How to start the peer. */
  record Launch(String python, Path script, String model, int batch, String dtype,
      int threads) {}

  /**
   * Starts the peer and waits until it is warm; empty, with the reason in {@code why}, when
   * the script, Python or torch is missing or the model has no PyTorch twin.
   */
  static Optional<TorchPeer> start(Launch launch, StringBuilder why) {
    List<String> command = new ArrayList<>(List.of(launch.python(),
        launch.script().toString(), launch.model(), "--serve",
        "--batch", String.valueOf(launch.batch()), "--dtype", launch.dtype(),
        "--threads", String.valueOf(launch.threads())));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    environment(pb.environment(), launch.threads());
    try {
      TorchPeer peer = new TorchPeer(pb.start());
      String first = peer.awaitReady();
      if (first == null) {
        return Optional.of(peer);
      }
      why.append(first);
      peer.close();
      return Optional.empty();
    } catch (IOException e) {
      why.append("cannot run ").append(launch.python()).append(": ").append(e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Thread counts for the libraries torch loads. With more than one thread, OpenMP workers
   * sleep instead of spinning between steps, the tuned setting of docs/performance.md.
   */
  private static void environment(Map<String, String> env, int threads) {
    for (String var : List.of("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")) {
      env.put(var, String.valueOf(threads));
    }
    if (threads > 1) {
      env.put("OMP_WAIT_POLICY", "PASSIVE");
    }
  }

  /** Null once the peer said "ready"; otherwise what it printed before it stopped. */
  private String awaitReady() throws IOException {
    StringBuilder said = new StringBuilder();
    for (String line = replies.readLine(); line != null; line = replies.readLine()) {
      if (line.equals("ready")) {
        return null;
      }
      said.append(said.length() == 0 ? "" : " | ").append(line.strip());
    }
    String text = said.toString();
    return "the PyTorch script stopped: "
        + (text.length() > 300 ? "..." + text.substring(text.length() - 300) : text);
  }

  /** Times one round of {@code steps} steps: the medians of wall and CPU milliseconds. */
  RoundTimer.Round round(int steps) {
    requests.println("round " + steps);
    try {
      String line = replies.readLine();
      if (line == null) {
        throw new UserError("the PyTorch benchmark process ended in the middle of the run");
      }
      String[] words = line.trim().split("\\s+");
      if (words.length < 6 || !words[0].equals("torch")) {
        throw new UserError("unexpected reply from the PyTorch benchmark: " + line);
      }
      return new RoundTimer.Round(Double.parseDouble(words[4]), Double.parseDouble(words[5]));
    } catch (IOException | NumberFormatException e) {
      throw new UserError("cannot read the PyTorch benchmark: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    requests.println("quit");
    requests.close();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroy();
      }
    } catch (InterruptedException e) {
      process.destroy();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * bench/torch_bench.py under the working directory, else beside the directory that holds
   * pcg's jar (target/ in a build tree); null when neither exists.
   */
  static Path findScript() {
    Path here = Path.of("bench", "torch_bench.py");
    if (Files.isRegularFile(here)) {
      return here;
    }
    try {
      Path jar = Path.of(TorchPeer.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI());
      Path beside = jar.toAbsolutePath().getParent().getParent()
          .resolve("bench").resolve("torch_bench.py");
      return Files.isRegularFile(beside) ? beside : null;
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return null;
    }
  }
}
