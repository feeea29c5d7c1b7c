package vn.edxml.schema.adapters;

import jakarta.xml.bind.annotation.adapters.XmlAdapter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Maps {@code xs:dateTime} to {@link Instant}. A value must carry a zone offset: a local time is
 * ambiguous between nodes and is rejected. Values are written in UTC.
 */
public final class InstantAdapter extends XmlAdapter<String, Instant> {

  @Override
  public Instant unmarshal(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    return OffsetDateTime.parse(value.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
  }

  @Override
  public String marshal(Instant value) {
    return value == null ? null : DateTimeFormatter.ISO_INSTANT.format(value);
  }
}
