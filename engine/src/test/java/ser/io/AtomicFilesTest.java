package ser.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @Test
    void aReplacedFileHoldsTheNewBytesAndNothingIsLeftBesideIt(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("out/result.json");
        AtomicFiles.write(target, out -> out.write("first".getBytes(StandardCharsets.UTF_8)));
        AtomicFiles.write(target, out -> out.write("second".getBytes(StandardCharsets.UTF_8)));
        assertEquals("second", Files.readString(target));
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertEquals(List.of(target), files.toList());
        }
    }

    @Test
    void aSiblingDirectoryIsNewEmptyAndAsOpenAsAnyFolderTheUmaskGives(@TempDir Path dir) throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path plain = Files.createDirectory(dir.resolve("plain"));
        Path target = dir.resolve("model");
        Path first = AtomicFiles.siblingDirectory(target);
        Path second = AtomicFiles.siblingDirectory(target);
        assertNotEquals(first, second);
        assertEquals(dir, first.getParent(), "beside the target, so the move into place is a rename");
        assertTrue(first.getFileName().toString().startsWith(".model."), first.toString());
        try (Stream<Path> files = Files.list(first)) {
            assertEquals(0, files.count());
        }
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(first),
                "the umask's permissions, not Files.createTempDirectory's owner-only ones, which a moved directory keeps");
    }
}
