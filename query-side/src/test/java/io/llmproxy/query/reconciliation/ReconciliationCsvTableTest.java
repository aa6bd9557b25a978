package io.llmproxy.query.reconciliation;

import static io.llmproxy.query.reconciliation.ExportFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReconciliationCsvTableTest {

  @Test
  void quotedCellsKeepCommasQuotesAndLineBreaks() {
    CsvTable table =
        CsvTable.read(text("\uFEFFName,Note\r\n\"a, b\",\"say \"\"hi\"\"\r\nthere\"\r\nc,d\r\n"));

    assertThat(table.rows()).hasSize(2);
    assertThat(table.rows().get(0).get("name")).isEqualTo("a, b");
    assertThat(table.rows().get(0).get("note")).isEqualTo("say \"hi\"\r\nthere");
    // the second record starts on line 4, after the line break inside the quoted cell
    assertThat(table.rows().get(1).line()).isEqualTo(4);
    assertThat(table.rows().get(1).get("note")).isEqualTo("d");
  }

  @Test
  void tabSeparatedFilesAndBlankLinesAreRead() {
    CsvTable table = CsvTable.read(text("model\tinput_tokens\n\ngpt-4o\t12\n\n"));

    assertThat(table.rows()).hasSize(1);
    assertThat(table.rows().get(0).count("input_tokens")).isEqualTo(12);
    assertThat(table.rows().get(0).line()).isEqualTo(3);
  }

  @Test
  void aRecordWithTheWrongNumberOfCellsNamesItsLine() {
    assertThatThrownBy(() -> CsvTable.read(text("a,b\n1,2\n1,2,3\n")))
        .hasMessage("line 3 has 3 cells where the header has 2");
  }

  @Test
  void aQuoteNeverClosedNamesTheLineItOpensOn() {
    assertThatThrownBy(() -> CsvTable.read(text("a,b\n1,2\n\"3,4\n5,6\n")))
        .hasMessage("line 3: a quoted cell is never closed");
  }

  @Test
  void aColumnNamedTwiceIsRefused() {
    assertThatThrownBy(() -> CsvTable.read(text("model,Model\nx,y\n")))
        .hasMessage("line 1: the column \"model\" appears twice");
  }
}
