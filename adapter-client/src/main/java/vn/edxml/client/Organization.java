package vn.edxml.client;

/** A directory entry of the node. */
public record Organization(
    String organId, String name, String parentId, String homeNode, boolean local) {}
