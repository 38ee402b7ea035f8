package org.pcg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javax.lang.model.SourceVersion;
import org.pcg.codegen.ModelCompiler;
import org.pcg.codegen.ModelGenerator;
import org.pcg.ir.Graph;
import org.pcg.passes.Compiled;
import org.pcg.passes.Passes;
import org.pcg.runtime.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pcg compile}: writes the Java source of a model's class into a source tree, for a
 * user's own build. The class compiles with plain javac against the pcg jar and implements
 * {@link org.pcg.runtime.CompiledModel}; construct it with a capacity and a seed.
 */
@Command(name = "compile", mixinStandardHelpOptions = true,
    description = "Write the Java class pcg generates for a model.")
final class CompileCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL.pcg", description = "The model file.")
  Path model;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", required = true,
      description = "Source root to write into; the package's directories are created.")
  Path output;

  @Option(names = "--package", paramLabel = "P", defaultValue = ModelCompiler.DEFAULT_PACKAGE,
      description = "Package of the generated class (default: ${DEFAULT-VALUE}).")
  String packageName;

  @Option(names = "--dtype", paramLabel = "f32|f64",
      description = "Element type of the generated code (default: the model's train block,"
          + " else f32).")
  String dtype;

  @Option(names = "--no-level",
      description = "Research switch: generate from the unlevelled graph (Z-IL then diverges"
          + " from BP on graphs with skip connections).")
  boolean noLevel;

  @Override
  public Integer call() {
    checkPackage(packageName);
    // Before the model is compiled, and a usage error (2) as train's outputs are.
    OutputPaths.checkTree("--output", output);
    ModelArgs args = new ModelArgs();
    args.model = model;
    args.dtype = dtype;
    Graph graph = args.load();
    DType type = args.dtype(graph);
    Compiled passes = Passes.run(graph, !noLevel);
    ModelGenerator.Source source = ModelGenerator.generate(passes.graph(), passes.schedule(),
        type, packageName);
    Path file = output.resolve(source.path());
    OutputPaths.writeSource(file, source.code());
    PrintWriter out = spec.commandLine().getOut();
    out.printf("wrote %s: class %s, %d vertices (%d identities from levelling), %d"
        + " parameters%n", file, source.qualifiedName(), passes.graph().vertices().size(),
        passes.identityCount(), passes.graph().params().size());
    return Main.OK;
  }

  /** A package name must be dot-separated Java identifiers, none a keyword. */
  static void checkPackage(String name) {
    if (name.isEmpty()) {
      return;
    }
    for (String part : name.split("\\.", -1)) {
      if (!SourceVersion.isIdentifier(part) || SourceVersion.isKeyword(part)) {
        throw new UserError("'" + name + "' is not a Java package name", Main.USAGE);
      }
    }
  }
}
