package io.llmproxy.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fails a class whose constant pool names one of Axon's tables. ArchUnit sees dependencies, not
 * string constants, so this reads the class file itself: SQL text, and every constant the compiler
 * copied in from another class, is in the pool as a UTF-8 entry.
 */
final class AxonTableNames extends ArchCondition<JavaClass> {

  static final List<String> TABLES =
      List.of(
          "domain_event_entry",
          "snapshot_event_entry",
          "token_entry",
          "saga_entry",
          "association_value_entry",
          "dead_letter_entry");

  private static final int CLASS_FILE_MAGIC = 0xCAFEBABE;

  AxonTableNames() {
    super("not name Axon's tables " + TABLES);
  }

  @Override
  public void check(JavaClass javaClass, ConditionEvents events) {
    for (String constant : utf8Constants(javaClass)) {
      String text = constant.toLowerCase(Locale.ROOT);
      for (String table : TABLES) {
        if (text.contains(table)) {
          events.add(
              SimpleConditionEvent.violated(
                  javaClass, javaClass.getName() + " names " + table + " in \"" + constant + "\""));
        }
      }
    }
  }

  private static List<String> utf8Constants(JavaClass javaClass) {
    var source =
        javaClass
            .getSource()
            .orElseThrow(() -> new IllegalStateException("no class file for " + javaClass));
    try (InputStream in = source.getUri().toURL().openStream()) {
      return utf8Constants(new DataInputStream(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the class file of " + javaClass.getName(), e);
    }
  }

  /** The CONSTANT_Utf8 entries of a class file's constant pool (JVMS 4.4). */
  static List<String> utf8Constants(DataInputStream in) throws IOException {
    if (in.readInt() != CLASS_FILE_MAGIC) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort(); // minor version
    in.readUnsignedShort(); // major version
    int count = in.readUnsignedShort();
    List<String> strings = new ArrayList<>();
    for (int index = 1; index < count; index++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> strings.add(in.readUTF());
        case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
        case 15 -> in.skipNBytes(3);
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
        case 5, 6 -> {
          // eight-byte constants take two pool slots
          in.skipNBytes(8);
          index++;
        }
        default -> throw new IOException("unknown constant pool tag " + tag);
      }
    }
    return strings;
  }
}
