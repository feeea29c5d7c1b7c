package vn.edxml.validation.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small in-memory element of the package header (never attachment content), with its location.
 */
public final class Node {

  private final String namespace;
  private final String name;
  private final String xpath;
  private final int line;
  private final int column;
  private final Node parent;
  private final List<Node> children = new ArrayList<>();
  private final Map<String, String> attributes = new HashMap<>();
  private final StringBuilder text = new StringBuilder();
  private Base64Checker base64;

  Node(String namespace, String name, String xpath, int line, int column, Node parent) {
    this.namespace = namespace;
    this.name = name;
    this.xpath = xpath;
    this.line = line;
    this.column = column;
    this.parent = parent;
    if (parent != null) {
      parent.children.add(this);
    }
  }

  public String namespace() {
    return namespace;
  }

  public String name() {
    return name;
  }

  public String xpath() {
    return xpath;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  public Node parent() {
    return parent;
  }

  public List<Node> children() {
    return Collections.unmodifiableList(children);
  }

  /** The trimmed text content of this element (its own text nodes only). */
  public String text() {
    return text.toString().strip();
  }

  void appendText(char[] ch, int start, int length) {
    text.append(ch, start, length);
  }

  void attribute(String localName, String value) {
    attributes.put(localName, value);
  }

  public Optional<String> attribute(String localName) {
    return Optional.ofNullable(attributes.get(localName));
  }

  public Base64Checker base64() {
    return base64;
  }

  void base64(Base64Checker checker) {
    this.base64 = checker;
  }

  /** The first child with this local name. */
  public Optional<Node> child(String localName) {
    for (Node c : children) {
      if (c.name.equals(localName)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** All children with this local name. */
  public List<Node> children(String localName) {
    List<Node> out = new ArrayList<>();
    for (Node c : children) {
      if (c.name.equals(localName)) {
        out.add(c);
      }
    }
    return out;
  }

  /** The first node along a slash-separated path of local names, e.g. {@code Code/CodeNumber}. */
  public Optional<Node> path(String path) {
    Node current = this;
    for (String step : path.split("/")) {
      Optional<Node> next = current.child(step);
      if (next.isEmpty()) {
        return Optional.empty();
      }
      current = next.get();
    }
    return Optional.of(current);
  }

  /** The trimmed text at a path, or empty when the element is absent. */
  public Optional<String> textAt(String path) {
    return path(path).map(Node::text);
  }

  /** Every descendant (depth first, document order) with this local name. */
  public List<Node> descendants(String localName) {
    List<Node> out = new ArrayList<>();
    collect(localName, out);
    return out;
  }

  private void collect(String localName, List<Node> out) {
    for (Node c : children) {
      if (c.name.equals(localName)) {
        out.add(c);
      }
      c.collect(localName, out);
    }
  }
}
