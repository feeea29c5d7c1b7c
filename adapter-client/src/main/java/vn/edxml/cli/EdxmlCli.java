package vn.edxml.cli;

/** Entry point of {@code edxml.jar}. */
public final class EdxmlCli {

  private EdxmlCli() {}

  public static void main(String[] args) {
    System.err.println("edxml: no command is available in this build yet");
    System.exit(2);
  }
}
