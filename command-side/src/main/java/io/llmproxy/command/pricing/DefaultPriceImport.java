package io.llmproxy.command.pricing;

import io.llmproxy.kernel.pricing.ImportModelPrice;
import io.llmproxy.kernel.pricing.ModelPrice;
import io.llmproxy.kernel.pricing.PriceTable;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Imports the bundled price table into the event store on first start: each model without a price
 * history gets the table's price, valid since the beginning; models already priced keep theirs, so
 * admin changes are never overwritten by a newer bundled table.
 */
@Component
class DefaultPriceImport implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(DefaultPriceImport.class);

  private final CommandGateway commands;

  DefaultPriceImport(CommandGateway commands) {
    this.commands = commands;
  }

  @Override
  public void run(ApplicationArguments args) {
    PriceTable table = PriceTable.bundledDefault();
    for (ModelPrice price : table.prices()) {
      commands.sendAndWait(ImportModelPrice.of(price, table.version()));
    }
    log.info("price table {}: {} models present", table.version(), table.prices().size());
  }
}
