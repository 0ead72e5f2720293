package ser.score;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One thing to score: a file on disk, or an archive member named {@code archive.zip!/inner/path.wav}
 * whose bytes are read from the archive stream only when it is scored.
 */
public sealed interface Input {
    String name();

    record File(Path path) implements Input {
        @Override
        public String name() {
            return path.toString();
        }
    }

    record Member(String name, Bytes bytes) implements Input {
    }

    /** Reads a member's bytes; called once, in archive order. */
    @FunctionalInterface
    interface Bytes {
        byte[] read() throws IOException;
    }
}
