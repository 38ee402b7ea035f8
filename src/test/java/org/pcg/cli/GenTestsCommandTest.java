package org.pcg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pcg gen-tests through the command line: where it writes, and how it refuses. */
class GenTestsCommandTest {

  @TempDir Path dir;

  @Test
  void writesTheTestClassUnderItsPackage() throws IOException {
    Result r = pcg("gen-tests", "samples/tiny.pcg", "-o", dir.toString(), "--package",
        "com.example", "--seeds", "5");

    Path file = dir.resolve("com/example/TinyF64Test.java");
    assertThat(r.code).as(r.err).isEqualTo(Main.OK);
    assertThat(r.out).contains("wrote " + file, "com.example.TinyF64Test", "5 seeds",
        "testing TinyF64");
    assertThat(Files.readString(file)).contains("package com.example;", "SEEDS = 5;");
  }

  @Test
  void aPackageThatIsNotJavaIsAUsageError() {
    Result r = pcg("gen-tests", "samples/tiny.pcg", "-o", dir.toString(), "--package",
        "com.class");

    assertThat(r.code).isEqualTo(Main.USAGE);
    assertThat(r.err).contains("'com.class' is not a Java package name");
  }

  @Test
  void fewerThanOneSeedIsAUsageError() {
    Result r = pcg("gen-tests", "samples/tiny.pcg", "-o", dir.toString(), "--seeds", "0");

    assertThat(r.code).isEqualTo(Main.USAGE);
    assertThat(r.err).contains("--seeds must be at least 1, got 0");
  }

  @Test
  void aModelWithoutParametersGetsNoTestsThatCompareNothing() throws IOException {
    Path model = Files.writeString(dir.resolve("none.pcg"), "model none {\n  input x : [3]\n"
        + "  target y : []\n  o = sum(x)\n  loss mse(o, y)\n}\n");

    Result r = pcg("gen-tests", model.toString(), "-o", dir.resolve("out").toString());

    assertThat(r.code).isEqualTo(Main.RUN_FAILURE);
    assertThat(r.err).contains("model none has no parameters");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void aModelErrorIsADiagnosticAndWritesNothing() throws IOException {
    Path model = dir.resolve("broken.pcg");
    Files.writeString(model, "model broken {\n  input x : [3]\n  target t : [3]\n"
        + "  y = nope(x)\n  loss mse(y, t)\n}\n");

    Result r = pcg("gen-tests", model.toString(), "-o", dir.resolve("out").toString());

    assertThat(r.code).isEqualTo(Main.MODEL_ERROR);
    assertThat(r.err).contains(model + ":4:").contains("error:").doesNotContain("\tat ");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  private record Result(int code, String out, String err) {}

  private static Result pcg(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }
}
