package vn.edxml.model;

/**
 * MessageHeader/SignerInfo.
 *
 * @param competence signing-authority prefix, e.g. {@code KT. CHỦ TỊCH} (may be empty)
 * @param position title, e.g. {@code PHÓ CHỦ TỊCH}
 * @param fullName the signer's name
 */
public record Signer(String competence, String position, String fullName) {

  public Signer {
    competence = competence == null ? "" : competence;
    position = position == null ? "" : position;
    fullName = fullName == null ? "" : fullName;
  }
}
