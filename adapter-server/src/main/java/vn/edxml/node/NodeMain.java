package vn.edxml.node;

/** Entry point of {@code edxml-node.jar}. */
public final class NodeMain {

  private NodeMain() {}

  public static void main(String[] args) {
    System.err.println("edxml-node: the interchange node is not part of this build yet");
    System.exit(2);
  }
}
