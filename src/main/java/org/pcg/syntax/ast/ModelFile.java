package org.pcg.syntax.ast;

import java.util.List;

/**
 * The root of the syntax tree of one {@code .pcg} file: its layer definitions (wherever they
 * were written) and its models. A file that parsed without errors has exactly one model.
 */
public record ModelFile(String fileName, List<LayerDef> layers, List<ModelDef> models) {

  public ModelFile {
    layers = List.copyOf(layers);
    models = List.copyOf(models);
  }

  /** The model of a file that parsed cleanly. */
  public ModelDef model() {
    if (models.size() != 1) {
      throw new IllegalStateException("file " + fileName + " has " + models.size() + " models");
    }
    return models.get(0);
  }
}
