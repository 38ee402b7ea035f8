package org.pcg.ir;

import java.util.List;
import java.util.Map;
import org.pcg.syntax.Diagnostics;
import org.pcg.syntax.ast.LayerDef;
import org.pcg.syntax.ast.ModelDef;
import org.pcg.syntax.ast.ModelFile;

/**
 * The second phase of the compiler: a parsed model file to a {@link Graph}. In three steps:
 *
 * <ol>
 *   <li>expand layer calls and unroll loops, binding every name ({@link LoweringExpander});
 *   <li>lower each statement's expression to a {@link Node} with shapes from the op
 *       catalogue, one vertex per statement, in topological order ({@link LoweringBuilder});
 *   <li>read the loss and training defaults, and check that every statement feeds the
 *       output ({@link LoweringLoss}, {@link LoweringTrain}, {@link LoweringUse}).
 * </ol>
 *
 * Each step reports all it finds; lowering stops after a step that found errors.
 */
public final class Lowering {

  private final LoweringReport report;

  private Lowering(Diagnostics diagnostics) {
    this.report = new LoweringReport(diagnostics);
  }

  /**
   * Lowers a file that parsed without errors. Returns null when it reported errors to
   * {@code diagnostics}; callers then call {@link Diagnostics#throwIfErrors()}.
   */
  public static Graph lower(ModelFile file, Diagnostics diagnostics) {
    if (file.models().size() != 1) {
      throw new IllegalArgumentException("lower a file that parsed without errors");
    }
    Lowering lowering = new Lowering(diagnostics);
    try {
      return lowering.run(file);
    } catch (StackOverflowError deep) {
      // Only a pathological file (thousands of statements each reading the next one
      // down) recurses this deep; building in definition order keeps real models shallow.
      lowering.report.error(file.model().span(), "the model's statements refer to ones"
          + " defined later too deeply to compile; define statements before they are used");
      return null;
    } finally {
      lowering.report.flush();
    }
  }

  private Graph run(ModelFile file) {
    ModelDef model = file.model();
    Map<String, LayerDef> layers = new LoweringLayerDefs(report).check(file.layers());
    Scope root = Scope.model();
    LoweringNames names = new LoweringNames(root, layers.keySet());
    LoweringConstants constants = new LoweringConstants(report, names);
    LoweringDefs defs = new LoweringDefs();

    // Step 1: bind names, expand layers, unroll loops.
    LoweringExpander expander = new LoweringExpander(report, defs, constants, layers);
    expander.statements(model.body(), root);
    if (!expander.stoppedEarly()) {
      LoweringLoss.checkCount(defs, model, report);
    }
    if (report.errors() > 0) {
      return null;
    }

    // Step 2: lower expressions to vertices.
    LoweringBuilder builder = new LoweringBuilder(report, defs, constants, names);
    List<Vertex> vertices = builder.buildAll();
    Loss loss = new LoweringLoss(report, builder.exprs(), names).lower(defs.losses.get(0));
    TrainingDefaults defaults = new LoweringTrain(report).lower(defs.trains);
    if (report.errors() > 0) {
      return null;
    }

    // Step 3: check use, then assemble.
    new LoweringUse(report).check(vertices, defs, loss);
    new LoweringLayerDefs(report).warnUncalled(layers, expander.calledLayers());
    if (report.errors() > 0) {
      return null;
    }
    List<Param> params = defs.params.values().stream().map(LoweringDefs.ParamDef::param)
        .toList();
    return new Graph(model.name().text(), file.fileName(), vertices, params, loss, defaults);
  }
}
