package vn.edxml.model;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A reference to an earlier document (ResponseFor): in a status, the document the status is about;
 * in a document, a document it answers or refers to.
 *
 * @param organId the referenced document's issuing organ
 * @param code its {@code Number/Notation}
 * @param promulgationDate its promulgation date, or null when the package omits it
 * @param documentId its DocumentId, kept as written (see {@link DocumentId})
 */
public record ResponseFor(
    String organId, String code, LocalDate promulgationDate, String documentId) {

  public ResponseFor {
    Objects.requireNonNull(organId, "organId");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(documentId, "documentId");
  }

  /** The reference to {@code edoc}: its sender, code, promulgation date and DocumentId. */
  public static ResponseFor of(Edoc edoc) {
    return new ResponseFor(
        edoc.from().organId(), edoc.code().toString(), edoc.promulgationDate(), edoc.documentId());
  }

  public Optional<LocalDate> promulgationDateIfKnown() {
    return Optional.ofNullable(promulgationDate);
  }
}
