package vn.edxml.node.store;

/** Store size, for metrics. */
public record StoreStats(long messages, long payloadBytes) {}
