package org.pcg.syntax.ast;

import java.util.List;
import org.pcg.syntax.SourceSpan;

/** A {@code model name { ... }} block: the statements that become one computational graph. */
public record ModelDef(Ident name, List<Stmt> body, SourceSpan span) {

  public ModelDef {
    body = List.copyOf(body);
  }
}
