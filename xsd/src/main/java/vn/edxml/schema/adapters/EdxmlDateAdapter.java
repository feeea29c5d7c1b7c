package vn.edxml.schema.adapters;

import jakarta.xml.bind.annotation.adapters.XmlAdapter;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;

/**
 * Maps the edXML date format {@code yyyy/MM/dd} to {@link LocalDate}. Parsing is strict: an
 * impossible date such as {@code 2014/02/30} is an error, never silently moved to another day. An
 * empty element maps to {@code null}.
 */
public final class EdxmlDateAdapter extends XmlAdapter<String, LocalDate> {

  /** The edXML date format, strict: {@code uuuu/MM/dd}. */
  public static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu/MM/dd").withResolverStyle(ResolverStyle.STRICT);

  @Override
  public LocalDate unmarshal(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    return LocalDate.parse(value.strip(), FORMAT);
  }

  @Override
  public String marshal(LocalDate value) {
    return value == null ? null : FORMAT.format(value);
  }
}
