package org.pcg.cli;

import java.nio.file.Path;
import org.pcg.codegen.ModelCompiler;
import org.pcg.ir.Graph;
import org.pcg.runtime.DType;
import org.pcg.syntax.Frontend;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The options every command that compiles a model shares. */
final class ModelArgs {

  @Parameters(index = "0", paramLabel = "MODEL.pcg", description = "The model file.")
  Path model;

  @Option(names = "--dtype", paramLabel = "f32|f64",
      description = "Element type of the generated code (default: the model's train block,"
          + " else f32).")
  String dtype;

  @Option(names = "--seed", paramLabel = "S",
      description = "Seed of initial weights and shuffling (default: the model's, else 42).")
  Long seed;

  @Option(names = "--no-level",
      description = "Research switch: generate from the unlevelled graph (Z-IL then diverges"
          + " from BP on graphs with skip connections).")
  boolean noLevel;

  @Option(names = "--cache-dir", paramLabel = "DIR",
      description = "Where compiled model classes are cached (default: ~/.cache/pcg/classes;"
          + " see docs/data.md).")
  Path cacheDir;

  /** The command this mixin serves, whose error stream hears about a repaired cache. */
  @Spec(Spec.Target.MIXEE) CommandSpec mixee;

  /** Parses and lowers the model file; diagnostics end the command. */
  Graph load() {
    return Frontend.load(model);
  }

  DType dtype(Graph graph) {
    String flag = dtype != null ? dtype : graph.defaults().word("dtype", "f32");
    for (DType d : DType.values()) {
      if (d.flag().equals(flag)) {
        return d;
      }
    }
    throw new UserError("unknown dtype '" + flag + "': use f32 or f64", Main.USAGE);
  }

  long seed(Graph graph) {
    return seed != null ? seed : (long) graph.defaults().number("seed", 42);
  }

  /** The model class of {@code graph} in {@code dtype}, compiled or from the cache. */
  ModelCompiler.Factory compile(Graph graph, DType dtype) {
    ModelCompiler.Factory factory = ModelCompiler.compile(graph, dtype, compilerOptions());
    if (factory.cacheNote() != null) {
      mixee.commandLine().getErr().println("pcg: note: " + factory.cacheNote());
    }
    return factory;
  }

  ModelCompiler.Options compilerOptions() {
    ModelCompiler.Options options = ModelCompiler.Options.defaults().withLevel(!noLevel);
    if (cacheDir != null && cacheDir.toString().isEmpty()) {
      throw new UserError("--cache-dir needs a directory", Main.USAGE);
    }
    return cacheDir == null ? options : options.withCacheDir(cacheDir);
  }
}
