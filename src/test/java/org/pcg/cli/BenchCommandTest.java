package org.pcg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pcg bench} end to end on the tiny sample, pcg alone (the PyTorch side needs torch,
 * which a test machine may lack): it re-runs itself with one OpenBLAS thread and prints the
 * table and the products' yardstick.
 */
class BenchCommandTest {

  /** An IL step size at which the tiny sample's relaxation leaves the finite numbers. */
  private static final double DIVERGING_GAMMA = 64;

  /** A step allocates nothing; a kilobyte allows for the JIT's and JVM's own doings. */
  private static final long ALLOCATION_LIMIT = 1024;

  @TempDir Path cache;

  private record Run(int code, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void timesEachRuleAndTheProductsAlone() {
    Run r = run("bench", "samples/tiny.pcg", "--no-torch", "--algo", "bp,zil", "--rounds", "2",
        "--round-steps", "5", "--cache-dir", cache.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("pcg bench tiny: batch 64, f32; pcg on 1 thread")
        .contains("2 rounds")
        .containsPattern("pcg bp +5 +[0-9.]+ +[0-9.]+ +[0-9]+ +1\\.000")
        .containsPattern("pcg zil +5 .*<= 1\\.03")
        .contains("products alone: ")
        .containsPattern("pcg bp / products alone: [0-9.]+ \\(the MLP's target on one"
            + " thread: 1\\.2\\)")
        .doesNotContain("torch ");
    assertThat(bytesPerStep(r.out(), "pcg bp")).isLessThan(ALLOCATION_LIMIT);
  }

  /** The B/step column of the line that starts with {@code label}. */
  private static long bytesPerStep(String report, String label) {
    String line = report.lines().filter(l -> l.startsWith(label + " ")).findFirst()
        .orElseThrow();
    return Long.parseLong(line.substring(label.length()).trim().split("\\s+")[3]);
  }

  @Test
  void aNamedPeerScriptThatIsMissingIsAUsageErrorBeforeAnyTiming() {
    Run r = run("bench", "samples/tiny.pcg", "--torch-script", "no/such/torch_bench.py",
        "--cache-dir", cache.toString());

    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("--torch-script no/such/torch_bench.py: no such file");
    assertThat(r.out()).doesNotContain("pcg bp");
  }

  @Test
  void aPeerThatFailsStillPrintsPcgsLinesOnceAndFailsTheRun() throws IOException {
    Path broken = Files.writeString(cache.resolve("broken_bench.py"),
        "raise SystemExit('this peer always fails')\n");
    Run r = run("bench", "samples/tiny.pcg", "--algo", "bp,bp", "--rounds", "1",
        "--round-steps", "5", "--torch-script", broken.toString(),
        "--cache-dir", cache.toString());

    assertThat(r.code()).as(r.err()).isEqualTo(Main.RUN_FAILURE);
    assertThat(r.out()).contains("PyTorch side skipped");
    assertThat(r.out().lines().filter(l -> l.matches("pcg bp +[0-9].*"))).as("rows")
        .hasSize(1);
  }

  /** A relaxation that diverges is not timed: IL's step size halves until it is finite. */
  @Test
  void ilIsTimedAtAStepSizeItsRelaxationSurvives() {
    Run r = run("bench", "samples/tiny.pcg", "--no-torch", "--algo", "il", "--il-gamma",
        String.valueOf(DIVERGING_GAMMA), "--rounds", "1", "--round-steps", "2",
        "--cache-dir", cache.toString());

    assertThat(r.code()).as(r.err()).isZero();
    Matcher timed = Pattern.compile("pcg il \\(T=20, gamma ([0-9.]+)\\)").matcher(r.out());
    assertThat(timed.find()).as(r.out()).isTrue();
    assertThat(Double.parseDouble(timed.group(1))).isLessThan(DIVERGING_GAMMA);
    assertThat(r.out()).contains("IL timed at gamma " + timed.group(1) + ": at ")
        .contains("its updates on this batch were not finite");
  }

  @Test
  void aStepSizeThatIsNotPositiveIsAUsageError() {
    Run r = run("bench", "samples/tiny.pcg", "--il-gamma", "0");

    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("--il-gamma must be a positive number");
  }

  @Test
  void countsBelowOneAreUsageErrors() {
    Run r = run("bench", "samples/tiny.pcg", "--threads", "0");

    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("must be at least 1");
  }

  @Test
  void moreThreadsThanCoresAreUsageErrors() {
    int cores = Runtime.getRuntime().availableProcessors();
    String many = String.valueOf(cores + 1);

    Run bench = run("bench", "samples/tiny.pcg", "--threads", many);
    Run train = run("train", "samples/tiny.pcg", "--threads", many);

    for (Run r : List.of(bench, train)) {
      assertThat(r.code()).isEqualTo(Main.USAGE);
      assertThat(r.err()).contains("--threads " + many + ": this machine has " + cores
          + " cores");
    }
  }
}
