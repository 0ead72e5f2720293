package ser.score;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One thing to score, named by its canonical key: a file on disk (its absolute, normalised path),
 * an archive member ({@code /abs/archive.zip!/inner/path.wav}) whose bytes are read only when it
 * is scored, or an input that failed before it had bytes (a folder that cannot be listed, an
 * archive that breaks, a list that cannot be read), which becomes an error row. The key is what a
 * results file, {@code --resume} and {@code --shard} know a file by, however it was typed.
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

    record Failed(String name, String reason) implements Input {
    }

    /** Reads a member's bytes; called once (for a streamed archive, while the stream is on the member). */
    @FunctionalInterface
    interface Bytes {
        byte[] read() throws IOException;
    }

    /** The key of a path: absolute and normalised, symbolic links kept as named. */
    static Path canonical(Path path) {
        return path.toAbsolutePath().normalize();
    }
}
