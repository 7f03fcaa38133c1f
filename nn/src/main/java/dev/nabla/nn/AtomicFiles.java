package dev.nabla.nn;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces files atomically: the content goes to a temporary file in the destination's
 * directory, which is forced to disk and renamed over the destination; the directory entry is
 * then forced too, where the platform allows it. A crash or an exception mid-write leaves the
 * previous file intact and no temporary file behind. The new file gets the replaced file's
 * permissions, or {@code rw-r--r--} for a new one, not the temporary file's owner-only ones.
 */
public final class AtomicFiles {

    private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);

    /** Writes a file's content to an open channel (positioned at 0). */
    @FunctionalInterface
    public interface ChannelContent {
        /**
         * @param channel the temporary file, open for writing
         * @throws IOException if writing fails; the destination then stays as it was
         */
        void writeTo(FileChannel channel) throws IOException;
    }

    /** Writes a file's content to a stream. */
    @FunctionalInterface
    public interface StreamContent {
        /**
         * @param out the temporary file; need not be closed by the writer
         * @throws IOException if writing fails; the destination then stays as it was
         */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Replaces {@code file} with what {@code content} writes to a channel.
     *
     * @param file the destination; its directory must exist
     * @param content the writer
     * @throws IOException if writing or renaming fails (the destination is then as it was)
     */
    public static void write(Path file, ChannelContent content) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            shareable(tmp, target);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                content.writeTo(ch);
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(dir);
    }

    /**
     * Replaces {@code file} with what {@code content} writes to a stream.
     *
     * @param file the destination; its directory must exist
     * @param content the writer
     * @throws IOException if writing or renaming fails (the destination is then as it was)
     */
    public static void write(Path file, StreamContent content) throws IOException {
        write(file, (FileChannel ch) -> {
            OutputStream out = Channels.newOutputStream(ch);
            content.writeTo(out);
            out.flush();
        });
    }

    /** Gives the temporary file the replaced file's permissions, or rw-r--r--, on POSIX file systems. */
    private static void shareable(Path tmp, Path target) throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.exists(target) ? Files.getPosixFilePermissions(target)
                    : PosixFilePermissions.fromString("rw-r--r--");
            Files.setPosixFilePermissions(tmp, perms);
        } catch (UnsupportedOperationException e) {
            LOG.trace("no POSIX permissions for {}", tmp);
        }
    }

    /** Forces the directory entry of the rename to disk where the platform allows it (POSIX). */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            LOG.trace("cannot sync directory {}: {}", dir, e.toString());
        }
    }
}
