package org.pcg.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pcg.codegen.ModelCompiler;
import org.pcg.codegen.ModelGenerator;
import org.pcg.codegen.TestGenerator;
import org.pcg.ir.Graph;
import org.pcg.passes.Compiled;
import org.pcg.passes.Passes;
import org.pcg.runtime.DType;
import org.pcg.syntax.Frontend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pcg gen-tests}: writes a JUnit 5 test class for the double-precision class that
 * {@code pcg compile --dtype f64} writes for the same model, into a test source tree. The
 * tests check that Z-IL equals BP, that BP's gradients match finite differences, and that
 * the forward pass is finite.
 */
@Command(name = "gen-tests", mixinStandardHelpOptions = true,
    description = "Write JUnit 5 tests that check a compiled model (pcg compile --dtype f64):"
        + " Z-IL equals BP, BP matches finite differences, the forward pass is finite.")
final class GenTestsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL.pcg", description = "The model file.")
  Path model;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", required = true,
      description = "Test source root to write into; the package's directories are created.")
  Path output;

  @Option(names = "--package", paramLabel = "P", defaultValue = ModelCompiler.DEFAULT_PACKAGE,
      description = "Package of the model class, which the tests share (default:"
          + " ${DEFAULT-VALUE}).")
  String packageName;

  @Option(names = "--seeds", paramLabel = "K", defaultValue = "3",
      description = "Seeds each test runs, 1 to K (default: ${DEFAULT-VALUE}).")
  int seeds;

  @Override
  public Integer call() {
    CompileCommand.checkPackage(packageName);
    if (seeds < 1) {
      throw new UserError("--seeds must be at least 1, got " + seeds, Main.USAGE);
    }
    Graph graph = Frontend.load(model);
    checkGeneratable(graph);
    ModelGenerator.Source tests = TestGenerator.generate(graph, packageName, seeds);
    Path file = output.resolve(tests.path());
    OutputPaths.writeSource(file, tests.code());
    spec.commandLine().getOut().printf("wrote %s: class %s, %d seeds, testing %s%n", file,
        tests.qualifiedName(), seeds, ModelGenerator.className(graph, DType.F64));
    return Main.OK;
  }

  /**
   * Generates the model class and drops it, so a model that pcg compile would reject (an op
   * without code generation) is rejected here with the same diagnostics.
   */
  /**
   * The model must compile, and have something to test: equivalence tests of a model without
   * parameters would pass while comparing nothing, as {@code pcg check} also refuses.
   */
  private void checkGeneratable(Graph graph) {
    if (graph.params().isEmpty()) {
      throw new UserError("model " + graph.name() + " has no parameters: its equivalence tests"
          + " would compare nothing", Main.RUN_FAILURE);
    }
    Compiled passes = Passes.run(graph, true);
    ModelGenerator.generate(passes.graph(), passes.schedule(), DType.F64, packageName);
  }
}
