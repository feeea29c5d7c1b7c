package vn.edxml.model;

/**
 * MessageHeader/DocumentType: the type code (sources disagree on its meaning: 1 and 2 on one axis,
 * 18 for "Công văn" on another) and its name, e.g. {@code Công văn}, {@code Quyết định}.
 *
 * @param type the DocumentType/Type number
 * @param name the TypeName
 */
public record DocumentType(int type, String name) {

  public DocumentType {
    if (type < 0) {
      throw new IllegalArgumentException("DocumentType/Type must not be negative: " + type);
    }
    name = name == null ? "" : name;
  }
}
