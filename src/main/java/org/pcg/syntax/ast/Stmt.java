package org.pcg.syntax.ast;

import java.util.List;
import java.util.Optional;
import org.pcg.syntax.SourceSpan;

/** A statement of a model or layer body. Each span marks the statement's first token. */
public sealed interface Stmt {

  SourceSpan span();

  /** {@code input name : [dims]}: a per-sample data leaf. */
  record Input(Ident name, List<Expr> shape, SourceSpan span) implements Stmt {

    public Input {
      shape = List.copyOf(shape);
    }
  }

  /** {@code target name : [dims]}: the leaf the loss compares the output with. */
  record Target(Ident name, List<Expr> shape, SourceSpan span) implements Stmt {

    public Target {
      shape = List.copyOf(shape);
    }
  }

  /** {@code param name : [dims] init spec}: a learned leaf. */
  record Param(Ident name, List<Expr> shape, Optional<InitSpec> init, SourceSpan span)
      implements Stmt {

    public Param {
      shape = List.copyOf(shape);
    }
  }

  /**
   * {@code name = expr} or {@code name[i] = expr}: one vertex (or one element of a family).
   */
  record Assign(Ident name, Optional<Expr> index, Expr value, SourceSpan span) implements Stmt {}

  /** {@code loss fn(output, target, reduction=mean)}. */
  record Loss(Ident function, List<Arg> args, SourceSpan span) implements Stmt {

    public Loss {
      args = List.copyOf(args);
    }
  }

  /** {@code train { key = value ... }}: training defaults the command line may override. */
  record Train(List<Setting> settings, SourceSpan span) implements Stmt {

    public Train {
      settings = List.copyOf(settings);
    }
  }

  /** {@code for t in from..to { ... }}: an unrolled loop over an inclusive range. */
  record For(Ident variable, Expr from, Expr to, List<Stmt> body, SourceSpan span)
      implements Stmt {

    public For {
      body = List.copyOf(body);
    }
  }

  /** {@code return expr}: the value of a layer. */
  record Return(Expr value, SourceSpan span) implements Stmt {}

  /** An initialiser: {@code glorot}, {@code constant(0.1)}, {@code uniform(-1, 1)}. */
  record InitSpec(Ident name, List<Arg> args, SourceSpan span) {

    public InitSpec {
      args = List.copyOf(args);
    }
  }

  /** One {@code key = value} of a train block; the value is a number or a word. */
  record Setting(Ident key, Expr value) {}
}
