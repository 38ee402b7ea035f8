package org.pcg.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import javax.lang.model.SourceVersion;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Model names become plain, unique Java identifiers. */
class ManglerTest {

  @Test
  void modelNamesReadTheSame() {
    assertThat(Mangler.clean("h[3]")).isEqualTo("h_3");
    assertThat(Mangler.clean("b1.W")).isEqualTo("b1_W");
    assertThat(Mangler.clean("h->out~1")).isEqualTo("h_out_1");
    assertThat(Mangler.clean("block1.inner[2].W")).isEqualTo("block1_inner_2_W");
  }

  @Test
  void keywordsLeadingDigitsAndEmptyNamesAreFixed() {
    assertThat(Mangler.clean("class")).isEqualTo("class_");
    assertThat(Mangler.clean("null")).isEqualTo("null_");
    assertThat(Mangler.clean("3d")).isEqualTo("v3d");
    assertThat(Mangler.clean("[]")).isEqualTo("v");
  }

  @Test
  void collisionsAndReservedNamesGetSuffixes() {
    Mangler m = new Mangler(Set.of("n", "Math"));

    assertThat(m.name("h[3]")).isEqualTo("h_3");
    assertThat(m.name("h.3")).isEqualTo("h_3_2");
    assertThat(m.name("n")).isEqualTo("n_2");
    assertThat(m.name("Math")).isEqualTo("Math_2");
  }

  @Test
  void classNamesAreCamelCaseWithTheDtype() {
    assertThat(Mangler.className("deep_mlp", "F32")).isEqualTo("DeepMlpF32");
    assertThat(Mangler.className("lenet5", "F64")).isEqualTo("Lenet5F64");
    assertThat(Mangler.className("5net", "F64")).isEqualTo("V5netF64");
  }

  @Property
  void anyTextBecomesAnAsciiIdentifier(@ForAll String text) {
    String name = new Mangler(Set.of()).name(text);

    assertThat(name).matches("[A-Za-z_][A-Za-z0-9_]*");
    assertThat(SourceVersion.isName(name)).isTrue();
  }
}
