package vn.edxml.node.store;

/**
 * A directory entry.
 *
 * @param code organ code (mã định danh), exact and case-sensitive
 * @param name display name
 * @param parentCode parent organ's code or null
 * @param homeNode code of the node that keeps this organ's mailbox
 * @param local true when the mailbox is on this node
 */
public record OrganRecord(
    String code, String name, String parentCode, String homeNode, boolean local) {}
