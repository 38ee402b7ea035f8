package org.pcg.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcg.cli.Main;

/**
 * {@code pcg compile} writes a source tree that plain javac compiles against pcg's classes,
 * with every lint on and warnings as errors.
 */
class CompileCommandTest {

  private static final long JAVAC_SECONDS = 120;

  @TempDir
  Path dir;

  @Test
  void writesASourceThatPlainJavacCompiles() throws Exception {
    Path src = dir.resolve("src");

    int code = run("compile", "samples/resnet.pcg", "-o", src.toString(), "--package",
        "com.example.models", "--dtype", "f64");

    Path file = src.resolve("com/example/models/ResnetF64.java");
    assertThat(code).isEqualTo(Main.OK);
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .contains("package com.example.models;", "public final class ResnetF64");
    assertThat(javac(file)).isEqualTo(0);
  }

  @Test
  void aFloatModelInTheDefaultPackage() throws Exception {
    int code = run("compile", "samples/mlp.pcg", "-o", dir.toString(), "--dtype", "f32");

    Path file = dir.resolve(ModelCompiler.DEFAULT_PACKAGE.replace('.', '/'))
        .resolve("MlpF32.java");
    assertThat(code).isEqualTo(Main.OK);
    assertThat(javac(file)).isEqualTo(0);
  }

  @Test
  void aPackageThatIsNotJavaIsAUsageError() {
    int code = run("compile", "samples/mlp.pcg", "-o", dir.toString(), "--package", "a.class");

    assertThat(code).isEqualTo(Main.USAGE);
  }

  private static int run(String... args) {
    StringWriter sink = new StringWriter();
    return Main.run(args, new PrintWriter(sink), new PrintWriter(sink));
  }

  /** Runs the JDK's javac on {@code file} with this JVM's class path; its exit code. */
  private int javac(Path file) throws IOException, InterruptedException {
    Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
    Path out = Files.createDirectories(dir.resolve("classes"));
    Path log = dir.resolve("javac.log");
    Process p = new ProcessBuilder(List.of(javac.toString(), "-Xlint:all", "-Werror",
        "-cp", System.getProperty("java.class.path"), "-d", out.toString(), file.toString()))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(JAVAC_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    assertThat(Files.readString(log)).as("javac output").isEmpty();
    return p.exitValue();
  }
}
