package ser.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Whole-file writes that neither a crash nor a power cut can leave half done: write a sibling
 * temporary file, flush it to the disk, rename it over the target, and flush the folder so the
 * rename itself is durable. Every file the project replaces goes through here.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes the bytes {@code writer} produces. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes the file {@code writer} creates at the path it is given: for libraries that only write to a path (LibTorch, LIBSVM, XChart). */
    @FunctionalInterface
    public interface PathWriter {
        void writeTo(Path temporary) throws IOException;
    }

    public static void write(Path target, Writer writer) throws IOException {
        replace(target, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                writer.writeTo(out);
            }
        });
    }

    /**
     * @param suffix ends the temporary file's name, for writers that choose the format by it (".png")
     */
    public static void replace(Path target, PathWriter writer, String suffix) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // Not Files.createTempFile: its owner-only permissions would stay on the result; this one follows the umask.
        Path tmp = dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Thread.currentThread().getId() + ".tmp" + suffix);
        try {
            writer.writeTo(tmp);
            try (FileChannel file = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                file.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncFolder(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static void replace(Path target, PathWriter writer) throws IOException {
        replace(target, writer, "");
    }

    /**
     * A new empty folder beside {@code target}, to build a whole directory in and then move into place. Unlike
     * {@code Files.createTempDirectory}, whose owner-only permissions would stay on the moved result, it follows the umask.
     */
    public static Path siblingDirectory(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        return Files.createDirectory(dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
                + System.nanoTime() + ".tmp"));
    }

    /** Makes a rename in {@code dir} durable; a file system that cannot open folders for it (some network ones) is left as it is. */
    private static void syncFolder(Path dir) {
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException e) {
            // the rename happened; only its durability across a power cut is up to the file system
        }
    }
}
