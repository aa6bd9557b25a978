package io.llmproxy.app.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data folder and its files — the SQLite database with its -wal, -shm and -journal files, the
 * generated secrets — hold password and key hashes and all usage, so only their owner may read
 * them: the folder is 0700, each file 0600. Permissions are set explicitly rather than left to the
 * process's umask. SQLite gives the files it creates next to the database the database file's own
 * mode, so creating that file 0600 before SQLite opens it leaves nothing readable by others at any
 * moment. On a file system without POSIX permissions (Windows) nothing is changed.
 */
public final class OwnerOnlyFiles {

  private static final Logger log = LoggerFactory.getLogger(OwnerOnlyFiles.class);
  private static final Set<PosixFilePermission> FOLDER =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OTHERS =
      EnumSet.complementOf(
          EnumSet.of(
              PosixFilePermission.OWNER_READ,
              PosixFilePermission.OWNER_WRITE,
              PosixFilePermission.OWNER_EXECUTE));

  private OwnerOnlyFiles() {}

  /** Creates {@code folder} (its parents as usual) unless it exists; a new one is 0700. */
  private static void createFolder(Path folder) throws IOException {
    if (Files.isDirectory(folder)) {
      return;
    }
    Path parent = folder.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try {
      Files.createDirectory(folder, ownerOnly(folder, FOLDER));
      setIfPosix(folder, FOLDER);
    } catch (FileAlreadyExistsException raced) {
      // created meanwhile; the start-up check tightens it if need be
    }
  }

  /** Creates an empty file readable and writable by its owner only; false if it existed. */
  public static boolean createFile(Path file) throws IOException {
    createFolder(file.toAbsolutePath().getParent());
    try {
      Files.createFile(file, ownerOnly(file, FILE));
    } catch (FileAlreadyExistsException exists) {
      return false;
    }
    // the umask may have taken bits from the owner too
    setIfPosix(file, FILE);
    return true;
  }

  /**
   * Takes every permission for group and others off {@code folder}, if it exists, and off every
   * file directly in it: what an earlier version, a copied backup or an operator's umask left
   * readable. Logs each change. A file it may not change is reported, not fatal.
   */
  static void tighten(Path folder) {
    if (!Files.isDirectory(folder)) {
      return;
    }
    try {
      if (!isPosix(folder)) {
        log.debug("{} has no POSIX permissions; its files keep the ones it gives them", folder);
        return;
      }
      takeFromOthers(folder);
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
        for (Path entry : entries) {
          // a link's target may be anything, shared with anyone; the link itself has no mode
          if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
            takeFromOthers(entry);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the data folder " + folder, e);
    }
  }

  private static void takeFromOthers(Path path) throws IOException {
    Set<PosixFilePermission> current =
        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
    if (current.stream().noneMatch(OTHERS::contains)) {
      return;
    }
    Set<PosixFilePermission> tightened = EnumSet.copyOf(current);
    tightened.removeAll(OTHERS);
    try {
      Files.setPosixFilePermissions(path, tightened);
      log.info(
          "{} was open to group or others ({}); now {}",
          path,
          PosixFilePermissions.toString(current),
          PosixFilePermissions.toString(tightened));
    } catch (IOException notOwner) {
      log.warn(
          "{} is open to group or others ({}) and could not be changed: {}",
          path,
          PosixFilePermissions.toString(current),
          notOwner.toString());
    }
  }

  private static FileAttribute<?>[] ownerOnly(Path path, Set<PosixFilePermission> permissions) {
    return isPosix(path)
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
        : new FileAttribute<?>[0];
  }

  private static void setIfPosix(Path path, Set<PosixFilePermission> permissions) {
    if (!isPosix(path)) {
      return;
    }
    try {
      Files.setPosixFilePermissions(path, permissions);
    } catch (IOException refused) {
      // e.g. a FAT or SMB mount that takes no modes: the data is as safe as the mount makes it
      log.warn(
          "could not set {} to {}: {}",
          path,
          PosixFilePermissions.toString(permissions),
          refused.toString());
    }
  }

  private static boolean isPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
