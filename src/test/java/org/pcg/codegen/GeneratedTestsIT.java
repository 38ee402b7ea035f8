package org.pcg.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pcg.cli.Main;
import org.pcg.ir.Graph;
import org.pcg.passes.Compiled;
import org.pcg.passes.Passes;
import org.pcg.runtime.DType;
import org.pcg.syntax.CompileException;
import org.pcg.syntax.Diagnostic;
import org.pcg.syntax.Frontend;

/**
 * pcg used from another Maven build, end to end: the packaged jar is installed, then
 * {@code pcg compile} and {@code pcg gen-tests} write every sample that has code generation
 * into a fresh project depending on it, and one real {@code mvn -o test} runs all the
 * generated tests, which must pass. Then one sample is compiled with its Z-IL schedule
 * broken ({@link ZilScheduleMutation}), and its generated tests must fail, by name.
 *
 * <p>Runs in the verify phase (failsafe), after the jar exists; {@code -DskipITs} or
 * {@code -DexcludedGroups=integration} leave it out. It needs {@code mvn} and a local
 * repository that already holds the plugins and libraries pcg's own build used.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GeneratedTestsIT {

  private static final String PACKAGE = "org.example.models";
  private static final Path SAMPLES = Path.of("samples");
  private static final String MUTATED_SAMPLE = "tiny";

  /** Seeds of the generated tests; each class then runs 4 tests times this many. */
  private static final int SEEDS = 2;
  private static final int TESTS_PER_SEED = 4;

  /** One Maven run compiles and tests every sample; a generous bound for 2 shared cores. */
  private static final long MAVEN_TIMEOUT_MINUTES = 5;

  @TempDir static Path dir;

  private final List<String> generated = new ArrayList<>();

  @BeforeAll
  void installThePackagedJar() throws Exception {
    Path jar = Path.of(System.getProperty("pcg.jar", "target/pcg-" + pcgVersion() + ".jar"));
    assertThat(jar).as("the packaged pcg jar: run this test in mvn verify").exists();

    // Online: on a fresh machine pcg's own build has not yet needed the install plugin.
    Maven run = maven(Path.of("").toAbsolutePath(), false, "install:install-file",
        "-Dfile=" + jar.toAbsolutePath(), "-DpomFile=pom.xml");

    assertThat(run.exitCode()).as(run.output()).isZero();
  }

  static Stream<String> samples() throws IOException {
    try (Stream<Path> files = Files.list(SAMPLES)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".pcg"))
          .map(n -> n.substring(0, n.length() - ".pcg".length())).sorted().toList().stream();
    }
  }

  @Order(1)
  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void compileAndGenTestsWriteTheSampleIntoTheProject(String sample) {
    Path file = SAMPLES.resolve(sample + ".pcg");
    List<String> missing = opsWithoutCodeGeneration(file);
    assumeTrue(missing.isEmpty(), () -> file + " is skipped: " + String.join("; ", missing));

    writeSample(project(), file);

    generated.add(sample);
  }

  @Order(2)
  @Test
  void generatedTestsPassUnderMavenForEverySample() throws Exception {
    assertThat(generated).as("samples written by the first test").isNotEmpty();

    Maven run = maven(project(), true, "test");

    assertThat(run.exitCode()).as(run.output()).isZero();
    for (String sample : generated) {
      assertThat(report(project(), sample)).as(sample)
          .containsExactly(SEEDS * TESTS_PER_SEED, 0, 0, 0);
    }
  }

  @Order(3)
  @Test
  void generatedTestsFailWhenParametersLearnOneStepLate() throws Exception {
    Path mutant = writeProject(dir.resolve("mutant"));
    Path model = writeSample(mutant, SAMPLES.resolve(MUTATED_SAMPLE + ".pcg"));
    Files.writeString(model, ZilScheduleMutation.apply(Files.readString(model)));

    Maven run = maven(mutant, true, "test");

    String testClass = TestGenerator.className(Frontend.load(
        SAMPLES.resolve(MUTATED_SAMPLE + ".pcg")));
    assertThat(run.exitCode()).as(run.output()).isNotZero();
    assertThat(run.output()).contains(testClass + ".scheduledZilUpdatesEqualBp",
        testClass + ".faithfulZilUpdatesEqualBp", "differs from BP's", "(seed 1)");
    assertThat(report(mutant, MUTATED_SAMPLE)).as("tests, failures, errors, skipped")
        .containsExactly(SEEDS * TESTS_PER_SEED, 2 * SEEDS, 0, 0);
  }

  /** The project every sample goes into, created on first use. */
  private Path project() {
    Path project = dir.resolve("models");
    return Files.isDirectory(project) ? project : writeProject(project);
  }

  /**
   * Runs pcg compile (double precision) and pcg gen-tests for one model file into a
   * project, as a user would; returns the model class's source file.
   */
  private static Path writeSample(Path project, Path file) {
    Path main = project.resolve("src/main/java");
    Path test = project.resolve("src/test/java");
    pcg("compile", file.toString(), "-o", main.toString(), "--package", PACKAGE,
        "--dtype", "f64");
    pcg("gen-tests", file.toString(), "-o", test.toString(), "--package", PACKAGE,
        "--seeds", Integer.toString(SEEDS));
    String className = ModelGenerator.className(Frontend.load(file), DType.F64);
    Path model = main.resolve(PACKAGE.replace('.', '/')).resolve(className + ".java");
    assertThat(model).exists();
    return model;
  }

  /** Messages of the diagnostics generating {@code file} reports, or none. */
  private static List<String> opsWithoutCodeGeneration(Path file) {
    Graph graph = Frontend.load(file);
    Compiled passes = Passes.run(graph, true);
    try {
      ModelGenerator.generate(passes.graph(), passes.schedule(), DType.F64, PACKAGE);
      return List.of();
    } catch (CompileException e) {
      return e.diagnostics().stream().map(Diagnostic::message).distinct().toList();
    }
  }

  private static void pcg(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(code).as("pcg %s: %s", String.join(" ", args), err).isZero();
  }

  /** A Maven project that depends on pcg and JUnit 5 and treats test warnings as errors. */
  private static Path writeProject(Path project) {
    try {
      Files.createDirectories(project);
      Files.writeString(project.resolve("pom.xml"), PROJECT_POM.formatted(pcgVersion(),
          System.getProperty("junit.version", "5.11.4")));
      return project;
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the test project", e);
    }
  }

  /** Tests, failures, errors and skipped of a sample's generated test class. */
  private static List<Integer> report(Path project, String sample) throws IOException {
    String testClass = TestGenerator.className(Frontend.load(SAMPLES.resolve(sample + ".pcg")));
    Path xml = project.resolve("target/surefire-reports/TEST-" + PACKAGE + "." + testClass
        + ".xml");
    assertThat(xml).as("surefire's report of " + testClass).exists();
    String suite = Files.readString(xml);
    List<Integer> counts = new ArrayList<>();
    for (String attribute : List.of("tests", "failures", "errors", "skipped")) {
      Matcher m = Pattern.compile("<testsuite [^>]*\\b" + attribute + "=\"(\\d+)\"")
          .matcher(suite);
      assertThat(m.find()).as(attribute + " in " + xml).isTrue();
      counts.add(Integer.parseInt(m.group(1)));
    }
    return counts;
  }

  /** Maven's exit code and everything it printed. */
  private record Maven(int exitCode, String output) {}

  /**
   * Runs Maven quietly in {@code workDir} (offline when asked), with the local repository of
   * the build running this test.
   */
  private static Maven maven(Path workDir, boolean offline, String... goals)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(mavenExecutable(), "-q", "-B"));
    if (offline) {
      command.add("-o");
    }
    String repository = System.getProperty("maven.repo.local");
    if (repository != null && !repository.isBlank()) {
      command.add("-Dmaven.repo.local=" + repository);
    }
    command.addAll(List.of(goals));
    Path log = Files.createTempFile(dir, "maven-", ".log");
    Process process = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(MAVEN_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("mvn " + String.join(" ", goals) + " took over "
          + MAVEN_TIMEOUT_MINUTES + " minutes:\n" + Files.readString(log));
    }
    return new Maven(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  /** The mvn of the Maven running this build when failsafe says where it is, else mvn. */
  private static String mavenExecutable() {
    String home = System.getProperty("maven.home");
    Path mvn = home == null || home.isBlank() ? null : Path.of(home, "bin", "mvn");
    return mvn != null && Files.isExecutable(mvn) ? mvn.toString() : "mvn";
  }

  /** pcg's version, from failsafe or else from pom.xml. */
  private static String pcgVersion() {
    String version = System.getProperty("pcg.version");
    if (version != null && !version.isBlank()) {
      return version;
    }
    try {
      Matcher m = Pattern.compile("<artifactId>pcg</artifactId>\\s*<version>([^<]+)</version>")
          .matcher(Files.readString(Path.of("pom.xml")));
      assertThat(m.find()).as("pcg's version in pom.xml").isTrue();
      return m.group(1);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read pom.xml", e);
    }
  }

  /**
   * The user's project: pcg and JUnit 5, plugin versions pcg's own build uses (so that an
   * offline build finds them), every lint on, and warnings in test code as errors so that
   * the generated tests are shown to compile cleanly.
   */
  private static final String PROJECT_POM = """
      <?xml version="1.0" encoding="UTF-8"?>
      <project xmlns="http://maven.apache.org/POM/4.0.0">
        <modelVersion>4.0.0</modelVersion>
        <groupId>org.example</groupId>
        <artifactId>models</artifactId>
        <version>1.0</version>
        <properties>
          <maven.compiler.release>17</maven.compiler.release>
          <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
        </properties>
        <dependencies>
          <dependency>
            <groupId>org.pcg</groupId>
            <artifactId>pcg</artifactId>
            <version>%s</version>
          </dependency>
          <dependency>
            <groupId>org.junit.jupiter</groupId>
            <artifactId>junit-jupiter</artifactId>
            <version>%s</version>
            <scope>test</scope>
          </dependency>
        </dependencies>
        <build>
          <plugins>
            <plugin>
              <artifactId>maven-resources-plugin</artifactId>
              <version>3.3.1</version>
            </plugin>
            <plugin>
              <artifactId>maven-compiler-plugin</artifactId>
              <version>3.13.0</version>
              <configuration>
                <compilerArgs><arg>-Xlint:all</arg></compilerArgs>
              </configuration>
              <executions>
                <execution>
                  <id>default-testCompile</id>
                  <configuration>
                    <compilerArgs><arg>-Xlint:all</arg><arg>-Werror</arg></compilerArgs>
                  </configuration>
                </execution>
              </executions>
            </plugin>
            <plugin>
              <artifactId>maven-surefire-plugin</artifactId>
              <version>3.5.2</version>
            </plugin>
          </plugins>
        </build>
      </project>
      """;
}
