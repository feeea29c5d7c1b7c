package vn.edxml.node.store;

/** The database engines every store test runs against. */
public enum Engine {
  H2,
  POSTGRESQL
}
