package org.pcg.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcg.runtime.FashionMnist;

/**
 * The packaged launcher, bin/pcg: the class-data-sharing archive the build writes beside the
 * jar fits it, and a second training run finds its compiled class by the model's key.
 * Runs in verify (failsafe), after {@code mvn package} made the jar and the archive.
 */
@Tag("integration")
class LauncherIT {

  private static final long TIMEOUT_SECONDS = 120;

  @TempDir Path dir;

  @Test
  void theArchiveTheBuildWroteFitsTheJar() throws Exception {
    // The shaded jar bin/pcg runs (the pcg.jar property names the thin one, for install).
    Path jar = Path.of("target", "pcg.jar").toAbsolutePath();
    Path archive = jar.resolveSibling("pcg.jsa");

    // -Xshare:on makes the JVM refuse to start if the archive does not fit this jar.
    Run run = run(List.of(javaExecutable(), "-XX:SharedArchiveFile=" + archive, "-Xshare:on",
        "--add-modules", "jdk.incubator.vector", "-jar", jar.toString(), "--version"));

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("pcg ");
  }

  @Test
  void aSecondTrainingRunLoadsItsClassByTheModelsKey() throws Exception {
    assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "Fashion-MNIST is not installed");
    Path cache = dir.resolve("classes");
    List<String> train = List.of("bin/pcg", "train", "samples/mlp.pcg", "--epochs", "1",
        "--limit", "64", "--test-limit", "64", "-q", "--cache-dir", cache.toString());

    Run first = run(train);
    Run second = run(train);

    assertThat(first.exitCode()).as(first.output()).isZero();
    assertThat(first.output()).doesNotContain("(cached)");
    try (Stream<Path> records = Files.list(cache.resolve("by-model"))) {
      assertThat(records.filter(p -> !p.getFileName().toString().startsWith("tmp-")))
          .hasSize(1);
    }
    assertThat(second.exitCode()).as(second.output()).isZero();
    assertThat(second.output()).contains("(cached)").contains("test accuracy");
  }

  @Test
  void pcgJavaOptsReachesTheJvm() throws Exception {
    Path cache = dir.resolve("elsewhere");
    ProcessBuilder launch = new ProcessBuilder("bin/pcg", "check", "samples/tiny.pcg");
    launch.environment().put("PCG_JAVA_OPTS", "-Xmx256m -Dpcg.cache.dir=" + cache);

    Run run = run(launch);

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(cache).isDirectory();
  }

  private record Run(int exitCode, String output) {}

  private Run run(List<String> command) throws IOException, InterruptedException {
    return run(new ProcessBuilder(new ArrayList<>(command)));
  }

  private Run run(ProcessBuilder builder) throws IOException, InterruptedException {
    Path log = dir.resolve("run.log");
    Process p = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("finished in time").isTrue();
    return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
