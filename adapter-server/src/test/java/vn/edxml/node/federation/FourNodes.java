package vn.edxml.node.federation;

import java.io.IOException;

/**
 * The topology: a commune node, its province hub, the national hub and another province's
 * hub.
 *
 * <pre>
 *   xa.H41.01 (000.46.24.H41) -- hub.H41 (000.00.00.H41) -- hub.national (000.00.00.G22)
 *                                                                  |
 *                                                           hub.H44 (000.00.01.H44)
 * </pre>
 */
final class FourNodes {

  static final String XA = "xa.H41.01";
  static final String HUB41 = "hub.H41";
  static final String NATIONAL = "hub.national";
  static final String HUB44 = "hub.H44";

  /** UBND xã (commune) at the commune node. */
  static final String X = "000.46.24.H41";

  /** UBND tỉnh at the province hub H41. */
  static final String P41 = "000.00.00.H41";

  /** Văn phòng Chính phủ at the national hub. */
  static final String G22 = "000.00.00.G22";

  /** An organ of the other province, at hub H44. */
  static final String Y = "000.00.01.H44";

  /** No node routes this one. */
  static final String NOWHERE = "000.00.00.Z99";

  private FourNodes() {}

  /** Declares the four nodes with their peers and routing tables. */
  static Topology declare(Topology t) throws IOException {
    t.node(XA).organs(X).peer("province", HUB41).route("route.default", "province");
    t.node(HUB41)
        .organs(P41)
        .peer("xa01", XA)
        .peer("national", NATIONAL)
        .route("route.organ." + X, "xa01")
        .route("route.default", "national");
    t.node(NATIONAL)
        .organs(G22)
        .peer("h41", HUB41)
        .peer("h44", HUB44)
        .route("route.group.H41", "h41")
        .route("route.group.H44", "h44");
    t.node(HUB44).organs(Y).peer("national", NATIONAL).route("route.default", "national");
    return t;
  }
}
