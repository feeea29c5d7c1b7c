package vn.edxml.model;

import java.time.LocalDateTime;

/**
 * One TraceHeaderList/TraceHeader: a system that handled the package, and when (local time, no
 * zone, as written in the package).
 */
public record TraceHeader(String organId, LocalDateTime timestamp) {}
