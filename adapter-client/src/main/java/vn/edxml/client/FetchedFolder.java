package vn.edxml.client;

import java.nio.file.Path;
import java.util.List;

/**
 * A message fetched into a folder of its own: the package file, checked against the digest the node
 * signed, and the attachments of a document decoded next to it; zipped attachments are also
 * unpacked, safely, into a subfolder.
 *
 * @param message what the node said about the message
 * @param folder the message's folder
 * @param packageFile {@code folder/package.edxml}
 * @param attachments the attachments in package order (empty for a status)
 */
public record FetchedFolder(
    FetchedMessage message, Path folder, Path packageFile, List<SavedAttachment> attachments) {

  public FetchedFolder {
    attachments = List.copyOf(attachments);
  }

  /**
   * One attachment written to the folder.
   *
   * @param contentId its ContentId (without {@code cid:})
   * @param name its AttachmentName as the sender wrote it
   * @param contentType its ContentType as labelled by the sender (not to be trusted)
   * @param file where it was written: the sender's name made safe, unique in the folder
   * @param size bytes
   * @param unzipped for a zip archive, the files extracted into a subfolder; else empty
   */
  public record SavedAttachment(
      String contentId,
      String name,
      String contentType,
      Path file,
      long size,
      List<Path> unzipped) {

    public SavedAttachment {
      unzipped = List.copyOf(unzipped);
    }
  }
}
