package org.pcg.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.pcg.ir.Init;
import org.pcg.ir.Loss;
import org.pcg.ir.Op;
import org.pcg.ir.OpCatalog;
import org.pcg.ir.TrainingDefaults;

/** The language reference keeps up with the catalogue: every op, loss, init and setting. */
class LanguageDocTest {

  private static String reference() throws IOException {
    return Files.readString(Path.of("docs/language.md"));
  }

  @Test
  void everyOpIsDocumented() throws IOException {
    String doc = reference();

    for (Op op : OpCatalog.all()) {
      assertThat(doc).as("op %s", op.name()).contains("`" + op.name() + "(");
    }
  }

  @Test
  void everyLossInitialiserAndTrainingSettingIsDocumented() throws IOException {
    String doc = reference();

    for (Loss.Kind k : Loss.Kind.values()) {
      assertThat(doc).contains(k.spelling());
    }
    for (Init.Kind k : Init.Kind.values()) {
      assertThat(doc).contains("`" + k.spelling());
    }
    for (String key : TrainingDefaults.KEYS) {
      assertThat(doc).contains("    " + key + " ");
    }
  }
}
