package vn.edxml.node.exchange;

import java.io.IOException;
import java.io.InputStream;

/** Conformance check of a staged package (schema and rules) before it is accepted. */
@FunctionalInterface
public interface PackageCheck {

  /**
   * @throws vn.edxml.node.fault.NodeFault SCHEMA_INVALID or PACKAGE_UNREADABLE when the package
   *     must be refused
   */
  void check(InputStream in, long size) throws IOException;
}
