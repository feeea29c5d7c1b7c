package vn.edxml.schema.adapters;

import jakarta.xml.bind.annotation.adapters.XmlAdapter;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;

/**
 * Maps the edXML timestamp format {@code yyyy/MM/dd HH:mm:ss} (local time, no zone) to {@link
 * LocalDateTime}. Parsing is strict.
 */
public final class EdxmlDateTimeAdapter extends XmlAdapter<String, LocalDateTime> {

  /** The edXML timestamp format, strict: {@code uuuu/MM/dd HH:mm:ss}. */
  public static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu/MM/dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

  @Override
  public LocalDateTime unmarshal(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    return LocalDateTime.parse(value.strip(), FORMAT);
  }

  @Override
  public String marshal(LocalDateTime value) {
    return value == null ? null : FORMAT.format(value);
  }
}
