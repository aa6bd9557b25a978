package io.llmproxy.query.reconciliation;

/** Reads one provider export format into rows per UTC day and model. */
interface ExportParser {

  /**
   * @throws ExportParseException naming the line or field when the export is not of this format
   */
  ParsedExport parse(byte[] export);
}
